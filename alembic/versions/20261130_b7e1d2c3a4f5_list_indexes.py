"""indexes for the lists at 1M applications: /beranda, the desk inbox, reports

Revision ID: b7e1d2c3a4f5
Revises: b7c2d9e4f105
Create Date: 2026-11-30 07:20:00

- /beranda: an applicant's files newest first -> (applicant_id, updated_at, id)
- desk inbox: the open step of each file at a desk -> partial (desk, application_id)
  WHERE ended_at IS NULL; oldest first -> (submitted_at, id), also used by the reports'
  date filters and their newest-first list
- reports: counts by status / izin / month read only (status, izin_id, submitted_at)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7e1d2c3a4f5"
down_revision: str | None = 'b7c2d9e4f105'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_STEP = sa.text("ended_at IS NULL")


def upgrade() -> None:
    op.create_index("ix_application_owner_updated", "application", ["applicant_id", "updated_at", "id"])
    op.create_index("ix_application_submitted", "application", ["submitted_at", "id"])
    op.create_index("ix_application_status_izin_submitted", "application", ["status", "izin_id", "submitted_at"])
    op.create_index(
        "ix_application_step_open_desk",
        "application_step",
        ["desk", "application_id"],
        sqlite_where=OPEN_STEP,
        postgresql_where=OPEN_STEP,
    )


def downgrade() -> None:
    op.drop_index("ix_application_step_open_desk", table_name="application_step")
    op.drop_index("ix_application_status_izin_submitted", table_name="application")
    op.drop_index("ix_application_submitted", table_name="application")
    op.drop_index("ix_application_owner_updated", table_name="application")
