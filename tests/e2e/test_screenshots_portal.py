"""The permit screens (wizard, faskes search, beranda, lacak) at phone and desktop size,
saved to docs/screenshots/. Each must show its heading and fit a phone's width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session, select

from spontan_app.db import make_engine
from spontan_app.domain.models import JenisIzin, Requirement
from spontan_app.services import accounts, applications
from spontan_app.services.applications import DraftInput
from tests.e2e.conftest import DESKTOP, PHONE, _finish, _new_page, open_page
from tests.e2e.helpers import login, make_applicant
from tests.support import redeem, screenshot_dir

SHOTS = screenshot_dir()


def _submitted_via_service(database_url: str, username: str) -> str:
    """One submitted reklame application for the beranda and lacak screens."""
    engine = make_engine(database_url)
    try:
        with Session(engine, expire_on_commit=False) as s:
            token = redeem(
                s,
                accounts.login(
                    session=s, applicant_type="perorangan", username=username, password="rahasia-layar", ip=None
                ).handoff,
            )
            applicant = accounts.current_applicant(session=s, token=token)
            izin = s.exec(select(JenisIzin).where(JenisIzin.code == "IPRI-B")).one()
            draft = applications.start_draft(session=s, applicant=applicant, izin_id=izin.id)
            applications.save_draft(
                session=s,
                applicant=applicant,
                application_id=draft.id,
                data=DraftInput(
                    values={
                        "jenis_kelamin": "Perempuan",
                        "jumlah": "2",
                        "tanggal_mulai": "2026-12-14",
                        "tanggal_selesai": "2026-12-21",
                    },
                    lokasi="Jl. Jenderal Sudirman, depan Balikpapan Plaza",
                    latitude="-1.2768",
                    longitude="116.8310",
                ),
            )
            for req in s.exec(select(Requirement).where(Requirement.izin_id == izin.id, Requirement.active.is_(True))):
                applications.attach_document(
                    session=s,
                    applicant=applicant,
                    application_id=draft.id,
                    requirement_id=req.id,
                    data=b"%PDF-1.4 layar",
                    filename=f"{req.name}.pdf",
                )
            result = applications.submit(
                session=s,
                applicant=applicant,
                application_id=draft.id,
                submit_key=f"layar-{username}",
                declaration=True,
            )
            s.commit()
            return result.registration_number
    finally:
        engine.dispose()


def _pdf_page_png(data: bytes, target) -> None:
    """The PDF's first page as a PNG (Debian's pdftoppm), for the documentation."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    if shutil.which("pdftoppm") is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "receipt.pdf"
        source.write_bytes(data)
        command = ["pdftoppm", "-png", "-r", "70", "-singlefile", str(source), str(Path(tmp) / "page")]
        subprocess.run(command, check=True)
        shutil.copyfile(Path(tmp) / "page.png", target)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_portal_screens(request, browser: Browser, app_server, size: str):
    viewport = PHONE if size == "phone" else DESKTOP
    username = "64710141019500" + ("31" if size == "phone" else "32")
    make_applicant(
        app_server.database_url,
        username=username,
        wa=f"+628125550033{1 if size == 'phone' else 2}",
        password="rahasia-layar",
        name="Siti Pemohon Layar",
    )
    number = _submitted_via_service(app_server.database_url, username)
    page, errors = _new_page(browser, app_server, viewport)
    widths: dict[str, int] = {}

    def shot(name: str) -> None:
        page.wait_for_timeout(300)
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(SHOTS / f"portal-{name}-{size}.png"), full_page=True)

    try:
        open_page(page, "/")
        expect(page.get_by_role("heading", level=1)).to_have_text("SPONTAN — Sistem Pendaftaran Online Tanpa Antrian")
        shot("landing")
        login(page, "Perorangan", username, "rahasia-layar")
        expect(page.get_by_text(number)).to_be_visible()
        shot("beranda")

        open_page(page, "/permohonan/baru")
        expect(page.get_by_role("heading", name="Langkah 1 – Pilih Bidang")).to_be_visible()
        shot("wizard-bidang")
        page.get_by_role("button", name="Kesehatan", exact=True).click()
        page.get_by_role("button", name="Izin Baru", exact=True).click()
        page.get_by_role("button", name="Surat Izin Praktik Bidan", exact=True).click()
        page.get_by_role("button", name="Persyaratan").click()
        expect(page.get_by_text("Lama Proses: 5 hari kerja")).to_be_visible()
        shot("wizard-izin")
        page.get_by_role("button", name="Isi Kelengkapan").click()
        expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
        expect(page.get_by_role("heading", name="Langkah 4 – Isi Kelengkapan")).to_be_visible()
        shot("wizard-kelengkapan")
        # Issue 11: the error summary after a refused Ajukan Permohonan, focused at the top.
        page.get_by_label("Nomor STR").fill("3321100220145678")
        expect(page.get_by_text("Tersimpan", exact=True)).to_be_visible()
        page.get_by_role("button", name="Ajukan Permohonan").click()
        expect(page.get_by_role("alert").filter(has_text="Terdapat kesalahan")).to_be_focused()
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"portal-wizard-kesalahan-{size}.png"))
        page.get_by_role("button", name="Cari Faskes").click()
        dialog = page.get_by_role("dialog", name="Pencarian Faskes")
        expect(dialog.get_by_text(re.compile(r"^Menampilkan 1 sampai 10"))).to_be_visible()
        page.wait_for_timeout(300)  # the dialog's fade-in has settled
        page.screenshot(path=str(SHOTS / f"portal-faskes-{size}.png"))
        dialog.get_by_role("button", name="Tutup").click()

        # The submitted file offers its receipt (Bukti Pendaftaran).
        open_page(page, "/beranda")
        page.get_by_role("link", name=re.compile("^(Ubah|Detail)$")).first.click()
        expect(page.get_by_role("link", name="Unduh Bukti Pendaftaran")).to_be_visible()
        shot("detail-diajukan")
        with page.expect_download() as download:
            page.get_by_role("link", name="Unduh Bukti Pendaftaran").click()
        receipt = download.value.path().read_bytes()
        assert receipt.startswith(b"%PDF") and len(receipt) > 1000
        if size == "desktop":
            _pdf_page_png(receipt, SHOTS / "bukti-pendaftaran-pdf.png")

        # Lacak from Beranda: the owner's file at once, no captcha.
        open_page(page, f"/lacak?nomor={number}")
        expect(page.get_by_role("heading", name="Hasil Pencarian")).to_be_visible()
        expect(page.get_by_text("Berkas saat ini berada di Petugas Front Office")).to_be_visible()
        shot("lacak")
    finally:
        _finish(request, page, errors)
    too_wide = {name: w for name, w in widths.items() if w > viewport["width"]}
    assert not too_wide, f"wider than the screen (sideways scrolling): {too_wide}"
