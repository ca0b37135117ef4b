"""Issue 11 in the browser: statuses in plain Indonesian with what to do next (10), the
error summary (2), Hapus Draf (9), focus and Escape (12) and the smaller items (15).
Each test is named after the issue's numbered item."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from spontan_app.db import make_engine
from spontan_app.domain.models import JenisIzin
from spontan_app.services import accounts, applications
from tests.e2e.conftest import AppServer, _finish, _new_page, open_page
from tests.e2e.helpers import CAPTCHA, escape_from, expect_path, login, make_applicant
from tests.e2e.test_screenshots_portal import _submitted_via_service
from tests.support import redeem

SMALL_PHONE = {"width": 360, "height": 740}
PASSWORD = "rahasia-layar"  # what _submitted_via_service logs in with


@pytest.fixture
def small_phone(request, browser: Browser, app_server: AppServer) -> Iterator[Page]:
    page, errors = _new_page(browser, app_server, SMALL_PHONE)
    yield page
    _finish(request, page, errors)


def _applicant(app_server: AppServer, n: int, name: str) -> str:
    """An account of its own per test (NIKs outside the factories' nik_of range)."""
    username = f"647102410190{n:04d}"
    make_applicant(app_server.database_url, username=username, wa=f"+62812555{n:05d}", password=PASSWORD, name=name)
    return username


def _draft_via_service(database_url: str, username: str, code: str = "IPRI-B") -> int:
    engine = make_engine(database_url)
    try:
        with Session(engine, expire_on_commit=False) as s:
            handoff = accounts.login(
                session=s, applicant_type="perorangan", username=username, password=PASSWORD, ip=None
            ).handoff
            applicant = accounts.current_applicant(session=s, token=redeem(s, handoff))
            izin = s.exec(select(JenisIzin).where(JenisIzin.code == code)).one()
            draft = applications.start_draft(session=s, applicant=applicant, izin_id=izin.id)
            s.commit()
            return draft.id
    finally:
        engine.dispose()


def _row(page: Page, text: str):
    return page.get_by_text(text, exact=True).first.locator("xpath=ancestor::div[contains(@class,'rt-Card')][1]")


# --------------------------------------------------------------------------- 10: status


def test_10_status_is_plain_indonesian_with_the_next_step_and_the_history_is_a_list_at_360px(
    small_phone: Page, app_server
):
    page = small_phone
    username = _applicant(app_server, 8101, "Wulan Status")
    number = _submitted_via_service(app_server.database_url, username)
    login(page, "Perorangan", username, PASSWORD)
    row = _row(page, number)
    expect(row.get_by_text("Diajukan", exact=True)).to_be_visible()
    next_step = re.compile(r"^Yang perlu Anda lakukan: Tidak ada\. Tunggu petugas memeriksa berkas Anda")
    expect(row.get_by_text(next_step)).to_be_visible()

    # Detail page: the same label and advice.
    row.get_by_role("link", name=re.compile("^(Ubah|Detail)$")).click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    main = page.locator("main")
    expect(main.get_by_text(next_step)).to_be_visible()
    expect(main.get_by_text("Diajukan", exact=True)).to_be_visible()

    # Lacak from Beranda (item 11): the owner's file at once, no captcha; the label, the
    # advice and the history as a vertical list, nothing clipped.
    page.get_by_role("link", name="Beranda", exact=True).locator("visible=true").first.click()
    _row(page, number).get_by_role("link", name="Lacak").click()
    expect(page.get_by_role("heading", name="Hasil Pencarian")).to_be_visible()
    expect(page.get_by_label("Kode Unik")).to_have_count(0)
    expect(page.get_by_text(next_step)).to_be_visible()
    history = page.get_by_role("list", name="Riwayat proses berkas")
    expect(history).to_be_visible()
    expect(history.get_by_role("listitem").first).to_contain_text("Pengajuan Permohonan via Online")
    expect(history.get_by_text("Diajukan", exact=True).first).to_be_visible()
    expect(page.get_by_role("columnheader", name="Status")).to_have_count(0)  # the table is for wide screens
    text = page.locator("main").inner_text()
    for code in ("SUBMITTED", "IN_PROGRESS", "IN_PROCESS"):
        assert code not in text, code
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    for item in history.get_by_role("listitem").all():
        box = item.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"], box
    page.get_by_role("link", name="Lacak nomor lain").click()
    expect(page.get_by_label("Kode Unik")).to_be_visible()  # another number: the public form


# --------------------------------------------------------------------------- 2: error summary


def test_2_error_summary_names_each_field_and_its_links_move_focus(page: Page, app_server):
    username = _applicant(app_server, 8102, "Galih Ringkasan")
    draft = _draft_via_service(app_server.database_url, username)
    login(page, "Perorangan", username, PASSWORD)
    expect_path(page, "/beranda")
    open_page(page, f"/permohonan/{draft}")
    page.get_by_role("button", name="Ajukan Permohonan").click()
    summary = page.get_by_role("alert").filter(has_text="Terdapat kesalahan")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Jumlah Reklame wajib diisi.")
    expect(link).to_be_visible()
    expect(summary.get_by_role("link", name="Lokasi wajib diisi.")).to_be_visible()
    link.click()
    expect(page.get_by_label("Jumlah Reklame")).to_be_focused()


# --------------------------------------------------------------------------- 9 and 12: dialogs


def test_9_hapus_draf_asks_first_and_removes_only_after_ok(page: Page, app_server):
    username = _applicant(app_server, 8103, "Dedi Hapus")
    _draft_via_service(app_server.database_url, username)
    login(page, "Perorangan", username, PASSWORD)
    delete = page.get_by_role("button", name="Hapus Draf")
    delete.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.get_by_text("Apakah anda yakin akan menghapus draf ini?")).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("link", name="Lanjutkan")).to_be_visible()
    delete.click()
    page.get_by_role("alertdialog").get_by_role("button", name="OK").click()
    expect(page.get_by_text(re.compile("^Draf Izin Penyelenggaraan Reklame Insidentil dihapus"))).to_be_visible()
    expect(page.get_by_role("link", name="Lanjutkan")).to_have_count(0)
    expect(page.get_by_text("Belum ada permohonan izin.", exact=False)).to_be_visible()


