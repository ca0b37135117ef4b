"""faskes search index: pg_trgm GIN on PostgreSQL, FTS5 trigram table on SQLite

Revision ID: a1f3c0de5e01
Revises: ee7530ded839
Create Date: 2026-11-29 20:06:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a1f3c0de5e01"
down_revision: str | None = "ee7530ded839"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Objects outside SQLModel's metadata; alembic/env.py tells autogenerate to leave them alone.
SQLITE_TRIGGERS = {
    "faskes_fts_ai": "AFTER INSERT ON faskes BEGIN "
    "INSERT INTO faskes_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "faskes_fts_ad": "AFTER DELETE ON faskes BEGIN "
    "INSERT INTO faskes_fts(faskes_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "faskes_fts_au": "AFTER UPDATE OF search_text ON faskes BEGIN "
    "INSERT INTO faskes_fts(faskes_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO faskes_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_faskes_search_trgm ON faskes USING gin (search_text gin_trgm_ops)")
    elif dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE faskes_fts USING fts5("
            "search_text, content='faskes', content_rowid='id', tokenize='trigram')"
        )
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute("INSERT INTO faskes_fts(faskes_fts) VALUES ('rebuild')")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_faskes_search_trgm")
    elif dialect == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS faskes_fts")
