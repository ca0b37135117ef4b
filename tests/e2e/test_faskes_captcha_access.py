"""Issue 11 items 5 and 8 in the browser: the captcha can be heard (login, registration);
the faskes dialog shows cards on a phone, ranks by match and is usable by keyboard alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import AppServer, _finish, _new_page, open_page
from tests.e2e.helpers import expect_path, login, make_applicant
from tests.support import screenshot_dir

SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
SHOTS = screenshot_dir()
NIK, WA, PASSWORD = "6471027711880801", "+6281377708801", "rahasia-kartu-faskes"


@pytest.fixture
def small_phone(request, browser: Browser, app_server: AppServer) -> Iterator[Page]:
    page, errors = _new_page(browser, app_server, SMALL_PHONE)
    yield page
    _finish(request, page, errors)


def _open_kelengkapan(page: Page) -> None:
    page.get_by_role("link", name="Ajukan Permohonan").click()
    page.get_by_role("button", name="Kesehatan", exact=True).click()
    page.get_by_role("button", name="Izin Baru", exact=True).click()
    page.get_by_role("button", name="Surat Izin Praktik Dokter", exact=True).click()
    page.get_by_role("button", name="Isi Kelengkapan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    expect(page.get_by_label("Nama Pemohon")).to_be_visible()


def test_8_faskes_dialog_by_keyboard_alone_on_a_small_phone(small_phone: Page, app_server):
    page = small_phone
    make_applicant(app_server.database_url, username=NIK, wa=WA, password=PASSWORD, name="Kartu Faskes")
    login(page, "Perorangan", NIK, PASSWORD)
    expect_path(page, "/beranda")
    _open_kelengkapan(page)

    opener = page.get_by_role("button", name="Cari Faskes")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Pencarian Faskes")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Cari")).to_be_focused()
    page.keyboard.type("Klinik Pratama")
    cards = dialog.get_by_role("list", name="Daftar faskes").get_by_role("listitem")
    expect(cards.first).to_contain_text(re.compile(r"^Klinik Pratama"))  # ranked: not "Klinik Gigi …" first
    expect(dialog.get_by_role("table")).to_be_hidden()  # cards, not four squeezed columns
    expect(cards.first.get_by_text("Klinik Pratama", exact=True)).to_be_visible()  # the kind
    expect(dialog.get_by_text(re.compile(r"^Menampilkan 1 sampai 10 dari \d+ data"))).to_be_visible()
    names = [n.strip() for n in dialog.locator(".faskes-card-name").all_inner_texts()]
    assert names and all(n.startswith("Klinik Pratama") for n in names[:3]), names

    pick = cards.first.get_by_role("button", name=re.compile("^Pilih "))
    box, card = pick.bounding_box(), cards.first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= card["width"] - 30, (box, card)
    dialog.wait_for(state="visible")
    page.wait_for_timeout(300)  # the dialog's fade-in has settled
    page.screenshot(path=str(SHOTS / "faskes-kartu-phone.png"))

    page.keyboard.press("Tab")
    expect(pick).to_be_focused()
    chosen = names[0]
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.get_by_text(chosen, exact=True).first).to_be_visible()  # in the form's Faskes
    expect(opener).to_be_focused()

    # Escape closes the dialog and gives the focus back to its opener as well.
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Cari")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()

    # A spelling variant: "Apotik" finds the Apotek.
    page.keyboard.press("Enter")
    expect(dialog.get_by_label("Cari")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Apotik")
    expect(cards.first).to_contain_text(re.compile(r"^Apotek"))
    page.keyboard.press("Escape")
    expect(opener).to_be_focused()

    # On a desktop the four-column table stays.
    page.set_viewport_size(DESKTOP)
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    page.keyboard.press("Control+A")
    page.keyboard.type("Klinik Pratama")
    rows = dialog.get_by_role("row")
    expect(rows.nth(1).get_by_role("cell").nth(3)).to_have_text(re.compile(r"^Klinik Pratama"))
    expect(dialog.get_by_role("list", name="Daftar faskes")).to_be_hidden()
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / "faskes-tabel-desktop.png"))
    page.keyboard.press("Escape")
    expect(opener).to_be_focused()


@pytest.mark.parametrize("path", ["/login", "/registrasi"])
def test_5_the_captcha_can_be_heard(page: Page, app_server, path):
    open_page(page, path)
    player = page.get_by_label("Dengarkan kode")
    expect(player).to_be_visible()
    assert page.evaluate("document.querySelector('audio.captcha-audio').controls") is True
    src = player.get_attribute("src")
    assert src and src.startswith("/captcha/suara/"), src
    answer = page.request.get(src)
    assert answer.status == 200 and answer.headers["content-type"] == "audio/wav"
    assert answer.body()[:4] == b"RIFF"
    refused = page.request.get("/captcha/suara/bukan-token-yang-sah")
    assert refused.status == 404
    # A new image comes with a new recording.
    page.get_by_role("button", name="Ganti gambar captcha").click()
    expect(player).not_to_have_attribute("src", src)
    if path == "/login":
        page.screenshot(path=str(SHOTS / "login-captcha-suara-desktop.png"))
