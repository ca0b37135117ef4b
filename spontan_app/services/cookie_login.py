"""The last step of every login: a one-time handoff code, posted by the page to
``/sesi/masuk``, becomes the active session whose token only the HttpOnly cookie holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from spontan_app.domain.models import utcnow
from spontan_app.services import login_sessions
from spontan_app.services.accounts._common import SESSION_MAX
from spontan_app.services.staff_sessions import STAFF_SESSION_MAX


@dataclass(frozen=True)
class CookieSession:
    token: str
    staff: bool
    lifetime: timedelta


def redeem_handoff(*, session: Session, code: str | None, now: datetime | None = None) -> CookieSession | None:
    """The session for the cookie, or None for an unknown, used or expired code."""
    now = now or utcnow()
    row = login_sessions.pending(session, code, stage=login_sessions.HANDOFF, now=now)
    if row is None:
        return None
    staff = row.staff_id is not None
    lifetime = STAFF_SESSION_MAX if staff else SESSION_MAX
    moved = login_sessions.advance(
        session, code, from_stage=login_sessions.HANDOFF, to_stage=login_sessions.ACTIVE, lifetime=lifetime, now=now
    )
    return CookieSession(moved[0], staff, lifetime) if moved else None
