"""Validation of identity numbers, phone numbers and coordinates.

Each validator returns the normalised value or raises ``ValidationError`` with an
Indonesian message meant to be shown beside the field.
"""

from __future__ import annotations

import re
import unicodedata

from spontan_app.i18n import msg

# Kota Balikpapan and its surroundings; coordinates outside are certainly a typo.
BALIKPAPAN_BOUNDS = {"lat_min": -1.45, "lat_max": -0.95, "lon_min": 116.70, "lon_max": 117.20}
BALIKPAPAN_CENTER = (-1.2379, 116.8529)


class ValidationError(ValueError):
    """A user-facing validation problem for one field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# Control characters (NUL breaks PostgreSQL), bidi overrides that reverse what a reader
# sees (U+202E), and invisible characters used to make look-alike names.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def clean_text(value: str | None, label: str, *, multiline: bool = False) -> str:
    """Typed text as stored: Unicode NFC, trimmed; control, bidi-override and invisible
    characters refused with a message naming the field."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if not multiline and ("\n" in text or "\r" in text):
        text = " ".join(text.split())
    if _UNSAFE.search(text.replace("\n", "").replace("\r", "").replace("\t", "")):
        raise ValidationError(msg("accounts.v_bad_chars", label=label))
    return text


def safe_filename(value: str | None, *, default: str = "dokumen", limit: int = 255) -> str:
    """An uploaded file's own name as shown to staff: never refused (the upload matters,
    not its name) but cleaned. Unicode NFC; control, bidi-override and invisible
    characters dropped (a NUL must never reach the database, U+202E would let
    ``gpj.exe`` read as ``exe.jpg``); folders and surrounding dots/blanks removed; at most
    ``limit`` characters, keeping the extension."""
    text = unicodedata.normalize("NFC", value or "")
    text = _UNSAFE.sub("", text.replace("\t", " ").replace("\n", " ").replace("\r", " "))
    text = re.split(r"[/\\]", text)[-1]  # C:\\fakepath\\x.pdf and ../../x.pdf keep only x.pdf
    text = " ".join(text.split()).strip(" .")
    if len(text) > limit:
        stem, dot, ext = text.rpartition(".")
        ext = ext if dot and stem and len(ext) <= 10 else ""
        text = (text[: limit - len(ext) - 1].rstrip() + "." + ext) if ext else text[:limit]
    return text or default


_NON_DIGIT = re.compile(r"[^0-9]")  # ASCII only: other scripts' digits are refused
_ALLOWED_ID_PUNCT = re.compile(r"^[0-9 .\-/]*$")


def _digits(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(msg("accounts.v_required", label=label))
    if not _ALLOWED_ID_PUNCT.match(value):
        raise ValidationError(msg("accounts.v_digits_only", label=label))
    return _NON_DIGIT.sub("", value)


def normalize_nik(value: str) -> str:
    """A NIK (Nomor Induk Kependudukan) has 16 digits; punctuation is stripped."""
    digits = _digits(value, "NIK")
    if len(digits) != 16:
        raise ValidationError(msg("accounts.v_nik_length"))
    if digits[:2] == "00" or digits[6:12] == "000000":
        raise ValidationError(msg("accounts.v_nik_invalid"))
    return digits


def normalize_npwp(value: str) -> str:
    """An NPWP has 15 digits (old format, e.g. 01.234.567.8-901.000) or 16 (NIK-based)."""
    digits = _digits(value, "NPWP")
    if len(digits) not in (15, 16):
        raise ValidationError(msg("accounts.v_npwp_length"))
    if set(digits) == {"0"}:
        raise ValidationError(msg("accounts.v_npwp_invalid"))
    return digits


def normalize_wa_number(value: str, label: str | None = None) -> str:
    """Accept 08…, 62… and +62… (with spaces or dashes) and return E.164 (+62…).

    ``label`` names the field in the messages (Nomor Handphone, Kontak, …)."""
    label = label if label is not None else msg("accounts.label_wa_number")
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(msg("accounts.v_required", label=label))
    if not re.fullmatch(r"\+?[0-9 \-().]+", raw):
        raise ValidationError(msg("accounts.v_digits_only", label=label))
    digits = _NON_DIGIT.sub("", raw)
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise ValidationError(msg("accounts.v_wa_prefix", label=label))
    # Indonesian mobile numbers: 8xx followed by 7 to 10 more digits.
    if not re.fullmatch(r"8[0-9]{8,11}", national):
        raise ValidationError(msg("accounts.v_wa_invalid", label=label))
    return "+62" + national


def national_number(e164: str | None) -> str:
    """+6281234567890 -> 081234567890, the way people write their number."""
    return "0" + e164[3:] if e164 and e164.startswith("+62") else (e164 or "")


def validate_email(value: str) -> str:
    email = (value or "").strip()
    if not email:
        raise ValidationError(msg("accounts.v_email_required"))
    if len(email) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", email):
        raise ValidationError(msg("accounts.v_email_format"))
    return email.lower()


def validate_coordinates(latitude: float | str | None, longitude: float | str | None) -> tuple[float, float]:
    """Coordinates must be numbers inside the Balikpapan area."""
    try:
        lat = float(str(latitude).replace(",", "."))
        lon = float(str(longitude).replace(",", "."))
    except (TypeError, ValueError):
        raise ValidationError(msg("accounts.v_coordinates_number")) from None
    b = BALIKPAPAN_BOUNDS
    if not (b["lat_min"] <= lat <= b["lat_max"] and b["lon_min"] <= lon <= b["lon_max"]):
        raise ValidationError(msg("accounts.v_coordinates_outside"))
    return round(lat, 7), round(lon, 7)


def fold_text(value: str) -> str:
    """Lower-case, strip accents and collapse punctuation: the form search compares."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", ascii_only.lower()).split())


def format_nik(digits: str) -> str:
    """Display a 16-digit number in the dotted form of the manual (33.11.05.06.05.99.0002)."""
    if len(digits) != 16:
        return digits
    return ".".join([digits[0:2], digits[2:4], digits[4:6], digits[6:8], digits[8:10], digits[10:12], digits[12:]])


# Form fields about a person that a company (badan usaha) has no answer to: optional for it,
# whatever the catalogue says (a submitted file's snapshot keeps only the key, so both count).
PERSON_ONLY_FIELD_KEYS = frozenset({"jenis_kelamin"})
PERSON_ONLY_PREFILLS = frozenset({"sex"})


def field_required(*, required: bool, key: str, prefill: str | None, applicant_type: str | None) -> bool:
    """Whether an izin's form field must be filled by this kind of applicant."""
    if applicant_type == "badan_usaha" and (key in PERSON_ONLY_FIELD_KEYS or prefill in PERSON_ONLY_PREFILLS):
        return False
    return required
