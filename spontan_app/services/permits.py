"""Issued permits: the signed PDF, its public check by code, revocation and downloads.

``issue_permit`` runs inside the workflow's issuing transaction. The PDF goes to private
storage before the row is written; when the row cannot be written the file is deleted
at once, and ``remove_orphan_files`` sweeps what a later rollback of the caller's
transaction leaves behind. The check page trusts nothing it is given: a code is matched
only when it has the shape of a code, and garbage is simply "not found".
"""

from __future__ import annotations

import calendar as _calendar
import contextlib
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from spontan_app.domain.enums import ApplicantType, ApplicationStatus, FieldType, StaffRole
from spontan_app.domain.models import (
    Applicant,
    Application,
    ApplicationValue,
    Faskes,
    FormField,
    JenisIzin,
    Permit,
    StaffUser,
    utcnow,
)
from spontan_app.domain.regno import parse_registration_number
from spontan_app.domain.timefmt import format_date, to_wita, today_wita
from spontan_app.i18n import DEFAULT_LANG, msg, t
from spontan_app.i18n import format_date as i18n_date
from spontan_app.integrations import storage
from spontan_app.integrations.pdf import PermitData, render_permit
from spontan_app.services import audit, messaging, snapshot
from spontan_app.services.errors import Conflict, FieldErrors, IllegalTransition, NotFound, PermissionDenied
from spontan_app.settings import get_settings

AREA = "permits"
SIGNER_POSITION = "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Balikpapan"
# Who may be the acting officer when a permit is issued (as in workflow.staff_issue).
ISSUING_ROLES = (StaffRole.KEPALA_DINAS.value, StaffRole.ADMIN.value, StaffRole.FRONT_OFFICE.value)
MAX_CHECK_BYTES = 10 * 1024 * 1024
MAX_REASON = 500
_CODE = re.compile(r"[A-Za-z0-9_-]{16,40}")
_MAX_ID = 2**31 - 1
# Form values already printed from the profile, or not for a public document.
# A health worker's practice permit lasts as long as their registration (STR) at most: the
# form's "Masa Berlaku STR" date field (stored as YYYY-MM-DD) caps the permit's end.
STR_END_FIELD = "masa_berlaku_str"
_STR_REQUIREMENT = re.compile(r"\bSTR\b|surat tanda registrasi", re.IGNORECASE)
_NOT_PRINTED_KEYS = {"nama_pemohon", "nomor_ktp", "npwp", "alamat", "nomor_hp"}
_NOT_PRINTED_TYPES = {FieldType.PHONE.value, FieldType.NIK.value, FieldType.NPWP.value}

# The check page's verdicts (the Indonesian texts are the contract's; pages localize them).
TITLE_VALID = msg("public.verify.title_valid")
TITLE_INVALID = msg("public.verify.title_invalid")
TITLE_UNKNOWN = msg("public.verify.title_unknown")
FILE_GENUINE = msg("public.verify.file_genuine")
FILE_MISMATCH = msg("public.verify.file_mismatch")


# --------------------------------------------------------------------------- helpers


def check_url(code: str) -> str:
    """The public check page of a permit, printed in its QR code."""
    return f"{get_settings().public_url}/verifikasi-izin/{code}"


def permit_number(registration_number: str) -> str:
    """``7/SIPD-B/12/2026`` -> ``503/7/SIPD-B/DPMPTSP/12/2026`` (unique as the registration is)."""
    parsed = parse_registration_number(registration_number)
    if parsed is None:
        raise ValueError("invalid registration number")
    return f"503/{parsed.sequence}/{parsed.code}/DPMPTSP/{parsed.month:02d}/{parsed.year:04d}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the month's last day when needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def parse_form_date(value: str | None) -> date | None:
    """A date field's stored value (YYYY-MM-DD, as the form checks it), or None."""
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def str_end(session: Session, application_id: int) -> date | None:
    """The end of the STR the application's form states, or None (no such field, no date)."""
    value = session.exec(
        select(ApplicationValue.value).where(
            ApplicationValue.application_id == application_id, ApplicationValue.field_key == STR_END_FIELD
        )
    ).first()
    return parse_form_date(value)


def is_str_requirement(name: str) -> bool:
    """Whether a requirement is the STR document (whose validity the form's date states)."""
    return bool(_STR_REQUIREMENT.search(name or ""))


def validity_end(valid_from: date, months: int | None, registration_end: date | None) -> date | None:
    """The permit's end: ``months`` after ``valid_from`` (None: no end), but never past the
    STR's end when the form states one."""
    ends = [d for d in (add_months(valid_from, months) if months else None, registration_end) if d is not None]
    return min(ends) if ends else None


