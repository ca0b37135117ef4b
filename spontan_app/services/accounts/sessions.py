"""Login with back-off per account and address, the login sessions behind the cookie
(``current_applicant`` is the one resolver of a token), logout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from spontan_app.domain.enums import AccountStatus
from spontan_app.domain.models import Applicant, LoginSession, utcnow
from spontan_app.domain.passwords import verify_password
from spontan_app.domain.validation import ValidationError
from spontan_app.i18n import msg
from spontan_app.services import audit, login_sessions
from spontan_app.services.accounts._common import (
    GENERIC_LOGIN_ERROR,
    LOGIN_FREE_FAILURES,
    LOGIN_IP_FREE_FAILURES,
    SESSION_IDLE,
    digest,
    identity_of,
)
from spontan_app.services.errors import NotLoggedIn
from spontan_app.services.throttle import clear_failures, locked_for, record_failure, wait_message


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    message: str = ""
    handoff: str | None = None  # one-time code the browser exchanges for the cookie at /sesi/masuk
    applicant_id: int | None = None
    retry_after: int = 0


def login(
    *, session: Session, applicant_type: str, username: str, password: str, ip: str | None, now: datetime | None = None
) -> LoginResult:
    """Generic errors; the same bcrypt work for unknown users; back-off per account and IP.

    Returns a result (rather than raising) so the caller commits the failure counters.
    """
    now = now or utcnow()
    key_user = f"user:{applicant_type}:{''.join(ch for ch in (username or '') if ch.isalnum())[:40]}"
    keys = [key_user] + ([f"ip:{ip}"] if ip else [])
    wait = locked_for(session, keys, now)
    if wait:
        return LoginResult(False, wait_message(wait), retry_after=wait)
    try:
        normalized = identity_of(applicant_type, username)
    except ValidationError:
        normalized = None
    applicant = session.exec(select(Applicant).where(Applicant.username == normalized)).first() if normalized else None
    usable = (
        applicant is not None
        and applicant.applicant_type == applicant_type
        and applicant.status == AccountStatus.ACTIVE.value
    )
    password_ok = verify_password(password, applicant.password_hash if usable else None)
    if not (usable and password_ok):
        record_failure(session, key_user, LOGIN_FREE_FAILURES, now)
        if ip:
            record_failure(session, f"ip:{ip}", LOGIN_IP_FREE_FAILURES, now)
        wait = locked_for(session, keys, now)
        return LoginResult(False, wait_message(wait) if wait else GENERIC_LOGIN_ERROR, retry_after=wait)
    clear_failures(session, key_user)  # a success clears the account's counter, not the IP's
    handoff = login_sessions.open_session(
        session,
        lifetime=login_sessions.HANDOFF_LIFETIME,
        ip=ip,
        now=now,
        applicant_id=applicant.id,
        stage=login_sessions.HANDOFF,
    )
    audit.log(session, applicant, "login", applicant)
    return LoginResult(True, handoff=handoff, applicant_id=applicant.id)


def current_applicant(*, session: Session, token: str | None, now: datetime | None = None) -> Applicant:
    """The applicant behind a session token, or PermissionDenied. Slides the idle timeout."""
    now = now or utcnow()
    if not token:
        raise NotLoggedIn(msg("accounts.login_first"))
    row = login_sessions.live_session(session, token, staff=False, idle=SESSION_IDLE, now=now)
    applicant = session.get(Applicant, row.applicant_id) if row is not None else None
    if applicant is None or applicant.status != AccountStatus.ACTIVE.value:
        raise NotLoggedIn(msg("accounts.session_ended"))
    return applicant


def logout(*, session: Session, token: str | None, now: datetime | None = None) -> None:
    login_sessions.close_session(session, token, staff=False, now=now)


def _end_all_sessions(session: Session, applicant_id: int, now: datetime, keep_token: str | None = None) -> None:
    keep = digest(keep_token) if keep_token else None
    for row in session.exec(
        select(LoginSession).where(LoginSession.applicant_id == applicant_id, LoginSession.revoked_at.is_(None))
    ):
        if row.token_hash != keep:
            row.revoked_at = now
            session.add(row)
