"""Permit applications: drafts, values, documents, faskes, submission.

Every function takes the logged-in applicant (resolved once by the caller with
``accounts.current_applicant``) and re-checks ownership of every id it is given: an event
sent by hand with another applicant's draft id gets ``NotFound`` (we do not confirm it exists).
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from spontan_app.db import after_commit
from spontan_app.domain.enums import ApplicantType, ApplicationStatus, FieldType
from spontan_app.domain.models import (
    Applicant,
    Application,
    ApplicationDocument,
    ApplicationStep,
    ApplicationValue,
    Faskes,
    FormField,
    JenisIzin,
    Requirement,
    utcnow,
)
from spontan_app.domain.validation import (
    ValidationError,
    clean_text,
    field_required,
    national_number,
    normalize_nik,
    normalize_npwp,
    normalize_wa_number,
    safe_filename,
    validate_coordinates,
)
from spontan_app.i18n import msg
from spontan_app.integrations import storage
from spontan_app.services import audit, catalogue, snapshot, workflow
from spontan_app.services import faskes as faskes_service
from spontan_app.services.errors import Conflict, FieldErrors, NotFound
from spontan_app.services.ownership import owned_application, parse_id
from spontan_app.services.workflow import Submitted
from spontan_app.settings import get_settings

logger = logging.getLogger(__name__)
STORAGE_FAILED = msg("permohonan.storage_failed")


def max_document_bytes() -> int:
    """Per-file upload limit (SPONTAN_MAX_UPLOAD_MB, default 5 MB), shown before uploading."""
    return get_settings().max_upload_mb * 1024 * 1024


EDITABLE_DOCUMENT_STATUSES = (
    ApplicationStatus.DRAFT.value,
    ApplicationStatus.SUBMITTED.value,
    ApplicationStatus.RETURNED.value,
)
DECLARATION = msg("permohonan.declaration")  # the page shows tr("permohonan.declaration")


# --------------------------------------------------------------------------- loading


def get_owned(*, session: Session, applicant: Applicant, application_id: int) -> Application:
    """The caller's own application, or NotFound (also for someone else's id)."""
    return owned_application(session, applicant, application_id)


def _draft(session: Session, applicant: Applicant, application_id: int) -> Application:
    application = owned_application(session, applicant, application_id)
    if application.status != ApplicationStatus.DRAFT.value:
        raise Conflict(msg("permohonan.already_submitted_draft"))
    return application


def fields_of(*, session: Session, izin_id: int) -> list[FormField]:
    """The live catalogue's active fields (for new drafts)."""
    return snapshot.live_fields(session, izin_id)


def fields_for(*, session: Session, application: Application) -> list[FormField]:
    """The fields of this file: as submitted, or the live catalogue's for a draft."""
    return snapshot.fields_for(session, application)


def requirements_for(*, session: Session, application: Application) -> list[Requirement]:
    return snapshot.requirements_for(session, application)


def values_of(*, session: Session, application_id: int) -> dict[str, str]:
    rows = session.exec(select(ApplicationValue).where(ApplicationValue.application_id == application_id))
    return {row.field_key: row.value for row in rows}


def current_documents(*, session: Session, application_id: int) -> dict[int, ApplicationDocument]:
    rows = session.exec(
        select(ApplicationDocument).where(
            ApplicationDocument.application_id == application_id, ApplicationDocument.is_current.is_(True)
        )
    )
    return {row.requirement_id: row for row in rows}


def _prefill(applicant: Applicant, key: str | None) -> str:
    if not key:
        return ""
    company = applicant.applicant_type == ApplicantType.BADAN_USAHA.value
    return {
        # Nama Pemohon is the person who applies: for a Badan Usaha the contact person, whose
        # NIK is prefilled too (the company's name goes to Nama Usaha).
        "full_name": (applicant.pic_name or applicant.full_name or "") if company else (applicant.full_name or ""),
        "sex": {"L": "Laki-laki", "P": "Perempuan"}.get(applicant.sex or "", ""),
        "company_name": applicant.company_name or "",
        "nik": (applicant.pic_nik or "") if company else applicant.username,
        "npwp": applicant.username if company else "",
        "address": applicant.address or "",
        "phone": national_number(applicant.phone or applicant.wa_number),
    }.get(key, "")


