"""Chapters 2–4 and 7 of the manual for a Badan Usaha (company), reading WhatsApp from the outbox."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_page
from tests.e2e.helpers import (
    CAPTCHA,
    expect_path,
    link_path,
    otp_from,
    outbox,
    wait_for_message,
)
from tests.support import ATTEMPT

GENERIC = "Username atau password salah, atau Status Pemohon tidak sesuai."
WAIT_MESSAGE = re.compile(r"Terlalu banyak percobaan login yang gagal\. Coba lagi dalam \d+ (menit|detik)\.")


def _clear_ip_counters(database_url: str) -> None:
    engine = sa.create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM login_throttle WHERE key LIKE 'ip:%'"))
    finally:
        engine.dispose()


@pytest.fixture(autouse=True)
def fresh_ip_counter(app_server) -> Iterator[None]:
    """Every browser of the test session logs in from 127.0.0.1, so the app's per-IP failure
    counter (20 free failures, forgotten after 15 quiet minutes) adds up the wrong logins of all
    tests: start from zero so that they cannot decide which message these tests see, and leave
    zero behind after the five wrong passwords here."""
    _clear_ip_counters(app_server.database_url)
    yield
    _clear_ip_counters(app_server.database_url)


def _e164(wa: str) -> str:
    return "+62" + wa[1:]


def _choose(page: Page, label: str) -> None:
    """Radios here are controlled by the server: they show as chosen once it has answered."""
    page.get_by_label(label, exact=True).click()
    expect(page.get_by_label(label, exact=True)).to_be_checked()


def _register(page: Page, npwp: str, wa: str, email: str) -> None:
    open_page(page, "/registrasi")
    _choose(page, "Badan Usaha")
    expect(page.get_by_text("NPWP badan usaha, 15 atau 16 digit.")).to_be_visible()
    page.get_by_label("Nomor Identitas").fill(npwp)
    page.get_by_label("No WA").fill(wa)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Daftar").click()


def _login(page: Page, kind: str, username: str, password: str) -> None:
    open_page(page, "/login")
    _choose(page, kind)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Masuk").click()


def _register_and_verify(page: Page, db: str, npwp: str, wa: str, email: str) -> str:
    """Registrasi Akun as a Badan Usaha up to the OTP; returns the path of the WhatsApp link."""
    _register(page, npwp, wa, email)
    expect(page.get_by_label("Kode OTP")).to_be_visible()
    page.get_by_label("Kode OTP").fill(otp_from(wait_for_message(db, _e164(wa), "otp_register")))
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_role("heading", name="Registrasi Berhasil")).to_be_visible()
    return link_path(wait_for_message(db, _e164(wa), "registration_link"))


def _fill_company(page: Page, name: str, password: str) -> None:
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Ketik Ulang Password").fill(password)
    page.get_by_label("Nama Badan Usaha").fill(name)
    page.get_by_label("Bentuk Usaha").select_option(label="CV")
    page.get_by_label("Nama Penanggung Jawab").fill("Rina Kartika")
    page.get_by_label("NIK Penanggung Jawab").fill("6472015508850002")
    _choose(page, "Luar Wilayah Kota Balikpapan")
    # The form changes once the server has the choice: the Kecamatan becomes a text box.
    expect(page.get_by_role("textbox", name="Kecamatan")).to_be_visible()
    page.get_by_label("Kabupaten/Kota").select_option(label="Kota Samarinda")
    page.get_by_label("Kecamatan").fill("Samarinda Ulu")
    page.get_by_label("Kelurahan").fill("Air Hitam")
    page.get_by_label("Alamat").fill("Jl. M. Yamin No. 12")


def _company_account(page: Page, db: str, npwp: str, wa: str, name: str, password: str) -> None:
    """A complete, active Badan Usaha account made through the screens."""
    open_page(page, _register_and_verify(page, db, npwp, wa, f"{wa}@contoh.id"))
    page.get_by_role("button", name="Lengkapi Data").click()
    _fill_company(page, name, password)
    page.get_by_role("button", name="Selesaikan Registrasi").click()
    expect_path(page, "/login")


def test_badan_usaha_registers_with_npwp_completes_company_data_logs_in_and_out(page: Page, app_server):
    db = app_server.database_url
    npwp, npwp_digits = "01.234.567.8-901.000", "012345678901000"
    wa = "081255500101"
    name = "CV Maju Bersama Kaltim"

    # 2. Registrasi Akun: Badan Usaha asks for the NPWP, dots and dash accepted.
    link = _register_and_verify(page, db, npwp, wa, "usaha@contoh.id")
    expect(page.get_by_text("0812*****101")).to_be_visible()  # the number, masked

    # 3. The WhatsApp link: the NPWP is the username; the form asks for company data.
    open_page(page, link)
    expect(page.get_by_text(npwp_digits)).to_be_visible()
    page.get_by_role("button", name="Lengkapi Data").click()
    expect(page.get_by_role("heading", name="Data Badan Usaha")).to_be_visible()
    expect(page.get_by_label("Tempat Lahir")).to_have_count(0)
    expect(page.get_by_label("Nomor Handphone")).to_have_value(wa)
    expect(page.get_by_text("usaha@contoh.id")).to_be_visible()
    _fill_company(page, name, "rahasia-usaha-1")
    # Outside Balikpapan the Kecamatan and Kelurahan are typed, not chosen.
    expect(page.get_by_label("Kecamatan")).to_have_value("Samarinda Ulu")
    page.get_by_label("Nomor Handphone").fill("0812-5550-0102")
    page.get_by_role("button", name="Selesaikan Registrasi").click()
    expect_path(page, "/login")

    # 4. Login: the right password with the wrong Status Pemohon is refused like any wrong login.
    _login(page, "Perorangan", npwp, "rahasia-usaha-1")
    expect(page.get_by_text(GENERIC)).to_be_visible()
    expect_path(page, "/login")
    _login(page, "Badan Usaha", npwp, "rahasia-usaha-1")
    expect_path(page, "/beranda")
    expect(page.get_by_role("heading", name=f"Selamat datang, {name}")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Username: 01\.?234\.?567\.?8-?901\.?000"))).to_be_visible()
    expect(page.get_by_role("link", name="Ajukan Permohonan")).to_be_visible()
    # What the completion form took in is what the profile shows.
    open_page(page, "/profil")
    expect(page.get_by_label("Nomor Handphone")).to_have_value("081255500102")
    expect(page.get_by_label("Alamat")).to_have_value("Jl. M. Yamin No. 12")

    # 7. Keluar: the session ends; the home page asks for a login again.
    page.get_by_role("button", name="Keluar").click()
    expect_path(page, "/")  # the logout clears the HttpOnly cookie, then loads the landing page
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)
    expect(page.get_by_role("banner").get_by_role("link", name="Login")).to_be_visible()
    page.goto("/beranda")
    expect_path(page, "/login")
    # Digits only works as well as the printed form of the NPWP.
    _login(page, "Badan Usaha", npwp_digits, "rahasia-usaha-1")
    expect_path(page, "/beranda")

    # 6. Setting Profil for a company: the name shown everywhere changes.
    open_page(page, "/profil")
    page.get_by_label("Nama Lengkap").fill("CV Maju Bersama Kalimantan")
    page.get_by_role("button", name="Update Profil Saya").click()
    expect(page.get_by_text("Profil berhasil diperbarui.").first).to_be_visible()
    expect(page.get_by_role("banner").get_by_text("CV Maju Bersama Kalimantan")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()
    expect_path(page, "/")  # the logout clears the HttpOnly cookie, then loads the landing page

    # Lupa password with the NPWP: the code goes to the company's registered WhatsApp number.
    open_page(page, "/lupa-password")
    _choose(page, "Badan Usaha")
    page.get_by_label("Username").fill(npwp)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Kirim Kode OTP").click()
    page.get_by_label("Kode OTP").fill(otp_from(wait_for_message(db, _e164(wa), "otp_reset")))
    page.get_by_role("button", name="Verifikasi").click()
    page.get_by_label("Password Baru").fill("rahasia-usaha-9")
    page.get_by_label("Ketik Ulang Password").fill("rahasia-usaha-9")
    page.get_by_role("button", name="Simpan Password").click()
    expect_path(page, "/login")
    _login(page, "Badan Usaha", npwp, "rahasia-usaha-9")
    expect_path(page, "/beranda")


def test_registering_an_npwp_again_says_it_is_taken_and_keeps_the_form(page: Page, app_server):
    db = app_server.database_url
    retry = ATTEMPT[0] - 1  # a retry registers a company of its own: the first try's is taken
    npwp = f"02.345.678.9-012.{retry:03d}"
    _company_account(page, db, npwp, f"0812555{retry:02d}111", "PT Sudah Ada", "rahasia-usaha-2")

    other_wa = f"0812555{retry:02d}112"
    _register(page, npwp, other_wa, "lain@contoh.id")
    identity = page.get_by_label("Nomor Identitas")
    expect(page.locator("#identity-error")).to_contain_text(
        "NPWP ini sudah terdaftar. Silakan login atau gunakan Lupa Password."
    )
    # The message belongs to the field: screen readers announce it with Nomor Identitas.
    expect(identity).to_have_attribute("aria-invalid", "true")
    expect(identity).to_have_accessible_description(re.compile("NPWP ini sudah terdaftar"))
    # Nothing typed is lost, no OTP dialog, and nothing is sent to the new number.
    expect(identity).to_have_value(npwp)
    expect(page.get_by_label("No WA")).to_have_value(other_wa)
    expect(page.get_by_label("Email")).to_have_value("lain@contoh.id")
    expect(page.get_by_label("Badan Usaha", exact=True)).to_be_checked()
    expect(page.get_by_label("Kode OTP")).to_have_count(0)
    assert outbox(db, _e164(other_wa)) == []


def test_five_wrong_passwords_make_the_sixth_login_wait_even_with_the_right_password(page: Page, app_server):
    db = app_server.database_url
    npwp = "03.456.789.0-123.000"
    _company_account(page, db, npwp, "081255500121", "PT Coba Kunci", "rahasia-usaha-3")

    for attempt in range(1, 6):
        _login(page, "Badan Usaha", npwp, f"tebakan-salah-{attempt}")
        if attempt < 5:
            expect(page.get_by_text(GENERIC)).to_be_visible()
        else:  # the fifth failure may already announce the wait
            expect(page.get_by_text(GENERIC).or_(page.get_by_text(WAIT_MESSAGE))).to_be_visible()
        expect_path(page, "/login")

    _login(page, "Badan Usaha", npwp, "rahasia-usaha-3")
    expect(page.get_by_text(WAIT_MESSAGE)).to_be_visible()
    expect(page.get_by_text(GENERIC)).to_have_count(0)
    expect_path(page, "/login")
    page.goto("/beranda")
    expect_path(page, "/login")


def test_keluar_leads_to_the_landing_page(page: Page, app_server):
    npwp = "04.567.890.1-234.000"
    _company_account(page, app_server.database_url, npwp, "081255500131", "PT Pamit", "rahasia-usaha-4")
    _login(page, "Badan Usaha", npwp, "rahasia-usaha-4")
    expect_path(page, "/beranda")
    page.get_by_role("button", name="Keluar").click()
    expect_path(page, "/")  # the logout clears the HttpOnly cookie, then loads the landing page
    expect(page.get_by_role("banner").get_by_role("link", name="Login")).to_be_visible()
    page.wait_for_timeout(2_000)  # let every redirect the logout started finish before judging where we are
    expect(page.get_by_text("Silakan login terlebih dahulu.")).to_have_count(0)
    # Not expect_path(page, "/"): its pattern accepts any URL ending in a slash, "/login/" included.
    expect(page).to_have_url(re.compile(re.escape(app_server.url) + r"/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("SPONTAN — Sistem Pendaftaran Online Tanpa Antrian")
