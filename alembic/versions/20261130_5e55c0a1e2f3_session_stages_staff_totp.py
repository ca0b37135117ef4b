"""session stages (HttpOnly cookie handoff, pending second factor) and staff TOTP

Revision ID: 5e55c0a1e2f3
Revises: 927b314dfb8e
Create Date: 2026-11-30 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5e55c0a1e2f3"
down_revision: str | None = "927b314dfb8e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("login_session") as batch:
        batch.add_column(
            sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False, server_default="active")
        )
    with op.batch_alter_table("staff_user") as batch:
        batch.add_column(sa.Column("totp_secret", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_column("totp_last_step")
        batch.drop_column("totp_secret")
    with op.batch_alter_table("login_session") as batch:
        batch.drop_column("stage")
