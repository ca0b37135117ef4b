"""Migrations go up, down and up again, and match the models (no drift)."""

import os
import tempfile
from pathlib import Path

import sqlalchemy as sa

from alembic import command
from tests.support import alembic_config, ensure_postgres_database, reset_database


def _scratch_url() -> str:
    url = sa.engine.make_url(os.environ["SPONTAN_DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'migrations.db'}"
    scratch = url.set(database=f"{url.database}_migrations")
    text = scratch.render_as_string(hide_password=False)
    ensure_postgres_database(text)
    return text


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_and_no_drift():
    url = _scratch_url()
    reset_database(url)
    config = alembic_config(url)
    command.upgrade(config, "head")
    assert {"applicant", "application", "application_step", "faskes", "outgoing_message"} <= _tables(url)
    command.downgrade(config, "base")
    assert _tables(url) <= {"alembic_version"}
    command.upgrade(config, "head")
    command.check(config)  # raises when models and migrations disagree
