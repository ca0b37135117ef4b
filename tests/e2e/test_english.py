"""Issue 14 item 2: a whole applicant journey in English — switch on the landing page,
register (the WhatsApp OTP and link in English), complete the account, log in, apply for a
research permit with its map location, submit, track — with no Indonesian text left on the
pages the applicant reads, and the choice remembered (cookie, then profile).

The test is written with the Indonesian labels of the UI contract and reads each one's
English twin from the catalogues (``en("Daftar")``), so a label without English fails here."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from spontan_app.i18n import LANG_NAMES, catalogue
from tests.e2e.conftest import open_page
from tests.e2e.helpers import CAPTCHA, expect_path, link_path, otp_from, upload_pdf, wait_for_message
from tests.support import screenshot_dir

SHOTS = screenshot_dir()

NIK = "6471015708900042"
WA = "081255500042"
WA_E164 = "+6281255500042"


def en(indonesian: str, **params: str) -> str | re.Pattern:
    """The English text of the catalogue entry whose Indonesian text is ``indonesian`` (a
    pattern matching any of them when two areas translate it a little differently)."""
    english = catalogue("en")
    found = sorted({english[key] for key, text in catalogue("id").items() if text == indonesian})
    assert found, f"no catalogue entry reads {indonesian!r}"
    found = [text.format(**params) if params else text for text in found]
    if len(found) == 1:
        return found[0]
    return re.compile(r"^\s*(" + "|".join(re.escape(text) for text in found) + r")\s*$")


_DATA: list[str] = []


def office_data(database_url: str) -> list[str]:
    """The office's data, Indonesian in both languages: izin, bidang, layanan, requirement,
    form field and region names (longest first)."""
    if not _DATA:
        engine = sa.create_engine(database_url)
        try:
            with engine.connect() as conn:
                columns = [("bidang", "name"), ("bidang", "description"), ("jenis_layanan", "name"),
                           ("jenis_izin", "name"), ("jenis_izin", "description"), ("requirement", "name"),
                           ("form_field", "label"), ("form_field", "help_text"), ("region", "name")]  # fmt: skip
                for table, column in columns:
                    _DATA.extend(v for (v,) in conn.execute(sa.text(f"SELECT DISTINCT {column} FROM {table}")) if v)
        finally:
            engine.dispose()
        _DATA.sort(key=len, reverse=True)
    return _DATA


def indonesian_on(page: Page) -> list[str]:
    """Indonesian catalogue texts visible on the page (ones that differ in English), apart
    from the office's data, the local terms English names in brackets, and the switch,
    which names Bahasa Indonesia in Indonesian."""
    text = page.evaluate(
        """() => { const body = document.body.cloneNode(true);
                   body.querySelectorAll('.lang-switch').forEach(e => e.remove());
                   document.documentElement.appendChild(body); const t = body.innerText; body.remove(); return t; }"""
    )
    for data in office_data(_DATABASE[0]):
        text = text.replace(data, " ")
    text = re.sub(r"\([^)]*\)", " ", text)  # "District (Kecamatan)": the local term, named
    english = catalogue("en")
    phrases = []
    for key, indonesian in catalogue("id").items():
        if "{" in indonesian or indonesian == english[key] or len(indonesian) < 5 or indonesian in LANG_NAMES.values():
            continue
        found = re.search(r"(?<!\w)" + re.escape(indonesian) + r"(?!\w)", text)
        if found:  # the phrase, and where it stands
            phrases.append(f"{indonesian!r} in …{text[max(0, found.start() - 40) : found.end() + 40]!r}…")
    return phrases


def _language_of(database_url: str, username: str) -> str:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(
                sa.text("SELECT language FROM applicant WHERE username = :u"), {"u": username}
            ).scalar_one()
    finally:
        engine.dispose()


_DATABASE: list[str] = []


def test_a_whole_applicant_journey_in_english(page: Page, app_server):
    db = app_server.database_url
    _DATABASE[:] = [db]

    # The landing page, switched to English; the switch now offers Indonesian back.
    open_page(page, "/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("button", name="Bahasa Indonesia")).to_be_visible()
    expect(page.locator("[lang=en]").first).to_be_attached()
    assert indonesian_on(page) == []
    page.screenshot(path=str(SHOTS / "en-landing-desktop.png"), full_page=True)

    # Registration, remembered by the cookie across a full page load.
    open_page(page, "/registrasi")
    expect(page.get_by_role("button", name="Bahasa Indonesia")).to_be_visible()
    page.get_by_label(en("Perorangan"), exact=True).check()
    page.get_by_label(en("Nomor Identitas")).fill(NIK)
    page.get_by_label(en("No WA")).fill(WA)
    page.get_by_label("Email").fill("english@contoh.id")
    page.get_by_label(en("Kode Unik")).fill("SALAH1")
    page.get_by_role("button", name=en("Daftar"), exact=True).click()
    expect(page.locator("#captcha-error")).to_contain_text(
        en("Kode Unik tidak sesuai. Silakan ketik kode pada gambar yang baru.")
    )
    assert indonesian_on(page) == []
    page.get_by_label(en("Kode Unik")).fill(CAPTCHA)
    page.get_by_role("button", name=en("Daftar"), exact=True).click()
    otp_body = wait_for_message(db, WA_E164, "otp_register")
    page.get_by_label(en("Kode OTP")).fill(otp_from(otp_body))
    page.get_by_role("button", name=en("Verifikasi")).click()
    expect(page.get_by_role("heading", name=en("Registrasi Berhasil"))).to_be_visible()
    assert _language_of(db, NIK) == "en"

    # The WhatsApp link (English, like the OTP), then the account's details.
    link_body = wait_for_message(db, WA_E164, "registration_link")
    for body in (otp_body, link_body):
        assert not re.search(r"\b(Kode|Jangan|berikan|Anda|Silakan|tautan)\b", body), body
    open_page(page, link_path(link_body))
    page.get_by_role("button", name=en("Lengkapi Data")).click()
    page.get_by_label(en("Password"), exact=True).fill("english-pass-1")
    page.get_by_label(en("Ketik Ulang Password")).fill("english-pass-1")
    page.get_by_label(en("Nama Lengkap")).fill("Grace English")
    page.get_by_label(en("Kecamatan")).select_option(label="Balikpapan Selatan")
    page.get_by_label(en("Kelurahan")).select_option(label="Sepinggan")
    page.get_by_label(en("Alamat")).fill("Jl. Uji Coba No. 42")
    page.get_by_label(en("Tempat Lahir")).fill("Balikpapan")
    page.get_by_label(en("Tanggal Lahir")).fill("1990-08-17")
    page.get_by_label(en("Perempuan")).check()
    assert indonesian_on(page) == []
    page.get_by_role("button", name=en("Selesaikan Registrasi")).click()
    expect_path(page, "/login")

    # Login and the home page.
    open_page(page, "/login")
    page.get_by_label(en("Perorangan"), exact=True).check()
    page.get_by_label("Username").fill(NIK)
    page.get_by_label(en("Password")).fill("english-pass-1")
    page.get_by_label(en("Kode Unik")).fill(CAPTCHA)
    assert indonesian_on(page) == []
    page.get_by_label(en("Kode Unik")).press("Enter")
    expect_path(page, "/beranda")
    expect(page.get_by_role("heading", name=en("Selamat datang, ") + "Grace English")).to_be_visible()
    assert indonesian_on(page) == []
    page.screenshot(path=str(SHOTS / "en-beranda-desktop.png"), full_page=True)

    # A research permit: the izin names are the office's data (Indonesian), the portal's words English.
    page.get_by_role("link", name=en("Ajukan Permohonan")).click()
    expect_path(page, "/permohonan/baru")
    page.get_by_role("button", name="Penelitian", exact=True).click()
    page.get_by_role("button", name="Izin Baru", exact=True).click()
    page.get_by_role("button", name="Surat Keterangan Penelitian", exact=True).click()
    page.get_by_role("button", name=en("Isi Kelengkapan")).click()
    expect(page).to_have_url(re.compile(r"/permohonan/\d+$"))
    page.get_by_label("Jenis Kelamin").select_option("Perempuan")
    page.get_by_label("Judul Penelitian").fill("Urban Mobility in Balikpapan")
    page.get_by_label("Instansi/Universitas", exact=True).fill("Universitas Uji")
    page.get_by_label("Tanggal Mulai Penelitian").fill("2026-12-01")
    page.get_by_label("Tanggal Selesai Penelitian").fill("2027-02-28")
    page.get_by_label(en("Lokasi"), exact=True).fill("Sepinggan")
    page.get_by_label(en("Peta pemilihan lokasi")).click(position={"x": 200, "y": 150})
    page.get_by_role("button", name=en("Pilih Lokasi")).click()
    expect(page.get_by_label("Latitude", exact=True)).to_have_value(re.compile(r"^-1\.\d+"))
    for name in ["Scan KTP Pemohon", "Surat Pengantar Instansi/Universitas", "Proposal Penelitian"]:
        upload_pdf(page, name)
    page.get_by_role("button", name=en("Ajukan Permohonan")).click()  # the declaration is missing
    expect(page.get_by_role("alert").filter(has_text=en("Terdapat kesalahan"))).to_be_visible()
    page.screenshot(path=str(SHOTS / "en-wizard-errors-desktop.png"))
    page.locator("#declaration").check()
    page.get_by_role("button", name=en("Ajukan Permohonan")).click()
    expect_path(page, "/beranda")
    number = page.get_by_text(re.compile(r"^\d+/SKP-B/\d{2}/\d{4}$")).first
    expect(number).to_be_visible()
    assert indonesian_on(page) == []
    submitted = wait_for_message(db, WA_E164, "application_submitted")
    assert not re.search(r"\b(Permohonan|berhasil|diajukan|Lacak berkas)\b", submitted), submitted

    # Tracking the file, in English.
    registration_number = number.inner_text()
    open_page(page, "/lacak")
    page.get_by_label(en("Nomor Pendaftaran")).fill(registration_number)
    page.get_by_label(en("Kode Unik")).fill(CAPTCHA)
    page.get_by_role("button", name=en("Lacak")).click()
    expect(page.get_by_text(registration_number).first).to_be_visible()
    assert indonesian_on(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "en-lacak-phone.png"), full_page=True)

    # Back to Indonesian: the profile follows.
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    expect(page.get_by_role("button", name="Lacak")).to_be_visible()
    assert _language_of(db, NIK) == "id"
