"""Staff accounts (petugas), managed by the Administrator Sistem. Views never carry
password hashes; there is always at least one active administrator."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import StaffRole, label_of
from spontan_app.domain.models import LoginSession, StaffUser, utcnow
from spontan_app.domain.passwords import hash_password, validate_new_password
from spontan_app.domain.timefmt import format_datetime
from spontan_app.domain.validation import ValidationError, clean_text
from spontan_app.i18n import msg
from spontan_app.services import audit
from spontan_app.services.admin.access import require_admin
from spontan_app.services.errors import Conflict, DomainError, FieldErrors, NotFound

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{2,49}$")
ROLES = tuple(r.value for r in StaffRole)


@dataclass(frozen=True)
class StaffView:
    id: int
    username: str
    full_name: str
    role: str
    role_label: str
    active: bool
    created: str  # DD-MM-YYYY HH:MM:SS WITA
    authenticator: bool = False  # a second factor (TOTP) is enrolled


@dataclass
class StaffForm:
    username: str = ""
    full_name: str = ""
    role: str = ""
    password: str = ""
    password_confirm: str | None = None


def _view(s: StaffUser) -> StaffView:
    return StaffView(
        s.id,
        s.username,
        s.full_name,
        s.role,
        label_of(StaffRole, s.role),
        s.active,
        format_datetime(s.created_at),
        bool(s.totp_secret),
    )


def _target(session: Session, staff_id: int) -> StaffUser:
    row = session.get(StaffUser, int(staff_id))
    if row is None:
        raise NotFound(msg("backoffice.err_staff_not_found"))
    return row


def _end_sessions(session: Session, staff_id: int) -> int:
    """Revoke the staff user's open login sessions (their browsers are logged out)."""
    result = session.execute(
        sa.update(LoginSession)
        .where(LoginSession.staff_id == staff_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount or 0)


def _keeps_an_admin(session: Session, leaving: StaffUser) -> None:
    """Refuse when ``leaving`` is the last active administrator (rows locked on PostgreSQL)."""
    if leaving.role != StaffRole.ADMIN.value or not leaving.active:
        return
    others = session.exec(
        select(StaffUser.id)
        .where(StaffUser.role == StaffRole.ADMIN.value, StaffUser.active.is_(True), StaffUser.id != leaving.id)
        .with_for_update()
    ).all()
    if not others:
        raise Conflict(msg("backoffice.err_last_admin"))


def _role(errors: dict[str, str], role: str | None) -> str:
    role = (role or "").strip()
    if role not in ROLES:
        errors["role"] = msg("backoffice.err_role_required")
    return role


def _password(errors: dict[str, str], password: str, confirm: str | None) -> str:
    try:
        return validate_new_password(password or "", confirm)
    except ValidationError as exc:
        errors[exc.field or "password"] = exc.message
        return ""


def list_staff(*, session: Session, staff: StaffUser, include_inactive: bool = True) -> list[StaffView]:
    require_admin(session, staff)
    stmt = select(StaffUser).order_by(StaffUser.role, StaffUser.full_name)
    if not include_inactive:
        stmt = stmt.where(StaffUser.active.is_(True))
    return [_view(s) for s in session.exec(stmt)]


def create_staff(*, session: Session, staff: StaffUser, form: StaffForm) -> StaffView:
    admin = require_admin(session, staff)
    errors: dict[str, str] = {}
    username = (form.username or "").strip().lower()
    if not USERNAME_RE.fullmatch(username):
        errors["username"] = msg("backoffice.err_username_format")
    elif session.exec(select(StaffUser.id).where(sa.func.lower(StaffUser.username) == username)).first():
        errors["username"] = msg("backoffice.err_username_taken")
    try:  # NFC; control, bidi-override and invisible characters refused beside the field
        full_name = clean_text(form.full_name, msg("backoffice.pengguna_full_name"))
    except ValidationError as exc:
        errors["full_name"], full_name = exc.message, ""
    if not full_name:
        errors.setdefault("full_name", msg("backoffice.err_full_name_required"))
    elif len(full_name) > 150:
        errors["full_name"] = msg("backoffice.err_full_name_length")
    role = _role(errors, form.role)
    password = _password(errors, form.password, form.password_confirm)
    if errors:
        raise FieldErrors(errors)
    row = StaffUser(username=username, full_name=full_name, role=role, password_hash=hash_password(password))
    session.add(row)
    session.flush()
    audit.log(session, admin, "create_staff", row, username=username, role=role)
    return _view(row)


def change_role(*, session: Session, staff: StaffUser, staff_id: int, role: str) -> StaffView:
    admin = require_admin(session, staff)
    row = _target(session, staff_id)
    errors: dict[str, str] = {}
    role = _role(errors, role)
    if errors:
        raise FieldErrors(errors)
    if role == row.role:
        return _view(row)
    if role != StaffRole.ADMIN.value:
        _keeps_an_admin(session, row)
    before, row.role = row.role, role
    session.add(row)
    _end_sessions(session, row.id)  # menus and rights follow the role from the next login
    session.flush()
    audit.log(session, admin, "change_staff_role", row, before=before, after=role)
    return _view(row)


def set_staff_active(*, session: Session, staff: StaffUser, staff_id: int, active: bool) -> StaffView:
    """Deactivate (logged out at once, cannot log in) or reactivate an account."""
    admin = require_admin(session, staff)
    row = _target(session, staff_id)
    if bool(active) == row.active:
        return _view(row)
    if not active:
        if row.id == admin.id:
            raise DomainError(msg("backoffice.err_self_deactivate"))
        _keeps_an_admin(session, row)
        _end_sessions(session, row.id)
    row.active = bool(active)
    session.add(row)
    session.flush()
    audit.log(session, admin, "activate_staff" if active else "deactivate_staff", row)
    return _view(row)


def reset_staff_password(
    *, session: Session, staff: StaffUser, staff_id: int, password: str, confirm: str | None = None
) -> StaffView:
    """A new initial password; the lock is lifted and open sessions end."""
    admin = require_admin(session, staff)
    row = _target(session, staff_id)
    errors: dict[str, str] = {}
    password = _password(errors, password, confirm)
    if errors:
        raise FieldErrors(errors)
    row.password_hash = hash_password(password)
    row.failed_logins, row.locked_until = 0, None
    session.add(row)
    _end_sessions(session, row.id)
    session.flush()
    audit.log(session, admin, "reset_staff_password", row)
    return _view(row)


def reset_staff_authenticator(*, session: Session, staff: StaffUser, staff_id: int) -> StaffView:
    """A lost or replaced phone: the account's authenticator is removed and its sessions
    end. It logs in with its password again; where an authenticator is required (admin and
    kadis in production) that login asks it to enrol a new one before anything else."""
    admin = require_admin(session, staff)
    row = _target(session, staff_id)
    if not row.totp_secret:
        raise Conflict(msg("backoffice.err_no_authenticator", username=row.username))
    row.totp_secret, row.totp_last_step = None, None
    session.add(row)
    _end_sessions(session, row.id)
    session.flush()
    audit.log(session, admin, "reset_staff_authenticator", row)
    return _view(row)
