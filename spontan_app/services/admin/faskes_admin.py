"""Master data of health facilities: edit one, or import thousands from a CSV file.

``search_text`` is computed by ``services.faskes.search_text_of``; the search index follows
it by itself (FTS5 triggers on SQLite, a trigram GIN index on PostgreSQL), so every write
here only has to keep that column right."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.models import Faskes, StaffUser
from spontan_app.domain.validation import ValidationError, validate_coordinates
from spontan_app.i18n import Joined, msg
from spontan_app.services import audit, faskes
from spontan_app.services.admin.access import require_admin
from spontan_app.services.errors import DomainError, FieldErrors, NotFound

MAX_IMPORT_BYTES = 5 * 1024 * 1024
CSV_COLUMNS = ("kode_daerah", "kode_pusat", "nama", "alamat", "pemilik", "penanggung_jawab", "latitude", "longitude")
# (column, the catalogue key of its name in messages, max length, required)
_TEXT_COLUMNS = (
    ("kode_daerah", "backoffice.lbl_kode_daerah", 20, False),
    ("kode_pusat", "backoffice.lbl_kode_pusat", 20, False),
    ("nama", "backoffice.lbl_nama_faskes", 200, True),
    ("alamat", "backoffice.lbl_alamat_faskes", 300, True),
    ("pemilik", "backoffice.lbl_pemilik", 200, False),
    ("penanggung_jawab", "backoffice.lbl_penanggung_jawab", 200, False),
)
_IN_CHUNK = 500  # ids per IN (...) list when looking up existing codes


@dataclass
class FaskesForm:
    kode_daerah: str = ""
    kode_pusat: str = ""
    nama: str = ""
    alamat: str = ""
    pemilik: str = ""
    penanggung_jawab: str = ""
    latitude: str | float | None = ""
    longitude: str | float | None = ""


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)


# --------------------------------------------------------------------------- validation


def _clean(values: dict[str, str | float | None]) -> tuple[dict, dict[str, str]]:
    """Normalised column values and per-column messages; shared by the form and the import."""
    errors: dict[str, str] = {}
    clean: dict = {}
    for key, label, limit, required in _TEXT_COLUMNS:
        text = str(values.get(key) or "").strip()
        if required and not text:
            errors[key] = msg("backoffice.err_required", label=msg(label))
        elif len(text) > limit:
            errors[key] = msg("backoffice.err_max_chars", label=msg(label), limit=limit)
        clean[key] = text
    for key in ("kode_daerah", "kode_pusat"):
        clean[key] = clean[key] or None
    lat, lon = (str(values.get(k) or "").strip() for k in ("latitude", "longitude"))
    clean["latitude"] = clean["longitude"] = None
    if lat or lon:
        try:
            clean["latitude"], clean["longitude"] = validate_coordinates(lat or None, lon or None)
        except ValidationError as exc:
            errors["latitude"] = exc.message
    return clean, errors


def _with_search_text(values: dict) -> dict:
    values["search_text"] = faskes.search_text_of(Faskes(**values))
    return values


def _code_taken(session: Session, kode_daerah: str | None, own_id: int | None) -> bool:
    if not kode_daerah:
        return False
    other = session.exec(select(Faskes.id).where(Faskes.kode_daerah == kode_daerah)).first()
    return other is not None and other != own_id


# --------------------------------------------------------------------------- one faskes


def list_faskes(
    *, session: Session, staff: StaffUser, query: str = "", page: int = 1, page_size: int = 20
) -> faskes.SearchPage:
    """Faskes matching ``query`` (deactivated ones too, to reactivate), by name, same index."""
    require_admin(session, staff)
    return faskes.search(
        session=session,
        query=query,
        page=page,
        page_size=max(1, min(int(page_size), 200)),
        include_inactive=True,
    )


def get_faskes(*, session: Session, staff: StaffUser, faskes_id: int) -> Faskes:
    require_admin(session, staff)
    row = session.get(Faskes, int(faskes_id))
    if row is None:
        raise NotFound(msg("backoffice.err_faskes_not_found"))
    return row


def _validated(session: Session, form: FaskesForm, own_id: int | None) -> dict:
    values, errors = _clean({k: getattr(form, k) for k in CSV_COLUMNS})
    if "kode_daerah" not in errors and _code_taken(session, values["kode_daerah"], own_id):
        errors["kode_daerah"] = msg("backoffice.err_kode_daerah_taken")
    if errors:
        raise FieldErrors(errors)
    return _with_search_text(values)


def create_faskes(*, session: Session, staff: StaffUser, form: FaskesForm) -> Faskes:
    admin = require_admin(session, staff)
    row = Faskes(**_validated(session, form, None))
    session.add(row)
    faskes.forget_total()
    session.flush()
    audit.log(session, admin, "create_faskes", row, nama=row.nama)
    return row


def update_faskes(*, session: Session, staff: StaffUser, faskes_id: int, form: FaskesForm) -> Faskes:
    admin = require_admin(session, staff)
    row = get_faskes(session=session, staff=admin, faskes_id=faskes_id)
    values = _validated(session, form, row.id)
    changed = sorted(k for k, v in values.items() if getattr(row, k) != v and k != "search_text")
    for key, value in values.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    audit.log(session, admin, "update_faskes", row, changed=changed)
    return row


def set_faskes_active(*, session: Session, staff: StaffUser, faskes_id: int, active: bool) -> Faskes:
    """Deactivate (no longer offered; files that chose it keep it) or reactivate."""
    admin = require_admin(session, staff)
    row = get_faskes(session=session, staff=admin, faskes_id=faskes_id)
    if row.active != bool(active):
        row.active = bool(active)
        session.add(row)
        session.flush()
        faskes.forget_total()
        audit.log(session, admin, "activate_faskes" if active else "deactivate_faskes", row)
    return row


# --------------------------------------------------------------------------- CSV import


def _decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError(msg("backoffice.err_file_too_big"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(msg("backoffice.err_not_utf8")) from None


def _reader(text: str) -> tuple[csv.reader, list[str]]:
    """A reader on ``,`` or ``;`` (whichever the header uses) and the header's column names."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise DomainError(msg("backoffice.err_header", columns=",".join(CSV_COLUMNS), missing=", ".join(missing)))
    return reader, header


