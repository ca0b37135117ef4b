"""Staff accounts: creation, roles, (de)activation, password resets."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from spontan_app.domain.models import AuditLog, LoginSession, StaffUser, utcnow
from spontan_app.domain.passwords import verify_password
from spontan_app.services.admin import staff_users
from spontan_app.services.errors import Conflict, DomainError, FieldErrors, PermissionDenied
from tests.unit.admin_helpers import staff


@pytest.fixture
def cleanup(session):
    """Accounts made here start with 'uji'; they and their sessions go afterwards."""
    yield
    session.rollback()
    ids = select(StaffUser.id).where(StaffUser.username.like("uji%"))
    session.execute(sa.delete(LoginSession).where(LoginSession.staff_id.in_(ids)))
    session.execute(sa.delete(StaffUser).where(StaffUser.username.like("uji%")))
    session.execute(sa.update(StaffUser).values(active=True))
    session.execute(sa.update(StaffUser).where(StaffUser.username == "admin").values(role="admin"))
    session.commit()


def _login_session(session, staff_id: int) -> LoginSession:
    row = LoginSession(token_hash=f"t{staff_id}", staff_id=staff_id, expires_at=utcnow() + timedelta(hours=1))
    session.add(row)
    session.flush()
    return row


def test_create_validates_and_never_shows_the_hash(session, cleanup):
    admin = staff(session, "admin")
    with pytest.raises(PermissionDenied):
        staff_users.list_staff(session=session, staff=staff(session, "kepala_dinas"))
    bad = staff_users.StaffForm(username="a b", full_name="", role="boss", password="short")
    with pytest.raises(FieldErrors) as caught:
        staff_users.create_staff(session=session, staff=admin, form=bad)
    assert set(caught.value.errors) == {"username", "full_name", "role", "password"}
    with pytest.raises(FieldErrors) as caught:
        staff_users.create_staff(
            session=session, staff=admin, form=staff_users.StaffForm("Admin", "X", "admin", "Rahasia#2026")
        )
    assert caught.value.errors == {"username": "Username sudah dipakai."}
    form = staff_users.StaffForm("UjiVerif", "Uji Verifikator", "verifikator", "Rahasia#2026", "Rahasia#2026")
    view = staff_users.create_staff(session=session, staff=admin, form=form)
    session.commit()
    assert (view.username, view.role_label) == ("ujiverif", "Verifikator Berkas")
    assert "password_hash" not in {f.name for f in fields(view)}
    assert verify_password("Rahasia#2026", session.get(StaffUser, view.id).password_hash)
    listed = staff_users.list_staff(session=session, staff=admin)
    assert view in listed and all(isinstance(v, staff_users.StaffView) for v in listed)


def test_deactivation_ends_sessions_and_keeps_one_admin(session, cleanup):
    admin = staff(session, "admin")
    with pytest.raises(DomainError, match="sendiri"):
        staff_users.set_staff_active(session=session, staff=admin, staff_id=admin.id, active=False)
    with pytest.raises(Conflict, match="minimal satu"):
        staff_users.change_role(session=session, staff=admin, staff_id=admin.id, role="kepala_dinas")
    second = staff_users.create_staff(
        session=session, staff=admin, form=staff_users.StaffForm("ujiadmin", "Uji Admin", "admin", "Rahasia#2026")
    )
    login = _login_session(session, admin.id)
    session.commit()
    other = session.get(StaffUser, second.id)
    staff_users.set_staff_active(session=session, staff=other, staff_id=admin.id, active=False)
    session.commit()
    session.refresh(login)
    assert login.revoked_at is not None
    with pytest.raises(PermissionDenied):  # the deactivated admin can do nothing any more
        staff_users.set_staff_active(session=session, staff=admin, staff_id=other.id, active=False)
    with pytest.raises(DomainError):  # and the last active admin cannot leave
        staff_users.set_staff_active(session=session, staff=other, staff_id=other.id, active=False)
    assert staff_users.set_staff_active(session=session, staff=other, staff_id=admin.id, active=True).active
    assert staff_users.change_role(session=session, staff=admin, staff_id=other.id, role="kepala_bidang").role == (
        "kepala_bidang"
    )
    session.commit()
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "staff_user").order_by(AuditLog.id)).all()
    assert actions == ["create_staff", "deactivate_staff", "activate_staff", "change_staff_role"]


def test_reset_password_unlocks_and_logs_out(session, cleanup):
    admin = staff(session, "admin")
    view = staff_users.create_staff(
        session=session, staff=admin, form=staff_users.StaffForm("ujifo", "Uji FO", "front_office", "Rahasia#2026")
    )
    row = session.get(StaffUser, view.id)
    row.failed_logins, row.locked_until = 5, utcnow() + timedelta(minutes=10)
    login = _login_session(session, row.id)
    session.commit()
    with pytest.raises(FieldErrors) as caught:
        staff_users.reset_staff_password(
            session=session, staff=admin, staff_id=row.id, password="Baru#20261", confirm="x"
        )
    assert "password_confirm" in caught.value.errors
    staff_users.reset_staff_password(session=session, staff=admin, staff_id=row.id, password="Baru#20261")
    session.commit()
    session.refresh(row)
    session.refresh(login)
    assert verify_password("Baru#20261", row.password_hash)
    assert (row.failed_logins, row.locked_until) == (0, None) and login.revoked_at is not None


def test_a_lost_authenticator_is_reset_by_an_admin_only_and_the_next_login_enrols(session, cleanup, monkeypatch):
    """A kadis loses the phone: only an administrator removes the authenticator; the
    kadis's sessions end, the audit log says who did it, and the next login (production:
    kadis must use one) asks to enrol a new authenticator instead of a code."""
    from spontan_app.services import staff_sessions

    admin = staff(session, "admin")
    view = staff_users.create_staff(
        session=session,
        staff=admin,
        form=staff_users.StaffForm("ujikadis", "Uji Kadis", "kepala_dinas", "Rahasia#2026"),
    )
    row = session.get(StaffUser, view.id)
    assert view.authenticator is False
    with pytest.raises(Conflict):  # nothing to reset yet
        staff_users.reset_staff_authenticator(session=session, staff=admin, staff_id=row.id)
    row.totp_secret, row.totp_last_step = staff_sessions.new_totp_secret(), 123
    login = _login_session(session, row.id)
    session.commit()
    assert [v.authenticator for v in staff_users.list_staff(session=session, staff=admin) if v.id == row.id] == [True]

    with pytest.raises(PermissionDenied):
        staff_users.reset_staff_authenticator(session=session, staff=staff(session, "kepala_bidang"), staff_id=row.id)
    session.rollback()
    view = staff_users.reset_staff_authenticator(session=session, staff=admin, staff_id=row.id)
    session.commit()
    session.refresh(row)
    session.refresh(login)
    assert view.authenticator is False and row.totp_secret is None and row.totp_last_step is None
    assert login.revoked_at is not None
    entry = session.exec(
        select(AuditLog).where(AuditLog.action == "reset_staff_authenticator").order_by(AuditLog.id.desc())
    ).first()
    assert entry is not None and (entry.actor_id, entry.entity_id) == (admin.id, row.id)

    monkeypatch.setattr(staff_sessions, "totp_required", lambda s: s.role == "kepala_dinas")
    answer = staff_sessions.login(session=session, username="ujikadis", password="Rahasia#2026", ip=None)
    session.commit()
    assert answer.ok and answer.second_factor and answer.enrol