def test_12_confirm_dialogs_close_on_escape_and_focus_returns_to_their_button(page: Page, app_server):
    username = _applicant(app_server, 8104, "Eka Escape")
    number = _submitted_via_service(app_server.database_url, username)
    _draft_via_service(app_server.database_url, username)
    login(page, "Perorangan", username, PASSWORD)
    for name in ("Batalkan", "Hapus Draf"):
        button = page.get_by_role("button", name=name)
        button.focus()
        page.keyboard.press("Enter")
        dialog = page.get_by_role("alertdialog")
        # The question takes the focus, on its safe answer; Escape closes it.
        expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
        escape_from(page, dialog)
        expect(dialog).to_have_count(0)
        expect(button).to_be_focused()
        button.click()  # by pointer too
        expect(dialog).to_be_visible()
        dialog.get_by_role("button", name="Cancel").click()
        expect(button).to_be_focused()
    # Nothing was cancelled or deleted.
    expect(_row(page, number).get_by_text("Diajukan", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Lanjutkan")).to_be_visible()


def test_12_failed_login_moves_focus_to_the_error(page: Page, app_server):
    username = _applicant(app_server, 8105, "Fajar Fokus")
    open_page(page, "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("bukan-passwordnya")
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_label("Kode Unik").press("Enter")
    error = page.get_by_role("alert").filter(has_text="Username atau password salah, atau Status Pemohon tidak sesuai")
    expect(error).to_be_focused()
    # Missing fields: the error summary takes the focus, its link leads to the field.
    page.get_by_label("Username").fill("")
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Masuk").click()
    summary = page.get_by_role("alert").filter(has_text="Terdapat kesalahan")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Username wajib diisi.").click()
    expect(page.get_by_label("Username")).to_be_focused()


def test_12_skip_link_moves_focus_to_the_main_content(page: Page, app_server):
    open_page(page, "/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke isi halaman")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # it shows itself when focused
    page.keyboard.press("Enter")
    expect(page.locator("main#isi")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the content, not back in the header
    assert page.evaluate("document.activeElement.closest('main') !== null")


# --------------------------------------------------------------------------- 15: smaller items


def test_15_stepper_and_map_on_a_360px_phone(small_phone: Page, app_server):
    page = small_phone
    username = _applicant(app_server, 8106, "Gita Peta")
    draft = _draft_via_service(app_server.database_url, username)
    login(page, "Perorangan", username, PASSWORD)
    expect_path(page, "/beranda")
    open_page(page, f"/permohonan/{draft}")
    stepper = page.get_by_role("navigation", name="Langkah pengajuan permohonan")
    expect(stepper).to_be_visible()
    steps = stepper.get_by_role("listitem")
    expect(steps).to_have_count(6)
    for step in steps.all():
        box = step.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"], box
    expect(stepper.locator("[aria-current='step']")).to_contain_text("Isi Kelengkapan")
    # No tile server (as offline): the map says so in Indonesian and the coordinates stay.
    expect(page.get_by_text(re.compile("^Peta tidak dapat dimuat. Ketik koordinat lokasi"))).to_be_visible()
    page.get_by_label("Latitude", exact=True).fill("-1.2401")
    page.get_by_label("Longitude", exact=True).fill("116.8702")
    expect(page.get_by_label("Latitude", exact=True)).to_have_value("-1.2401")
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]


def _silent_server(ws) -> None:
    """A backend that never answers (down behind a proxy): socket.io gives up on the
    attempt after its 20 s connect timeout and Reflex counts a connection error."""


def test_15_lost_connection_shows_the_indonesian_banner_not_reflex_english(browser, app_server):
    # Not the `page` fixture: the refused connection is logged as an error, on purpose.
    context = browser.new_context(base_url=app_server.url, locale="id-ID")
    try:
        page = context.new_page()
        page.route_web_socket(re.compile(r"/_event"), _silent_server)
        page.goto("/login")
        banner = page.get_by_role("alert").filter(has_text="Koneksi terputus, mencoba menyambung kembali")
        expect(banner).to_be_visible(timeout=45_000)
        page.wait_for_timeout(1000)  # Reflex's own toast would be up by now
        expect(page.get_by_text(re.compile("Cannot connect|server is reachable"))).to_have_count(0)
        expect(page.locator("[title*='Connection Error']")).to_have_count(0)
    finally:
        context.close()
