"""The back office in the browser: a file from Ajukan Permohonan through every desk to a
signed permit the applicant downloads and anyone can verify; corrections, rejection, the
wrong desk, two officers at once."""

from __future__ import annotations

import io
import re

import pypdf
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DESKTOP, open_page
from tests.e2e.helpers import expect_path, login, make_applicant, pdf_file, upload_pdf, wait_for_message
from tests.e2e.staff import DESKS, staff_login, submitted_file
from tests.support import screenshot_dir

RESEARCH_DOCUMENTS = ["Scan KTP Pemohon", "Surat Pengantar Instansi/Universitas", "Proposal Penelitian"]


def _approve_at_desk(page: Page, number: str, pictures: str = "") -> None:
    """Open the file from the inbox, judge every document Sesuai, Setujui, OK."""
    if pictures:
        expect(page.get_by_role("link", name=number)).to_be_visible()
        page.screenshot(path=str(screenshot_dir() / f"{pictures}-inbox.png"), full_page=True)
    page.get_by_label("Cari").fill(number)
    page.get_by_role("button", name="Terapkan").click()
    expect(page).to_have_url(re.compile(r"[?&]cari="))  # the search's own navigation first, then the click
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", name=number)).to_be_visible()
    if pictures:
        page.wait_for_timeout(500)  # the document preview loads
        page.screenshot(path=str(screenshot_dir() / f"{pictures}-permohonan.png"), full_page=True)
    for radio in page.get_by_role("radio", name="Sesuai").all():
        radio.check()
        expect(radio).to_be_checked()
    page.get_by_role("button", name="Setujui").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Setujui berkas ini")
    dialog.get_by_role("button", name="OK").click()
    expect(page.get_by_text("Berkas disetujui.").first).to_be_visible()


def _steps(database_url: str, number: str) -> list[tuple[str, str]]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(
                    sa.text(
                        "SELECT s.stage, s.status FROM application_step s JOIN application a "
                        "ON a.id = s.application_id WHERE a.registration_number = :n ORDER BY s.seq"
                    ),
                    {"n": number},
                )
            ]
    finally:
        engine.dispose()


def test_a_file_goes_from_submission_through_every_desk_to_a_verifiable_permit(
    page: Page, browser: Browser, app_server
):
    db = app_server.database_url
    make_applicant(
        db, username="6471014101900041", wa="+6281255500041", password="rahasia-peneliti", name="Ani Peneliti"
    )
    login(page, "Perorangan", "6471014101900041", "rahasia-peneliti")
    expect_path(page, "/beranda")
    page.get_by_role("link", name="Ajukan Permohonan").click()
    page.get_by_role("button", name="Penelitian", exact=True).click()
    page.get_by_role("button", name="Izin Baru", exact=True).click()
    page.get_by_role("button", name="Surat Keterangan Penelitian", exact=True).click()
    page.get_by_role("button", name="Isi Kelengkapan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    page.get_by_label("Jenis Kelamin").select_option("Perempuan")
    page.get_by_label("Judul Penelitian").fill("Layanan Perizinan Daring di Balikpapan")
    page.get_by_label("Instansi/Universitas", exact=True).fill("Universitas Balikpapan")
    page.get_by_label("Tanggal Mulai Penelitian").fill("2027-01-04")
    page.get_by_label("Tanggal Selesai Penelitian").fill("2027-03-31")
    page.get_by_label("Lokasi", exact=True).fill("Kantor DPMPTSP Kota Balikpapan")
    page.get_by_label("Latitude", exact=True).fill("-1.2654")
    page.get_by_label("Longitude", exact=True).fill("116.8312")
    for name in RESEARCH_DOCUMENTS:
        upload_pdf(page, name)
    page.get_by_label(re.compile("^Saya menyatakan")).check()
    page.get_by_role("button", name="Ajukan Permohonan").click()
    expect_path(page, "/beranda")
    number_text = page.get_by_text(re.compile(r"^\d+/SKP-B/\d{2}/\d{4}$"))
    expect(number_text).to_be_visible()
    number = number_text.inner_text()

    # Every desk of the izin, each officer in their own browser session.
    staff_context = browser.new_context(viewport=DESKTOP, base_url=app_server.url, locale="id-ID")
    staff_page = staff_context.new_page()
    for username in DESKS:
        staff_login(staff_page, username)
        _approve_at_desk(staff_page, number, pictures="admin" if username == "frontoffice" else "")
        staff_page.get_by_role("button", name="Keluar").click()
        expect_path(staff_page, "/admin/login")
    staff_context.close()
    stages = [s for s, _ in _steps(db, number)]
    assert stages[-1] == "IZIN TERBIT" and len(stages) == len(set(stages)) == 7  # no double step

    # The applicant: told over WhatsApp, downloads the permit from /beranda.
    notice = wait_for_message(db, "+6281255500041", "permit_ready")
    assert "TERBIT" in notice and "/verifikasi-izin/" in notice
    page.goto("/beranda")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh Izin").click()
    document = download_info.value.path().read_bytes()
    assert document.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(document)).pages)
    assert "Ani Peneliti" in text
    check_url = re.search(r"https?://\S+/verifikasi-izin/[A-Za-z0-9_-]+", text).group(0)

    # Anyone opens the printed check URL: genuine; the exact file is Berkas Asli, a changed copy is not.
    visitor = browser.new_context(viewport=DESKTOP, base_url=app_server.url).new_page()
    open_page(visitor, check_url)
    expect(visitor.get_by_text("Izin Sah")).to_be_visible()
    visitor.screenshot(path=str(screenshot_dir() / "verifikasi-izin.png"), full_page=True)
    expect(visitor.get_by_text("Ani Peneliti")).to_be_visible()
    upload = visitor.get_by_label("Periksa Berkas PDF")
    upload.set_input_files(files=[{"name": "izin.pdf", "mimeType": "application/pdf", "buffer": document}])
    expect(visitor.get_by_text("Berkas Asli")).to_be_visible()
    forged = document.replace(b"Ani Peneliti", b"Ani Penelitx", 1)
    if forged == document:  # the name may be compressed: change a byte near the end instead
        forged = document[:-10] + bytes([document[-10] ^ 1]) + document[-9:]
    upload.set_input_files(files=[{"name": "izin-ubah.pdf", "mimeType": "application/pdf", "buffer": forged}])
    expect(visitor.get_by_text("Berkas Tidak Sesuai")).to_be_visible()
    visitor.context.close()


