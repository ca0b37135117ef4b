"""The login cookie is set by the server, HttpOnly: no script on the page can read, copy or
replace it; logging out clears it; staff with an authenticator need its code."""

from __future__ import annotations

import pyotp
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_page
from tests.e2e.helpers import CAPTCHA, expect_path, login, make_applicant
from tests.factories import STAFF_PASSWORD

NIK = "6471015505900811"


def test_the_applicant_cookie_is_httponly_strict_and_survives_a_script(page: Page, app_server):
    make_applicant(
        app_server.database_url, username=NIK, wa="+6281255500811", password="rahasia-kuki", name="Kiki Kuki"
    )
    login(page, "Perorangan", NIK, "rahasia-kuki")
    expect_path(page, "/beranda")
    expect(page.get_by_text("Kiki Kuki").first).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "spontan_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert 6 * 24 * 3600 < cookie["expires"] - page.evaluate("Date.now() / 1000") <= 7 * 24 * 3600 + 60
    assert "spontan_session" not in page.evaluate("document.cookie")  # an injected script sees nothing
    page.evaluate("document.cookie = 'spontan_session=planted; path=/'")  # nor can it plant its own
    open_page(page, "/beranda")
    expect(page.get_by_text("Kiki Kuki").first).to_be_visible()

    page.get_by_role("button", name="Keluar").first.click()
    expect_path(page, "/")
    assert not [c for c in page.context.cookies() if c["name"] == "spontan_session" and c["value"]]
    open_page(page, "/beranda")
    expect_path(page, "/login")


def _officer(database_url: str, username: str, name: str, role: str, *, authenticator: bool) -> str | None:
    """An officer written straight to the app's database; with ``authenticator``, their TOTP secret.

    Written over an earlier attempt's row, so a rerun of a test starts from the same officer."""
    from sqlmodel import Session, select

    from spontan_app.db import make_engine
    from spontan_app.domain.models import StaffUser
    from spontan_app.domain.passwords import hash_password

    secret = pyotp.random_base32() if authenticator else None
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            staff = session.exec(select(StaffUser).where(StaffUser.username == username)).first() or StaffUser(
                username=username
            )
            staff.full_name, staff.role, staff.active = name, role, True
            staff.password_hash = hash_password(STAFF_PASSWORD, rounds=4)
            staff.totp_secret, staff.totp_last_step = secret, None
            staff.failed_logins, staff.locked_until = 0, None
            session.add(staff)
            session.commit()
    finally:
        engine.dispose()
    return secret


def test_an_officer_with_an_authenticator_needs_its_code(page: Page, app_server):
    secret = _officer(app_server.database_url, "petugas2fa", "Petugas Dua Faktor", "verifikator", authenticator=True)
    open_page(page, "/admin/login")
    page.get_by_label("Username").fill("petugas2fa")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Masuk").click()
    code = page.get_by_label("Kode Autentikator")
    expect(code).to_be_visible()
    assert not [c for c in page.context.cookies() if c["name"] == "spontan_staff"]  # the password alone: no cookie
    code.fill("000000")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_text("Kode autentikator salah")).to_be_visible()
    code.fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Verifikasi").click()
    expect_path(page, "/admin")
    expect(page.get_by_text("Petugas Dua Faktor").first).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "spontan_staff")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"


def test_an_officer_turns_on_the_authenticator_and_the_next_login_asks_for_it(page: Page, app_server):
    from tests.e2e.staff import staff_login
    from tests.support import screenshot_dir

    _officer(app_server.database_url, "petugasqr", "Petugas Pindai QR", "tim_teknis", authenticator=False)
    staff_login(page, "petugasqr")
    page.get_by_role("link", name="Keamanan Akun").click()
    expect(page.get_by_text("Belum aktif")).to_be_visible()
    page.get_by_role("button", name="Aktifkan Autentikator").click()
    expect(page.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_be_visible()
    page.screenshot(path=str(screenshot_dir() / "admin-akun-autentikator.png"), full_page=True)
    secret = page.locator("code").inner_text().replace(" ", "")
    page.get_by_label("Kode Autentikator").fill("111111" if pyotp.TOTP(secret).now() != "111111" else "222222")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_text("Kode autentikator salah")).to_be_visible()
    page.get_by_label("Kode Autentikator").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_text("Autentikator aktif.")).to_be_visible()

    page.get_by_role("button", name="Keluar").click()
    expect_path(page, "/admin/login")
    page.get_by_label("Username").fill("petugasqr")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_label("Kode Autentikator")).to_be_visible()
