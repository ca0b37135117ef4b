"""A public demo (SPONTAN_DEMO=1), served by an app of its own: the DEMO banner on applicant
and back-office pages, a visitor who registers by reading the OTP and the link in Kotak
Pesan Demo (no real WhatsApp), another browser that sees none of it, and a back office
that is not empty."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.e2e.axe import violations
from tests.e2e.cloud import _own_redis
from tests.e2e.conftest import DESKTOP, PHONE, AppServer, _new_page, open_page, start_app, stop_app
from tests.e2e.helpers import OTP_RE, expect_path, login, register
from tests.e2e.staff import staff_login
from tests.support import screenshot_dir

NIK = "6471016508950003"
WA = "081255590077"
SHOTS = screenshot_dir()


@pytest.fixture(scope="module")
def demo_app() -> Iterator[AppServer]:
    tmp = Path(tempfile.mkdtemp(prefix="spontan-e2e-demo-"))
    base_url = os.environ["SPONTAN_DATABASE_URL"]
    url = sa.engine.make_url(base_url)
    if url.get_backend_name() != "sqlite":  # start_app uses "<database>_e2e": this app "<database>_demo_e2e"
        os.environ["SPONTAN_DATABASE_URL"] = url.set(database=f"{url.database}_demo").render_as_string(
            hide_password=False
        )
    try:
        extra = {"SPONTAN_DEMO": "1", **_own_redis()}
        if "SPONTAN_REDIS_URL" in extra:
            extra["SPONTAN_REDIS_URL"] = str(sa.engine.make_url(extra["SPONTAN_REDIS_URL"]).set(database="6"))
        server = start_app(tmp, extra)
    finally:
        os.environ["SPONTAN_DATABASE_URL"] = base_url
    yield server
    stop_app(server)


def _banner(page: Page):
    return page.get_by_role("complementary", name="Mode demo")


def _inbox_text(page: Page, containing: str) -> str:
    """The text of the newest message in Kotak Pesan Demo containing ``containing``."""
    message = page.get_by_role("article").filter(has_text=containing).first
    expect(message).to_be_visible()
    return message.inner_text()


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"demo-{name}.png"), full_page=True, animations="disabled", caret="hide")


def test_a_visitor_registers_through_kotak_pesan_demo_and_logs_in(request, browser: Browser, demo_app: AppServer):
    page, errors = _new_page(browser, demo_app, DESKTOP)
    stranger, stranger_errors = _new_page(browser, demo_app, PHONE)
    try:
        open_page(page, "/")
        banner = _banner(page)
        expect(banner).to_contain_text("DEMO")
        _shot(page, "banner-desktop")

        register(page, "Perorangan", NIK, WA, "demo.warga@contoh.id")
        expect(page.get_by_label("Kode OTP")).to_be_visible()

        # The inbox in another tab of the same browser: the OTP is there.
        inbox = page.context.new_page()
        open_page(inbox, "/demo/pesan")
        expect(inbox.get_by_role("heading", name="Kotak Pesan Demo")).to_be_visible()
        expect(inbox.get_by_text(f"Nomor: {WA}")).to_be_visible()
        code = OTP_RE.search(_inbox_text(inbox, "OTP")).group(1)
        page.get_by_label("Kode OTP").fill(code)
        page.get_by_role("button", name="Verifikasi").click()
        expect(page.get_by_role("heading", name="Registrasi Berhasil")).to_be_visible()

        # The verification link arrives in the same inbox and opens the completion form.
        inbox.get_by_role("button", name="Muat Ulang Pesan").click()
        link_message = inbox.get_by_role("article").filter(has_text="/verifikasi/").first
        expect(link_message).to_be_visible()
        assert not violations(inbox), violations(inbox)
        _shot(inbox, "kotak-pesan-desktop")
        link_message.get_by_role("link", name="Buka Tautan").click()
        inbox.wait_for_selector("#spontan-ready", state="attached")
        inbox.get_by_role("button", name="Lengkapi Data").click()
        inbox.get_by_label("Password", exact=True).fill("rahasia-demo-1")
        inbox.get_by_label("Ketik Ulang Password").fill("rahasia-demo-1")
        inbox.get_by_label("Nama Lengkap").fill("Pengunjung Demo")
        inbox.get_by_label("Kecamatan").select_option(label="Balikpapan Selatan")
        inbox.get_by_label("Kelurahan").select_option(label="Sepinggan")
        inbox.get_by_label("Alamat").fill("Jl. Demo No. 1")
        inbox.get_by_label("Tempat Lahir").fill("Balikpapan")
        inbox.get_by_label("Tanggal Lahir").fill("1995-08-25")
        inbox.get_by_label("Perempuan").check()
        inbox.get_by_role("button", name="Selesaikan Registrasi").click()
        expect_path(inbox, "/login")

        login(inbox, "Perorangan", NIK, "rahasia-demo-1")
        expect_path(inbox, "/beranda")
        expect(inbox.get_by_role("heading", name="Selamat datang, Pengunjung Demo")).to_be_visible()
        expect(_banner(inbox)).to_be_visible()

        # Another browser (another visitor) reads nobody's messages.
        open_page(stranger, "/demo/pesan")
        expect(stranger.get_by_text("Belum ada nomor WhatsApp yang didaftarkan dari browser ini")).to_be_visible()
        expect(stranger.get_by_role("article")).to_have_count(0)
        expect(stranger.get_by_text(code)).to_have_count(0)
        _shot(stranger, "kotak-pesan-kosong-phone")

        # On a phone the banner is in the page flow: the header below it stays fully visible.
        phone_inbox = inbox.context.new_page()
        phone_inbox.set_viewport_size(PHONE)
        open_page(phone_inbox, "/demo/pesan")
        expect(phone_inbox.get_by_role("article").first).to_be_visible()
        banner_box = _banner(phone_inbox).bounding_box()
        header_box = phone_inbox.locator("header").first.bounding_box()
        assert banner_box["y"] + banner_box["height"] <= header_box["y"] + 1
        assert phone_inbox.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        _shot(phone_inbox, "kotak-pesan-phone")
        open_page(phone_inbox, "/")
        _shot(phone_inbox, "banner-phone")
    finally:
        for p, e in ((page, errors), (stranger, stranger_errors)):
            p.context.close()
            assert not e.errors, "the page reported errors:\n" + "\n".join(e.errors)


def test_the_demo_back_office_lists_its_accounts_and_is_not_empty(browser: Browser, demo_app: AppServer):
    page, errors = _new_page(browser, demo_app, DESKTOP)
    try:
        open_page(page, "/admin/login")
        expect(_banner(page)).to_be_visible()
        for username in ("frontoffice", "verifikator", "timteknis", "kabid", "kadis", "admin"):
            expect(page.get_by_text(username, exact=True)).to_be_visible()
        _shot(page, "admin-login-desktop")
        staff_login(page, "frontoffice")
        expect(_banner(page)).to_be_visible()
        expect(page.get_by_role("link", name=re.compile(r"^\d+\/[A-Z]+-B\/\d{2}\/\d{4}$")).first).to_be_visible()
    finally:
        page.context.close()
        assert not errors.errors, "the page reported errors:\n" + "\n".join(errors.errors)
