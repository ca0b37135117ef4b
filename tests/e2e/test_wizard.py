"""Chapter 5 of the manual: the whole journey from Ajukan Permohonan to the number on /beranda."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.e2e.helpers import escape_from, expect_path, login, make_applicant, upload_pdf, wait_for_message

SIPD_REQUIREMENTS = [
    "Scan KTP Pemohon",
    "Surat Tanda Registrasi (STR)",
    "Rekomendasi Organisasi Profesi",
    "Surat Keterangan Sehat",
    "Surat Pernyataan Tempat Praktik",
    "Pas Foto 4x6",
]


def _active_faskes(database_url: str) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM faskes WHERE active")).scalar_one()
    finally:
        engine.dispose()


def _open_izin(page: Page, bidang: str, layanan: str, izin: str) -> None:
    page.get_by_role("link", name="Ajukan Permohonan").click()
    expect_path(page, "/permohonan/baru")
    page.get_by_role("button", name=bidang, exact=True).click()
    page.get_by_role("button", name=layanan, exact=True).click()
    page.get_by_role("button", name=izin, exact=True).click()


def test_health_practice_permit_with_faskes_search_paging_miss_and_proposal(page: Page, app_server):
    db = app_server.database_url
    make_applicant(
        db, username="6471014101900002", wa="+6281255500011", password="rahasia-dokter", name="dr. Uji Praktik"
    )
    login(page, "Perorangan", "6471014101900002", "rahasia-dokter")
    expect_path(page, "/beranda")

    _open_izin(page, "Kesehatan", "Izin Baru", "Surat Izin Praktik Dokter")
    expect(page.get_by_text("Lama Proses: 5 hari kerja")).to_be_visible()
    page.get_by_role("button", name="Persyaratan").click()
    expect(page.get_by_text("Surat Tanda Registrasi (STR)")).to_be_visible()
    page.get_by_role("button", name="Isi Kelengkapan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))

    # Prefilled from the profile; the rest typed.
    expect(page.get_by_label("Nama Pemohon")).to_have_value("dr. Uji Praktik")
    expect(page.get_by_label("Nomor KTP")).to_have_value("6471014101900002")
    page.get_by_label("Jenis Kelamin").select_option("Perempuan")
    page.get_by_label("Nomor STR").fill("3321100220145678")
    page.get_by_label("Masa Berlaku STR").fill("2029-12-31")
    page.get_by_label("Tempat Praktik Ke").select_option("1")

    # A forged extension is refused by content and not stored; real PDFs are accepted.
    page.get_by_label("Scan KTP Pemohon").set_input_files(
        files=[{"name": "ktp.pdf", "mimeType": "application/pdf", "buffer": b"just text, not a pdf"}]
    )
    expect(page.get_by_text("Jenis berkas tidak didukung. Unggah PDF, JPG atau PNG.")).to_be_visible()
    for name in SIPD_REQUIREMENTS:
        upload_pdf(page, name)
    expect(page.get_by_text("Jenis berkas tidak didukung")).to_have_count(0)

    # Faskes: paging, a miss, Tambah Data, then a pick.
    count = _active_faskes(db)  # 360 seeded, plus whatever other tests imported
    total = f"{count:,}".replace(",", ".")  # as Indonesian writes numbers: 2.358
    page.get_by_role("button", name="Cari Faskes").click()
    dialog = page.get_by_role("dialog", name="Pencarian Faskes")
    expect(
        dialog.get_by_text(f"Menampilkan 1 sampai 10 dari {total} data (Menampilkan dari {total} total data)")
    ).to_be_visible()
    dialog.get_by_role("button", name="Selanjutnya").click()
    expect(dialog.get_by_text(f"Menampilkan 11 sampai 20 dari {total} data")).to_be_visible()
    dialog.get_by_label("Cari").fill("Klinik Yang Tidak Ada Sama Sekali")
    expect(dialog.get_by_text("Data yang anda cari tidak ditemukan, Silahkan Tambah Data")).to_be_visible()
    expect(
        dialog.get_by_text(f"Menampilkan 0 sampai 0 dari 0 data (Menampilkan dari {total} total data)")
    ).to_be_visible()
    dialog.get_by_role("button", name="Tambah Data").first.click()
    proposal = page.get_by_role("dialog", name="Tambah Data Faskes")
    proposal.get_by_label("Nama Faskes").fill("Klinik Pratama Uji Coba")
    proposal.get_by_label("Alamat Faskes").fill("Jl. MT Haryono No. 99, Balikpapan")
    proposal.get_by_label("Nama Pemilik").fill("PT Uji Sehat")
    proposal.get_by_label("Nama Penanggung Jawab").fill("dr. Penanggung")
    proposal.get_by_label("Kontak").fill("081255500012")
    proposal.get_by_role("button", name="Kirim Usulan").click()
    expect(proposal.get_by_text("Usulan faskes terkirim")).to_be_visible()
    proposal.get_by_role("button", name="Tutup").click()
    # Issue 11 item 12: Escape closes Tambah Data as well.
    page.get_by_role("button", name="Cari Faskes").click()
    dialog.get_by_label("Cari").fill("Klinik Yang Tidak Ada Sama Sekali")
    dialog.get_by_role("button", name="Tambah Data").first.click()
    escape_from(page, proposal)
    expect(proposal).to_be_hidden()

    page.get_by_role("button", name="Cari Faskes").click()
    dialog.get_by_label("Cari").fill("APOTEK")  # case-insensitive
    expect(dialog.get_by_text(re.compile(r"Menampilkan 1 sampai \d+ dari \d+ data"))).to_be_visible()
    first = dialog.get_by_role("row").nth(1)
    chosen = first.get_by_role("cell").nth(3).inner_text()
    assert chosen.startswith("Apotek")
    first.get_by_role("button", name=re.compile("^Pilih")).click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text(chosen).first).to_be_visible()

    # The declaration is required; then Ajukan Permohonan.
    page.get_by_role("button", name="Ajukan Permohonan").click()
    # Item 2: the error summary at the top names the field and takes the focus; the message
    # also stands beside the field.
    summary = page.get_by_role("alert").filter(has_text="Terdapat kesalahan")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("^Centang pernyataan bahwa data"))).to_be_visible()
    expect(page.locator(".declaration + *").get_by_text("Centang pernyataan bahwa data yang diisikan")).to_be_visible()
    summary.get_by_role("link", name=re.compile("^Centang pernyataan")).click()
    expect(page.locator("#declaration")).to_be_focused()
    page.get_by_label(re.compile("^Saya menyatakan bahwa data yang diisikan adalah valid")).check()
    page.get_by_role("button", name="Ajukan Permohonan").click()
    expect_path(page, "/beranda")
    number = re.compile(r"^1/SIPD-B/\d{2}/\d{4}$")
    expect(page.get_by_text(number)).to_be_visible()
    body = wait_for_message(db, "+6281255500011", "application_submitted")
    assert re.search(r"Nomor Pendaftaran: 1/SIPD-B/\d{2}/\d{4}", body)


def test_research_permit_with_map_location_and_draft_resume(page: Page, app_server):
    make_applicant(
        app_server.database_url,
        username="6471014101900003",
        wa="+6281255500013",
        password="rahasia-peneliti",
        name="Peneliti Uji",
    )
    login(page, "Perorangan", "6471014101900003", "rahasia-peneliti")
    _open_izin(page, "Penelitian", "Izin Baru", "Surat Keterangan Penelitian")
    page.get_by_role("button", name="Isi Kelengkapan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    draft_url = page.url

    page.get_by_label("Jenis Kelamin").select_option("Perempuan")
    page.get_by_label("Judul Penelitian").fill("Pola Mobilitas Warga Balikpapan")
    page.get_by_label("Instansi/Universitas", exact=True).fill("Universitas Uji")
    page.get_by_label("Tanggal Mulai Penelitian").fill("2026-12-01")
    page.get_by_label("Tanggal Selesai Penelitian").fill("2027-02-28")
    page.get_by_label("Lokasi", exact=True).fill("Kelurahan Sepinggan dan sekitarnya")
    page.get_by_role("button", name="Simpan Draf").click()
    expect(page.get_by_text("Draf tersimpan.")).to_be_visible()

    # Drafts are listed on /beranda and resume where they stopped.
    page.goto("/beranda")
    page.get_by_role("link", name="Lanjutkan").click()
    expect(page).to_have_url(draft_url)
    expect(page.get_by_label("Judul Penelitian")).to_have_value("Pola Mobilitas Warga Balikpapan")

    # The map: click a point, Pilih Lokasi fills Latitude/Longitude inside Balikpapan.
    map_box = page.get_by_label("Peta pemilihan lokasi")
    map_box.click(position={"x": 200, "y": 150})
    page.get_by_role("button", name="Pilih Lokasi").click()
    expect(page.get_by_label("Latitude", exact=True)).to_have_value(re.compile(r"^-1\.\d+"))
    lat = float(page.get_by_label("Latitude", exact=True).input_value())
    lng = float(page.get_by_label("Longitude", exact=True).input_value())
    assert -1.45 <= lat <= -0.95 and 116.7 <= lng <= 117.2

    for name in ["Scan KTP Pemohon", "Surat Pengantar Instansi/Universitas", "Proposal Penelitian"]:
        upload_pdf(page, name)
    page.get_by_label(re.compile("^Saya menyatakan")).check()
    page.get_by_role("button", name="Ajukan Permohonan").click()
    expect_path(page, "/beranda")
    expect(page.get_by_text(re.compile(r"^\d+/SKP-B/\d{2}/\d{4}$"))).to_be_visible()
