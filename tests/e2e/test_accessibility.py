"""Issue 11: every applicant page and dialog passes axe-core's WCAG 2.2 AA rules at phone
size (360×740) with no serious or critical violation, and the journey works by keyboard."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e import axe
from tests.e2e.conftest import AppServer, _finish, _new_page, open_page
from tests.e2e.helpers import CAPTCHA, expect_path, login, make_applicant

SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def small_phone(request, browser: Browser, app_server: AppServer) -> Iterator[Page]:
    page, errors = _new_page(browser, app_server, SMALL_PHONE)
    yield page
    _finish(request, page, errors)


def _check(page: Page, where: str, seen: dict[str, str]) -> None:
    found = axe.violations(page)
    if found:
        seen[where] = axe.describe(found)


def test_axe_finds_no_serious_violation_on_public_pages(small_phone: Page, app_server):
    page, seen = small_phone, {}
    for path in [
        "/",
        "/login",
        "/registrasi",
        "/lupa-password",
        "/lacak",
        "/layanan",
        "/layanan/SIPD-B",
        "/statistik",
        "/verifikasi-izin/KODE-YANG-TIDAK-ADA",
    ]:
        open_page(page, path)
        _check(page, path, seen)
    assert not seen, "\n\n".join(f"{k}\n{v}" for k, v in seen.items())


def test_axe_finds_no_serious_violation_on_applicant_pages_and_dialogs(small_phone: Page, app_server):
    page, seen = small_phone, {}
    make_applicant(
        app_server.database_url,
        username="6471014101906081",
        wa="+6281255500081",
        password="rahasia-aksesibel",
        name="Ayu Aksesibel",
    )
    login(page, "Perorangan", "6471014101906081", "rahasia-aksesibel")
    expect_path(page, "/beranda")
    _check(page, "/beranda", seen)
    page.get_by_role("link", name="Ajukan Permohonan").click()
    expect(page.get_by_role("heading", name="Langkah 1 – Pilih Bidang")).to_be_visible()
    _check(page, "wizard langkah 1", seen)
    page.get_by_role("button", name="Kesehatan", exact=True).click()
    page.get_by_role("button", name="Izin Baru", exact=True).click()
    expect(page.get_by_role("heading", name="Langkah 3 – Pilih Jenis Izin")).to_be_visible()
    _check(page, "wizard langkah 3", seen)
    page.get_by_role("button", name="Surat Izin Praktik Dokter", exact=True).click()
    page.get_by_role("button", name="Persyaratan").click()
    _check(page, "wizard izin", seen)
    page.get_by_role("button", name="Isi Kelengkapan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    expect(page.get_by_label("Nama Pemohon")).to_be_visible()
    _check(page, "isi kelengkapan", seen)
    page.get_by_role("button", name="Ajukan Permohonan").click()
    expect(page.get_by_role("alert").filter(has_text="Terdapat kesalahan")).to_be_visible()
    _check(page, "isi kelengkapan, error summary", seen)
    page.get_by_role("button", name="Cari Faskes").click()
    expect(page.get_by_role("dialog", name="Pencarian Faskes")).to_be_visible()
    _check(page, "dialog Pencarian Faskes", seen)
    page.keyboard.press("Escape")
    open_page(page, "/profil")
    _check(page, "/profil", seen)
    assert not seen, "\n\n".join(f"{k}\n{v}" for k, v in seen.items())


def test_axe_finds_no_serious_violation_in_the_confirm_dialogs_of_beranda(small_phone: Page, app_server):
    """Batalkan and Hapus Draf ask first; their red OK once failed colour-contrast (3.9:1)."""
    from tests.e2e.test_screenshots_portal import _submitted_via_service
    from tests.e2e.test_status_and_focus import _draft_via_service

    page, seen = small_phone, {}
    make_applicant(
        app_server.database_url,
        username="6471014101906084",
        wa="+6281255500084",
        password="rahasia-layar",  # what _submitted_via_service logs in with
        name="Dina Dialog",
    )
    _submitted_via_service(app_server.database_url, "6471014101906084")
    _draft_via_service(app_server.database_url, "6471014101906084")
    login(page, "Perorangan", "6471014101906084", "rahasia-layar")
    expect_path(page, "/beranda")
    for action, question in (
        ("Batalkan", "Apakah anda yakin akan membatalkan permohonan ini?"),
        ("Hapus Draf", "Apakah anda yakin akan menghapus draf ini?"),
    ):
        page.get_by_role("button", name=action).click()
        dialog = page.get_by_role("alertdialog")
        expect(dialog.get_by_text(question)).to_be_visible()
        expect(dialog.get_by_role("button", name="OK")).to_be_visible()
        _check(page, f"dialog {action}", seen)
        dialog.get_by_role("button", name="Cancel").click()
        expect(dialog).to_have_count(0)
    assert not seen, "\n\n".join(f"{k}\n{v}" for k, v in seen.items())


def test_keyboard_only_login_on_a_phone(small_phone: Page, app_server):
    """Tab through the login form, choose with the arrow keys, submit with Enter."""
    page = small_phone
    make_applicant(
        app_server.database_url,
        username="6471014101906082",
        wa="+6281255500082",
        password="rahasia-papan-ketik",
        name="Kiki Keyboard",
    )
    open_page(page, "/login")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Langsung ke isi halaman")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(30):  # to the first control of the form, whatever the header holds
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "status_pemohon":
            break
    page.keyboard.press("Space")  # Perorangan
    expect(page.get_by_label("Perorangan", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("6471014101906082")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type("rahasia-papan-ketik")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "captcha":
            break
    expect(page.get_by_label("Kode Unik")).to_be_focused()
    page.keyboard.type(CAPTCHA)
    page.keyboard.press("Enter")
    expect_path(page, "/beranda")


# Every control a finger aims at: buttons, links that stand alone, upload labels, selects.
# Links inside running text (p, li, text) are exempt (WCAG 2.5.8 "inline"), as are the map's
# attribution and the error summary's links (a list of messages).
_TARGETS = """() => [...document.querySelectorAll(
    "header a, header button, main a, main button, main .upload-button, main select")]
  .filter(el => el.offsetParent !== null && !el.closest("[data-error-summary], .leaflet-control-attribution")
    && !el.parentElement.closest("p, li, .rt-Text"))
  .map(el => { const r = el.getBoundingClientRect();
    return {name: (el.innerText || el.getAttribute("aria-label") || el.title || "").trim().slice(0, 40),
            w: Math.round(r.width), h: Math.round(r.height)}; })"""


def _measure(page: Page, where: str, expected: set[str], small: dict[str, list]) -> None:
    targets = page.evaluate(_TARGETS)
    names = {t["name"] for t in targets}
    assert expected <= names, f"{where}: {names}"
    under = [t for t in targets if t["w"] < 44 or t["h"] < 44]
    if under:
        small[where] = under


def test_13_tap_targets_on_beranda_the_form_and_lacak_are_44_px_on_a_phone(small_phone: Page, app_server):
    from tests.e2e.test_screenshots_portal import _submitted_via_service
    from tests.e2e.test_status_and_focus import _draft_via_service

    page, small = small_phone, {}
    make_applicant(
        app_server.database_url,
        username="6471014101906083",
        wa="+6281255500083",
        password="rahasia-layar",
        name="Tari Ketuk",
    )
    number = _submitted_via_service(app_server.database_url, "6471014101906083")
    draft_id = _draft_via_service(app_server.database_url, "6471014101906083")
    login(page, "Perorangan", "6471014101906083", "rahasia-layar")
    expect(page.get_by_text(number)).to_be_visible()
    _measure(page, "/beranda", {"Ubah", "Batalkan", "Lacak", "Bukti Pendaftaran", "Lanjutkan", "Hapus Draf"}, small)
    open_page(page, f"/permohonan/{draft_id}")
    expect(page.get_by_label("Nama Pemohon")).to_be_visible()
    expect(page.locator(".leaflet-container")).to_be_visible()
    _measure(page, "isi kelengkapan", {"Pilih Lokasi", "Simpan Draf", "Ajukan Permohonan"}, small)
    open_page(page, f"/lacak?nomor={number}")
    expect(page.get_by_role("heading", name="Hasil Pencarian")).to_be_visible()
    _measure(page, "/lacak", {"Lacak nomor lain"}, small)
    assert not small, f"tap targets under 44x44 px: {small}"
