"""applicant name search index: pg_trgm GIN on PostgreSQL, FTS5 trigram table on SQLite

Revision ID: 3c9d1e7a5b20
Revises: f7a2b5c4d3e6
Create Date: 2026-11-30 22:05:00

The desk inbox's search by name walked every open step of the desk (tens of thousands
at a million files) testing ``lower(full_name) LIKE '%q%'`` on each. These indexes find
the applicants whose name or company name holds the text first:

- PostgreSQL: a trigram GIN index on ``lower(full_name)`` and one on ``lower(company_name)``
  (the planner ORs their bitmaps for ``lower(x) LIKE '%q%'``).
- SQLite: ``applicant_names_fts``, an FTS5 trigram table whose content is the applicant
  table itself (external content), kept exact by triggers on insert, delete and on any
  update of the two names. A batch-mode migration that rebuilds ``applicant`` drops these
  triggers with the table: such a migration must create them again (and rebuild).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3c9d1e7a5b20"
down_revision: str | None = "f7a2b5c4d3e6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Objects outside SQLModel's metadata; alembic/env.py tells autogenerate to leave them alone.
PG_INDEXES = {
    "ix_applicant_full_name_trgm": "full_name",
    "ix_applicant_company_name_trgm": "company_name",
}

SQLITE_TRIGGERS = {
    "applicant_names_fts_ai": "AFTER INSERT ON applicant BEGIN "
    "INSERT INTO applicant_names_fts(rowid, full_name, company_name) "
    "VALUES (new.id, new.full_name, new.company_name); END",
    "applicant_names_fts_ad": "AFTER DELETE ON applicant BEGIN "
    "INSERT INTO applicant_names_fts(applicant_names_fts, rowid, full_name, company_name) "
    "VALUES ('delete', old.id, old.full_name, old.company_name); END",
    "applicant_names_fts_au": "AFTER UPDATE OF full_name, company_name ON applicant BEGIN "
    "INSERT INTO applicant_names_fts(applicant_names_fts, rowid, full_name, company_name) "
    "VALUES ('delete', old.id, old.full_name, old.company_name); "
    "INSERT INTO applicant_names_fts(rowid, full_name, company_name) "
    "VALUES (new.id, new.full_name, new.company_name); END",
}


PG_NUMBER_INDEX = "ix_application_number_pattern"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in PG_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON applicant USING gin (lower({column}) gin_trgm_ops)")
        # A number's prefix (LIKE 'q%') through an index whatever the database's collation.
        op.execute(f"CREATE INDEX {PG_NUMBER_INDEX} ON application (registration_number text_pattern_ops)")
    elif dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE applicant_names_fts USING fts5("
            "full_name, company_name, content='applicant', content_rowid='id', tokenize='trigram')"
        )
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        # The applicants there already (a kept benchmark database, a city's data).
        op.execute("INSERT INTO applicant_names_fts(applicant_names_fts) VALUES ('rebuild')")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for name in [*PG_INDEXES, PG_NUMBER_INDEX]:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    elif dialect == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS applicant_names_fts")
