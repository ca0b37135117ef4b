"""Master data of the permit catalogue: jenis izin, their requirements, form fields and
process steps. Only the Administrator Sistem changes it; rows that files may refer to are
retired (``active = False``), never deleted. Submitted files keep their own snapshot."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import FieldType, StaffRole
from spontan_app.domain.models import (
    Bidang,
    FormField,
    JenisIzin,
    JenisLayanan,
    ProcessStep,
    Requirement,
    StaffUser,
)
from spontan_app.domain.validation import ValidationError, clean_text
from spontan_app.i18n import msg
from spontan_app.services import audit
from spontan_app.services.admin.access import require_admin
from spontan_app.services.errors import FieldErrors, NotFound

CODE_RE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Profile attributes a form field may be prefilled from (services.applications._prefill).
PREFILL_KEYS = ("full_name", "sex", "company_name", "nik", "npwp", "address", "phone")
DESK_ROLES = tuple(r.value for r in StaffRole if r is not StaffRole.ADMIN)


# --------------------------------------------------------------------------- parsing helpers

# The fields' names in the messages (the officer reads them in the tab's language).
LABELS = {
    "Kode izin": "backoffice.lbl_izin_code",
    "Nama izin": "backoffice.lbl_izin_name",
    "Deskripsi": "backoffice.lbl_description",
    "Dasar hukum": "backoffice.lbl_legal_basis",
    "Lama proses (hari kerja)": "backoffice.lbl_processing_days",
    "Biaya": "backoffice.lbl_cost",
    "Masa berlaku (bulan)": "backoffice.lbl_validity",
    "Bidang": "backoffice.lbl_bidang",
    "Jenis layanan": "backoffice.lbl_layanan",
    "Nama persyaratan": "backoffice.lbl_req_name",
    "Keterangan": "backoffice.lbl_note",
    "Kunci isian": "backoffice.lbl_field_key",
    "Label": "backoffice.lbl_label",
    "Petunjuk": "backoffice.lbl_help",
}


def _label(label: str) -> str:
    return msg(LABELS[label]) if label in LABELS else label


def _text(errors: dict[str, str], name: str, value: str | None, label: str, limit: int, required: bool = True) -> str:
    try:  # NFC; control, bidi-override and invisible characters refused beside the field
        text = clean_text(value, _label(label), multiline=True)
    except ValidationError as exc:
        errors[name] = exc.message
        return ""
    if required and not text:
        errors[name] = msg("backoffice.err_required", label=_label(label))
    elif len(text) > limit:
        errors[name] = msg("backoffice.err_max_chars", label=_label(label), limit=limit)
    return text


def _int(errors: dict[str, str], name: str, value: int | str | None, label: str, minimum: int) -> int | None:
    """An integer ≥ ``minimum``; None (with an error) when it is not one."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[name] = msg("backoffice.err_whole_number", label=_label(label))
        return None
    if number < minimum:
        errors[name] = msg("backoffice.err_minimum", label=_label(label), minimum=minimum)
        return None
    return number


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class IzinSummary:
    id: int
    code: str
    name: str
    bidang_id: int
    bidang_name: str
    layanan_id: int
    layanan_name: str
    processing_days: int
    active: bool


@dataclass(frozen=True)
class IzinDetail:
    izin: JenisIzin
    requirements: list[Requirement]
    fields: list[FormField]
    steps: list[ProcessStep]


def list_bidang(*, session: Session, staff: StaffUser) -> list[Bidang]:
    require_admin(session, staff)
    return list(session.exec(select(Bidang).order_by(Bidang.sort, Bidang.name)))


def list_layanan(*, session: Session, staff: StaffUser) -> list[JenisLayanan]:
    require_admin(session, staff)
    return list(session.exec(select(JenisLayanan).order_by(JenisLayanan.sort, JenisLayanan.name)))


