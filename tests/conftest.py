"""Test configuration shared by every depth.

The database is SQLite in a temporary folder unless SPONTAN_DATABASE_URL names another
(CI's second pass uses PostgreSQL). Either way it starts empty, is migrated with alembic,
and gets the demo reference data once; each test then removes the rows it made.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="spontan-test-"))
os.environ.setdefault("SPONTAN_DATABASE_URL", f"sqlite:///{_TMP / 'unit.db'}")
os.environ["SPONTAN_ENV"] = "test"
os.environ["SPONTAN_UPLOAD_DIR"] = str(_TMP / "uploads")
os.environ["SPONTAN_CAPTCHA_FIXED"] = "TEST42"
os.environ.setdefault("SPONTAN_WA_PROVIDER", "console")

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from spontan_app import db  # noqa: E402
from spontan_app.settings import reset_settings_cache  # noqa: E402
from tests.support import migrate_fresh  # noqa: E402


def pytest_collection_modifyitems(config, items):
    """A browser journey that fails gets one more try, as Playwright's own CI setting does.

    They drive the real built app in Chromium on a shared 2-core machine, where a rare
    timing fault (a page not hydrated in time) is not a fault of the app. A journey that
    fails twice still fails the run, and each retry is printed in the summary line
    ("N rerun"), so a test that needs it often shows up and gets fixed.
    """
    e2e = Path(__file__).parent / "e2e"
    retry = config.pluginmanager.hasplugin("rerunfailures")  # `-p no:rerunfailures` turns it off
    for item in items:
        if e2e in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            if retry:
                item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))


def pytest_runtest_setup(item):
    from tests import support

    support.ATTEMPT[0] = getattr(item, "execution_count", 1) or 1


# Reference data loaded once per session and kept between tests.
REFERENCE_TABLES = {
    "region",
    "bidang",
    "jenis_layanan",
    "jenis_izin",
    "requirement",
    "form_field",
    "process_step",
    "faskes",
    "holiday",
    "staff_user",
    "alembic_version",
}


@pytest.fixture(scope="session")
def database_url() -> str:
    return os.environ["SPONTAN_DATABASE_URL"]


@pytest.fixture(scope="session")
def migrated(database_url: str) -> Iterator[str]:
    reset_settings_cache()
    db.reset_engine()
    migrate_fresh(database_url)
    from spontan_app.seed import seed_all

    seed_all()
    yield database_url
    db.reset_engine()


@pytest.fixture
def session(migrated: str) -> Iterator[Session]:
    """A session on the migrated, seeded database; rows a test adds are removed after it."""
    with Session(db.get_engine(), expire_on_commit=False) as s:
        yield s
    _clean_transactional_tables()


def _clean_transactional_tables() -> None:
    engine = db.get_engine()
    with engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                conn.execute(table.delete())
    from spontan_app.services import faskes

    faskes.forget_total()  # rows went away behind the services' back: count the faskes again


@pytest.fixture(autouse=True)
def dispatched(monkeypatch) -> list[int]:
    """Ids of WhatsApp messages handed to delivery after their transaction committed.

    Recorded instead of sent from a worker thread, so a test sees the outbox as it was
    committed; the browser tests run the real app, where delivery happens."""
    from spontan_app.services import messaging

    ids: list[int] = []
    monkeypatch.setattr(messaging, "dispatch", lambda batch: ids.extend(batch))
    return ids


@pytest.fixture
def is_postgres(database_url: str) -> bool:
    return sa.engine.make_url(database_url).get_backend_name() == "postgresql"
