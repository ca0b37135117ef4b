"""the submission snapshot moves out of the application row into its own table

Revision ID: c4d8e2f1a9b3
Revises: 15b6191a2b99
Create Date: 2026-11-30 10:45:00

``application.snapshot`` (~2.5 KB of JSON per submitted file) sat in the middle of the
row: SQLite then reads every later column (submitted_at, due_date, decided_at,
updated_at) through overflow pages, and the desk inbox and the reports, which touch tens
of thousands of rows, read hundreds of MB at a million files. The JSON now lives in
``application_snapshot(application_id, data)``, read only by submission, the detail views
and the permit. Existing snapshots are copied over; a file without one (a draft) gets no
row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4d8e2f1a9b3"
down_revision: str | None = "15b6191a2b99"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMPTY = "'{}'"


def upgrade() -> None:
    op.create_table(
        "application_snapshot",
        sa.Column("application_id", sa.Integer(), sa.ForeignKey("application.id"), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.execute(
        "INSERT INTO application_snapshot (application_id, data) "
        f"SELECT id, snapshot FROM application WHERE snapshot IS NOT NULL AND CAST(snapshot AS TEXT) <> {EMPTY}"
    )
    with op.batch_alter_table("application") as batch:
        batch.drop_column("snapshot")


def downgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("snapshot", sa.JSON(), nullable=False, server_default=sa.text(EMPTY)))
    op.execute(
        "UPDATE application SET snapshot = (SELECT data FROM application_snapshot s WHERE s.application_id = application.id) "
        "WHERE id IN (SELECT application_id FROM application_snapshot)"
    )
    op.drop_table("application_snapshot")
