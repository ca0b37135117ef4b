"""The account pages in an English tab: field errors, notices and the applicant's WhatsApp
messages in English; an Indonesian tab unchanged; the language chosen on /profil kept."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from spontan_app.domain import passwords
from spontan_app.domain.models import Applicant, OutgoingMessage
from spontan_app.i18n import t
from spontan_app.services import accounts
from spontan_app.state.auth import CAPTCHA_WRONG
from spontan_app.state.login import LoginState
from spontan_app.state.lupa_password import LupaPasswordState
from spontan_app.state.profil import ProfilState
from spontan_app.state.registrasi import RegistrasiState
from tests.factories import make_applicant
from tests.state.conftest import run
from tests.state.test_account_states import CAPTCHA, WA_E164, form, make_active_account
from tests.state.test_applicant_states import logged_in

OTP_RE = re.compile(r"\b\d{6}\b")


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch):
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda password, rounds=4: real(password, rounds=4))


def english(state):
    state.lang_choice = "en"  # as the spontan_lang cookie brings it
    assert state.lang == "en"
    return state


def messages(session, kind: str) -> list[OutgoingMessage]:
    session.expire_all()
    return list(session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == kind)).all())


@pytest.mark.asyncio
async def test_an_english_tab_gets_english_field_errors_on_registrasi(state_of, session):
    state = english(state_of(RegistrasiState))
    await run(state.load)
    await run(state.submit, form(identity="123", wa_number="", email="nope"))
    assert state.errors == {
        "identity": "NIK must be 16 digits long.",
        "wa_number": "WhatsApp Number is required.",
        "email": "The email address is not valid.",
    }
    await run(state.submit, form(captcha="WRONG"))
    assert state.errors == {"captcha": t("accounts.captcha_wrong", "en")}
    assert state.identity_hint.startswith("NIK as on your KTP")


@pytest.mark.asyncio
async def test_the_same_form_in_an_indonesian_tab_is_unchanged(state_of, session):
    state = state_of(RegistrasiState)
    await run(state.load)
    await run(state.submit, form(identity="123", wa_number="", email="nope"))
    assert state.errors == {
        "identity": "NIK harus terdiri dari 16 digit angka.",
        "wa_number": "Nomor WhatsApp wajib diisi.",
        "email": "Format email tidak valid.",
    }
    await run(state.submit, form(captcha="WRONG"))
    assert state.errors == {"captcha": CAPTCHA_WRONG}


@pytest.mark.asyncio
async def test_an_english_tab_gets_english_field_errors_on_login(state_of, session):
    make_active_account(session)
    state = english(state_of(LoginState))
    await run(state.load)
    await run(state.submit, {"username": " ", "password": "", "captcha": "WRONG"})
    assert state.errors == {
        "username": "Username is required.",
        "password": "Password is required.",
        "captcha": t("accounts.captcha_wrong", "en"),
    }
    await run(state.submit, {"username": "6471011234560001", "password": "salah-salah", "captcha": CAPTCHA})
    assert state.form_error == t("accounts.generic_login_error", "en")
    assert state.form_error.startswith("The username or password is wrong")


@pytest.mark.asyncio
async def test_registration_in_english_keeps_english_for_the_applicant_and_whatsapp(state_of, session):
    state = english(state_of(RegistrasiState))
    await run(state.load)
    await run(state.submit, form())
    assert state.otp_open
    session.expire_all()
    applicant = session.exec(select(Applicant).where(Applicant.wa_number == WA_E164)).one()
    assert applicant.language == "en"
    (otp,) = messages(session, "otp_register")
    assert otp.body.startswith("SPONTAN DPMPTSP Kota Balikpapan OTP code for account registration verification: ")
    assert "Valid for 5 minutes" in otp.body and "Berlaku" not in otp.body
    code = OTP_RE.findall(otp.body)[0]

    wrong = f"{(int(code) + 1) % 10**6:06d}"
    await run(state.verify, {"otp": wrong})
    assert state.otp_error == "Wrong OTP code. Attempts left: 4."
    await run(state.verify, {"otp": code})
    assert state.done and state.done_info.startswith("Account registration succeeded.")
    (link,) = messages(session, "registration_link")
    assert link.body.startswith("Your WhatsApp number has been verified") and "/verifikasi/" in link.body


@pytest.mark.asyncio
async def test_registration_in_indonesian_stores_indonesian(state_of, session):
    state = state_of(RegistrasiState)
    await run(state.load)
    await run(state.submit, form())
    session.expire_all()
    assert session.exec(select(Applicant).where(Applicant.wa_number == WA_E164)).one().language == "id"
    (otp,) = messages(session, "otp_register")
    assert otp.body.startswith("Kode OTP SPONTAN DPMPTSP Kota Balikpapan untuk verifikasi pendaftaran akun: ")


@pytest.mark.asyncio
async def test_password_reset_speaks_the_applicants_language(state_of, session):
    applicant = make_active_account(session)
    accounts.set_language(session=session, applicant=applicant, language="en")
    session.commit()
    state = english(state_of(LupaPasswordState))
    await run(state.load)
    await run(state.request_code, {"username": applicant.username, "captcha": CAPTCHA})
    assert state.step == 2 and state.info.startswith("If the account is registered and active")
    (otp,) = messages(session, "otp_reset")
    assert "OTP code for a password reset:" in otp.body
    await run(state.verify_code, {"otp": "12"})
    assert state.errors == {"otp": "The OTP code has 6 digits."}
    await run(state.verify_code, {"otp": OTP_RE.findall(otp.body)[0]})
    assert state.step == 3
    await run(state.save_password, {"password": "baru-12345", "password_confirm": "baru-1234"})
    assert state.errors == {"password_confirm": "The retyped password does not match."}
    await run(state.save_password, {"password": "baru-12345", "password_confirm": "baru-12345"})
    (changed,) = messages(session, "password_changed")
    assert changed.body == t("accounts.wa_password_changed", "en")


@pytest.mark.asyncio
async def test_the_language_chosen_on_profil_is_saved_and_shown(state_of, session):
    me = make_applicant(session, 931)
    profil = logged_in(state_of, ProfilState, session, me)
    await run(profil.load)
    await run(profil.choose_language, "fr")  # not a language of the portal: nothing changes
    assert profil.lang == "id"
    events = await run(profil.choose_language, "en")
    assert profil.lang_choice == "en" and profil.lang == "en"
    assert "Language saved: English." in str(events)
    session.expire_all()
    assert session.get(Applicant, me.id).language == "en"
    await run(profil.save, {"full_name": "", "email": me.email, "phone": "12", "address": "Jl. Uji"})
    assert profil.errors == {
        "full_name": "Full Name is required.",
        "phone": "Mobile number must start with 08, 62 or +62.",
    }
    assert profil.form_error == t("accounts.partly_saved", "en")
    await run(profil.choose_language, "id")
    session.expire_all()
    assert session.get(Applicant, me.id).language == "id" and profil.lang == "id"
