"""Registration, login and the login guard, driven through their Reflex states."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from spontan_app.domain import passwords
from spontan_app.domain.enums import AccountStatus, ApplicantType, Origin, RegionLevel
from spontan_app.domain.models import Applicant, LoginSession, OtpCode, OutgoingMessage, Region
from spontan_app.services import accounts
from spontan_app.services.accounts import GENERIC_LOGIN_ERROR, CompletionForm
from spontan_app.state.auth import AuthState
from spontan_app.state.login import LoginState
from spontan_app.state.registrasi import RegistrasiState
from tests.state.conftest import handoff_of, logged_in, run
from tests.support import redeem

NIK = "6471011234560001"
WA = "081234567890"
WA_E164 = "+6281234567890"
PASSWORD = "rahasia-123"
CAPTCHA = "TEST42"  # SPONTAN_CAPTCHA_FIXED in tests/conftest.py
OTP_RE = re.compile(r"\b\d{6}\b")


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch):
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda password, rounds=4: real(password, rounds=4))


# --------------------------------------------------------------------------- helpers


def flatten(events: list[Any]) -> list[Any]:
    out: list[Any] = []
    for event in events:
        if isinstance(event, list | tuple):
            out.extend(flatten(list(event)))
        elif event is not None:
            out.append(event)
    return out


def redirects(events: list[Any]) -> list[str]:
    """Paths of the ``rx.redirect`` events among ``events``."""
    paths = []
    for event in flatten(events):
        handler = getattr(event, "handler", None)
        if handler is not None and getattr(handler.fn, "__qualname__", "").endswith("_redirect"):
            args = {name._js_expr: value for name, value in event.args}
            paths.append(args["path"]._var_value)
    return paths


def root_of(state: Any) -> Any:
    while state.parent_state is not None:
        state = state.parent_state
    return state


def visible_text(state: Any) -> str:
    """Everything the browser could be sent: every non-underscore var of the whole tree."""
    dumped = json.dumps(root_of(state).dict(), default=str)
    values = [state.get_value(name) for name in type(state).vars if not name.startswith("_")]
    return dumped + json.dumps(values, default=str)


def form(**changes: str) -> dict[str, str]:
    return {"identity": NIK, "wa_number": WA, "email": "warga@example.com", "captcha": CAPTCHA, **changes}


def otp_codes(session) -> list[str]:
    session.expire_all()
    messages = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "otp_register")).all()
    return [code for m in messages for code in OTP_RE.findall(m.body)]


def applicants(session) -> list[Applicant]:
    session.expire_all()
    return list(session.exec(select(Applicant)).all())


async def registered(state_of) -> Any:
    state = state_of(RegistrasiState)
    await run(state.load)
    await run(state.submit, form())
    assert state.otp_open
    return state


def make_active_account(session) -> Applicant:
    started = accounts.register(
        session=session, applicant_type="perorangan", identity=NIK, wa_number=WA, email="warga@example.com"
    )
    session.commit()
    assert accounts.verify_registration_otp(
        session=session, applicant_id=started.applicant_id, code=otp_codes(session)[-1]
    ).ok
    session.commit()
    link = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "registration_link")).one()
    token = re.search(r"/verifikasi/(\S+)", link.body).group(1)
    kota = session.exec(select(Region).where(Region.code == "64.71")).one()
    kec = session.exec(
        select(Region).where(Region.parent_id == kota.id, Region.level == RegionLevel.KECAMATAN.value)
    ).first()
    kel = session.exec(select(Region).where(Region.parent_id == kec.id)).first()
    applicant = accounts.complete_registration(
        session=session,
        token=token,
        form=CompletionForm(
            password=PASSWORD,
            password_confirm=PASSWORD,
            full_name="Budi Santoso",
            origin=Origin.DALAM.value,
            kecamatan_id=kec.id,
            kelurahan_id=kel.id,
            address="Jl. Jenderal Sudirman No. 1",
            phone="081200001111",
            birth_place="Balikpapan",
            birth_date="1990-05-17",
            sex="L",
        ),
    )
    session.commit()
    return applicant


# --------------------------------------------------------------------------- registration


@pytest.mark.asyncio
async def test_load_draws_a_captcha_and_keeps_the_answer_on_the_server(state_of):
    state = state_of(RegistrasiState)
    await run(state.load)
    assert state.captcha_image.startswith("data:image/png;base64,")
    assert CAPTCHA not in visible_text(state)


@pytest.mark.asyncio
async def test_wrong_captcha_creates_nothing(state_of, session, dispatched):
    state = state_of(RegistrasiState)
    await run(state.load)
    image = state.captcha_image
    await run(state.submit, form(captcha="WRONG"))
    assert "captcha" in state.errors
    assert "Kode Unik" in state.errors["captcha"]
    assert not state.otp_open and not state.done
    assert applicants(session) == []
    assert session.exec(select(OutgoingMessage)).all() == []
    assert dispatched == []
    assert state.captcha_image and state.captcha_image != image  # a new image for the next try


@pytest.mark.asyncio
async def test_right_captcha_opens_the_otp_dialog(state_of, session, dispatched):
    state = state_of(RegistrasiState)
    await run(state.load)
    await run(state.submit, form(captcha=" test42 "))
    assert state.errors == {} and state.form_error == ""
    assert state.otp_open and not state.done
    assert state.wa_masked == "0812*****890"
    [applicant] = applicants(session)
    assert (applicant.username, applicant.wa_number) == (NIK, WA_E164)
    assert applicant.status == AccountStatus.PENDING_OTP.value
    otp_message = session.exec(select(OutgoingMessage)).one()
    assert dispatched == [otp_message.id]


@pytest.mark.asyncio
async def test_the_state_never_carries_the_otp_or_its_hash(state_of, session):
    state = await registered(state_of)
    [code] = otp_codes(session)
    code_hash = session.exec(select(OtpCode.code_hash)).one()
    text = visible_text(state)
    assert "0812*****890" in text  # the dump does hold this state's vars
    assert code not in text
    assert code_hash not in text
    assert "code_hash" not in text
    # Also not after a wrong try.
    await run(state.verify, {"otp": f"{(int(code) + 1) % 10**6:06d}"})
    assert code not in visible_text(state)


@pytest.mark.asyncio
async def test_field_errors_are_shown_beside_their_fields(state_of, session):
    state = state_of(RegistrasiState)
    await run(state.load)
    await run(state.submit, form(identity="123", wa_number="12", email="x"))
    assert set(state.errors) == {"identity", "wa_number", "email"}
    assert "NIK" in state.errors["identity"]
    assert not state.otp_open
    assert applicants(session) == []


@pytest.mark.asyncio
async def test_badan_usaha_asks_for_an_npwp(state_of, session):
    state = state_of(RegistrasiState)
    await run(state.load)
    await run(state.set_type, ApplicantType.BADAN_USAHA.value)
    assert "NPWP" in state.identity_hint
    await run(state.submit, form(identity="123"))
    assert "NPWP" in state.errors["identity"]
    await run(state.submit, form(identity="01.234.567.8-901.000"))
    assert state.otp_open
    [applicant] = applicants(session)
    assert applicant.applicant_type == ApplicantType.BADAN_USAHA.value
    assert applicant.username == "012345678901000"


@pytest.mark.asyncio
async def test_wrong_otp_keeps_the_dialog_open(state_of, session):
    state = await registered(state_of)
    [code] = otp_codes(session)
    await run(state.verify, {"otp": f"{(int(code) + 1) % 10**6:06d}"})
    assert state.otp_open and not state.done
    assert "Kode OTP salah" in state.otp_error
    assert applicants(session)[0].status == AccountStatus.PENDING_OTP.value


@pytest.mark.asyncio
async def test_right_otp_finishes_registration(state_of, session):
    state = await registered(state_of)
    [code] = otp_codes(session)
    await run(state.verify, {"otp": code})
    assert state.done and not state.otp_open
    assert state.otp_error == ""
    assert "0812*****890" in state.done_info
    [applicant] = applicants(session)
    assert applicant.status == AccountStatus.PENDING_DATA.value
    kinds = [m.kind for m in session.exec(select(OutgoingMessage).order_by(OutgoingMessage.id))]
    assert kinds == ["otp_register", "registration_link"]


@pytest.mark.asyncio
async def test_right_otp_hands_the_link_to_delivery_at_once(state_of, session, dispatched):
    # Regression guard: see tests/unit/test_accounts.py::test_verified_otp_hands_the_link_to_delivery_when_it_commits.
    state = await registered(state_of)
    [code] = otp_codes(session)
    await run(state.verify, {"otp": code})
    link = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "registration_link")).one()
    assert link.id in dispatched


@pytest.mark.asyncio
async def test_verify_without_a_registration_is_refused(state_of, session):
    state = state_of(RegistrasiState)
    await run(state.load)
    await run(state.verify, {"otp": "123456"})
    assert state.otp_error and not state.done


@pytest.mark.asyncio
async def test_resend_right_away_is_held_back(state_of, session, dispatched):
    state = await registered(state_of)
    await run(state.resend)  # the link is disabled during the countdown: nothing happens
    assert state.otp_error == "" and len(otp_codes(session)) == 1
    state.resend_locked = False  # a client that asks anyway: the server holds it back too
    await run(state.resend)
    assert "Tunggu" in state.otp_error
    assert len(otp_codes(session)) == 1
    assert len(dispatched) == 1


@pytest.mark.asyncio
async def test_registering_again_in_a_new_tab_resumes(state_of, session):
    first = await registered(state_of)
    assert first.otp_info == ""
    # Two minutes later (the OTP row is moved back so the resend gap has passed).
    otp = session.exec(select(OtpCode)).one()
    otp.created_at -= timedelta(minutes=2)
    session.add(otp)
    session.commit()
    second = state_of(RegistrasiState)
    await run(second.load)
    await run(second.submit, form())
    assert second.otp_open
    assert "belum selesai" in second.otp_info
    assert len(applicants(session)) == 1
    assert len(otp_codes(session)) == 2


# --------------------------------------------------------------------------- login


@pytest.mark.asyncio
async def test_login_success_sets_the_session_and_goes_to_beranda(state_of, session):
    applicant = make_active_account(session)
    state = state_of(LoginState)
    await run(state.load)
    events = await run(state.submit, {"username": "64.71.01.1234560001", "password": PASSWORD, "captcha": CAPTCHA})
    assert state.form_error == "" and state.errors == {}
    handoff = handoff_of(events)  # the page posts it to /sesi/masuk, which sets the HttpOnly cookie
    assert handoff not in visible_text(state) and PASSWORD not in visible_text(state)
    token = redeem(session, handoff)
    assert accounts.current_applicant(session=session, token=token).id == applicant.id


@pytest.mark.asyncio
async def test_login_draws_a_new_captcha_only_for_a_form_that_stays(state_of, session):
    """A refused login shows a new image; one that lets the applicant in leaves the page
    without drawing one, and its used code does not let the same event in a second time."""
    make_active_account(session)
    state = state_of(LoginState)
    await run(state.load)
    first_image, nonce = state.captcha_image, state.captcha_nonce
    await run(state.submit, {"username": NIK, "password": "salah-salah", "captcha": CAPTCHA})
    assert state.form_error == GENERIC_LOGIN_ERROR
    assert state.captcha_nonce == nonce + 1 and state.captcha_image.startswith("data:image/png;base64,")
    assert state.captcha_image != first_image
    nonce = state.captcha_nonce
    form = {"username": NIK, "password": PASSWORD, "captcha": CAPTCHA}
    assert handoff_of(await run(state.submit, form))
    assert state.captcha_nonce == nonce  # leaving: no image drawn, sent or stored
    events = await run(state.submit, form)  # the same event again: its code is used up
    assert set(state.errors) == {"captcha"} and "/sesi/masuk" not in str(events)
    assert state.captcha_nonce == nonce + 1  # and the page it stays on gets a new image


@pytest.mark.asyncio
async def test_login_failure_shows_the_generic_message(state_of, session):
    make_active_account(session)
    state = state_of(LoginState)
    await run(state.load)
    events = await run(state.submit, {"username": NIK, "password": "salah-salah", "captcha": CAPTCHA})
    assert redirects(events) == []
    assert state.form_error == GENERIC_LOGIN_ERROR
    assert "/sesi/masuk" not in str(events)
    session.expire_all()
    assert session.exec(select(LoginSession)).all() == []


@pytest.mark.asyncio
async def test_login_of_an_unknown_user_shows_the_same_message(state_of, session):
    state = state_of(LoginState)
    await run(state.load)
    await run(state.submit, {"username": "6471019999990001", "password": PASSWORD, "captcha": CAPTCHA})
    assert state.form_error == GENERIC_LOGIN_ERROR


@pytest.mark.asyncio
async def test_login_with_a_wrong_captcha_does_not_try_the_password(state_of, session):
    make_active_account(session)
    state = state_of(LoginState)
    await run(state.load)
    events = await run(state.submit, {"username": NIK, "password": PASSWORD, "captcha": "NOPE"})
    assert redirects(events) == []
    assert set(state.errors) == {"captcha"}
    assert "/sesi/masuk" not in str(events)
    session.expire_all()
    assert session.exec(select(LoginSession)).all() == []


@pytest.mark.asyncio
async def test_login_asks_for_missing_fields(state_of, session):
    state = state_of(LoginState)
    await run(state.load)
    await run(state.submit, {"username": " ", "password": "", "captcha": CAPTCHA})
    assert set(state.errors) == {"username", "password"}


@pytest.mark.asyncio
async def test_login_as_the_wrong_applicant_type_fails(state_of, session):
    make_active_account(session)
    state = state_of(LoginState)
    await run(state.load)
    await run(state.set_status, ApplicantType.BADAN_USAHA.value)
    events = await run(state.submit, {"username": NIK, "password": PASSWORD, "captcha": CAPTCHA})
    assert redirects(events) == []
    assert state.form_error == GENERIC_LOGIN_ERROR


# --------------------------------------------------------------------------- the guard of applicant pages


@pytest.mark.asyncio
@pytest.mark.parametrize("token", ["", "forged-token-that-was-never-issued"])
async def test_require_login_sends_strangers_to_login(state_of, session, token):
    state = state_of(AuthState)
    logged_in(state, token)
    state.user_name = "Sisa Sesi Lama"
    events = await run(state.require_login)
    assert redirects(events) == ["/login"]
    assert not state.logged_in


@pytest.mark.asyncio
async def test_require_login_lets_the_logged_in_applicant_in_and_logout_ends_it(state_of, session):
    make_active_account(session)
    login = state_of(LoginState)
    await run(login.load)
    events = await run(login.submit, {"username": NIK, "password": PASSWORD, "captcha": CAPTCHA})
    token = redeem(session, handoff_of(events))
    auth = state_of(AuthState)  # another tab with the same cookie
    logged_in(auth, token)
    assert redirects(await run(auth.require_login)) == []
    assert auth.logged_in and auth.user_name == "Budi Santoso"
    assert auth.user_identity == "64.71.01.12.34.56.0001"
    events = await run(auth.logout)
    assert "/sesi/keluar" in str(events)  # only that route can clear the HttpOnly cookie
    assert not auth.logged_in
    again = state_of(AuthState)
    logged_in(again, token)  # a copy of the old cookie no longer works
    assert redirects(await run(again.require_login)) == ["/login"]


# --------------------------------------------------------------------------- issue 11, item 4 and 5


@pytest.mark.asyncio
async def test_5_registration_checks_every_field_before_the_captcha_and_keeps_it(state_of, session):
    state = state_of(RegistrasiState)
    await run(state.load)
    nonce = state.captcha_nonce
    await run(state.submit, {"identity": "123", "wa_number": "12", "email": "bukan-email", "captcha": "SALAH"})
    assert set(state.errors) == {"identity", "wa_number", "email"}  # all at once, the captcha not spent
    assert state.captcha_nonce == nonce
    assert applicants(session) == []


def _unlock_event(events: list[Any]) -> tuple[int, int]:
    """The (nonce, seconds) of the unlock_resend event a handler started."""
    (spec,) = [e for e in events if getattr(getattr(e, "handler", None), "fn", None) is not None]
    assert spec.handler.fn.__name__ == "unlock_resend"
    return tuple(value._var_value for _, value in spec.args)


@pytest.mark.asyncio
async def test_4_closed_otp_dialog_can_be_reopened_and_resend_counts_down(state_of, session):
    state = state_of(RegistrasiState)
    await run(state.load)
    events = await run(state.submit, form())
    assert state.otp_open and state.otp_pending
    assert 55 <= state.resend_wait <= 60
    # Kirim Ulang OTP is disabled for as long as the countdown runs.
    assert state.resend_locked
    assert _unlock_event(events) == (state.resend_nonce, state.resend_wait)
    await run(state.set_otp_open, False)  # Escape / Tutup
    assert not state.otp_open and state.otp_pending
    await run(state.reopen_otp)
    assert state.otp_open
    nonce = state.resend_nonce
    await run(state.resend)  # a tap on the disabled link: nothing is sent, nothing is said
    assert len(otp_codes(session)) == 1 and state.otp_error == "" and state.resend_nonce == nonce
    # The background task, as Reflex runs it once the seconds are over (here without waiting).
    unlock = RegistrasiState.unlock_resend.fn
    await unlock(state, nonce - 1, 0)  # an older countdown ending unlocks nothing
    assert state.resend_locked
    await unlock(state, nonce, 0)
    assert not state.resend_locked
    events = await run(state.resend)  # the server still says when: the countdown restarts from it
    assert "Tunggu" in state.otp_error and len(otp_codes(session)) == 1
    assert state.resend_nonce == nonce + 1 and 0 < state.resend_wait <= 60 and state.resend_locked
    assert _unlock_event(events) == (state.resend_nonce, state.resend_wait)


@pytest.mark.asyncio
async def test_4_a_lost_unlock_never_locks_kirim_ulang_otp_for_good(state_of, session):
    """A restart can lose the background unlock: once the seconds are over the link works."""
    state = state_of(RegistrasiState)
    await run(state.load)
    await run(state.submit, form())
    assert state.resend_locked
    otp = session.exec(select(OtpCode)).one()  # the wait is over for the service too
    otp.created_at -= timedelta(minutes=2)
    session.add(otp)
    session.commit()
    await run(state.resend)  # still within the countdown: nothing is sent
    assert len(otp_codes(session)) == 1
    state._resend_at = 0.0  # the seconds are over, and unlock_resend never came
    await run(state.resend)
    assert len(otp_codes(session)) == 2 and state.otp_error == ""


@pytest.mark.asyncio
async def test_7_luar_wilayah_kabkota_is_found_by_any_part_of_its_name(state_of, session):
    """513 kab/kota all start with "Kabupaten"/"Kota": the search box finds them by the
    words typed, and the chosen one is submitted as before (its id in ``kabkota_id``)."""
    import reflex as rx
    from reflex.istate.data import RouterData
    from reflex.route import get_route_args

    from spontan_app.state.verifikasi import VerifikasiState

    rx.State.setup_dynamic_args(get_route_args("/verifikasi/[token]"))
    registration = await registered(state_of)
    await run(registration.verify, {"otp": otp_codes(session)[-1]})
    link = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "registration_link")).one()
    token = re.search(r"/verifikasi/(\S+)", link.body).group(1)
    state = state_of(VerifikasiState)
    state.router = RouterData.from_router_data(
        {"pathname": f"/verifikasi/{token}", "query": {"token": token}, "headers": {"cookie": ""}}
    )
    await run(state.load)
    assert state.valid
    await run(state.open_form)
    await run(state.set_origin, Origin.LUAR.value)
    assert state.kabkota_matches == 513  # nothing typed: every one but Kota Balikpapan

    def shown() -> list[str]:
        return [name for _, options in state.kabkota_shown for _, name in options]

    await run(state.set_kabkota_query, "samarinda")
    assert shown() == ["Kota Samarinda"] and state.kabkota_matches == 1
    samarinda = state.kabkota_shown[0][1][0][0]
    await run(state.set_kabkota, samarinda)
    await run(state.set_kabkota_query, "Bandung")
    assert {"Kabupaten Bandung", "Kabupaten Bandung Barat", "Kota Bandung"} <= set(shown())
    assert "Kota Samarinda" in shown()  # the choice already made is never filtered away
    await run(state.set_kabkota_query, "qwerty")
    assert shown() == ["Kota Samarinda"]
    await run(state.set_kabkota, "")
    assert state.kabkota_matches == 0

    await run(
        state.submit,
        {
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "full_name": "Rudi Samarinda",
            "kabkota_id": samarinda,
            "kecamatan_text": "Samarinda Ulu",
            "kelurahan_text": "Air Hitam",
            "address": "Jl. Juanda No. 5",
            "phone": "081200002222",
            "birth_place": "Samarinda",
            "birth_date": "1991-02-03",
            "sex": "L",
        },
    )
    assert state.errors == {} and state.form_error == ""
    [applicant] = applicants(session)
    assert applicant.status == AccountStatus.ACTIVE.value
    assert session.get(Region, applicant.kabkota_id).name == "Kota Samarinda"
