"""Logins end in an HttpOnly cookie set by /sesi/masuk; staff may (and in production, admin
and kepala dinas must) add an authenticator code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlmodel import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from spontan_app import session_routes
from spontan_app.domain.models import AuditLog, LoginSession, StaffUser
from spontan_app.services import accounts, cookie_login, login_sessions, staff_sessions
from spontan_app.services.errors import NotLoggedIn, PermissionDenied, ValidationError
from spontan_app.settings import get_settings
from tests.factories import PASSWORD, STAFF_PASSWORD, make_applicant, staff

T0 = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def officer(session):
    """The seeded verifikator, with whatever second factor a test gives them taken back after."""
    person = staff(session, "verifikator")
    yield person
    session.rollback()
    person = session.get(StaffUser, person.id)
    person.totp_secret, person.totp_last_step = None, None
    session.add(person)
    session.commit()


def applicant_login(session, applicant, now=T0):
    result = accounts.login(
        session=session,
        applicant_type=applicant.applicant_type,
        username=applicant.username,
        password=PASSWORD,
        ip="10.9.0.1",
        now=now,
    )
    session.commit()
    return result


def test_a_login_hands_out_a_one_time_code_not_a_session(session):
    applicant = make_applicant(session, 701)
    result = applicant_login(session, applicant)
    assert result.ok and result.handoff
    with pytest.raises(NotLoggedIn):
        accounts.current_applicant(session=session, token=result.handoff, now=at(1))  # the code is no login
    cookie = cookie_login.redeem_handoff(session=session, code=result.handoff, now=at(2))
    session.commit()
    assert cookie is not None and not cookie.staff and cookie.lifetime == timedelta(days=7)
    assert cookie.token != result.handoff
    assert accounts.current_applicant(session=session, token=cookie.token, now=at(3)).id == applicant.id
    # Used once: the same code again (a replay from history or a log) gets nothing.
    assert cookie_login.redeem_handoff(session=session, code=result.handoff, now=at(4)) is None


def test_an_old_handoff_code_has_expired(session):
    applicant = make_applicant(session, 702)
    result = applicant_login(session, applicant)
    late = T0 + login_sessions.HANDOFF_LIFETIME + timedelta(seconds=1)
    assert cookie_login.redeem_handoff(session=session, code=result.handoff, now=late) is None
    assert cookie_login.redeem_handoff(session=session, code="made-up-code", now=at(1)) is None
    assert cookie_login.redeem_handoff(session=session, code="", now=at(1)) is None


def test_staff_without_an_authenticator_get_the_cookie_code_at_once(session, officer):
    result = staff_sessions.login(session=session, username="verifikator", password=STAFF_PASSWORD, ip=None, now=T0)
    session.commit()
    assert result.ok and result.handoff and not result.second_factor
    cookie = cookie_login.redeem_handoff(session=session, code=result.handoff, now=at(1))
    assert cookie.staff and cookie.lifetime == staff_sessions.STAFF_SESSION_MAX
    assert staff_sessions.current_staff(session=session, token=cookie.token, now=at(2)).id == officer.id


def enrol(session, officer) -> str:
    secret = staff_sessions.new_totp_secret()
    staff_sessions.enable_totp(session=session, staff=officer, secret=secret, code=pyotp.TOTP(secret).at(T0), now=T0)
    session.commit()
    return secret


def test_enabling_the_authenticator_needs_a_right_code(session, officer):
    secret = staff_sessions.new_totp_secret()
    with pytest.raises(ValidationError) as wrong:
        staff_sessions.enable_totp(session=session, staff=officer, secret=secret, code="000000", now=T0)
    assert wrong.value.field == "totp"
    assert officer.totp_secret is None
    enrol(session, officer)
    assert officer.totp_secret
    actions = session.exec(select(AuditLog.action).where(AuditLog.actor_id == officer.id)).all()
    assert "staff_totp_enrolled" in actions


def password_step(session, now=T0):
    result = staff_sessions.login(session=session, username="verifikator", password=STAFF_PASSWORD, ip=None, now=now)
    session.commit()
    return result


def test_with_an_authenticator_the_password_alone_opens_nothing(session, officer):
    secret = enrol(session, officer)
    first = password_step(session, at(60))
    assert first.ok and first.second_factor and not first.handoff and not first.enrol
    # The pending step is no session and no handoff.
    assert cookie_login.redeem_handoff(session=session, code=first.second_factor, now=at(61)) is None
    with pytest.raises(NotLoggedIn):
        staff_sessions.current_staff(session=session, token=first.second_factor, now=at(61))
    wrong = staff_sessions.second_factor(session=session, step=first.second_factor, code="123456", ip=None, now=at(62))
    assert not wrong.ok and wrong.message == staff_sessions.WRONG_CODE
    right = staff_sessions.second_factor(
        session=session, step=first.second_factor, code=pyotp.TOTP(secret).at(at(63)), ip=None, now=at(63)
    )
    session.commit()
    assert right.ok and right.handoff
    cookie = cookie_login.redeem_handoff(session=session, code=right.handoff, now=at(64))
    assert staff_sessions.current_staff(session=session, token=cookie.token, now=at(65)).id == officer.id
    # The step is spent, and the same code is not accepted twice (a shoulder-surfed code).
    again = password_step(session, at(70))
    replay = staff_sessions.second_factor(
        session=session, step=again.second_factor, code=pyotp.TOTP(secret).at(at(63)), ip=None, now=at(70)
    )
    assert not replay.ok
    spent = staff_sessions.second_factor(
        session=session, step=first.second_factor, code=pyotp.TOTP(secret).at(at(95)), ip=None, now=at(95)
    )
    assert not spent.ok and spent.message == staff_sessions.EXPIRED_STEP


def test_wrong_authenticator_codes_lock_the_officer_out(session, officer):
    enrol(session, officer)
    step = password_step(session, at(60)).second_factor
    answers = [
        staff_sessions.second_factor(session=session, step=step, code=f"{i:06d}", ip=None, now=at(61 + i))
        for i in range(staff_sessions.STAFF_FREE_FAILURES)
    ]
    session.commit()
    assert answers[-1].retry_after > 0 and "Terlalu banyak" in answers[-1].message
    # Locked: the password is not even tried, and the interrupted step is dead.
    assert password_step(session, at(70)).retry_after > 0
    assert staff_sessions.second_factor(session=session, step=step, code="000000", ip=None, now=at(71)).message == (
        staff_sessions.EXPIRED_STEP
    )


def test_wrong_passwords_lock_the_officer_out_then_the_right_one_works_again(session, officer):
    """Staff lock-out: after STAFF_FREE_FAILURES wrong passwords even the right
    one is refused until the lock ends; the same generic message until then, so a guesser
    learns nothing about the account."""

    def attempt(password, s, ip="10.9.9.1"):
        result = staff_sessions.login(session=session, username="Verifikator ", password=password, ip=ip, now=at(s))
        session.commit()
        return result

    wrong = [attempt(f"salah-{i}", i) for i in range(staff_sessions.STAFF_FREE_FAILURES)]
    assert all(not r.ok and not r.handoff for r in wrong)
    assert {r.message for r in wrong[:-1]} == {staff_sessions.GENERIC_STAFF_LOGIN_ERROR}
    assert wrong[-1].retry_after > 0 and "Terlalu banyak" in wrong[-1].message
    # Locked for the account, from any address: the right password opens nothing.
    locked = attempt(STAFF_PASSWORD, 10, ip="10.9.9.2")
    assert not locked.ok and not locked.handoff and locked.retry_after > 0
    # Once the lock has run out, the right password works and the count starts again.
    assert attempt(STAFF_PASSWORD, 10 + wrong[-1].retry_after + 1).handoff
    assert attempt("salah-lagi", 200).message == staff_sessions.GENERIC_STAFF_LOGIN_ERROR


def test_admin_and_kepala_dinas_must_enrol_in_production(session, monkeypatch):
    monkeypatch.setattr(get_settings(), "env", "production")
    head = staff(session, "kepala_dinas")
    try:
        first = staff_sessions.login(session=session, username=head.username, password=STAFF_PASSWORD, ip=None, now=T0)
        session.commit()
        assert first.ok and first.enrol and first.second_factor and not first.handoff
        secret = staff_sessions.new_totp_secret()
        done = staff_sessions.second_factor(
            session=session,
            step=first.second_factor,
            code=pyotp.TOTP(secret).at(at(5)),
            enrol_secret=secret,
            ip=None,
            now=at(5),
        )
        session.commit()
        assert done.ok and done.handoff and head.totp_secret == secret
        with pytest.raises(PermissionDenied):
            staff_sessions.disable_totp(session=session, staff=head, code=pyotp.TOTP(secret).at(at(40)), now=at(40))
    finally:
        session.rollback()
        head = session.get(StaffUser, head.id)
        head.totp_secret = head.totp_last_step = None
        session.add(head)
        session.commit()


def test_an_officer_can_turn_the_authenticator_off_again_with_a_code(session, officer):
    secret = enrol(session, officer)
    staff_sessions.disable_totp(session=session, staff=officer, code=pyotp.TOTP(secret).at(at(40)), now=at(40))
    session.commit()
    assert officer.totp_secret is None
    assert password_step(session, at(50)).handoff


# --------------------------------------------------------------------------- the cookie routes

ORIGIN = get_settings().allowed_origins[0]


def client() -> TestClient:
    return TestClient(Starlette(routes=session_routes.routes), base_url=ORIGIN)


def test_sesi_masuk_sets_an_httponly_strict_cookie_once(session):
    applicant = make_applicant(session, 703)
    code = accounts.login(
        session=session,
        applicant_type=applicant.applicant_type,
        username=applicant.username,
        password=PASSWORD,
        ip=None,
    ).handoff
    session.commit()
    web = client()
    answer = web.post("/sesi/masuk", content=code, headers={"Origin": ORIGIN})
    assert answer.status_code == 200 and answer.json()["lanjut"] == "/beranda"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("spontan_session=")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "max-age", "path", "samesite"} <= attributes
    assert "samesite=strict" in cookie.lower() and "max-age=604800" in cookie.lower()
    token = cookie.split(";")[0].split("=", 1)[1]
    session.expire_all()
    assert accounts.current_applicant(session=session, token=token).id == applicant.id
    again = web.post("/sesi/masuk", content=code, headers={"Origin": ORIGIN})
    assert again.status_code == 400 and "set-cookie" not in again.headers


def test_sesi_masuk_refuses_another_origin(session):
    applicant = make_applicant(session, 704)
    code = accounts.login(
        session=session,
        applicant_type=applicant.applicant_type,
        username=applicant.username,
        password=PASSWORD,
        ip=None,
    ).handoff
    session.commit()
    for origin in ("http://evil.example", "http://127.0.0.1:9", None):
        headers = {"Origin": origin} if origin else {}
        answer = client().post("/sesi/masuk", content=code, headers=headers)
        assert answer.status_code == 403 and "set-cookie" not in answer.headers
    # The code was not used up by the refused tries.
    assert client().post("/sesi/masuk", content=code, headers={"Origin": ORIGIN}).status_code == 200


def test_sesi_keluar_ends_the_session_and_clears_the_cookie(session):
    applicant = make_applicant(session, 705)
    from tests.support import redeem

    token = redeem(
        session,
        accounts.login(
            session=session,
            applicant_type=applicant.applicant_type,
            username=applicant.username,
            password=PASSWORD,
            ip=None,
        ).handoff,
    )
    web = client()
    web.cookies.set("spontan_session", token)
    answer = web.post("/sesi/keluar", content="pemohon", headers={"Origin": ORIGIN})
    assert answer.status_code == 200
    assert (
        answer.headers["set-cookie"].startswith('spontan_session=""')
        or "max-age=0" in answer.headers["set-cookie"].lower()
    )
    session.expire_all()
    row = session.exec(select(LoginSession).where(LoginSession.applicant_id == applicant.id)).one()
    assert row.revoked_at is not None
