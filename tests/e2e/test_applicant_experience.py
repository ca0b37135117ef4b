"""Issue 11, "Applicant experience": nothing typed is lost, Back works, errors say where,
a receipt after submission. Each test is named after the issue's numbered item."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import expect_path, login, make_applicant, outbox, register, wait_for_message


def _open_research_draft(page: Page) -> str:
    page.get_by_role("link", name="Ajukan Permohonan").click()
    page.get_by_role("button", name="Penelitian", exact=True).click()
    page.get_by_role("button", name="Izin Baru", exact=True).click()
    page.get_by_role("button", name="Surat Keterangan Penelitian", exact=True).click()
    page.get_by_role("button", name="Isi Kelengkapan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    return page.url


def test_1_typed_values_survive_leaving_the_form_without_simpan_draf(phone_page: Page, app_server):
    page = phone_page
    make_applicant(
        app_server.database_url,
        username="6471014101906071",
        wa="+6281255500071",
        password="rahasia-simpan",
        name="Sari Autosave",
    )
    login(page, "Perorangan", "6471014101906071", "rahasia-simpan")
    expect_path(page, "/beranda")
    draft_url = _open_research_draft(page)

    page.get_by_label("Judul Penelitian").fill("Kualitas Air Sungai Ampal")
    page.get_by_label("Instansi/Universitas", exact=True).fill("Politeknik Uji")
    page.get_by_label("Tanggal Mulai Penelitian").fill("2026-12-01")
    page.get_by_label("Lokasi", exact=True).fill("Sungai Ampal")
    # The quiet indicator says when the server has it.
    expect(page.get_by_text("Tersimpan", exact=True)).to_be_visible()

    # Leave through the header (no Simpan Draf) and come back with Lanjutkan.
    page.get_by_role("link", name="Beranda", exact=True).locator("visible=true").first.click()
    expect_path(page, "/beranda")
    page.get_by_role("link", name="Lanjutkan").click()
    expect(page).to_have_url(draft_url)
    expect(page.get_by_label("Judul Penelitian")).to_have_value("Kualitas Air Sungai Ampal")
    expect(page.get_by_label("Instansi/Universitas", exact=True)).to_have_value("Politeknik Uji")
    expect(page.get_by_label("Tanggal Mulai Penelitian")).to_have_value("2026-12-01")
    expect(page.get_by_label("Lokasi", exact=True)).to_have_value("Sungai Ampal")

    # Review summary: dates as DD-MM-YYYY, not ISO.
    expect(page.get_by_text("01-12-2026")).to_be_visible()


def test_1_leaving_with_unsaved_typing_asks_first(page: Page, app_server):
    make_applicant(
        app_server.database_url,
        username="6471014101906072",
        wa="+6281255500072",
        password="rahasia-tinggal",
        name="Tono Tinggal",
    )
    login(page, "Perorangan", "6471014101906072", "rahasia-tinggal")
    _open_research_draft(page)
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", answer)
    box = page.get_by_label("Judul Penelitian")
    box.focus()
    # Type and tap Beranda in one go, before the autosave's pause can pass (a slow test
    # machine would otherwise let the autosave win the race).
    page.evaluate(
        """() => {
          document.execCommand("insertText", false, "Belum tersimpan");
          [...document.querySelectorAll("header a[href='/beranda']")].find(a => a.offsetParent).click();
        }"""
    )
    assert asked and "belum tersimpan" in asked[0]
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    expect(box).to_have_value("Belum tersimpan")


def test_3_wizard_steps_have_urls_and_browser_back_goes_one_step_back(page: Page, app_server):
    make_applicant(
        app_server.database_url,
        username="6471014101906073",
        wa="+6281255500073",
        password="rahasia-kembali",
        name="Budi Kembali",
    )
    login(page, "Perorangan", "6471014101906073", "rahasia-kembali")
    page.get_by_role("link", name="Ajukan Permohonan").click()
    page.get_by_role("button", name="Kesehatan", exact=True).click()
    expect(page.get_by_role("heading", name="Langkah 2 – Pilih Jenis Layanan")).to_be_focused()
    page.get_by_role("button", name="Izin Baru", exact=True).click()
    expect(page.get_by_role("heading", name="Langkah 3 – Pilih Jenis Izin")).to_be_visible()
    step3 = page.url
    assert "bidang=" in step3 and "layanan=" in step3

    page.go_back()
    expect(page.get_by_role("heading", name="Langkah 2 – Pilih Jenis Layanan")).to_be_visible()
    expect_path(page, "/permohonan/baru")
    page.go_forward()
    expect(page.get_by_role("heading", name="Langkah 3 – Pilih Jenis Izin")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Langkah 3 – Pilih Jenis Izin")).to_be_visible()
    expect(page.get_by_role("button", name="Surat Izin Praktik Dokter", exact=True)).to_be_visible()


def test_4_kirim_ulang_otp_is_disabled_and_counts_down_until_it_may_be_used(page: Page, app_server):
    register(page, "Perorangan", "6471014101906074", "081255500074", "hitung.mundur@contoh.id")
    dialog = page.get_by_role("dialog", name="Verifikasi Nomor WhatsApp")
    expect(dialog).to_be_visible()
    wait_for_message(app_server.database_url, "+6281255500074", "otp_register")
    resend = dialog.get_by_role("link", name=re.compile(r"^Kirim Ulang OTP"))
    # The seconds are on the link itself, and they go down.
    expect(resend).to_have_text(re.compile(r"^Kirim Ulang OTP \((\d+) detik\)$"))
    expect(resend).to_have_attribute("aria-disabled", "true")
    expect(resend).to_be_disabled()
    first = int(re.search(r"\((\d+) detik", resend.inner_text()).group(1))
    assert 50 <= first <= 60, first
    expect(resend).not_to_have_text(f"Kirim Ulang OTP ({first} detik)", timeout=3_000)
    # A tap or Enter during the countdown sends nothing and shows no error.
    resend.click(force=True)
    resend.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(1_000)
    assert [kind for kind, _, _ in outbox(app_server.database_url, "+6281255500074")] == ["otp_register"]
    expect(dialog.get_by_text("Tunggu", exact=False)).to_have_count(0)
    expect_path(page, "/registrasi")