def _as_id(value: Any) -> int | None:
    """An id from untrusted input, or None (non-int, bool, out of the database's range)."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 1 <= number <= _MAX_ID else None


def _clean_code(code: Any) -> str | None:
    if not isinstance(code, str) or len(code) > 64:
        return None
    code = code.strip()
    return code if _CODE.fullmatch(code) else None


def _by_code(session: Session, code: Any) -> Permit | None:
    clean = _clean_code(code)
    if clean is None:
        return None
    return session.exec(select(Permit).where(Permit.code == clean)).first()


def _active_staff(session: Session, staff: StaffUser | None) -> StaffUser:
    row = session.get(StaffUser, staff.id) if staff is not None and staff.id else None
    if row is None or not row.active:
        raise PermissionDenied(msg("admin.desk.staff_inactive"))
    return row


# --------------------------------------------------------------------------- building the document


def holder_of(applicant: Applicant) -> tuple[str, str]:
    """(holder name, identity label): a company holds in its name under its NPWP."""
    if applicant.applicant_type == ApplicantType.BADAN_USAHA.value:
        return (applicant.company_name or applicant.full_name or applicant.username), "NPWP"
    return (applicant.full_name or applicant.company_name or applicant.username), "NIK"


def _izin_facts(session: Session, application: Application) -> tuple[str, int | None, str]:
    """(izin name, validity months, legal basis), from the submission snapshot when it has them."""
    izin = session.get(JenisIzin, application.izin_id)
    snap = snapshot.data_of(session, application).get("izin")
    snap = snap if isinstance(snap, dict) else {}
    name = snap.get("name") or (izin.name if izin else "")
    months = snap.get("validity_months", izin.validity_months if izin else None)
    legal = snap.get("legal_basis", izin.legal_basis if izin else "")
    return str(name), (int(months) if months else None), str(legal or "")


def _field_specs(session: Session, application: Application) -> list[dict[str, Any]]:
    """The form's fields in order: the snapshot's when submitted with one, else the catalogue's."""
    fields = snapshot.data_of(session, application).get("fields")
    if isinstance(fields, dict):
        fields = [{"key": key, **(spec if isinstance(spec, dict) else {"label": spec})} for key, spec in fields.items()]
    if isinstance(fields, list) and fields:
        return [f for f in fields if isinstance(f, dict) and f.get("key")]
    rows = session.exec(
        select(FormField).where(FormField.izin_id == application.izin_id).order_by(FormField.sort, FormField.id)
    )
    return [{"key": f.key, "label": f.label, "field_type": f.field_type} for f in rows]


def _printed_values(session: Session, application: Application) -> list[tuple[str, str]]:
    values = {
        v.field_key: v.value
        for v in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == application.id))
    }
    printed = []
    for spec in _field_specs(session, application):
        key, kind = str(spec["key"]), str(spec.get("field_type") or spec.get("type") or "")
        value = (values.get(key) or "").strip()
        if not value or key in _NOT_PRINTED_KEYS or kind in _NOT_PRINTED_TYPES:
            continue
        if kind == FieldType.DATE.value:
            with contextlib.suppress(ValueError):
                value = format_date(date.fromisoformat(value))
        printed.append((str(spec.get("label") or key), value))
    return printed


def _signer_name(session: Session, fallback: StaffUser) -> str:
    head = session.exec(
        select(StaffUser)
        .where(StaffUser.role == StaffRole.KEPALA_DINAS.value, StaffUser.active.is_(True))
        .order_by(StaffUser.id)
    ).first()
    return head.full_name if head else fallback.full_name


def permit_data(session: Session, application: Application, permit: Permit) -> PermitData:
    """What the document of ``permit`` prints, from the application and its holder."""
    applicant = session.get(Applicant, application.applicant_id)
    holder, identity_label = holder_of(applicant)
    _, _, legal = _izin_facts(session, application)
    faskes = session.get(Faskes, application.faskes_id) if application.faskes_id else None
    return PermitData(
        number=permit.number,
        izin_name=permit.izin_name,
        holder_name=holder,
        identity_label=identity_label,
        identity_number=applicant.username,
        check_url=check_url(permit.code),
        valid_from=permit.valid_from,
        valid_until=permit.valid_until,
        issued_at=permit.issued_at,
        signer_name=permit.signer_name,
        signer_position=permit.signer_position,
        holder_address=applicant.address or "",
        registration_number=application.registration_number or "",
        lokasi=application.lokasi or "",
        faskes_name=faskes.nama if faskes else "",
        faskes_address=faskes.alamat if faskes else "",
        legal_basis=legal,
        values=_printed_values(session, application),
    )


