import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_page


def test_landing_offers_registration_and_login_and_leads_to_registration(page: Page):
    open_page(page, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SPONTAN — Sistem Pendaftaran Online Tanpa Antrian")
    expect(page.get_by_text("DPMPTSP Kota Balikpapan").first).to_be_visible()
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Login", exact=True)).to_have_attribute("href", "/login")
    # The catalogue comes from the database through the backend connection.
    expect(page.get_by_text("Kesehatan", exact=True)).to_be_visible()
    expect(page.get_by_text("16 jenis izin dapat diajukan secara online.")).to_be_visible()

    main.get_by_role("link", name="Registrasi Akun").click()
    expect(page).to_have_url(re.compile(r"/registrasi$"))
    expect(page.get_by_role("heading", name="Registrasi Akun", level=1)).to_be_visible()
    expect(page).to_have_title(re.compile("Registrasi Akun"))


def test_landing_fits_a_phone_screen(phone_page: Page):
    open_page(phone_page, "/")
    registrasi = phone_page.get_by_role("link", name="Registrasi Akun")
    expect(registrasi).to_be_visible()
    box = registrasi.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    # Nothing is wider than the screen: no sideways scrolling on a phone.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_15_pages_declare_indonesian(page: Page):
    open_page(page, "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_15_unknown_address_shows_an_indonesian_page_with_a_way_home(browser, app_server):
    # Not the `page` fixture: it counts the expected 404 response as an error.
    context = browser.new_context(base_url=app_server.url, locale="id-ID")
    try:
        lost = context.new_page()
        lost.goto("/halaman-yang-tidak-ada")
        expect(lost.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()
        lost.get_by_role("link", name="Ke Halaman Utama").click()
        expect(lost.get_by_role("heading", level=1)).to_have_text("SPONTAN — Sistem Pendaftaran Online Tanpa Antrian")
    finally:
        context.close()
