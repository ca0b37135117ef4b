"""Engine and sessions. SQLite (embedded default) or PostgreSQL (production)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from spontan_app.settings import get_settings

log = logging.getLogger("spontan.db")
_AFTER_COMMIT = "spontan_after_commit"


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - driver hook
            cursor = dbapi_conn.cursor()
            # SQLite ignores foreign keys unless asked; WAL lets readers run beside a writer.
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # No server-side prepared statements: psycopg prepares a query after five runs and keeps
    # the name per connection; a connection whose transaction broke mid-way (a dropped
    # gateway call, a killed worker, a database restart) was seen answering
    # "prepared statement _pg3_0 already exists" to the next handler that drew it.
    connect_args = {"prepare_threshold": None} if parsed.get_driver_name() == "psycopg" else {}
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, connect_args=connect_args)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


def _forget_inherited_connections() -> None:
    """In a forked worker: never touch the parent's pooled connections (two processes on
    one PostgreSQL socket gave "server closed the connection", "can't change autocommit
    now" and "prepared statement already exists"); the child opens its own."""
    if get_engine.cache_info().currsize:
        get_engine().dispose(close=False)


os.register_at_fork(after_in_child=_forget_inherited_connections)


def reset_engine() -> None:
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()


@contextmanager
def session_scope() -> Iterator[Session]:
    """A unit of work: commits on success, rolls back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# --------------------------------------------------------------------------- after-commit hooks


def after_commit(session: Session, action: Callable[[], None]) -> None:
    """Run ``action`` once the session's current transaction commits; never if it rolls back.

    This is how side effects that must not happen for a rolled-back transaction are
    started: WhatsApp delivery, removing a replaced file. The caller never passes ids on."""
    session.info.setdefault(_AFTER_COMMIT, []).append(action)


@sa.event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    actions = session.info.pop(_AFTER_COMMIT, [])
    for action in actions:
        try:
            action()
        except Exception:  # a side effect never undoes a commit that already happened
            log.exception("after-commit action failed")


@sa.event.listens_for(Session, "after_soft_rollback")
def _drop_after_commit(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction rolled back
        session.info.pop(_AFTER_COMMIT, None)
