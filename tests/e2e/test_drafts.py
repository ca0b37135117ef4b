"""Drafts on /beranda: Hapus Draf asks first; Cancel keeps the draft, OK removes it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import expect_path, login, make_applicant


def test_hapus_draf_asks_and_cancel_keeps_it(page: Page, app_server):
    make_applicant(
        app_server.database_url,
        username="6471014101900061",
        wa="+6281255500061",
        password="rahasia-draf",
        name="Dewi Draf",
    )
    login(page, "Perorangan", "6471014101900061", "rahasia-draf")
    expect_path(page, "/beranda")
    page.get_by_role("link", name="Ajukan Permohonan").click()
    page.get_by_role("button", name="Reklame", exact=True).click()
    page.get_by_role("button", name="Izin Baru", exact=True).click()
    page.get_by_role("button", name="Izin Penyelenggaraan Reklame Insidentil", exact=True).click()
    page.get_by_role("button", name="Isi Kelengkapan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    page.goto("/beranda")
    expect(page.get_by_role("link", name="Lanjutkan")).to_have_count(1)

    page.get_by_role("button", name="Hapus Draf").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Apakah anda yakin akan menghapus draf ini?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("link", name="Lanjutkan")).to_have_count(1)

    page.get_by_role("button", name="Hapus Draf").click()
    page.get_by_role("alertdialog").get_by_role("button", name="OK").click()
    expect(page.get_by_text(re.compile("^Draf .* dihapus"))).to_be_visible()
    expect(page.get_by_role("link", name="Lanjutkan")).to_have_count(0)