# --------------------------------------------------------------------------- drafts


def start_draft(*, session: Session, applicant: Applicant, izin_id: int) -> Application:
    """Isi Kelengkapan: a new draft, its form prefilled from the applicant's profile."""
    izin = catalogue.get_izin(session=session, izin_id=izin_id)
    application = Application(
        applicant_id=applicant.id, izin_id=izin.id, status=ApplicationStatus.DRAFT.value, draft_step=4
    )
    session.add(application)
    session.flush()
    for form_field in fields_of(session=session, izin_id=izin.id):
        value = _prefill(applicant, form_field.prefill)
        if value:
            session.add(ApplicationValue(application_id=application.id, field_key=form_field.key, value=value))
    audit.log(session, applicant, "start_draft", application, izin=izin.code)
    return application


@dataclass
class DraftInput:
    values: dict[str, str] = field(default_factory=dict)
    lokasi: str = ""
    latitude: str = ""
    longitude: str = ""
    keterangan: str = ""
    draft_step: int | None = None


def save_draft(*, session: Session, applicant: Applicant, application_id: int, data: DraftInput) -> Application:
    """Simpan Draf: keep whatever is there (no completeness check), at any step."""
    application = _draft(session, applicant, application_id)
    return _write(session, application, data)


def _write(session: Session, application: Application, data: DraftInput) -> Application:
    known = {f.key: f for f in snapshot.fields_for(session, application)}
    existing = {
        v.field_key: v
        for v in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == application.id))
    }
    # A draft may be incomplete, but what it stores is clean text: NFC, and no control,
    # bidi-override or invisible characters (a NUL would fail on PostgreSQL).
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for key, value in (data.values or {}).items():
        if key not in known:
            continue  # never store keys the izin does not define
        try:
            cleaned[key] = _clean(known[key].label, value, multiline=known[key].field_type == FieldType.TEXTAREA.value)
        except ValidationError as exc:
            errors[key] = exc.message
    lokasi = keterangan = ""
    try:
        lokasi = _clean(LOKASI_LABEL, data.lokasi)
    except ValidationError as exc:
        errors["lokasi"] = exc.message
    try:
        keterangan = _clean(KETERANGAN_LABEL, data.keterangan)
    except ValidationError as exc:
        errors["keterangan"] = exc.message
    if errors:
        raise FieldErrors(errors)  # nothing of this save is written
    for key, text in cleaned.items():
        text = text[:2000]
        row = existing.get(key)
        if row is None:
            session.add(ApplicationValue(application_id=application.id, field_key=key, value=text))
        else:
            row.value = text
            session.add(row)
    application.lokasi = lokasi[:300]
    application.keterangan = keterangan[:1000]
    application.latitude, application.longitude = _optional_coordinates(data.latitude, data.longitude)
    if data.draft_step is not None and application.status == ApplicationStatus.DRAFT.value:
        application.draft_step = max(4, min(int(data.draft_step), 6))
    application.updated_at = utcnow()
    session.add(application)
    session.flush()
    return application


LOKASI_LABEL = msg("permohonan.location")
KETERANGAN_LABEL = msg("beranda.detail_notes")


def _clean(label: object, value: object, *, multiline: bool = True) -> str:
    """``clean_text`` for a draft: the text as typed (only NFC), or a ValidationError."""
    return clean_text(str(value or ""), label, multiline=multiline)


def _optional_coordinates(latitude: str | float | None, longitude: str | float | None):
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        return validate_coordinates(latitude, longitude)
    except ValidationError:
        return None, None  # a draft may hold anything; submission re-checks


def save_changes(*, session: Session, applicant: Applicant, application_id: int, data: DraftInput) -> Application:
    """Ubah after submission (first desk or returned): complete and valid, or nothing is written."""
    application = owned_application(session, applicant, application_id)
    if application.status == ApplicationStatus.DRAFT.value:
        return save_draft(session=session, applicant=applicant, application_id=application_id, data=data)
    editable, reason = workflow.can_edit(session, application)
    if not editable:
        raise Conflict(reason)
    _write(session, application, data)
    errors = validation_errors(session=session, application=application)
    if errors:
        raise FieldErrors(errors)  # the caller's transaction rolls back: nothing half-written
    audit.log(session, applicant, "edit", application)
    return application