def test_kembalikan_with_notes_then_the_applicant_fixes_and_resubmits(page: Page, browser: Browser, app_server):
    made = submitted_file(app_server, 51, name="Budi Reklame")
    staff_login(page, "frontoffice")
    page.get_by_label("Cari").fill("Budi Reklame")
    page.get_by_role("button", name="Terapkan").click()
    expect(page).to_have_url(re.compile(r"[?&]cari="))  # the search's own navigation first, then the click
    page.get_by_role("link", name=made["number"]).click()
    radios = page.get_by_role("radio", name="Perlu Perbaikan")
    radios.first.check()
    expect(radios.first).to_be_checked()
    page.get_by_role("button", name="Kembalikan").click()
    expect(page.get_by_text("Catatan wajib diisi untuk Kembalikan.")).to_be_visible()
    page.get_by_label("Catatan", exact=True).fill("Scan KTP buram, mohon unggah ulang.")
    page.get_by_role("button", name="Kembalikan").click()
    page.get_by_role("alertdialog").get_by_role("button", name="OK").click()
    expect(page.get_by_text("Berkas dikembalikan kepada pemohon.").first).to_be_visible()
    body = wait_for_message(app_server.database_url, made["wa"], "application_returned")
    assert "Scan KTP buram" in body

    applicant = browser.new_context(viewport=DESKTOP, base_url=app_server.url).new_page()
    login(applicant, "Perorangan", made["username"], made["password"])
    expect_path(applicant, "/beranda")
    applicant.get_by_role("link", name="Ubah").click()
    expect(applicant.get_by_text("Scan KTP buram, mohon unggah ulang.").first).to_be_visible()
    flagged = applicant.locator("input[type=file]").first
    flagged.set_input_files(files=[pdf_file("ktp-baru.pdf")])
    expect(applicant.get_by_role("link", name="ktp-baru.pdf")).to_be_visible()
    applicant.get_by_role("button", name="Ajukan Ulang").click()
    expect(applicant.get_by_text(re.compile("diajukan ulang", re.I)).first).to_be_visible()
    applicant.context.close()

    page.goto("/admin")
    page.wait_for_selector("#spontan-ready", state="attached")
    page.get_by_label("Cari").fill(made["number"])
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_role("link", name=made["number"])).to_be_visible()  # back at the desk


def test_tolak_needs_a_reason_and_tells_the_applicant(page: Page, app_server):
    made = submitted_file(app_server, 52, name="Citra Ditolak")
    staff_login(page, "frontoffice")
    open_page(page, f"/admin/permohonan/{made['id']}")
    page.get_by_role("button", name="Tolak").click()
    expect(page.get_by_text("Catatan wajib diisi untuk Tolak.")).to_be_visible()
    page.get_by_label("Catatan", exact=True).fill("Lokasi reklame di luar zona yang diizinkan.")
    page.get_by_role("button", name="Tolak").click()
    page.get_by_role("alertdialog").get_by_role("button", name="OK").click()
    expect(page.get_by_text("Permohonan ditolak.").first).to_be_visible()
    expect(page.get_by_text("Berkas ini tidak sedang menunggu keputusan petugas.")).to_be_visible()
    body = wait_for_message(app_server.database_url, made["wa"], "application_rejected")
    assert "di luar zona" in body


def test_an_officer_of_another_desk_cannot_decide(page: Page, app_server):
    made = submitted_file(app_server, 53)
    staff_login(page, "verifikator")
    open_page(page, f"/admin/permohonan/{made['id']}")
    expect(page.get_by_text("Berkas ini sedang di meja Petugas Front Office.")).to_be_visible()
    expect(page.get_by_role("button", name="Setujui")).to_have_count(0)
    expect(page.get_by_role("radio", name="Sesuai").first).to_be_disabled()


def test_two_officers_deciding_one_file_at_once_one_wins(browser: Browser, app_server):
    made = submitted_file(app_server, 54)
    pages = []
    for _ in range(2):
        context = browser.new_context(viewport=DESKTOP, base_url=app_server.url, locale="id-ID")
        officer = context.new_page()
        staff_login(officer, "frontoffice")
        open_page(officer, f"/admin/permohonan/{made['id']}")
        officer.get_by_role("button", name="Setujui").click()
        expect(officer.get_by_role("alertdialog")).to_be_visible()
        pages.append(officer)
    for officer in pages:  # both press OK as close together as the test can
        officer.get_by_role("alertdialog").get_by_role("button", name="OK").click()
    won = lost = 0
    for officer in pages:
        expect(
            officer.get_by_text(re.compile("Berkas disetujui.|baru saja diputuskan oleh petugas lain")).first
        ).to_be_visible()
        if officer.get_by_text("baru saja diputuskan oleh petugas lain").count():
            lost += 1
        else:
            won += 1
        officer.context.close()
    assert (won, lost) == (1, 1)
    stages = [s for s, _ in _steps(app_server.database_url, made["number"])]
    assert stages.count("VERIFIKASI BERKAS") == 1
