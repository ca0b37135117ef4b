"""the applicant's language (Indonesian or English)

Revision ID: e6f1a4b3c2d5
Revises: d5e9f3a2b1c4
Create Date: 2026-11-30 14:30:00

Pages after login and WhatsApp messages follow it; existing accounts stay Indonesian.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e6f1a4b3c2d5"
down_revision: str | None = "d5e9f3a2b1c4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("applicant") as batch:
        batch.add_column(sa.Column("language", sa.String(length=5), nullable=False, server_default="id"))


def downgrade() -> None:
    with op.batch_alter_table("applicant") as batch:
        batch.drop_column("language")