def choose_faskes(*, session: Session, applicant: Applicant, application_id: int, faskes_id: int | None) -> Application:
    application = _draft(session, applicant, application_id)
    if faskes_id is not None:
        faskes_service.get_active(session=session, faskes_id=faskes_id)
    application.faskes_id = faskes_id
    application.updated_at = utcnow()
    session.add(application)
    return application


def delete_draft(*, session: Session, applicant: Applicant, application_id: int) -> list[str]:
    """Remove a never-submitted draft and its files. Returns the removed file names."""
    application = _draft(session, applicant, application_id)
    documents = list(
        session.exec(select(ApplicationDocument).where(ApplicationDocument.application_id == application.id))
    )
    names = [d.storage_name for d in documents]
    for row in documents:
        session.delete(row)
    for row in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == application.id)):
        session.delete(row)
    session.flush()  # children first: there are no ORM relationships to order the deletes
    audit.log(session, applicant, "delete_draft", application, izin=application.izin_id)
    session.delete(application)
    # The stored files go once the rows are gone for good; a rollback keeps both.
    after_commit(session, lambda: [storage.delete("documents", name) for name in names])
    return names


# --------------------------------------------------------------------------- documents


def check_document(data: bytes, max_bytes: int | None = None) -> str:
    """The content type by magic bytes, or a ValidationError naming what is wrong."""
    max_bytes = max_bytes or max_document_bytes()
    if not data:
        raise ValidationError(msg("permohonan.file_empty"))
    if len(data) > max_bytes:
        raise ValidationError(msg("permohonan.file_too_big", mb=max_bytes // (1024 * 1024)))
    content_type = storage.sniff(data)
    if content_type is None:
        raise ValidationError(msg("permohonan.file_type"))
    return content_type


def attach_document(
    *,
    session: Session,
    applicant: Applicant,
    application_id: int,
    requirement_id: int,
    data: bytes,
    filename: str,
) -> ApplicationDocument:
    """Store an upload for one requirement; a replacement keeps the earlier version."""
    application = owned_application(session, applicant, application_id)
    if application.status not in EDITABLE_DOCUMENT_STATUSES:
        raise Conflict(msg("permohonan.docs_locked"))
    req_id = parse_id(requirement_id)
    requirement = session.get(Requirement, req_id) if req_id else None
    if requirement is None or requirement.id not in {r.id for r in snapshot.requirements_for(session, application)}:
        raise NotFound(msg("permohonan.requirement_not_found"))  # another izin's, retired, or added after submission
    key = f"doc-{requirement.id}"
    if application.status != ApplicationStatus.DRAFT.value:
        editable, reason = workflow.can_edit(session, application)
        if not editable:
            raise Conflict(reason)
        if application.status == ApplicationStatus.RETURNED.value:
            current = current_documents(session=session, application_id=application.id).get(requirement.id)
            if current is not None and not current.flagged:
                raise FieldErrors({key: msg("permohonan.only_flagged")})
    try:
        content_type = check_document(data)
    except ValidationError as exc:
        raise FieldErrors({key: exc.message}) from None
    try:
        name = storage.save("documents", data, content_type)
    except OSError:  # disk full, storage gone: a message beside the upload; nothing was kept
        logger.exception("document storage failed")
        raise FieldErrors({key: STORAGE_FAILED}) from None
    try:
        previous = session.exec(
            select(ApplicationDocument)
            .where(
                ApplicationDocument.application_id == application.id,
                ApplicationDocument.requirement_id == requirement.id,
            )
            .order_by(ApplicationDocument.version.desc())
        ).all()
        for row in previous:
            if row.is_current:
                row.is_current = False
                session.add(row)
        document = ApplicationDocument(
            application_id=application.id,
            requirement_id=requirement.id,
            storage_name=name,
            original_name=safe_filename(filename),
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            version=(previous[0].version + 1) if previous else 1,
        )
        session.add(document)
        session.flush()
    except BaseException:
        storage.delete("documents", name)  # no orphan file when the row cannot be written
        raise
    audit.log(session, applicant, "upload_document", application, requirement=requirement.id, version=document.version)
    return document


def read_document(*, session: Session, applicant: Applicant, document_id: int) -> tuple[ApplicationDocument, bytes]:
    """The owner may read their own documents (staff use the back-office service)."""
    doc_id = parse_id(document_id)
    document = session.get(ApplicationDocument, doc_id) if doc_id else None
    application = session.get(Application, document.application_id) if document else None
    if document is None or application is None or application.applicant_id != applicant.id:
        raise NotFound(msg("permohonan.document_not_found"))
    return document, storage.read("documents", document.storage_name)


def remove_orphan_files(*, session: Session, min_age_seconds: float = 0) -> list[str]:
    """Cleanup job: delete stored documents that no row references (e.g. after a crash).

    The periodic job passes a minimum age so an upload between its file write and its
    row insert is never taken for an orphan."""
    import time

    referenced = set(session.exec(select(ApplicationDocument.storage_name)))
    cutoff = time.time() - min_age_seconds
    orphans = sorted(storage.older_than("documents", cutoff) - referenced)
    for name in orphans:
        storage.delete("documents", name)
    storage.remove_partials("documents", min_age_seconds)  # a write cut off by kill -9
    return orphans


# --------------------------------------------------------------------------- validation & submission


def _required(form_field: FormField, applicant_type: str | None) -> bool:
    return field_required(
        required=form_field.required,
        key=form_field.key,
        prefill=getattr(form_field, "prefill", None),
        applicant_type=applicant_type,
    )


def _check_value(form_field: FormField, raw: str, applicant_type: str | None = None) -> str:
    value = clean_text(raw, form_field.label, multiline=form_field.field_type == FieldType.TEXTAREA.value)
    if not value:
        if _required(form_field, applicant_type):
            raise ValidationError(msg("permohonan.field_required", label=form_field.label))
        return ""
    kind = form_field.field_type
    if kind == FieldType.NUMBER.value:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise ValidationError(msg("permohonan.field_number", label=form_field.label)) from None
        if number < 0:
            raise ValidationError(msg("permohonan.field_negative", label=form_field.label))
    elif kind == FieldType.DATE.value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValidationError(msg("permohonan.field_date", label=form_field.label)) from None
    elif kind == FieldType.SELECT.value and value not in (form_field.options or []):
        raise ValidationError(msg("permohonan.field_choose", label=form_field.label))
    elif kind == FieldType.PHONE.value:
        value = normalize_wa_number(value)
    elif kind == FieldType.NIK.value:
        value = normalize_nik(value)
    elif kind == FieldType.NPWP.value:
        value = normalize_npwp(value)
    if len(value) > 2000:
        raise ValidationError(msg("permohonan.field_too_long", label=form_field.label))
    return value


def validation_errors(*, session: Session, application: Application) -> dict[str, str]:
    """Everything that must hold before submission, per field key (checked on the server)."""
    applicant = session.get(Applicant, application.applicant_id)
    return _errors_of(
        application,
        applicant.applicant_type if applicant else None,
        snapshot.izin_terms(session, application),
        snapshot.fields_for(session, application),
        values_of(session=session, application_id=application.id),
        set(current_documents(session=session, application_id=application.id)),
        snapshot.requirements_for(session, application),
    )


def _errors_of(
    application: Application,
    applicant_type: str | None,
    terms: dict,
    form_fields: list[FormField],
    values: dict[str, str],
    uploaded: set[int],
    requirements: list[Requirement],
) -> dict[str, str]:
    errors: dict[str, str] = {}
    for form_field in form_fields:
        try:
            _check_value(form_field, values.get(form_field.key, ""), applicant_type)
        except ValidationError as exc:
            errors[form_field.key] = exc.message
    for key, label, text in (
        ("lokasi", LOKASI_LABEL, application.lokasi),
        ("keterangan", KETERANGAN_LABEL, application.keterangan),
    ):
        try:
            _clean(label, text)
        except ValidationError as exc:
            errors[key] = exc.message
    if terms.get("needs_location"):
        if "lokasi" not in errors and not application.lokasi.strip():
            errors["lokasi"] = msg("permohonan.location_required")
        if application.latitude is None or application.longitude is None:
            errors["latitude"] = msg("permohonan.point_required")
    for requirement in requirements:
        if requirement.required and requirement.id not in uploaded:
            errors[f"doc-{requirement.id}"] = msg("permohonan.doc_missing", name=requirement.name)
    if terms.get("needs_faskes") and application.faskes_id is None:
        errors["faskes"] = msg("permohonan.faskes_required")
    return errors


@lru_cache(maxsize=1)
def _values_and_documents_statement():
    """The drafts' values and their current documents in one statement, built once.
    Parameter: ids (expanding). A value row has no requirement_id, a document row no key."""
    ids = sa.bindparam("ids", expanding=True)
    return sa.union_all(
        select(
            ApplicationValue.application_id,
            ApplicationValue.field_key,
            ApplicationValue.value,
            sa.cast(sa.null(), sa.Integer).label("requirement_id"),
        ).where(ApplicationValue.application_id.in_(ids)),
        select(
            ApplicationDocument.application_id,
            sa.cast(sa.null(), sa.String),
            sa.cast(sa.null(), sa.String),
            ApplicationDocument.requirement_id,
        ).where(ApplicationDocument.application_id.in_(ids), ApplicationDocument.is_current.is_(True)),
    )


def _drafts_complete(
    session: Session, drafts: list[tuple[Application, JenisIzin]], applicant_type: str | None = None
) -> dict[int, bool]:
    """``validation_errors`` for every draft on a page in three statements, not four per draft.
    Drafts follow the live catalogue (they have no snapshot yet)."""
    if not drafts:
        return {}
    ids = [a.id for a, _ in drafts]
    izin_ids = sorted({a.izin_id for a, _ in drafts})
    fields: dict[int, list[FormField]] = defaultdict(list)
    for f in session.exec(
        select(FormField)
        .where(FormField.izin_id.in_(izin_ids), FormField.active.is_(True))
        .order_by(FormField.sort, FormField.id)
    ):
        fields[f.izin_id].append(f)
    requirements: dict[int, list[Requirement]] = defaultdict(list)
    for r in session.exec(
        select(Requirement)
        .where(Requirement.izin_id.in_(izin_ids), Requirement.active.is_(True))
        .order_by(Requirement.sort, Requirement.id)
    ):
        requirements[r.izin_id].append(r)
    values: dict[int, dict[str, str]] = defaultdict(dict)
    uploaded: dict[int, set[int]] = defaultdict(set)
    rows = session.connection().execute(_values_and_documents_statement(), {"ids": ids})
    for app_id, key, value, requirement_id in rows:
        if requirement_id is None:
            values[app_id][key] = value
        else:
            uploaded[app_id].add(requirement_id)
    result = {}
    for application, izin in drafts:
        terms = {"needs_location": izin.needs_location, "needs_faskes": izin.needs_faskes}
        errors = _errors_of(
            application,
            applicant_type,
            terms,
            fields[izin.id],
            values[application.id],
            uploaded[application.id],
            requirements[izin.id],
        )
        result[application.id] = not errors
    return result


def submit(
    *,
    session: Session,
    applicant: Applicant,
    application_id: int,
    submit_key: str,
    declaration: bool,
    now: datetime | None = None,
) -> Submitted:
    """Ajukan Permohonan, in one transaction: everything is checked here, then the workflow
    gives the number, the status, the first history steps and the WhatsApp notice, and the
    values are stored normalised. A retried or double-clicked submit returns the first."""
    now = now or utcnow()
    application = owned_application(session, applicant, application_id, lock=True)
    if application.status != ApplicationStatus.DRAFT.value:
        if application.submit_key == submit_key or application.registration_number:
            return Submitted(application.id, application.registration_number, application.due_date, repeated=True)
        raise Conflict(msg("permohonan.already_submitted"))
    errors = validation_errors(session=session, application=application)
    if not declaration:
        errors["declaration"] = msg("permohonan.declaration_required")
    if errors:
        raise FieldErrors(errors)
    # Before the workflow takes the number (whose counter row stays locked until commit);
    # a repeated submit rolls these writes back with the rest.
    _store_normalised_values(session, application)
    session.flush()
    return workflow.submit_draft(
        session=session, applicant=applicant, application=application, submit_key=submit_key, now=now
    )


def _store_normalised_values(session: Session, application: Application) -> None:
    """What was checked is what is kept: E.164 phone numbers, NIK/NPWP digits."""
    rows = {
        row.field_key: row
        for row in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == application.id))
    }
    for form_field in snapshot.fields_for(session, application):
        row = rows.get(form_field.key)
        if row is not None and row.value:
            normalised = _check_value(form_field, row.value)
            if normalised != row.value:
                row.value = normalised
                session.add(row)