# --------------------------------------------------------------------------- issuing


def issue_permit(
    *, session: Session, application: Application, staff: StaffUser, now: datetime, by_last_desk: bool = False
) -> Permit:
    """The permit of an approved application: number, check code, PDF in private storage.

    Called by the workflow inside the issuing transaction; the caller commits. Calling it
    again for the same application returns the permit already made."""
    application = session.get(Application, application.id) if application and application.id else None
    if application is None:
        raise NotFound(msg("admin.desk.application_not_found"))
    staff = _active_staff(session, staff)
    # The last desk's approval issues the permit whoever sits there; by hand, only these roles.
    if not by_last_desk and staff.role not in ISSUING_ROLES:
        raise PermissionDenied(msg("admin.workflow.may_not_issue"))
    existing = session.exec(select(Permit).where(Permit.application_id == application.id)).first()
    if existing is not None:
        return existing
    if application.status not in (ApplicationStatus.APPROVED.value, ApplicationStatus.ISSUED.value):
        raise IllegalTransition(msg("admin.permit.issue_needs_approval"))
    applicant = session.get(Applicant, application.applicant_id)
    if applicant is None:
        raise NotFound(msg("admin.desk.application_not_found"))

    izin_name, months, _ = _izin_facts(session, application)
    valid_from = to_wita(now).date()
    holder, _ = holder_of(applicant)
    permit = Permit(
        application_id=application.id,
        number=permit_number(application.registration_number or ""),
        code=secrets.token_urlsafe(18),
        holder_name=holder[:200],
        izin_name=izin_name[:200],
        valid_from=valid_from,
        valid_until=validity_end(valid_from, months, str_end(session, application.id)),
        issued_at=now,
        signer_name=_signer_name(session, staff)[:150],
        signer_position=SIGNER_POSITION,
        storage_name="",
        sha256="",
    )
    pdf = render_permit(permit_data(session, application, permit))
    name = storage.save(AREA, pdf, "application/pdf")
    try:
        permit.storage_name, permit.sha256, permit.size = name, hashlib.sha256(pdf).hexdigest(), len(pdf)
        session.add(permit)
        session.flush()
    except BaseException:
        storage.delete(AREA, name)  # no orphan file when the row cannot be written
        raise
    audit.log(session, staff, "permit_issue", permit, application=application.id, number=permit.number)
    return permit


def permit_notice(permit: Permit, lang: str = DEFAULT_LANG) -> str:
    """Lines for the "permit ready" WhatsApp message in ``lang``: the permit's number, end
    and check URL. Plain text to append as written (never passed through ``str.format``)."""
    validity = (
        t("whatsapp.permit_valid_until", lang, date=i18n_date(permit.valid_until, lang))
        if permit.valid_until
        else t("whatsapp.permit_valid_forever", lang)
    )
    return t("whatsapp.permit_notice", lang, number=permit.number, validity=validity, url=check_url(permit.code))


def remove_orphan_files(*, session: Session, min_age_seconds: float = 3600) -> list[str]:
    """Cleanup job: delete stored permit files no row references (a rolled-back issue)."""
    referenced = set(session.exec(select(Permit.storage_name)))
    cutoff = time.time() - min_age_seconds
    removed = sorted(storage.older_than(AREA, cutoff) - referenced)
    for name in removed:
        storage.delete(AREA, name)
    storage.remove_partials(AREA, min_age_seconds)  # a write cut off by kill -9
    return removed


# --------------------------------------------------------------------------- public check


@dataclass(frozen=True)
class PermitCheck:
    """What the public check page shows: only what the document itself prints."""

    status: str  # "valid" | "revoked" | "expired" | "unknown"
    title: str
    number: str = ""
    holder_name: str = ""
    izin_name: str = ""
    issued_on: date | None = None
    valid_until: date | None = None
    signer_name: str = ""
    signer_position: str = ""
    revoked_on: date | None = None
    revoked_reason: str = ""

    @property
    def found(self) -> bool:
        return self.status != "unknown"


UNKNOWN = PermitCheck(status="unknown", title=TITLE_UNKNOWN)


