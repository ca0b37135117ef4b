"""Alembic environment: the URL and metadata come from the application itself."""

from __future__ import annotations

from logging.config import fileConfig

from sqlmodel import SQLModel

from alembic import context
from spontan_app.db import make_engine
from spontan_app.domain import models  # noqa: F401  (registers every table)
from spontan_app.settings import Settings

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


# Search-index objects created by hand in migrations (not in SQLModel's metadata).
UNMANAGED = {
    "faskes_fts",
    "faskes_fts_data",
    "faskes_fts_idx",
    "faskes_fts_docsize",
    "faskes_fts_config",
    "faskes_fts_content",
    "ix_faskes_search_trgm",
    # Applicant name search (migration 3c9d1e7a5b20).
    "applicant_names_fts",
    "applicant_names_fts_data",
    "applicant_names_fts_idx",
    "applicant_names_fts_docsize",
    "applicant_names_fts_config",
    "ix_applicant_full_name_trgm",
    "ix_applicant_company_name_trgm",
    "ix_application_number_pattern",
}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return name not in UNMANAGED


def _url() -> str:
    return config.attributes.get("database_url") or Settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url())
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a table (copy, drop, rename). With foreign keys enforced,
            # dropping a table that other rows point at fails (application, once files have
            # steps). SQLite's documented procedure: enforcement off outside the transaction,
            # the references checked before commit.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"migration left rows pointing at nothing: {broken[:5]}")
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