# --------------------------------------------------------------------------- the detail page


@dataclass(frozen=True)
class FieldDetail:
    """One form field of the file and the value it holds."""

    key: str
    label: str
    field_type: str
    required: bool
    help_text: str
    options: list[str]
    value: str


@dataclass(frozen=True)
class DocumentDetail:
    """One requirement and its current upload (``document_id`` 0: nothing uploaded yet)."""

    requirement_id: int
    name: str
    note: str
    required: bool
    document_id: int = 0
    file_name: str = ""
    size: int = 0
    version: int = 0
    flagged: bool = False


@dataclass(frozen=True)
class FaskesDetail:
    id: int
    nama: str
    alamat: str
    pemilik: str
    penanggung_jawab: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class ApplicationDetail:
    """Everything the applicant's page of one file shows, read in one unit of work.

    A submitted file's izin terms, fields and requirements are those of its snapshot."""

    id: int
    status: str
    registration_number: str
    submitted_at: datetime | None
    due_date: date | None
    izin_name: str
    izin_code: str
    processing_days: int
    needs_faskes: bool
    needs_location: bool
    fields: list[FieldDetail]
    documents: list[DocumentDetail]
    lokasi: str
    latitude: float | None
    longitude: float | None
    keterangan: str
    faskes: FaskesDetail | None
    editable: bool
    edit_reason: str
    return_note: str


