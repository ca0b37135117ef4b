"""job lease: claims of background work shared by several workers

Revision ID: b7c2d9e4f105
Revises: 5e55c0a1e2f3
Create Date: 2026-11-30 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "b7c2d9e4f105"
down_revision: str | None = '5e55c0a1e2f3'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_lease",
        sa.Column("resource", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("resource"),
    )
    op.create_index(op.f("ix_job_lease_expires_at"), "job_lease", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_job_lease_expires_at"), table_name="job_lease")
    op.drop_table("job_lease")
