"""After submission: /beranda, public /lacak, a return for correction, resubmit, cancel."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from spontan_app.db import make_engine
from spontan_app.domain.models import Application, ApplicationDocument, Requirement, StaffUser
from spontan_app.services import workflow
from tests.e2e.conftest import open_page
from tests.e2e.helpers import CAPTCHA, expect_path, login, make_applicant, outbox, pdf_file, upload_pdf

WA = "+6281255500021"


def _submit_reklame(page: Page) -> str:
    page.get_by_role("link", name="Ajukan Permohonan").click()
    page.get_by_role("button", name="Reklame", exact=True).click()
    page.get_by_role("button", name="Izin Baru", exact=True).click()
    page.get_by_role("button", name="Izin Penyelenggaraan Reklame Insidentil", exact=True).click()
    page.get_by_role("button", name="Isi Kelengkapan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    # The new draft's own form, not the previous file's still on screen while this one loads.
    expect(page.get_by_label("Jumlah Reklame")).to_have_value("")
    page.get_by_label("Jenis Kelamin").select_option("Laki-laki")
    page.get_by_label("Jumlah Reklame").fill("4")
    page.get_by_label("Tanggal Mulai Tayang").fill("2026-12-14")
    page.get_by_label("Tanggal Selesai Tayang").fill("2026-12-28")
    page.get_by_label("Lokasi", exact=True).fill("Simpang Dam, Jl. MT Haryono")
    page.get_by_label("Latitude", exact=True).fill("-1.2401")
    page.get_by_label("Longitude", exact=True).fill("116.8702")
    for name in ["Scan KTP Pemohon", "Desain Reklame"]:
        upload_pdf(page, name)
    page.get_by_label(re.compile("^Saya menyatakan")).check()
    page.get_by_role("button", name="Ajukan Permohonan").click()
    expect_path(page, "/beranda")
    number = page.get_by_text(re.compile(r"^\d+/IPRI-B/\d{2}/\d{4}$")).first
    expect(number).to_be_visible()
    return number.inner_text()


def test_submit_track_return_fix_resubmit_and_cancel(page: Page, browser, app_server):
    db = app_server.database_url
    make_applicant(db, username="6471014101900021", wa=WA, password="rahasia-reklame", name="Pemasang Reklame")
    login(page, "Perorangan", "6471014101900021", "rahasia-reklame")
    first = _submit_reklame(page)
    row = page.get_by_text(first).locator("xpath=ancestor::div[contains(@class,'rt-Card')][1]")
    expect(row.get_by_text("Status kelengkapan: Lengkap")).to_be_visible()
    expect(row.get_by_text(re.compile("Berkas saat ini berada di Petugas Front Office"))).to_be_visible()

    # Lacak from Beranda: the owner is no stranger (no captcha, full name and address, own menu).
    row.get_by_role("link", name="Lacak").click()
    expect(page.get_by_role("heading", name="Hasil Pencarian")).to_be_visible()
    expect(page.get_by_text("Pemasang Reklame").first).to_be_visible()
    expect(page.get_by_text("Jenderal Sudirman").first).to_be_visible()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    page.goto("/beranda")

    # Public tracking in a fresh browser (not logged in): the address is masked.
    public = browser.new_context(base_url=app_server.url).new_page()
    open_page(public, "/lacak")
    public.get_by_label("Nomor Pendaftaran").fill("99/IPRI-B/01/2020")
    public.get_by_label("Kode Unik").fill(CAPTCHA)
    public.get_by_role("button", name="Lacak").click()
    expect(public.locator("#nomor-error")).to_contain_text("Nomor Pendaftaran 99/IPRI-B/01/2020 tidak ditemukan.")
    public.get_by_label("Nomor Pendaftaran").fill(first)
    public.get_by_label("Kode Unik").fill(CAPTCHA)
    public.get_by_role("button", name="Lacak").click()
    expect(public.get_by_role("heading", name="Hasil Pencarian")).to_be_visible()
    expect(public.get_by_text("P******* R******")).to_be_visible()  # a stranger sees initials only
    expect(public.get_by_text("Pemasang Reklame")).to_have_count(0)
    expect(public.get_by_text("Jenderal Sudirman")).to_have_count(0)
    expect(
        public.get_by_text("Berkas saat ini berada di Petugas Front Office, sedang dalam VERIFIKASI BERKAS")
    ).to_be_visible()
    expect(public.get_by_role("cell", name="Pengajuan Permohonan via Online")).to_be_visible()
    for header in ["No", "Proses Berkas", "Waktu Awal", "Waktu Akhir", "Status"]:
        expect(public.get_by_role("columnheader", name=header, exact=True)).to_be_visible()
    public.context.close()

    # Staff return it (through the service), flagging the design.
    engine = make_engine(db)
    with Session(engine) as s:
        application = s.exec(select(Application).where(Application.registration_number == first)).one()
        staff = s.exec(select(StaffUser).where(StaffUser.role == "front_office")).one()
        design = s.exec(
            select(Requirement).where(Requirement.izin_id == application.izin_id, Requirement.name == "Desain Reklame")
        ).one()
        workflow.staff_return(
            session=s,
            staff=staff,
            application_id=application.id,
            note="Desain reklame tidak terbaca, unggah ulang resolusi lebih tinggi.",
            flag_requirement_ids=[design.id],
        )
        s.commit()
        app_id, design_id = application.id, design.id

    page.goto("/beranda")
    row = page.get_by_text(first).locator("xpath=ancestor::div[contains(@class,'rt-Card')][1]")
    expect(row.get_by_text("Status kelengkapan: Perlu Perbaikan")).to_be_visible()
    row.get_by_role("link", name="Ubah").click()
    expect(page.get_by_text("Desain reklame tidak terbaca, unggah ulang resolusi lebih tinggi.")).to_be_visible()
    expect(page.get_by_label("Scan KTP Pemohon", exact=True)).to_have_count(0)  # only flagged ones
    page.get_by_label("Desain Reklame", exact=True).set_input_files(files=[pdf_file("desain-baru.pdf", 9000)])
    expect(page.get_by_role("link", name="desain-baru.pdf")).to_be_visible()
    page.get_by_role("button", name="Ajukan Ulang").click()
    expect_path(page, "/beranda")
    with Session(engine) as s:
        versions = s.exec(
            select(ApplicationDocument.version).where(
                ApplicationDocument.application_id == app_id, ApplicationDocument.requirement_id == design_id
            )
        ).all()
        assert sorted(versions) == [1, 2]  # the earlier version is kept for staff
        assert s.get(Application, app_id).status == "SUBMITTED"
    engine.dispose()

    # A second application, cancelled after confirming.
    second = _submit_reklame(page)
    row = page.get_by_text(second).locator("xpath=ancestor::div[contains(@class,'rt-Card')][1]")
    row.get_by_role("button", name="Batalkan").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.get_by_text("Apakah anda yakin akan membatalkan permohonan ini?")).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(row.get_by_text("Diajukan", exact=True)).to_be_visible()
    row.get_by_role("button", name="Batalkan").click()
    page.get_by_role("alertdialog").get_by_role("button", name="OK").click()
    expect(row.get_by_text("Dibatalkan", exact=True)).to_be_visible()
    expect(row.get_by_role("button", name="Batalkan")).to_have_count(0)
    # Issue 11 item 14: a cancelled file does not look active (no due date).
    expect(row.get_by_text(re.compile("^Perkiraan jadi"))).to_have_count(0)
    expect(row.get_by_text("Yang perlu Anda lakukan: Tidak ada. Permohonan ini sudah dibatalkan.")).to_be_visible()

    kinds = [kind for kind, _, _ in outbox(db, WA)]
    assert kinds == ["application_submitted", "application_returned", "application_submitted"], kinds
    returned_body = next(b for k, b, _ in outbox(db, WA) if k == "application_returned")
    assert first in returned_body and "Desain reklame tidak terbaca" in returned_body