def faskes_detail(faskes: Faskes | None) -> FaskesDetail | None:
    if faskes is None:
        return None
    return FaskesDetail(
        faskes.id,
        faskes.nama,
        faskes.alamat,
        faskes.pemilik,
        faskes.penanggung_jawab,
        faskes.latitude,
        faskes.longitude,
    )


def documents_of(*, session: Session, application: Application) -> list[DocumentDetail]:
    """The file's requirements, each with its current upload."""
    current = current_documents(session=session, application_id=application.id)
    documents = []
    for requirement in requirements_for(session=session, application=application):
        doc = current.get(requirement.id)
        documents.append(
            DocumentDetail(requirement.id, requirement.name, requirement.note, requirement.required)
            if doc is None
            else DocumentDetail(
                requirement.id,
                requirement.name,
                requirement.note,
                requirement.required,
                doc.id,
                doc.original_name,
                doc.size,
                doc.version,
                doc.flagged,
            )
        )
    return documents


def detail(*, session: Session, applicant: Applicant, application_id: int) -> ApplicationDetail:
    """The caller's own file as the detail page shows it, or NotFound (also for another's id)."""
    application = owned_application(session, applicant, application_id)
    terms = snapshot.izin_terms(session, application)
    values = values_of(session=session, application_id=application.id)
    fields = [
        FieldDetail(
            f.key,
            f.label,
            f.field_type,
            _required(f, applicant.applicant_type),
            f.help_text,
            list(f.options or []),
            values.get(f.key, ""),
        )
        for f in fields_for(session=session, application=application)
    ]
    editable, edit_reason = workflow.can_edit(session, application)
    returned = application.status == ApplicationStatus.RETURNED.value
    return ApplicationDetail(
        id=application.id,
        status=application.status,
        registration_number=application.registration_number or "",
        submitted_at=application.submitted_at,
        due_date=application.due_date,
        izin_name=terms.get("name", ""),
        izin_code=terms.get("code", ""),
        processing_days=int(terms.get("processing_days") or 0),
        needs_faskes=bool(terms.get("needs_faskes")),
        needs_location=bool(terms.get("needs_location")),
        fields=fields,
        documents=documents_of(session=session, application=application),
        lokasi=application.lokasi,
        latitude=application.latitude,
        longitude=application.longitude,
        keterangan=application.keterangan,
        faskes=faskes_detail(session.get(Faskes, application.faskes_id) if application.faskes_id else None),
        editable=editable,
        edit_reason=edit_reason,
        return_note=workflow.latest_staff_note(session, application.id) if returned else "",
    )


