"""The permit document: an A4 PDF in Indonesian with a QR code pointing at its check page.

Pure: ``render_permit(data) -> bytes`` reads nothing and writes nothing, and the same
data renders the same bytes (the creation date is the issue moment). fpdf2's core fonts
only know Latin-1, so every text goes through ``pdf_text`` first: accents that Latin-1
has stay, other characters are reduced to their closest Latin letters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import qrcode
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from qrcode.constants import ERROR_CORRECT_M

from spontan_app.domain.timefmt import format_date, format_datetime

GOVERNMENT = "PEMERINTAH KOTA BALIKPAPAN"
OFFICE = "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU"
PLACE = "Balikpapan"
NO_END = "Berlaku selama memenuhi ketentuan"
E_SIGNED = "Ditandatangani secara elektronik"

QR_BOX = 8  # pixels per QR module in the embedded image
QR_BORDER = 4  # quiet zone, in modules
MAX_ROWS = 24  # form values printed; a permit is one or two pages, never a data dump
MAX_VALUE = 400  # characters of one printed value

_PAGE_W, _MARGIN = 210.0, 20.0
_TEXT_W = _PAGE_W - 2 * _MARGIN
_LABEL_W, _COLON_W = 55.0, 4.0
_LINE = 5.5
_REPLACEMENTS = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "…": "...", "•": "-"}
)


@dataclass(frozen=True)
class PermitData:
    """Everything the document prints; services fill it, this module only lays it out."""

    number: str
    izin_name: str
    holder_name: str
    identity_label: str  # "NIK" or "NPWP"
    identity_number: str
    check_url: str
    valid_from: date
    valid_until: date | None
    issued_at: datetime
    signer_name: str
    signer_position: str
    holder_address: str = ""
    registration_number: str = ""
    lokasi: str = ""
    faskes_name: str = ""
    faskes_address: str = ""
    legal_basis: str = ""
    values: list[tuple[str, str]] = field(default_factory=list)  # (label, value) from the form


def pdf_text(text: object) -> str:
    """``text`` as the core fonts can print it: Latin-1, no control characters."""
    value = unicodedata.normalize("NFC", str(text or "")).translate(_REPLACEMENTS)
    out = []
    for char in value:
        if char in "\n\t":
            out.append(" " if char == "\t" else char)
        elif unicodedata.category(char).startswith("C"):
            continue
        elif ord(char) < 256:
            out.append(char)
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) < 128)
            out.append(base or "?")
    return "".join(out)


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR modules for ``text`` (True = dark), without the quiet zone."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=QR_BOX, border=0)
    qr.add_data(text)
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


def _qr_image(text: str):
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=QR_BOX, border=QR_BORDER)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("L")


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"Halaman {self.page_no()}/{{nb}}", align=Align.C)
        self.set_text_color(0, 0, 0)


def _row(pdf: FPDF, label: str, value: str) -> None:
    if pdf.will_page_break(_LINE * 2):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_xy(_MARGIN, top)
    pdf.multi_cell(_LABEL_W, _LINE, pdf_text(label), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L)
    label_bottom, label_page = pdf.get_y(), pdf.page_no()
    pdf.set_xy(_MARGIN + _LABEL_W, top)
    pdf.cell(_COLON_W, _LINE, ":")
    pdf.set_xy(_MARGIN + _LABEL_W + _COLON_W, top)
    text = pdf_text(value)[:MAX_VALUE] or "-"
    pdf.multi_cell(_TEXT_W - _LABEL_W - _COLON_W, _LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L)
    if pdf.page_no() == label_page:
        pdf.set_y(max(label_bottom, pdf.get_y()))


def _centered(pdf: FPDF, text: str, size: float, style: str = "", height: float = 6.5) -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(_TEXT_W, height, pdf_text(text), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _new_document(title: str, created: datetime, subject: str = "") -> _Document:
    """An A4 portrait document of the office, its first page added."""
    pdf = _Document(orientation="P", unit="mm", format="A4")
    pdf.set_margins(_MARGIN, 18, _MARGIN)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_creation_date(created)
    pdf.set_title(pdf_text(title))
    pdf.set_author(pdf_text(f"{OFFICE.title()} Kota Balikpapan"))
    if subject:
        pdf.set_subject(pdf_text(subject))
    pdf.alias_nb_pages()
    pdf.add_page()
    return pdf


def render_permit(data: PermitData) -> bytes:
    """The permit as PDF bytes (A4 portrait)."""
    issued = data.issued_at if data.issued_at.tzinfo else data.issued_at.replace(tzinfo=UTC)
    pdf = _new_document(f"{data.izin_name} {data.number}", issued, subject=data.number)

    # Letterhead.
    _centered(pdf, GOVERNMENT, 14, "B", 7)
    _centered(pdf, OFFICE, 11.5, "B", 6)
    y = pdf.get_y() + 2
    pdf.set_line_width(0.8)
    pdf.line(_MARGIN, y, _PAGE_W - _MARGIN, y)
    pdf.set_line_width(0.2)
    pdf.line(_MARGIN, y + 1.2, _PAGE_W - _MARGIN, y + 1.2)
    pdf.set_y(y + 8)

    # Title and number.
    _centered(pdf, data.izin_name.upper(), 14, "B", 7)
    _centered(pdf, f"Nomor: {data.number}", 11, "", 6)
    pdf.ln(5)

    pdf.set_font("Helvetica", "", 10.5)
    if data.legal_basis:
        pdf.multi_cell(
            _TEXT_W, _LINE, pdf_text(f"Dasar hukum: {data.legal_basis}."), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(2)
    intro = "Dengan ini memberikan izin kepada:"
    if data.registration_number:
        intro = (
            f"Berdasarkan permohonan Nomor Registrasi {data.registration_number}, dengan ini memberikan izin kepada:"
        )
    pdf.multi_cell(_TEXT_W, _LINE, pdf_text(intro), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)

    rows: list[tuple[str, str]] = [
        ("Nama", data.holder_name),
        (data.identity_label, data.identity_number),
    ]
    if data.holder_address:
        rows.append(("Alamat", data.holder_address))
    rows.append(("Jenis Izin", data.izin_name))
    if data.lokasi:
        rows.append(("Lokasi", data.lokasi))
    if data.faskes_name:
        rows.append(("Fasilitas Pelayanan Kesehatan", data.faskes_name))
        if data.faskes_address:
            rows.append(("Alamat Fasilitas Kesehatan", data.faskes_address))
    rows.extend(data.values[:MAX_ROWS])
    for label, value in rows:
        _row(pdf, label, value)

    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 10.5)
    validity = f"Berlaku sampai: {format_date(data.valid_until)}" if data.valid_until else NO_END
    pdf.multi_cell(_TEXT_W, _LINE, validity, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10.5)
    pdf.multi_cell(
        _TEXT_W,
        _LINE,
        "Izin ini berlaku sepanjang pemegang izin mematuhi ketentuan peraturan perundang-undangan "
        "dan dapat dicabut apabila di kemudian hari terdapat kekeliruan atau pelanggaran.",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )

    # Signature block (right), then the QR code with its check URL beside it, on one page.
    if pdf.will_page_break(88):
        pdf.add_page()
    top = pdf.get_y() + 8
    sign_x, sign_w = _MARGIN + _TEXT_W / 2 + 5, _TEXT_W / 2 - 5
    pdf.set_xy(sign_x, top)
    pdf.multi_cell(sign_w, _LINE, pdf_text(f"{PLACE}, {format_date(issued)}"), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 10.5)
    pdf.multi_cell(sign_w, _LINE, pdf_text(data.signer_position), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_x(sign_x)
    pdf.set_font("Helvetica", "I", 9.5)
    pdf.multi_cell(sign_w, _LINE, E_SIGNED, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_x(sign_x)
    pdf.set_font("Helvetica", "BU", 10.5)
    pdf.multi_cell(sign_w, _LINE, pdf_text(data.signer_name), new_x=XPos.LEFT, new_y=YPos.NEXT)

    qr_size, qr_top = 32.0, pdf.get_y() + 6
    pdf.image(_qr_image(data.check_url), x=_MARGIN, y=qr_top, w=qr_size, h=qr_size)
    text_x = _MARGIN + qr_size + 4
    pdf.set_xy(text_x, qr_top + 9)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        _TEXT_W - qr_size - 4,
        4.5,
        "Periksa keaslian izin ini dengan memindai kode QR di samping atau membuka alamat:",
        new_x=XPos.LEFT,
        new_y=YPos.NEXT,
    )
    pdf.set_font("Courier", "", 8)
    pdf.multi_cell(_TEXT_W - qr_size - 4, 4.5, pdf_text(data.check_url), new_x=XPos.LEFT, new_y=YPos.NEXT)
    return bytes(pdf.output())


def qr_png_data_uri(text: str) -> str:
    """A QR code as a PNG data URI (e.g. an authenticator's otpauth:// link on screen)."""
    import base64
    import io

    buffer = io.BytesIO()
    _qr_image(text).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


# --------------------------------------------------------------------------- receipt


@dataclass(frozen=True)
class ReceiptData:
    """Bukti Pendaftaran: what the applicant keeps after Ajukan Permohonan."""

    registration_number: str
    izin_name: str
    applicant_name: str
    identity_label: str
    identity_number: str
    submitted_at: datetime
    due_date: date | None
    status_text: str
    documents: list[tuple[str, str]] = field(default_factory=list)  # (requirement, file name)
    tracking_url: str = ""


def render_receipt(data: ReceiptData) -> bytes:
    """The registration receipt as PDF bytes (A4 portrait, one page for a usual file)."""
    submitted = data.submitted_at if data.submitted_at.tzinfo else data.submitted_at.replace(tzinfo=UTC)
    pdf = _new_document(f"Bukti Pendaftaran {data.registration_number}", submitted)
    _centered(pdf, GOVERNMENT, 14, "B", 7)
    _centered(pdf, OFFICE, 11.5, "B", 6)
    y = pdf.get_y() + 2
    pdf.set_line_width(0.8)
    pdf.line(_MARGIN, y, _PAGE_W - _MARGIN, y)
    pdf.set_line_width(0.2)
    pdf.set_y(y + 8)
    _centered(pdf, "BUKTI PENDAFTARAN", 14, "B", 7)
    _centered(pdf, "Permohonan Izin melalui SPONTAN", 10.5, "", 6)
    pdf.ln(5)
    pdf.set_font("Helvetica", "", 10.5)
    for label, value in (
        ("Nomor Pendaftaran", data.registration_number),
        ("Jenis Izin", data.izin_name),
        ("Nama Pemohon", data.applicant_name),
        (data.identity_label, data.identity_number),
        ("Tanggal Pendaftaran", to_wita_text(submitted)),
        ("Tanggal Perkiraan Jadi", format_date(data.due_date) or "-"),
        ("Status", data.status_text),
    ):
        _row(pdf, label, value)
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10.5)
    pdf.multi_cell(_TEXT_W, _LINE, "Dokumen yang diajukan", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10.5)
    if not data.documents:
        pdf.multi_cell(_TEXT_W, _LINE, "-", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for index, (requirement, file_name) in enumerate(data.documents[:40], start=1):
        _row(pdf, f"{index}. {requirement}", file_name)
    pdf.ln(4)
    note = (
        "Simpan bukti ini. Status permohonan dapat dilacak dengan Nomor Pendaftaran di menu Lacak"
        + (f" ({data.tracking_url})." if data.tracking_url else ".")
        + " Tanggal Perkiraan Jadi dihitung dalam hari kerja dan dapat berubah bila berkas dikembalikan"
        " untuk perbaikan. Layanan ini tidak dipungut biaya."
    )
    pdf.set_font("Helvetica", "I", 9.5)
    pdf.multi_cell(_TEXT_W, _LINE, pdf_text(note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def to_wita_text(moment: datetime) -> str:
    return f"{format_datetime(moment)} WITA"
