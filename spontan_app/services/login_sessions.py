"""Login sessions behind the cookies, for applicants and staff alike: a random token given
to the browser, only its keyed digest stored; idle and absolute lifetimes; revocation."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, select

from spontan_app.domain.models import LoginSession, utcnow
from spontan_app.services.accounts._common import digest

SLIDE_EVERY = timedelta(minutes=1)  # the idle clock moves at most once a minute (no write per click)


def open_session(
    session: Session,
    *,
    lifetime: timedelta,
    ip: str | None,
    now: datetime,
    applicant_id: int | None = None,
    staff_id: int | None = None,
) -> str:
    """A new session for exactly one owner; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=digest(token),
            applicant_id=applicant_id,
            staff_id=staff_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            ip=ip,
        )
    )
    return token


def live_session(
    session: Session, token: str | None, *, staff: bool, idle: timedelta, now: datetime | None = None
) -> LoginSession | None:
    """The open session of that kind behind ``token`` (sliding its idle clock), or None."""
    now = now or utcnow()
    if not token:
        return None
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == digest(token))).first()
    owner = row.staff_id if (row is not None and staff) else (row.applicant_id if row is not None else None)
    if row is None or owner is None or row.revoked_at is not None or row.expires_at < now:
        return None
    if row.last_seen_at + idle < now:
        return None
    if now - row.last_seen_at > SLIDE_EVERY:
        row.last_seen_at = now
        session.add(row)
    return row


def close_session(session: Session, token: str | None, *, staff: bool, now: datetime | None = None) -> None:
    if not token:
        return
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == digest(token))).first()
    owner = None if row is None else (row.staff_id if staff else row.applicant_id)
    if row is not None and owner is not None and row.revoked_at is None:
        row.revoked_at = now or utcnow()
        session.add(row)