def _rows(text: str, report: ImportReport) -> list[tuple[int, dict]]:
    """(line, clean values) of every valid row; the others go to the report."""
    reader, header = _reader(text)
    seen: dict[str, int] = {}
    valid: list[tuple[int, dict]] = []
    start = reader.line_num + 1
    for raw in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(header):
            report.errors.append((line, msg("backoffice.err_column_count", count=len(raw), expected=len(header))))
            continue
        values, errors = _clean(dict(zip(header, raw, strict=True)))
        code = values["kode_daerah"]
        if code and code in seen and not errors:
            errors["kode_daerah"] = msg("backoffice.err_code_repeated", code=code, line=seen[code])
        if errors:
            report.errors.append((line, Joined(errors.values())))
            continue
        if code:
            seen[code] = line
        valid.append((line, _with_search_text(values)))
    return valid


def _existing_ids(session: Session, codes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(codes), _IN_CHUNK):
        chunk = codes[i : i + _IN_CHUNK]
        for code, faskes_id in session.exec(select(Faskes.kode_daerah, Faskes.id).where(Faskes.kode_daerah.in_(chunk))):
            found.setdefault(code, faskes_id)
    return found


def import_csv(*, session: Session, staff: StaffUser, data: bytes) -> ImportReport:
    """Insert new faskes and update those whose kode_daerah is known, in bulk; bad rows skipped."""
    admin = require_admin(session, staff)
    text = _decode(data)
    report = ImportReport()
    valid = _rows(text, report)
    existing = _existing_ids(session, [v["kode_daerah"] for _, v in valid if v["kode_daerah"]])
    inserts = [v for _, v in valid if v["kode_daerah"] not in existing]
    updates = [{"id": existing[v["kode_daerah"]], **v} for _, v in valid if v["kode_daerah"] in existing]
    if inserts:
        session.execute(sa.insert(Faskes), inserts)
    if updates:
        session.execute(sa.update(Faskes), updates)
    report.inserted, report.updated = len(inserts), len(updates)
    faskes.forget_total()  # the search page quotes the total (cached for a minute)
    report.errors.sort()
    audit.log(
        session,
        admin,
        "import_faskes",
        None,
        inserted=report.inserted,
        updated=report.updated,
        rejected=len(report.errors),
    )
    return report