def verify(*, session: Session, code: Any, today: date | None = None) -> PermitCheck:
    """The public check of a permit by the code in its QR; never raises on bad input."""
    permit = _by_code(session, code)
    if permit is None:
        return UNKNOWN
    today = today or today_wita()
    common = dict(
        number=permit.number,
        holder_name=permit.holder_name,
        izin_name=permit.izin_name,
        issued_on=to_wita(permit.issued_at).date(),
        valid_until=permit.valid_until,
        signer_name=permit.signer_name,
        signer_position=permit.signer_position,
    )
    if permit.revoked_at is not None:
        return PermitCheck(
            status="revoked",
            title=TITLE_INVALID,
            revoked_on=to_wita(permit.revoked_at).date(),
            revoked_reason=permit.revoked_reason,
            **common,
        )
    if permit.valid_until is not None and today > permit.valid_until:
        return PermitCheck(status="expired", title=TITLE_INVALID, **common)
    return PermitCheck(status="valid", title=TITLE_VALID, **common)


def check_file(*, session: Session, code: Any, data: Any) -> bool:
    """True ("Berkas Asli") when ``data`` is byte for byte the PDF issued under ``code``."""
    if not isinstance(data, bytes | bytearray) or not data or len(data) > MAX_CHECK_BYTES:
        return False
    permit = _by_code(session, code)
    if permit is None or not permit.sha256:
        return False
    return hmac.compare_digest(hashlib.sha256(data).hexdigest(), permit.sha256)


# --------------------------------------------------------------------------- revocation


def revoke(*, session: Session, staff: StaffUser, permit_id: Any, reason: str, now: datetime | None = None) -> Permit:
    """Pencabutan izin by the Kepala Dinas, with a reason; the holder is told over WhatsApp."""
    now = now or utcnow()
    staff = _active_staff(session, staff)
    if staff.role != StaffRole.KEPALA_DINAS.value:
        raise PermissionDenied(msg("admin.permit.revoke_head_only"))
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise FieldErrors({"reason": msg("admin.permit.revoke_reason_required")})
    if len(reason) > MAX_REASON:
        raise FieldErrors({"reason": msg("admin.permit.revoke_reason_max", limit=MAX_REASON)})
    number = _as_id(permit_id)
    lock = session.get_bind().dialect.name != "sqlite"
    permit = session.get(Permit, number, with_for_update=lock) if number else None
    if permit is None:
        raise NotFound(msg("admin.permit.not_found"))
    if permit.revoked_at is not None:
        raise Conflict(msg("admin.permit.already_revoked"))
    permit.revoked_at, permit.revoked_reason, permit.revoked_by = now, reason, staff.id
    session.add(permit)
    audit.log(session, staff, "permit_revoke", permit, number=permit.number, reason=reason[:200])
    application = session.get(Application, permit.application_id)
    applicant = session.get(Applicant, application.applicant_id) if application else None
    if applicant is not None and not applicant.wa_opt_out:
        lang = applicant.language
        messaging.queue_message(
            session=session,
            to_e164=applicant.wa_number,
            kind="permit_revoked",
            body=t(
                "whatsapp.permit_revoked",
                lang,
                permit_name=permit.izin_name,
                number=permit.number,
                date=i18n_date(now, lang),
                reason=reason,
            ),
            params={"number": permit.number},
        )
    session.flush()
    return permit


# --------------------------------------------------------------------------- downloads


def _permit_file(permit: Permit) -> bytes:
    try:
        return storage.read(AREA, permit.storage_name)
    except (OSError, ValueError):
        raise NotFound(msg("admin.permit.document_not_found")) from None


def _permit_of(session: Session, application_id: Any) -> tuple[Application, Permit]:
    number = _as_id(application_id)
    application = session.get(Application, number) if number else None
    permit = (
        session.exec(select(Permit).where(Permit.application_id == application.id)).first() if application else None
    )
    if application is None or permit is None:
        raise NotFound(msg("admin.permit.document_not_found"))
    return application, permit


def download_for_owner(*, session: Session, applicant: Applicant, application_id: Any) -> tuple[Permit, bytes]:
    """The holder's own permit PDF; anyone else's (or none) is "not found"."""
    owner = session.get(Applicant, applicant.id) if applicant is not None and applicant.id else None
    if owner is None:
        raise NotFound(msg("admin.permit.document_not_found"))
    application, permit = _permit_of(session, application_id)
    if application.applicant_id != owner.id:
        raise NotFound(msg("admin.permit.document_not_found"))
    return permit, _permit_file(permit)


def download_for_staff(*, session: Session, staff: StaffUser, application_id: Any) -> tuple[Permit, bytes]:
    """Any active officer may open an issued permit."""
    _active_staff(session, staff)
    _, permit = _permit_of(session, application_id)
    return permit, _permit_file(permit)
