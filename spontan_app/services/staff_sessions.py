"""Staff login at /admin/login: its own session rows (``LoginSession.staff_id``), so an
applicant's token never opens a back-office page and a staff token never acts as an
applicant. Same rules as applicants: generic errors, equal bcrypt work for unknown
users, back-off per account and per address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from sqlmodel import Session, select

from spontan_app.domain.enums import StaffRole
from spontan_app.domain.models import LoginSession, StaffUser, utcnow
from spontan_app.domain.passwords import verify_password
from spontan_app.i18n import msg
from spontan_app.services import audit, login_sessions, throttle
from spontan_app.services.accounts._common import LOGIN_IP_FREE_FAILURES
from spontan_app.services.errors import NotLoggedIn, PermissionDenied, ValidationError
from spontan_app.settings import get_settings

STAFF_SESSION_IDLE = timedelta(minutes=30)
STAFF_SESSION_MAX = timedelta(hours=10)  # one working day
STAFF_FREE_FAILURES = 5
GENERIC_STAFF_LOGIN_ERROR = msg("admin.login.wrong_credentials")
WRONG_CODE = msg("admin.login.wrong_code")
EXPIRED_STEP = msg("admin.login.expired_step")
TOTP_ISSUER = "SPONTAN DPMPTSP Balikpapan"
# Roles whose second factor is not optional in production: they revoke permits and manage
# accounts, catalogue and staff.
TOTP_REQUIRED_ROLES = frozenset({StaffRole.ADMIN.value, StaffRole.KEPALA_DINAS.value})


@dataclass(frozen=True)
class StaffLogin:
    """A password step's answer: a ``handoff`` for the cookie, or a ``second_factor`` step
    (with ``enrol`` when the officer must first set up an authenticator), or a message."""

    ok: bool
    message: str = ""
    handoff: str | None = None
    second_factor: str | None = None
    enrol: bool = False
    retry_after: int = 0


def totp_required(staff: StaffUser) -> bool:
    settings = get_settings()
    # A public demo publishes these accounts' password for visitors; no authenticator there.
    return settings.is_production and not settings.demo and staff.role in TOTP_REQUIRED_ROLES


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(username: str, secret: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER)


def _accept_code(staff: StaffUser, secret: str, code: str, now: datetime) -> bool:
    """RFC 6238, 30 s steps, one step of clock drift either way; a step is used once."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(secret)
    step = int(now.timestamp()) // totp.interval
    for candidate in (step, step - 1, step + 1):
        if candidate <= (staff.totp_last_step or -1):
            continue
        if pyotp.utils.strings_equal(totp.at(candidate * totp.interval), code):
            staff.totp_last_step = candidate
            return True
    return False


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
    if staff.totp_secret or totp_required(staff):
        step = login_sessions.open_session(
            session,
            lifetime=login_sessions.SECOND_FACTOR_LIFETIME,
            ip=ip,
            now=now,
            staff_id=staff.id,
            stage=login_sessions.SECOND_FACTOR,
        )
        return StaffLogin(True, second_factor=step, enrol=not staff.totp_secret)
    audit.log(session, staff, "staff_login", staff, ip=ip)
    return StaffLogin(True, handoff=_handoff(session, staff, ip, now))


def _handoff(session: Session, staff: StaffUser, ip: str | None, now: datetime) -> str:
    return login_sessions.open_session(
        session,
        lifetime=login_sessions.HANDOFF_LIFETIME,
        ip=ip,
        now=now,
        staff_id=staff.id,
        stage=login_sessions.HANDOFF,
    )


def second_factor(
    *,
    session: Session,
    step: str | None,
    code: str,
    enrol_secret: str | None = None,
    ip: str | None,
    now: datetime | None = None,
) -> StaffLogin:
    """The authenticator code after the password. An officer without a secret yet (enrolment
    required) confirms the new ``enrol_secret`` with it. Wrong codes count towards the same
    lock-out as wrong passwords. Returns a result so the caller commits the counters."""
    now = now or utcnow()
    row = login_sessions.pending(session, step, stage=login_sessions.SECOND_FACTOR, now=now)
    staff = session.get(StaffUser, row.staff_id) if row is not None else None
    if staff is None or not staff.active:
        return StaffLogin(False, EXPIRED_STEP)
    key_user = f"staff:{staff.username}"
    wait = throttle.locked_for(session, [key_user], now)
    if wait:
        return StaffLogin(False, throttle.wait_message(wait), retry_after=wait)
    enrolling = not staff.totp_secret
    secret = staff.totp_secret or enrol_secret
    if not secret or not _accept_code(staff, secret, code, now):
        throttle.record_failure(session, key_user, STAFF_FREE_FAILURES, now)
        wait = throttle.locked_for(session, [key_user], now)
        if wait:  # locked out: this login attempt is over
            row.revoked_at = now
            session.add(row)
            return StaffLogin(False, throttle.wait_message(wait), retry_after=wait)
        return StaffLogin(False, WRONG_CODE)
    throttle.clear_failures(session, key_user)
    if enrolling:
        staff.totp_secret = secret
        audit.log(session, staff, "staff_totp_enrolled", staff, ip=ip)
    session.add(staff)
    row.revoked_at = now  # the step is spent; the cookie gets a session of its own
    session.add(row)
    audit.log(session, staff, "staff_login", staff, ip=ip, second_factor=True)
    return StaffLogin(True, handoff=_handoff(session, staff, ip, now))


@dataclass(frozen=True)
class TotpStatus:
    enabled: bool
    required: bool


def totp_status(*, session: Session, staff: StaffUser) -> TotpStatus:
    """For the officer's own Keamanan Akun page."""
    return TotpStatus(enabled=bool(staff.totp_secret), required=totp_required(staff))


def enrolment_uri(*, session: Session, staff: StaffUser, secret: str) -> str:
    """The otpauth:// link for a secret the officer is about to confirm."""
    return totp_uri(staff.username, secret)


def enable_totp(*, session: Session, staff: StaffUser, secret: str, code: str, now: datetime | None = None) -> None:
    """An officer turns the second factor on from their own account page."""
    now = now or utcnow()
    if staff.totp_secret:
        raise PermissionDenied(msg("admin.login.totp_already_active"))
    if not secret or not _accept_code(staff, secret, code, now):
        raise ValidationError(WRONG_CODE, field="totp")
    staff.totp_secret = secret
    session.add(staff)
    audit.log(session, staff, "staff_totp_enrolled", staff)


def disable_totp(*, session: Session, staff: StaffUser, code: str, now: datetime | None = None) -> None:
    """Off again, with a current code; not for roles that must keep it in production."""
    now = now or utcnow()
    if totp_required(staff):
        raise PermissionDenied(msg("admin.login.totp_required_for_role"))
    if not staff.totp_secret or not _accept_code(staff, staff.totp_secret, code, now):
        raise ValidationError(WRONG_CODE, field="totp")
    staff.totp_secret = None
    staff.totp_last_step = None
    session.add(staff)
    audit.log(session, staff, "staff_totp_disabled", staff)


def current_staff(*, session: Session, token: str | None, now: datetime | None = None) -> StaffUser:
    """The officer behind a staff session token, or NotLoggedIn. Slides the idle timeout."""
    now = now or utcnow()
    if not token:
        raise NotLoggedIn(msg("admin.login.please_log_in"))
    row = login_sessions.live_session(session, token, staff=True, idle=STAFF_SESSION_IDLE, now=now)
    staff = session.get(StaffUser, row.staff_id) if row is not None else None
    if staff is None or not staff.active:
        raise NotLoggedIn(msg("admin.login.session_ended"))
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
