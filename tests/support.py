"""Helpers shared by tests (not fixtures)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config

from alembic import command

ROOT = Path(__file__).resolve().parent.parent


# Which try of the running test this is (tests/conftest.py sets it): a browser journey that
# failed gets one more (pytest-rerunfailures), against the same app and database.
ATTEMPT = [1]


def fresh_n(n: int) -> int:
    """``n`` for a test's first try; on its retry a number no earlier try used, so the
    applicants and files a journey makes (NIK, WhatsApp number, name) are new again."""
    return n + 50_000 * (ATTEMPT[0] - 1) if n < 50_000 else n


def screenshot_dir() -> Path:
    """Where screen-walking tests save pictures: docs/screenshots/ when SPONTAN_SCREENSHOTS=1
    (to refresh the documentation), a scratch folder otherwise (tests stay side-effect free)."""
    import os
    import tempfile

    if os.environ.get("SPONTAN_SCREENSHOTS") == "1":
        path = ROOT / "docs" / "screenshots"
    else:
        path = Path(tempfile.gettempdir()) / "spontan-screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    return config


def reset_database(database_url: str) -> None:
    """Empty the database: a new SQLite file, or a new public schema on PostgreSQL."""
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def migrate_fresh(database_url: str) -> None:
    reset_database(database_url)
    command.upgrade(alembic_config(database_url), "head")


def ensure_postgres_database(database_url: str) -> None:
    """Create the PostgreSQL database named in the URL if it does not exist yet."""
    url = sa.engine.make_url(database_url)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        ).first()
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def redeem(session, handoff: str | None) -> str:
    """What /sesi/masuk does with a login's one-time code: the token of the cookie."""
    from spontan_app.services import cookie_login

    assert handoff, "the login gave no handoff code"
    cookie = cookie_login.redeem_handoff(session=session, code=handoff)
    assert cookie is not None, "the handoff code was not redeemable"
    session.commit()
    return cookie.token
