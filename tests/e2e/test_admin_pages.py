"""The back office's master data and reports in the browser: faskes import, staff and
applicant accounts, reports with their CSV, the audit trail, and who may open what."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import open_page
from tests.e2e.helpers import CAPTCHA, expect_path, login
from tests.e2e.staff import STAFF_PASSWORD, staff_login, submitted_file
from tests.support import screenshot_dir

SCREEN = {"width": 1280, "height": 800}


def _shot(page: Page, name: str) -> None:
    """A picture of the page for docs/screenshots (only kept when SPONTAN_SCREENSHOTS=1)."""
    page.set_viewport_size(SCREEN)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(400)  # charts animate in
    page.screenshot(path=str(screenshot_dir() / f"{name}.png"))


def _faskes_csv(count: int, bad: dict[int, list[str]]) -> bytes:
    lines = ["kode_daerah,kode_pusat,nama,alamat,pemilik,penanggung_jawab,latitude,longitude"]
    for i in range(1, count + 1):
        row = [
            f"IMP{i:05d}",
            f"P{i:05d}",
            f"Klinik Impor Uji {i:04d}",
            f"Jl. Impor No. {i} Balikpapan",
            f"Pemilik {i}",
            f"dr. Penanggung {i}",
            "-1.2401",
            "116.8702",
        ]
        lines.append(",".join(bad.get(i, row)))
    return ("\n".join(lines) + "\n").encode()


def _staff_login_fails(browser: Browser, base_url: str, username: str, password: str) -> None:
    context = browser.new_context(base_url=base_url, locale="id-ID")
    try:
        other = context.new_page()
        open_page(other, "/admin/login")
        other.get_by_label("Username").fill(username)
        other.get_by_label("Password").fill(password)
        other.get_by_label("Kode Unik").fill(CAPTCHA)
        other.get_by_role("button", name="Masuk").click()
        expect(other.get_by_text("Username atau password salah.")).to_be_visible()
        expect_path(other, "/admin/login")
    finally:
        context.close()


def test_admin_imports_two_thousand_faskes_and_sees_the_two_bad_rows(page: Page):
    bad = {
        500: ["IMP00500", "P00500", "", "Jl. Tanpa Nama", "", "", "", ""],
        1500: ["IMP01500", "P01500", "Klinik Salah Titik", "Jl. Titik", "", "", "abc", "116.8"],
    }
    staff_login(page, "admin")
    open_page(page, "/admin/faskes")
    page.get_by_label("Impor CSV").set_input_files(
        files=[{"name": "faskes.csv", "mimeType": "text/csv", "buffer": _faskes_csv(2000, bad)}]
    )
    expect(page.get_by_text("1998 ditambahkan, 0 diperbarui")).to_be_visible(timeout=30_000)
    errors = page.get_by_role("region", name="Baris yang ditolak")
    expect(errors.get_by_role("row")).to_have_count(3)  # heading + two rows
    expect(errors.get_by_role("row").nth(1)).to_contain_text("501")  # line 1 is the heading
    expect(errors.get_by_role("row").nth(1)).to_contain_text("Nama faskes wajib diisi.")
    expect(errors.get_by_role("row").nth(2)).to_contain_text("1501")

    page.get_by_label("Cari").fill("Klinik Impor Uji 1234")
    page.get_by_role("button", name="Cari").click()
    row = page.get_by_role("row").filter(has_text="Klinik Impor Uji 1234")
    expect(row).to_contain_text("IMP01234")
    expect(row).to_contain_text("Aktif")
    expect(page.get_by_role("row").filter(has_text="Klinik Impor Uji 0500")).to_have_count(0)
    _shot(page, "admin-faskes")


def test_admin_creates_a_staff_user_who_logs_in_until_deactivated(page: Page, browser: Browser, app_server):
    staff_login(page, "admin")
    open_page(page, "/admin/pengguna")
    page.get_by_label("Username").fill("petugas.baru")
    page.get_by_label("Nama Lengkap").fill("Rina Petugas Baru")
    page.get_by_label("Peran", exact=True).select_option("Verifikator Berkas")
    page.get_by_label("Password").fill("Rahasia#Baru2026")
    page.get_by_role("button", name="Tambah Pengguna").click()
    row = page.get_by_role("row").filter(has_text="petugas.baru")
    expect(row).to_contain_text("Rina Petugas Baru")
    expect(row.get_by_label("Peran petugas.baru")).to_have_value("verifikator")

    context = browser.new_context(base_url=app_server.url, locale="id-ID")
    newcomer = context.new_page()
    staff_login(newcomer, "petugas.baru", "Rahasia#Baru2026")
    expect(newcomer.get_by_text("Rina Petugas Baru")).to_be_visible()
    context.close()

    row.get_by_role("button", name="Nonaktifkan").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("petugas.baru")
    dialog.get_by_role("button", name="OK").click()
    expect(row.get_by_role("button", name="Aktifkan")).to_be_visible()
    _shot(page, "admin-pengguna")
    _staff_login_fails(browser, app_server.url, "petugas.baru", "Rahasia#Baru2026")


def test_admin_deactivates_an_applicant_who_then_cannot_log_in(page: Page, browser: Browser, app_server):
    made = submitted_file(app_server, 82, name="Dedi Dinonaktifkan")
    staff_login(page, "admin")
    open_page(page, "/admin/pemohon")
    page.get_by_label("Cari").fill(made["username"])
    page.get_by_role("button", name="Cari").click()
    row = page.get_by_role("row").filter(has_text=made["username"])
    expect(row).to_contain_text("Dedi Dinonaktifkan")
    row.get_by_role("button", name="Buka " + made["username"]).click()
    expect(page.get_by_role("heading", name="Dedi Dinonaktifkan")).to_be_visible()
    expect(page.get_by_text("1 permohonan diajukan")).to_be_visible()
    page.get_by_role("button", name="Nonaktifkan").click()
    expect(page.get_by_text("Akun Dedi Dinonaktifkan dinonaktifkan.").first).to_be_visible()
    expect(page.get_by_role("button", name="Aktifkan")).to_be_visible()
    _shot(page, "admin-pemohon")

    context = browser.new_context(base_url=app_server.url, locale="id-ID")
    applicant = context.new_page()
    login(applicant, "Perorangan", made["username"], made["password"])
    expect(applicant.get_by_text("Username atau password salah, atau Status Pemohon tidak sesuai.")).to_be_visible()
    expect_path(applicant, "/login")
    context.close()


def test_kadis_reads_the_reports_and_downloads_the_csv(page: Page, app_server):
    made = submitted_file(app_server, 83, name="Eka Laporan")
    engine = sa.create_engine(app_server.database_url)
    with engine.connect() as conn:
        submitted = conn.execute(sa.text("SELECT count(*) FROM application WHERE status = 'SUBMITTED'")).scalar()
    engine.dispose()
    staff_login(page, "kadis")
    open_page(page, "/admin/laporan")
    expect(page.get_by_text(f"Diajukan: {submitted}", exact=True).first).to_be_visible()
    page.get_by_label("Status").select_option("Diajukan")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_role("status").filter(has_text="Jumlah permohonan")).to_contain_text(str(submitted))
    expect(page.get_by_role("link", name="Unduh CSV")).to_have_attribute("href", re.compile(r"status=SUBMITTED"))
    _shot(page, "admin-laporan")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh CSV").click()
    text = download.value.path().read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Nomor Registrasi;")
    assert made["number"] in text and "Eka Laporan" in text


def test_kadis_finds_the_submit_entry_of_a_file_in_the_audit_trail(page: Page, app_server):
    made = submitted_file(app_server, 84, name="Fajar Audit")
    staff_login(page, "kadis")
    open_page(page, "/admin/audit")
    page.get_by_label("Nomor Pendaftaran").fill(made["number"])
    page.get_by_label("Tindakan").select_option("submit")
    page.get_by_role("button", name="Terapkan").click()
    rows = page.get_by_role("row").filter(has_text="submit")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Fajar Audit")
    expect(rows).to_contain_text(made["number"])
    _shot(page, "admin-audit")


def test_front_office_is_refused_on_the_staff_users_page(page: Page):
    staff_login(page, "frontoffice")
    expect(page.get_by_role("link", name="Pengguna")).to_have_count(0)
    open_page(page, "/admin/pengguna")
    notice = page.get_by_role("alert").filter(has_text="Anda tidak memiliki akses ke halaman ini.")
    expect(notice).to_contain_text("Hanya Administrator Sistem")
    expect(page.get_by_role("button", name="Tambah Pengguna")).to_have_count(0)


def test_admin_resets_a_lost_authenticator_and_the_officer_logs_in_again(page: Page, browser: Browser, app_server):
    """The Ketua Tim Teknis lost the phone: login stops at the code. The admin presses
    Reset Autentikator (after OK) and the officer logs in with the password again."""
    engine = sa.create_engine(app_server.database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE staff_user SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE username = 'timteknis'"))
    engine.dispose()
    context = browser.new_context(base_url=app_server.url, locale="id-ID")
    officer = context.new_page()
    open_page(officer, "/admin/login")
    officer.get_by_label("Username").fill("timteknis")
    officer.get_by_label("Password").fill(STAFF_PASSWORD)
    officer.get_by_label("Kode Unik").fill(CAPTCHA)
    officer.get_by_role("button", name="Masuk").click()
    expect(officer.get_by_label("Kode Autentikator")).to_be_visible()

    staff_login(page, "admin")
    open_page(page, "/admin/pengguna")
    row = page.get_by_role("row").filter(has_text="timteknis")
    row.get_by_role("button", name="Reset Autentikator").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("timteknis")
    dialog.get_by_role("button", name="OK").click()
    expect(page.get_by_text(re.compile("Autentikator timteknis dihapus")).first).to_be_visible()
    expect(row.get_by_role("button", name="Reset Autentikator")).to_have_count(0)

    staff_login(officer, "timteknis")  # password and captcha only, straight in
    context.close()
