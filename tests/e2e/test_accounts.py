"""Chapters 1–3, 6 and 7 of the manual, end to end, reading WhatsApp from the outbox."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_page
from tests.e2e.helpers import (
    CAPTCHA,
    expect_path,
    link_path,
    login,
    otp_from,
    register,
    wait_for_message,
)

NIK = "6471015708900001"
WA = "081255500001"
WA_E164 = "+6281255500001"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (20, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_perorangan_registers_verifies_logs_in_edits_profile_logs_out_and_resets_password(page: Page, app_server):
    db = app_server.database_url

    # 2. Registrasi Akun: a wrong captcha is refused beside the field and nothing typed is lost.
    register(page, "Perorangan", NIK, WA, "warga@contoh.id", captcha="SALAH")
    expect(page.locator("#captcha-error")).to_contain_text("Kode Unik tidak sesuai")
    # Issue 11 item 2: the summary at the top names it too, as a link to the field.
    summary = page.get_by_role("alert").filter(has_text="Terdapat kesalahan")
    expect(summary.get_by_role("link", name=re.compile("^Kode Unik tidak sesuai"))).to_be_visible()
    expect(page.get_by_label("Nomor Identitas")).to_have_value(NIK)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Daftar").click()

    # OTP dialog; a wrong code says how many tries are left.
    expect(page.get_by_label("Kode OTP")).to_be_visible()
    code = otp_from(wait_for_message(db, WA_E164, "otp_register"))
    page.get_by_label("Kode OTP").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_text("Sisa percobaan: 4")).to_be_visible()
    page.get_by_label("Kode OTP").fill(code)
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_role("heading", name="Registrasi Berhasil")).to_be_visible()

    # 3. The WhatsApp link: welcome, Lengkapi Data, completion form.
    link = link_path(wait_for_message(db, WA_E164, "registration_link"))
    open_page(page, link)
    page.get_by_role("button", name="Lengkapi Data").click()
    expect(page.get_by_text(NIK)).to_be_visible()
    page.get_by_label("Password", exact=True).fill("rahasia-warga-1")
    page.get_by_label("Ketik Ulang Password").fill("rahasia-warga-2")
    page.get_by_label("Nama Lengkap").fill("Warga Uji Coba")
    page.get_by_label("Kecamatan").select_option(label="Balikpapan Selatan")
    page.get_by_label("Kelurahan").select_option(label="Sepinggan")
    page.get_by_label("Alamat").fill("Jl. Uji Coba No. 1 RT 02")
    page.get_by_label("Tempat Lahir").fill("Balikpapan")
    page.get_by_label("Tanggal Lahir").fill("1990-08-17")
    page.get_by_label("Laki-laki").check()
    page.get_by_role("button", name="Selesaikan Registrasi").click()
    expect(page.locator("#password_confirm-error")).to_contain_text("Ketik ulang password tidak sama.")
    expect(page.get_by_label("Nama Lengkap")).to_have_value("Warga Uji Coba")
    page.get_by_label("Password", exact=True).fill("rahasia-warga-1")
    page.get_by_label("Ketik Ulang Password").fill("rahasia-warga-1")
    page.get_by_role("button", name="Selesaikan Registrasi").click()
    expect_path(page, "/login")

    # The link works once.
    open_page(page, link)
    expect(page.get_by_role("heading", name="Tautan Tidak Berlaku")).to_be_visible()

    # 4. Login: a wrong password gets the generic message; Enter submits.
    login(page, "Perorangan", NIK, "salah-password")
    expect(page.get_by_text("Username atau password salah, atau Status Pemohon tidak sesuai.")).to_be_visible()
    login(page, "Perorangan", NIK, "rahasia-warga-1")
    expect_path(page, "/beranda")
    expect(page.get_by_role("heading", name="Selamat datang, Warga Uji Coba")).to_be_visible()

    # 6. Setting Profil: name, photo, password.
    open_page(page, "/profil")
    expect(page.get_by_label("No Identitas")).to_have_value("64.71.01.57.08.90.0001")
    page.get_by_label("Upload Foto Profil").set_input_files(
        files=[{"name": "foto.png", "mimeType": "image/png", "buffer": _png()}]
    )
    expect(page.get_by_text("Foto profil diperbarui.")).to_be_visible()
    expect(page.locator("header img.rt-AvatarImage")).to_have_attribute("src", re.compile(r"^data:image/jpeg;base64,"))
    page.get_by_label("Nama Lengkap").fill("Warga Uji Baru")
    page.get_by_label("Password Lama").fill("rahasia-warga-1")
    page.get_by_label("Password Baru", exact=True).fill("rahasia-warga-3")
    page.get_by_label("Konfirmasi Password Baru").fill("rahasia-warga-3")
    page.get_by_role("button", name="Update Profil Saya").click()
    expect(page.get_by_text("Profil berhasil diperbarui.").first).to_be_visible()
    expect(page.locator("header").get_by_text("Warga Uji Baru")).to_be_visible()

    # 7. Keluar: back to the landing page; the home page now asks for a login.
    page.get_by_role("button", name="Keluar").click()
    expect_path(page, "/")
    page.goto("/beranda")
    expect_path(page, "/login")

    # Lupa password: username -> OTP -> new password; the old one stops working.
    open_page(page, "/lupa-password")
    page.get_by_label("Username").fill(NIK)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Kirim Kode OTP").click()
    page.get_by_label("Kode OTP").fill(otp_from(wait_for_message(db, WA_E164, "otp_reset")))
    page.get_by_role("button", name="Verifikasi").click()
    page.get_by_label("Password Baru").fill("rahasia-warga-4")
    page.get_by_label("Ketik Ulang Password").fill("rahasia-warga-4")
    page.get_by_role("button", name="Simpan Password").click()
    expect_path(page, "/login")
    login(page, "Perorangan", NIK, "rahasia-warga-3")
    expect(page.get_by_text("Username atau password salah, atau Status Pemohon tidak sesuai.")).to_be_visible()
    login(page, "Perorangan", NIK, "rahasia-warga-4")
    expect_path(page, "/beranda")
