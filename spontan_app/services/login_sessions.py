"""Login sessions behind the cookies, for applicants and staff alike: a random token given
to the browser, only its keyed digest stored; idle and absolute lifetimes; revocation.

A login does not hand the session token to the page. The login handler (on the websocket)
opens a one-time *handoff* row; the page posts that code to ``/sesi/masuk``, which redeems it
(``redeem_handoff``: the row becomes the active session under a new token) and sets the
token as an HttpOnly cookie. The websocket handshake then carries the cookie, and states read
it from the connection's headers: no script can read or plant it, and Reflex's client token
never authenticates anyone."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.models import LoginSession, utcnow
from spontan_app.services.accounts._common import digest

SLIDE_EVERY = timedelta(minutes=1)  # the idle clock moves at most once a minute (no write per click)
HANDOFF_LIFETIME = timedelta(minutes=2)  # from the login handler's answer to the cookie route
SECOND_FACTOR_LIFETIME = timedelta(minutes=5)  # to type the authenticator code
ACTIVE, HANDOFF, SECOND_FACTOR = "active", "handoff", "totp"


def open_session(
    session: Session,
    *,
    lifetime: timedelta,
    ip: str | None,
    now: datetime,
    applicant_id: int | None = None,
    staff_id: int | None = None,
    stage: str = ACTIVE,
) -> str:
    """A new session (or a one-time login step, see ``stage``) for exactly one owner;
    returns its token."""
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
            stage=stage,
        )
    )
    return token


def advance(
    session: Session, code: str | None, *, from_stage: str, to_stage: str, lifetime: timedelta, now: datetime
) -> tuple[str, LoginSession] | None:
    """Move a one-time login step on (a handoff to the active session, a pending second
    factor to a handoff) under a fresh token, or None when ``code`` is unknown, used or
    expired. A guarded UPDATE: two requests racing with one code, one wins."""
    if not code:
        return None
    old = digest(code)
    token = secrets.token_urlsafe(32)
    table = LoginSession.__table__
    moved = session.execute(
        sa.update(table)
        .where(
            table.c.token_hash == old,
            table.c.stage == from_stage,
            table.c.revoked_at.is_(None),
            table.c.expires_at > now,
        )
        .values(token_hash=digest(token), stage=to_stage, last_seen_at=now, expires_at=now + lifetime)
    )
    if moved.rowcount != 1:
        return None
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == digest(token))).one()
    return token, row


def pending(session: Session, code: str | None, *, stage: str, now: datetime) -> LoginSession | None:
    """The unexpired one-time login step behind ``code`` (without using it up)."""
    if not code:
        return None
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == digest(code))).first()
    if row is None or row.stage != stage or row.revoked_at is not None or row.expires_at <= now:
        return None
    return row


def live_session(
    session: Session, token: str | None, *, staff: bool, idle: timedelta, now: datetime | None = None
) -> LoginSession | None:
    """The open session of that kind behind ``token`` (sliding its idle clock), or None."""
    now = now or utcnow()
    if not token:
        return None
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == digest(token))).first()
    owner = row.staff_id if (row is not None and staff) else (row.applicant_id if row is not None else None)
    if row is None or owner is None or row.stage != ACTIVE or row.revoked_at is not None or row.expires_at < now:
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
