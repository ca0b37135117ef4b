"""The account screens at phone and desktop size, saved to docs/screenshots/ for the manual
(``SPONTAN_SCREENSHOTS=1``; otherwise to a scratch folder).

Walking them is a test too: every screen must show its heading and, on a phone, fit the
screen's width (no sideways scrolling).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, AppServer, _finish, _new_page, open_page
from tests.e2e.helpers import (
    expect_path,
    link_path,
    login,
    otp_from,
    register,
    wait_for_message,
)
from tests.support import screenshot_dir

SHOTS = screenshot_dir()  # docs/screenshots/ with SPONTAN_SCREENSHOTS=1, a scratch folder otherwise
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
ACCOUNTS = {  # NIK, WhatsApp number
    "phone": ("6471014101950021", "081255500321"),
    "desktop": ("6471014101950022", "081255500322"),
}


@pytest.fixture(autouse=True)
def fresh_ip_counter(app_server: AppServer) -> Iterator[None]:
    """All browsers log in from 127.0.0.1 and share the app's per-IP failure counter (20 free
    failures within 15 minutes): start from zero so other tests' wrong logins cannot lock these
    screens out."""

    def clear() -> None:
        engine = sa.create_engine(app_server.database_url)
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("DELETE FROM login_throttle WHERE key LIKE 'ip:%'"))
        finally:
            engine.dispose()

    clear()
    yield
    clear()


class Camera:
    def __init__(self, page: Page, size: str) -> None:
        self.page, self.size = page, size
        self.widths: dict[str, int] = {}

    def shot(self, name: str, *, full_page: bool = True) -> None:
        self.widths[name] = self.page.evaluate("document.documentElement.scrollWidth")
        self.page.screenshot(
            path=str(SHOTS / f"accounts-{name}-{self.size}.png"),
            full_page=full_page,
            animations="disabled",
            caret="hide",
        )


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_account_screens(request, browser: Browser, app_server: AppServer, size: str):
    page, errors = _new_page(browser, app_server, VIEWPORTS[size])
    camera = Camera(page, size)
    db = app_server.database_url
    nik, wa = ACCOUNTS[size]
    wa_e164 = "+62" + wa[1:]
    try:
        open_page(page, "/registrasi")
        expect(page.get_by_role("heading", name="Registrasi Akun", level=1)).to_be_visible()
        expect(page.get_by_role("img", name="Gambar kode unik (captcha)")).to_be_visible()
        camera.shot("registrasi")
        # Issue 11: every field's error at once in a summary at the top, the captcha kept.
        page.get_by_label("Kode Unik").fill("TEST42")
        page.get_by_role("button", name="Daftar").click()
        expect(page.get_by_role("alert").filter(has_text="Terdapat kesalahan")).to_be_focused()
        expect(page.get_by_label("Kode Unik")).to_have_value("TEST42")
        camera.shot("registrasi-kesalahan")

        register(page, "Perorangan", nik, wa, f"layar.{size}@contoh.id")
        expect(page.get_by_role("dialog", name="Verifikasi Nomor WhatsApp")).to_be_visible()
        expect(page.get_by_role("link", name=re.compile(r"^Kirim Ulang OTP \(\d+ detik\)$"))).to_be_disabled()
        camera.shot("registrasi-otp", full_page=False)
        page.get_by_role("button", name="Tutup").click()
        expect(page.get_by_role("button", name="Masukkan Kode OTP")).to_be_visible()
        camera.shot("registrasi-otp-ditutup")
        page.get_by_role("button", name="Masukkan Kode OTP").click()
        expect(page.get_by_role("dialog", name="Verifikasi Nomor WhatsApp")).to_be_visible()
        page.get_by_label("Kode OTP").fill(otp_from(wait_for_message(db, wa_e164, "otp_register")))
        page.get_by_role("button", name="Verifikasi").click()
        expect(page.get_by_role("heading", name="Registrasi Berhasil")).to_be_visible()

        open_page(page, link_path(wait_for_message(db, wa_e164, "registration_link")))
        expect(page.get_by_role("heading", name="Selamat Datang di SPONTAN")).to_be_visible()
        camera.shot("verifikasi")
        page.get_by_role("button", name="Lengkapi Data").click()
        expect(page.get_by_role("heading", name="Lengkapi Data Pendaftaran")).to_be_visible()
        camera.shot("verifikasi-lengkapi")
        page.get_by_label("Password", exact=True).fill("rahasia-layar-1")
        page.get_by_label("Ketik Ulang Password").fill("rahasia-layar-1")
        page.get_by_label("Nama Lengkap").fill("Siti Aminah Layar")
        page.get_by_label("Kecamatan").select_option(label="Balikpapan Utara")
        page.get_by_label("Kelurahan").select_option(index=1)
        page.get_by_label("Alamat").fill("Jl. Soekarno Hatta Km. 5 No. 17 RT 21")
        page.get_by_label("Tempat Lahir").fill("Balikpapan")
        page.get_by_label("Tanggal Lahir").fill("1995-01-01")
        page.get_by_label("Perempuan").check()
        page.get_by_role("button", name="Selesaikan Registrasi").click()
        expect_path(page, "/login")

        login(page, "Perorangan", nik, "bukan-password-ini")
        expect(page.get_by_text("Username atau password salah, atau Status Pemohon tidak sesuai.")).to_be_visible()
        camera.shot("login")

        open_page(page, "/lupa-password")
        expect(page.get_by_role("heading", name="Lupa Password")).to_be_visible()
        camera.shot("lupa-password")

        login(page, "Perorangan", nik, "rahasia-layar-1")
        expect_path(page, "/beranda")
        expect(page.get_by_role("heading", name="Selamat datang, Siti Aminah Layar")).to_be_visible()
        camera.shot("beranda")

        open_page(page, "/profil")
        expect(page.get_by_label("Nama Lengkap")).to_have_value("Siti Aminah Layar")
        camera.shot("profil")
    finally:
        _finish(request, page, errors)

    too_wide = {name: width for name, width in camera.widths.items() if width > VIEWPORTS[size]["width"]}
    assert not too_wide, f"screens wider than the {size} ({VIEWPORTS[size]['width']} px): {too_wide}"
