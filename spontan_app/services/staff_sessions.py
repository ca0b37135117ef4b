"""Staff login at /admin/login: its own session rows (``LoginSession.staff_id``), so an
applicant's token never opens a back-office page and a staff token never acts as an
applicant. Same rules as applicants: generic errors, equal bcrypt work for unknown
users, back-off per account and per address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from spontan_app.domain.models import LoginSession, StaffUser, utcnow
from spontan_app.domain.passwords import verify_password
from spontan_app.services import audit, login_sessions, throttle
from spontan_app.services.accounts._common import LOGIN_IP_FREE_FAILURES
from spontan_app.services.errors import NotLoggedIn

STAFF_SESSION_IDLE = timedelta(minutes=30)
STAFF_SESSION_MAX = timedelta(hours=10)  # one working day
STAFF_FREE_FAILURES = 5
GENERIC_STAFF_LOGIN_ERROR = "Username atau password salah."


@dataclass(frozen=True)
class StaffLogin:
    ok: bool
    message: str = ""
    token: str | None = None
    retry_after: int = 0


def login(*, session: Session, username: str, password: str, ip: str | None, now: datetime | None = None) -> StaffLogin:
    """Returns a result (rather than raising) so the caller commits the failure counters."""
    now = now or utcnow()
    name = "".join(ch for ch in (username or "").strip().lower() if ch.isalnum() or ch in "._-")[:50]
    key_user = f"staff:{name}"
    keys = [key_user] + ([f"ip:{ip}"] if ip else [])
    wait = throttle.locked_for(session, keys, now)
    if wait:
        return StaffLogin(False, throttle.wait_message(wait), retry_after=wait)
    staff = session.exec(select(StaffUser).where(StaffUser.username == name)).first() if name else None
    usable = staff is not None and staff.active
    if not (verify_password(password, staff.password_hash if usable else None) and usable):
        throttle.record_failure(session, key_user, STAFF_FREE_FAILURES, now)
        if ip:
            throttle.record_failure(session, f"ip:{ip}", LOGIN_IP_FREE_FAILURES, now)
        wait = throttle.locked_for(session, keys, now)
        return StaffLogin(False, throttle.wait_message(wait) if wait else GENERIC_STAFF_LOGIN_ERROR, retry_after=wait)
    throttle.clear_failures(session, key_user)
    token = login_sessions.open_session(session, lifetime=STAFF_SESSION_MAX, ip=ip, now=now, staff_id=staff.id)
    audit.log(session, staff, "staff_login", staff, ip=ip)
    return StaffLogin(True, token=token)


def current_staff(*, session: Session, token: str | None, now: datetime | None = None) -> StaffUser:
    """The officer behind a staff session token, or NotLoggedIn. Slides the idle timeout."""
    now = now or utcnow()
    if not token:
        raise NotLoggedIn("Silakan login sebagai petugas.")
    row = login_sessions.live_session(session, token, staff=True, idle=STAFF_SESSION_IDLE, now=now)
    staff = session.get(StaffUser, row.staff_id) if row is not None else None
    if staff is None or not staff.active:
        raise NotLoggedIn("Sesi petugas telah berakhir. Silakan login kembali.")
    return staff


def logout(*, session: Session, token: str | None, now: datetime | None = None) -> None:
    login_sessions.close_session(session, token, staff=True, now=now)


def end_sessions(*, session: Session, staff_id: int, now: datetime | None = None) -> int:
    """A deactivated officer or a reset password ends every open staff session."""
    now = now or utcnow()
    ended = 0
    for row in session.exec(
        select(LoginSession).where(LoginSession.staff_id == staff_id, LoginSession.revoked_at.is_(None))
    ):
        row.revoked_at = now
        session.add(row)
        ended += 1
    return ended