def list_izin(
    *,
    session: Session,
    staff: StaffUser,
    bidang_id: int | None = None,
    layanan_id: int | None = None,
    include_inactive: bool = True,
) -> list[IzinSummary]:
    require_admin(session, staff)
    stmt = (
        select(JenisIzin, Bidang.name, JenisLayanan.name)
        .join(Bidang, Bidang.id == JenisIzin.bidang_id)
        .join(JenisLayanan, JenisLayanan.id == JenisIzin.layanan_id)
        .order_by(Bidang.sort, JenisLayanan.sort, JenisIzin.sort, JenisIzin.name)
    )
    if bidang_id:
        stmt = stmt.where(JenisIzin.bidang_id == bidang_id)
    if layanan_id:
        stmt = stmt.where(JenisIzin.layanan_id == layanan_id)
    if not include_inactive:
        stmt = stmt.where(JenisIzin.active.is_(True))
    return [
        IzinSummary(i.id, i.code, i.name, i.bidang_id, b, i.layanan_id, lay, i.processing_days, i.active)
        for i, b, lay in session.exec(stmt).all()
    ]


def _izin(session: Session, izin_id: int) -> JenisIzin:
    izin = session.get(JenisIzin, int(izin_id))
    if izin is None:
        raise NotFound(msg("backoffice.err_izin_not_found"))
    return izin


def get_izin(*, session: Session, staff: StaffUser, izin_id: int) -> IzinDetail:
    """The izin with all its requirements and fields (retired ones too) and its steps."""
    require_admin(session, staff)
    izin = _izin(session, izin_id)
    reqs = session.exec(select(Requirement).where(Requirement.izin_id == izin.id).order_by(Requirement.sort))
    fields = session.exec(select(FormField).where(FormField.izin_id == izin.id).order_by(FormField.sort))
    steps = session.exec(select(ProcessStep).where(ProcessStep.izin_id == izin.id).order_by(ProcessStep.position))
    return IzinDetail(izin, list(reqs), list(fields), list(steps))


# --------------------------------------------------------------------------- jenis izin


@dataclass
class IzinForm:
    code: str = ""
    name: str = ""
    bidang_id: int | str | None = None
    layanan_id: int | str | None = None
    description: str = ""
    processing_days: int | str = ""
    needs_faskes: bool = False
    needs_location: bool = False
    validity_months: int | str | None = None  # None or "" = no end
    cost: int | str = 0
    legal_basis: str = ""
    active: bool = True
    sort: int = 0


def _clean_izin(session: Session, form: IzinForm, izin_id: int | None) -> dict:
    errors: dict[str, str] = {}
    code = _text(errors, "code", form.code, "Kode izin", 20).upper()
    if code and "code" not in errors:
        if not CODE_RE.fullmatch(code):
            errors["code"] = msg("backoffice.err_code_format")
        else:
            other = session.exec(select(JenisIzin.id).where(JenisIzin.code == code)).first()
            if other is not None and other != izin_id:
                errors["code"] = msg("backoffice.err_code_taken")
    values = {
        "code": code,
        "name": _text(errors, "name", form.name, "Nama izin", 200),
        "description": _text(errors, "description", form.description, "Deskripsi", 1000, required=False),
        "legal_basis": _text(errors, "legal_basis", form.legal_basis, "Dasar hukum", 500, required=False),
        "processing_days": _int(errors, "processing_days", form.processing_days, "Lama proses (hari kerja)", 1),
        "cost": _int(errors, "cost", form.cost if form.cost not in (None, "") else 0, "Biaya", 0),
        "needs_faskes": bool(form.needs_faskes),
        "needs_location": bool(form.needs_location),
        "active": bool(form.active),
        "sort": int(form.sort or 0),
    }
    validity = form.validity_months
    values["validity_months"] = (
        None
        if validity is None or str(validity).strip() == ""
        else _int(errors, "validity_months", validity, "Masa berlaku (bulan)", 1)
    )
    for key, model, label in (("bidang_id", Bidang, "Bidang"), ("layanan_id", JenisLayanan, "Jenis layanan")):
        try:
            row = session.get(model, int(str(getattr(form, key))))
        except (TypeError, ValueError):
            row = None
        if row is None:
            errors[key] = msg("backoffice.err_choose", label=_label(label))
        values[key] = row.id if row else None
    if errors:
        raise FieldErrors(errors)
    return values


