"""A backend restart keeps people logged in and loses no draft (runs last: it restarts the app)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_page, restart_app
from tests.e2e.helpers import expect_path, login, make_applicant


def test_login_and_draft_survive_a_backend_restart(page: Page, app_server):
    make_applicant(
        app_server.database_url,
        username="6471014101900091",
        wa="+6281255500091",
        password="rahasia-restart",
        name="Pemohon Tahan Restart",
    )
    login(page, "Perorangan", "6471014101900091", "rahasia-restart")
    expect_path(page, "/beranda")
    page.get_by_role("link", name="Ajukan Permohonan").click()
    page.get_by_role("button", name="Perhubungan", exact=True).click()
    page.get_by_role("button", name="Izin Baru", exact=True).click()
    page.get_by_role("button", name="Izin Penyelenggaraan Tempat Parkir", exact=True).click()
    page.get_by_role("button", name="Isi Kelengkapan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    draft_url = page.url
    page.get_by_label("Kapasitas Kendaraan").fill("120")
    page.get_by_role("button", name="Simpan Draf").click()
    expect(page.get_by_text("Draf tersimpan.")).to_be_visible()

    page.goto("about:blank")  # a tab left open would just log its reconnection attempts
    restart_app(app_server)

    open_page(page, draft_url)  # the same browser, its cookie: still logged in, draft intact
    expect(page.get_by_label("Kapasitas Kendaraan")).to_have_value("120")
    open_page(page, "/beranda")
    expect(page.get_by_role("heading", name="Selamat datang, Pemohon Tahan Restart")).to_be_visible()