# --------------------------------------------------------------------------- lists


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    registration_number: str
    izin_name: str
    izin_code: str
    status: str
    submitted_at: datetime | None
    updated_at: datetime
    due_date: date | None
    kelengkapan: str  # Lengkap / Belum Lengkap / Perlu Perbaikan
    proses: str  # the desk and stage, or the outcome
    can_edit: bool
    can_cancel: bool


@lru_cache(maxsize=1)
def _owner_page_statement():
    """/beranda's page as one statement, built once (its subqueries and alias cost more
    Python to build than the database takes to run): the page's files, newest first, with
    each file's latest open step and the owner's total. Parameters: owner, skip, take."""
    mine = Application.applicant_id == sa.bindparam("owner")
    total_of_all = select(sa.func.count(Application.id)).where(mine).correlate(None).scalar_subquery()
    open_step = aliased(ApplicationStep)
    latest_open_seq = (  # the latest open step wins, as in status_sentence
        select(sa.func.max(ApplicationStep.seq))
        .where(ApplicationStep.application_id == Application.id, ApplicationStep.ended_at.is_(None))
        .correlate(Application)
        .scalar_subquery()
    )
    newest_first = (Application.updated_at.desc(), Application.id.desc())
    # The page is chosen first (LIMIT inside), so the joins below touch only its files.
    on_page = (
        select(Application.id)
        .where(mine)
        .order_by(*newest_first)
        .offset(sa.bindparam("skip", type_=sa.Integer))
        .limit(sa.bindparam("take", type_=sa.Integer))
        .subquery()
    )
    return (
        select(Application, JenisIzin, open_step, total_of_all)
        .join(on_page, on_page.c.id == Application.id)
        .join(JenisIzin, JenisIzin.id == Application.izin_id)
        .outerjoin(
            open_step,
            sa.and_(
                open_step.application_id == Application.id,
                open_step.ended_at.is_(None),
                open_step.seq == latest_open_seq,
            ),
        )
        .order_by(*newest_first)  # the page's own rows only
    )