def create_izin(*, session: Session, staff: StaffUser, form: IzinForm) -> JenisIzin:
    admin = require_admin(session, staff)
    izin = JenisIzin(**_clean_izin(session, form, None))
    session.add(izin)
    session.flush()
    audit.log(session, admin, "create_izin", izin, code=izin.code)
    return izin


def update_izin(*, session: Session, staff: StaffUser, izin_id: int, form: IzinForm) -> JenisIzin:
    admin = require_admin(session, staff)
    izin = _izin(session, izin_id)
    values = _clean_izin(session, form, izin.id)
    changed = {k: v for k, v in values.items() if getattr(izin, k) != v}
    for key, value in changed.items():
        setattr(izin, key, value)
    session.add(izin)
    session.flush()
    audit.log(session, admin, "update_izin", izin, changed=sorted(changed))
    return izin


# --------------------------------------------------------------------------- requirements


@dataclass
class RequirementForm:
    name: str = ""
    note: str = ""
    required: bool = True
    active: bool = True
    sort: int = 0


def _clean_requirement(session: Session, izin_id: int, form: RequirementForm, own_id: int | None) -> dict:
    errors: dict[str, str] = {}
    name = _text(errors, "name", form.name, "Nama persyaratan", 200)
    note = _text(errors, "note", form.note, "Keterangan", 500, required=False)
    if name and "name" not in errors:
        other = session.exec(
            select(Requirement.id).where(Requirement.izin_id == izin_id, Requirement.name == name)
        ).first()
        if other is not None and other != own_id:
            errors["name"] = msg("backoffice.err_req_duplicate")
    if errors:
        raise FieldErrors(errors)
    return {
        "name": name,
        "note": note,
        "required": bool(form.required),
        "active": bool(form.active),
        "sort": int(form.sort or 0),
    }


def add_requirement(*, session: Session, staff: StaffUser, izin_id: int, form: RequirementForm) -> Requirement:
    admin = require_admin(session, staff)
    izin = _izin(session, izin_id)
    row = Requirement(izin_id=izin.id, **_clean_requirement(session, izin.id, form, None))
    session.add(row)
    session.flush()
    audit.log(session, admin, "add_requirement", row, izin_id=izin.id, name=row.name)
    return row


def _requirement(session: Session, requirement_id: int) -> Requirement:
    row = session.get(Requirement, int(requirement_id))
    if row is None:
        raise NotFound(msg("backoffice.err_req_not_found"))
    return row


def update_requirement(
    *, session: Session, staff: StaffUser, requirement_id: int, form: RequirementForm
) -> Requirement:
    admin = require_admin(session, staff)
    row = _requirement(session, requirement_id)
    for key, value in _clean_requirement(session, row.izin_id, form, row.id).items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    audit.log(session, admin, "update_requirement", row, izin_id=row.izin_id)
    return row


def retire_requirement(*, session: Session, staff: StaffUser, requirement_id: int) -> Requirement:
    """New files no longer ask for it; files that uploaded it keep their documents."""
    admin = require_admin(session, staff)
    row = _requirement(session, requirement_id)
    row.active = False
    session.add(row)
    session.flush()
    audit.log(session, admin, "retire_requirement", row, izin_id=row.izin_id)
    return row


# --------------------------------------------------------------------------- form fields


@dataclass
class FormFieldForm:
    key: str = ""
    label: str = ""
    field_type: str = FieldType.TEXT.value
    required: bool = True
    help_text: str = ""
    options: list[str] = field(default_factory=list)
    prefill: str | None = None
    active: bool = True
    sort: int = 0


