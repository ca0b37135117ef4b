"""Master data in the back office: Katalog Izin, Usulan Faskes and Hari Libur, each seen
through what an officer or an applicant notices. The suite shares one database, so every
test undoes its catalogue and holiday changes."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from spontan_app.domain.workdays import add_working_days
from tests.e2e.conftest import DESKTOP, open_page
from tests.e2e.helpers import expect_path, login, make_applicant
from tests.e2e.staff import staff_login, submitted_file
from tests.factories import answer_of
from tests.support import ROOT, screenshot_dir

SHOTS = screenshot_dir()
SHOT_SIZE = {"width": 1280, "height": 800}


def _shot(page: Page, name: str) -> None:
    page.set_viewport_size(SHOT_SIZE)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)  # let the layout settle at the new size
    page.screenshot(path=str(SHOTS / name))
    page.set_viewport_size(DESKTOP)


def _proposal(app_server, n: int, name: str) -> dict:
    args = [sys.executable, "-m", "tests.factories", "proposal", "--n", str(n), "--name", name]
    out = subprocess.run(args, cwd=ROOT, env=app_server.env, check=True, capture_output=True, text=True)
    return answer_of(out.stdout)


def _new_page(browser: Browser, app_server) -> Page:
    context = browser.new_context(viewport=DESKTOP, base_url=app_server.url, locale="id-ID")
    context.set_default_timeout(15_000)
    return context.new_page()


def _kv(page: Page, label: str):
    return page.locator(f"dt:text-is('{label}') + dd")


def _holidays(database_url: str) -> set[date]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return {
                r[0] if isinstance(r[0], date) else date.fromisoformat(str(r[0])[:10])
                for r in conn.execute(sa.text("SELECT day FROM holiday"))
            }
    finally:
        engine.dispose()


def _retire_faskes(database_url: str, nama: str) -> None:
    engine = sa.create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE faskes SET active = :off WHERE nama = :nama"), {"off": False, "nama": nama})
    finally:
        engine.dispose()


def test_an_approved_faskes_proposal_becomes_selectable_and_a_rejection_needs_a_reason(
    page: Page, browser: Browser, app_server
):
    made = _proposal(app_server, 72, "Klinik Utama Sinar Uji")
    _proposal(app_server, 73, "Apotek Ditolak Uji")
    staff_login(page, "admin")
    open_page(page, "/admin/usulan-faskes")
    row = page.get_by_role("row").filter(has_text="Klinik Utama Sinar Uji")
    expect(row).to_contain_text("PT Sehat Bersama")
    expect(row).to_contain_text("081255577001")
    expect(row).to_contain_text("Pemohon 72")
    _shot(page, "admin-usulan-faskes.png")

    # Tolak asks for the Alasan, and nothing happens without one.
    page.get_by_role("button", name="Tolak Apotek Ditolak Uji").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Tolak usulan Apotek Ditolak Uji?")
    dialog.get_by_role("button", name="OK").click()
    expect(dialog.get_by_text("Alasan penolakan wajib diisi.")).to_be_visible()
    dialog.get_by_label("Alasan").fill("Apotek sudah terdaftar dengan nama lain.")
    dialog.get_by_role("button", name="OK").click()
    expect(page.get_by_text("Usulan Apotek Ditolak Uji ditolak.").first).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Apotek Ditolak Uji")).to_have_count(0)

    # Cancel changes nothing; OK approves.
    page.get_by_role("button", name="Setujui Klinik Utama Sinar Uji").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Cancel").click()
    expect(row).to_be_visible()
    page.get_by_role("button", name="Setujui Klinik Utama Sinar Uji").click()
    page.get_by_role("alertdialog").get_by_role("button", name="OK").click()
    expect(page.get_by_text("Usulan Klinik Utama Sinar Uji disetujui").first).to_be_visible()
    expect(row).to_have_count(0)

    # The applicant finds it in Cari Faskes of a health permit.
    applicant = _new_page(browser, app_server)
    login(applicant, "Perorangan", made["username"], made["password"])
    expect_path(applicant, "/beranda")
    applicant.get_by_role("link", name="Ajukan Permohonan").click()
    applicant.get_by_role("button", name="Kesehatan", exact=True).click()
    applicant.get_by_role("button", name="Izin Baru", exact=True).click()
    applicant.get_by_role("button", name="Surat Izin Praktik Dokter", exact=True).click()
    applicant.get_by_role("button", name="Isi Kelengkapan").click()
    expect(applicant).to_have_url(re.compile(r"/permohonan/\d+$"))
    applicant.get_by_role("button", name="Cari Faskes").click()
    search = applicant.get_by_role("dialog", name="Pencarian Faskes")
    search.get_by_label("Cari").fill("Sinar Uji")
    found = search.get_by_role("row").filter(has_text="Klinik Utama Sinar Uji")
    expect(found).to_have_count(1)
    expect(found.get_by_role("button", name=re.compile("^Pilih"))).to_be_visible()
    applicant.context.close()
    _retire_faskes(app_server.database_url, "Klinik Utama Sinar Uji")  # other tests count the faskes list


def test_a_holiday_inside_the_processing_window_moves_the_due_date(page: Page, app_server):
    made = submitted_file(app_server, 71)
    staff_login(page, "admin")
    open_page(page, f"/admin/permohonan/{made['id']}")
    due_text = _kv(page, "Tanggal Perkiraan Jadi")
    expect(due_text).to_have_text(re.compile(r"^\d{2}-\d{2}-\d{4}$"))
    submitted = datetime.strptime(_kv(page, "Tanggal Pendaftaran").inner_text()[:10], "%d-%m-%Y").date()
    due = datetime.strptime(due_text.inner_text(), "%d-%m-%Y").date()
    known = _holidays(app_server.database_url)
    assert due == add_working_days(submitted, 2, known)  # IPRI-B: 2 working days
    holiday = add_working_days(submitted, 1, known)  # a working day inside the window
    moved = add_working_days(submitted, 2, known | {holiday})
    assert submitted < holiday < due < moved

    open_page(page, "/admin/libur")
    page.get_by_label("Tanggal", exact=True).fill(holiday.strftime("%d-%m-%Y"))
    page.get_by_label("Keterangan", exact=True).fill("Cuti Bersama Uji")
    page.get_by_role("button", name="Tambah").click()
    expect(page.get_by_text(re.compile(r"[1-9]\d* berkas berubah tanggal perkiraan jadi"))).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Cuti Bersama Uji")).to_contain_text(holiday.strftime("%d-%m-%Y"))
    _shot(page, "admin-libur.png")

    open_page(page, f"/admin/permohonan/{made['id']}")
    expect(_kv(page, "Tanggal Perkiraan Jadi")).to_have_text(moved.strftime("%d-%m-%Y"))

    # Hapus (confirmed) puts the due date back.
    open_page(page, "/admin/libur")
    page.get_by_label("Tahun").select_option(str(holiday.year))
    page.get_by_role("button", name=f"Hapus {holiday.strftime('%d-%m-%Y')}").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Cuti Bersama Uji")
    dialog.get_by_role("button", name="OK").click()
    expect(page.get_by_text(re.compile(r"dihapus\. [1-9]\d* berkas berubah tanggal perkiraan jadi"))).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Cuti Bersama Uji")).to_have_count(0)
    open_page(page, f"/admin/permohonan/{made['id']}")
    expect(_kv(page, "Tanggal Perkiraan Jadi")).to_have_text(due.strftime("%d-%m-%Y"))


def test_a_catalogue_change_leaves_a_submitted_file_as_it_was(page: Page, browser: Browser, app_server):
    made = submitted_file(app_server, 74)
    staff_login(page, "admin")
    open_page(page, "/admin/katalog")
    page.get_by_label("Cari").fill("IPRI-B")
    expect(page.get_by_role("row").filter(has_text="Izin Penyelenggaraan Reklame Insidentil")).to_have_count(1)
    page.get_by_role("button", name="IPRI-B", exact=True).click()
    expect(page.get_by_role("heading", name="IPRI-B — Izin Penyelenggaraan Reklame Insidentil")).to_be_visible()
    expect(page.get_by_label("Nama Izin")).to_have_value("Izin Penyelenggaraan Reklame Insidentil")
    expect(page.get_by_label("Lama Proses (hari kerja)")).to_have_value("2")

    fields = page.get_by_role("region", name="Isian Formulir")
    fields.get_by_label("Kunci").fill("nomor sertifikat")  # a space: refused beside the field
    fields.get_by_label("Label", exact=True).fill("Nomor Sertifikat Uji")
    fields.get_by_role("button", name="Tambah Isian").click()
    expect(fields.get_by_text("Kunci isian hanya huruf kecil")).to_be_visible()
    fields.get_by_label("Kunci").fill("nomor_sertifikat_uji")
    fields.get_by_role("button", name="Tambah Isian").click()
    expect(fields.get_by_role("row").filter(has_text="Nomor Sertifikat Uji")).to_contain_text("Wajib")

    reqs = page.get_by_role("region", name="Persyaratan")
    reqs.get_by_label("Nama Persyaratan").fill("Surat Rekomendasi Uji")
    reqs.get_by_label("Keterangan").fill("Dari kelurahan setempat.")
    reqs.get_by_role("button", name="Tambah Persyaratan").click()
    expect(reqs.get_by_role("row").filter(has_text="Surat Rekomendasi Uji")).to_contain_text("Aktif")
    page.get_by_label("Cari").fill("Reklame")
    expect(page.get_by_role("row").filter(has_text="Izin Penyelenggaraan Reklame Tetap").first).to_be_visible()
    _shot(page, "admin-katalog.png")

    # The submitted file at the front office: the fields and documents it was submitted with.
    officer = _new_page(browser, app_server)
    staff_login(officer, "frontoffice")
    open_page(officer, f"/admin/permohonan/{made['id']}")
    expect(officer.get_by_text("Jumlah Reklame")).to_be_visible()
    expect(officer.get_by_text("Desain Reklame").first).to_be_visible()
    expect(officer.get_by_text("Nomor Sertifikat Uji")).to_have_count(0)
    expect(officer.get_by_text("Surat Rekomendasi Uji")).to_have_count(0)
    officer.context.close()

    # Simpan keeps the izin; Simpan Alur refuses a step without a name, beside the step.
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("Izin IPRI-B tersimpan.")).to_be_visible()
    steps = page.get_by_role("region", name="Alur Proses")
    first_stage = steps.get_by_label("Nama tahap 1")
    stage = first_stage.input_value()
    first_stage.fill("")
    steps.get_by_role("button", name="Simpan Alur").click()
    expect(steps.get_by_text("Tahap 1: nama tahap wajib diisi.")).to_be_visible()
    first_stage.fill(stage)
    steps.get_by_role("button", name="Simpan Alur").click()
    expect(page.get_by_text("Alur proses tersimpan.")).to_be_visible()
    expect(steps.get_by_label("Nama tahap 1")).to_have_value(stage)

    # Retired again, so later files are not asked for them.
    reqs.get_by_role("button", name="Nonaktifkan Surat Rekomendasi Uji").click()
    expect(reqs.get_by_role("row").filter(has_text="Surat Rekomendasi Uji")).to_contain_text("Nonaktif")
    fields.get_by_role("button", name="Nonaktifkan Nomor Sertifikat Uji").click()
    expect(fields.get_by_role("row").filter(has_text="Nomor Sertifikat Uji")).to_contain_text("Nonaktif")

    # A new izin: the errors appear beside the fields.
    page.get_by_role("button", name="Tambah Izin").click()
    expect(page.get_by_role("heading", name="Izin Baru")).to_be_visible()
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("Kode izin wajib diisi.")).to_be_visible()
    expect(page.get_by_text("Bidang wajib dipilih.")).to_be_visible()
    expect(page.get_by_label("Kode")).to_have_attribute("aria-invalid", "true")


def test_only_the_administrator_opens_the_catalogue(page: Page, app_server):
    make_applicant(
        app_server.database_url,
        username="6471014101900075",
        wa="+6281255500075",
        password="rahasia-katalog",
        name="Pemohon Penasaran",
    )
    login(page, "Perorangan", "6471014101900075", "rahasia-katalog")
    expect_path(page, "/beranda")
    page.goto("/admin/katalog")
    expect_path(page, "/admin/login")

    staff_login(page, "frontoffice")
    open_page(page, "/admin/katalog")
    expect(page.get_by_text("Anda tidak berwenang membuka halaman ini.")).to_be_visible()
    expect(page.get_by_role("button", name="Tambah Izin")).to_have_count(0)
    expect(page.get_by_role("link", name="Katalog Izin")).to_have_count(0)  # not in the officer's menu