def list_for_owner(
    *, session: Session, applicant: Applicant, limit: int = 20, offset: int = 0
) -> tuple[list[ApplicationRow], int]:
    """The applicant's applications and drafts, newest first, one page.

    One statement whatever the page size (the page, each file's open step and the total),
    and only when drafts are on the page three more for their completeness."""
    from spontan_app.services import tracking

    page = session.exec(_owner_page_statement(), params={"owner": applicant.id, "skip": offset, "take": limit}).all()
    if page:
        total = page[0][3]
    else:  # an empty page: past the end (or no files at all)
        mine = Application.applicant_id == applicant.id
        total = session.exec(select(sa.func.count(Application.id)).where(mine)).one() if offset else 0
    rows = [(a, i) for a, i, _, _ in page]
    open_steps = {a.id: step for a, _, step, _ in page if step is not None}
    draft = ApplicationStatus.DRAFT.value
    complete = _drafts_complete(session, [(a, i) for a, i in rows if a.status == draft], applicant.applicant_type)
    result = []
    for application, izin in rows:
        if application.status == draft:
            kelengkapan = "Lengkap" if complete[application.id] else "Belum Lengkap"
            proses = "Draf, belum diajukan"
        else:
            kelengkapan = "Perlu Perbaikan" if application.status == ApplicationStatus.RETURNED.value else "Lengkap"
            proses = tracking.sentence(application, open_steps.get(application.id))
        editable, _ = workflow.can_edit(session, application)
        result.append(
            ApplicationRow(
                application.id,
                application.registration_number or "",
                izin.name,
                izin.code,
                application.status,
                application.submitted_at,
                application.updated_at,
                application.due_date,
                kelengkapan,
                proses,
                editable and application.status != draft,
                application.status in workflow.TRANSITIONS["cancel"],
            )
        )
    return result, int(total)
