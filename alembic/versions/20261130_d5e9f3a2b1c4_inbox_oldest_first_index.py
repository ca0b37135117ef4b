"""a desk's inbox, oldest file first, as one index walk

Revision ID: d5e9f3a2b1c4
Revises: c4d8e2f1a9b3
Create Date: 2026-11-30 11:40:00

The unfiltered inbox sorted every open file at a desk by ``application.submitted_at``
to show ten (tens of thousands of rows at a million files). Each step now carries its
file's submission moment (``filed_at``, copied: it never changes once set), and a
partial index (desk, filed_at, application_id) WHERE ended_at IS NULL hands out a page
of the oldest files directly.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "d5e9f3a2b1c4"
down_revision: str | None = "c4d8e2f1a9b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_STEP = sa.text("ended_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("application_step") as batch:
        batch.add_column(sa.Column("filed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute(
        "UPDATE application_step SET filed_at = "
        "(SELECT a.submitted_at FROM application a WHERE a.id = application_step.application_id)"
    )
    op.create_index(
        "ix_application_step_open_desk_filed",
        "application_step",
        ["desk", "filed_at", "application_id"],
        sqlite_where=OPEN_STEP,
        postgresql_where=OPEN_STEP,
    )


def downgrade() -> None:
    op.drop_index("ix_application_step_open_desk_filed", table_name="application_step")
    with op.batch_alter_table("application_step") as batch:
        batch.drop_column("filed_at")