def _clean_field(session: Session, izin_id: int, form: FormFieldForm, own_id: int | None) -> dict:
    errors: dict[str, str] = {}
    key = _text(errors, "key", form.key, "Kunci isian", 40).lower()
    if key and "key" not in errors:
        if not KEY_RE.fullmatch(key):
            errors["key"] = msg("backoffice.err_key_format")
        else:
            other = session.exec(select(FormField.id).where(FormField.izin_id == izin_id, FormField.key == key)).first()
            if other is not None and other != own_id:
                errors["key"] = msg("backoffice.err_key_taken")
    label = _text(errors, "label", form.label, "Label", 120)
    help_text = _text(errors, "help_text", form.help_text, "Petunjuk", 300, required=False)
    field_type = (form.field_type or "").strip()
    if field_type not in {t.value for t in FieldType}:
        errors["field_type"] = msg("backoffice.err_field_type")
    options = [o.strip() for o in (form.options or []) if o and o.strip()]
    if field_type == FieldType.SELECT.value:
        if not options:
            errors["options"] = msg("backoffice.err_options_needed")
        elif len(set(options)) != len(options):
            errors["options"] = msg("backoffice.err_options_duplicate")
        elif any(len(o) > 100 for o in options):
            errors["options"] = msg("backoffice.err_option_length")
    else:
        options = []
    prefill = (form.prefill or "").strip() or None
    if prefill is not None and prefill not in PREFILL_KEYS:
        errors["prefill"] = msg("backoffice.err_prefill")
    if errors:
        raise FieldErrors(errors)
    return {
        "key": key,
        "label": label,
        "field_type": field_type,
        "required": bool(form.required),
        "help_text": help_text,
        "options": options,
        "prefill": prefill,
        "active": bool(form.active),
        "sort": int(form.sort or 0),
    }


def add_form_field(*, session: Session, staff: StaffUser, izin_id: int, form: FormFieldForm) -> FormField:
    admin = require_admin(session, staff)
    izin = _izin(session, izin_id)
    row = FormField(izin_id=izin.id, **_clean_field(session, izin.id, form, None))
    session.add(row)
    session.flush()
    audit.log(session, admin, "add_form_field", row, izin_id=izin.id, key=row.key)
    return row


def _form_field(session: Session, field_id: int) -> FormField:
    row = session.get(FormField, int(field_id))
    if row is None:
        raise NotFound(msg("backoffice.err_field_not_found"))
    return row


def update_form_field(*, session: Session, staff: StaffUser, field_id: int, form: FormFieldForm) -> FormField:
    admin = require_admin(session, staff)
    row = _form_field(session, field_id)
    for key, value in _clean_field(session, row.izin_id, form, row.id).items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    audit.log(session, admin, "update_form_field", row, izin_id=row.izin_id, key=row.key)
    return row


def retire_form_field(*, session: Session, staff: StaffUser, field_id: int) -> FormField:
    """New drafts no longer show it; values already given stay with their files."""
    admin = require_admin(session, staff)
    row = _form_field(session, field_id)
    row.active = False
    session.add(row)
    session.flush()
    audit.log(session, admin, "retire_form_field", row, izin_id=row.izin_id, key=row.key)
    return row


# --------------------------------------------------------------------------- process steps


def set_process_steps(
    *, session: Session, staff: StaffUser, izin_id: int, steps: list[tuple[str, str]]
) -> list[ProcessStep]:
    """Replace the izin's ordered desks. Submitted files keep the steps of their snapshot."""
    admin = require_admin(session, staff)
    izin = _izin(session, izin_id)
    errors: dict[str, str] = {}
    cleaned: list[tuple[str, str]] = []
    if not steps:
        errors["steps"] = msg("backoffice.err_steps_needed")
    for index, (desk, stage) in enumerate(steps or [], start=1):
        desk, stage = (desk or "").strip(), (stage or "").strip()
        if desk not in DESK_ROLES:
            errors[f"steps.{index}.desk"] = msg("backoffice.err_step_desk", index=index)
        if not stage:
            errors[f"steps.{index}.stage"] = msg("backoffice.err_step_name", index=index)
        elif len(stage) > 100:
            errors[f"steps.{index}.stage"] = msg("backoffice.err_step_name_length", index=index)
        cleaned.append((desk, stage))
    if errors:
        raise FieldErrors(errors)
    before = [(p.desk, p.stage) for p in session.exec(select(ProcessStep).where(ProcessStep.izin_id == izin.id))]
    session.execute(sa.delete(ProcessStep).where(ProcessStep.izin_id == izin.id))
    rows = [ProcessStep(izin_id=izin.id, position=i, desk=d, stage=s) for i, (d, s) in enumerate(cleaned, start=1)]
    session.add_all(rows)
    session.flush()
    audit.log(session, admin, "set_process_steps", izin, before=before, after=cleaned)
    return rows
