"""Back-off after failed logins, per key ("user:…", "staff:…", "ip:…"): the counters live
in ``login_throttle`` and are updated atomically, so simultaneous guesses all count.
Shared by the applicant and the staff login."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select
from sqlmodel.sql.sqltypes import UTCDateTime

from spontan_app.domain.models import LoginThrottle
from spontan_app.i18n import msg

LOGIN_FAILURE_MEMORY = timedelta(minutes=15)  # a quiet quarter of an hour starts the count again
LOGIN_BASE_LOCK = timedelta(minutes=1)
LOGIN_MAX_LOCK = timedelta(minutes=30)


def locked_for(session: Session, keys: list[str], now: datetime) -> int:
    """Seconds until every key may try again (0 = free)."""
    rows = session.exec(select(LoginThrottle).where(LoginThrottle.key.in_(keys))).all()
    waits = [int((r.locked_until - now).total_seconds()) for r in rows if r.locked_until and r.locked_until > now]
    return max(waits, default=0)


def record_failure(session: Session, key: str, free: int, now: datetime) -> None:
    """Count a failure atomically (an upsert), so simultaneous guesses all count."""
    failures = session.execute(
        sa.text(
            "INSERT INTO login_throttle (key, failures, updated_at) VALUES (:key, 1, :now) "
            "ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN login_throttle.updated_at < :cutoff "
            "THEN 1 ELSE login_throttle.failures + 1 END, updated_at = :now "
            "RETURNING failures"
        ).bindparams(sa.bindparam("now", type_=UTCDateTime()), sa.bindparam("cutoff", type_=UTCDateTime())),
        {"key": key, "now": now, "cutoff": now - LOGIN_FAILURE_MEMORY},
    ).scalar_one()
    extra = failures - free
    if extra >= 0:
        lock = min(LOGIN_BASE_LOCK * (2 ** min(extra, 10)), LOGIN_MAX_LOCK)
        session.execute(sa.update(LoginThrottle).where(LoginThrottle.key == key).values(locked_until=now + lock))


def clear_failures(session: Session, key: str) -> None:
    session.execute(sa.update(LoginThrottle).where(LoginThrottle.key == key).values(failures=0, locked_until=None))


def wait_message(seconds: int) -> str:
    if seconds >= 60:
        return msg("common.login_wait_minutes", minutes=(seconds + 59) // 60)
    return msg("common.login_wait_seconds", seconds=max(seconds, 1))
