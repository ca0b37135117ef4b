"""Applicant accounts as the Administrator Sistem sees them: search, profile, disabling
an account and replacing a lost WhatsApp number. Views carry no password hash."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.admin.labels import account_status_label, applicant_type_label, sex_label
from spontan_app.domain.enums import AccountStatus, ApplicationStatus
from spontan_app.domain.models import Applicant, Application, AuditLog, LoginSession, StaffUser, utcnow
from spontan_app.domain.timefmt import format_date, format_datetime
from spontan_app.domain.validation import ValidationError, national_number, normalize_wa_number
from spontan_app.i18n import msg, t
from spontan_app.services import audit, messaging
from spontan_app.services.admin.access import Page, applicant_name, clamp_paging, like_pattern, require_admin
from spontan_app.services.errors import FieldErrors, NotFound

_DIGITS = re.compile(r"[0-9 .\-+/]+")


@dataclass(frozen=True)
class ApplicantView:
    id: int
    applicant_type: str
    type_label: str
    username: str  # NIK or NPWP
    name: str
    email: str
    wa_number: str  # as people write it: 08…
    status: str
    status_label: str
    created: str


@dataclass(frozen=True)
class ApplicantDetail:
    summary: ApplicantView
    sex_label: str
    birth_place: str
    birth_date: str
    address: str
    region_text: str
    phone: str
    company_name: str
    company_form: str
    pic_name: str
    pic_nik: str
    wa_opt_out: bool
    applications: int  # submitted files (drafts not counted)
    open_applications: int


def _view(a: Applicant) -> ApplicantView:
    return ApplicantView(
        a.id,
        a.applicant_type,
        applicant_type_label(a.applicant_type),
        a.username,
        applicant_name(a),
        a.email,
        national_number(a.wa_number),
        a.status,
        account_status_label(a.status),
        format_datetime(a.created_at),
    )


def _search_clause(query: str):
    """Digits search the NIK/NPWP and the WhatsApp number; words search the names."""
    text = query.strip()
    if _DIGITS.fullmatch(text):
        digits = re.sub(r"[^0-9]", "", text)
        national = digits[2:] if digits.startswith("62") else digits.lstrip("0")
        clauses = [Applicant.username.like(like_pattern(digits), escape="\\")]
        if len(national) >= 4:
            clauses.append(Applicant.wa_number.like(like_pattern(national), escape="\\"))
        return sa.or_(*clauses)
    pattern = like_pattern(text.lower())
    return sa.or_(
        *(sa.func.lower(col).like(pattern, escape="\\") for col in (Applicant.full_name, Applicant.company_name))
    )


def list_applicants(
    *,
    session: Session,
    staff: StaffUser,
    query: str = "",
    status: str | None = None,
    page: int = 1,
    page_size: int = 20,
) -> Page[ApplicantView]:
    """Newest accounts first."""
    require_admin(session, staff)
    page, size, offset = clamp_paging(page, page_size)
    where = []
    if (query or "").strip():
        where.append(_search_clause(query[:100]))
    if status:
        where.append(Applicant.status == status)
    total = session.exec(select(sa.func.count(Applicant.id)).where(*where)).one()
    rows = session.exec(
        select(Applicant)
        .where(*where)
        .order_by(Applicant.created_at.desc(), Applicant.id.desc())
        .offset(offset)
        .limit(size)
    )
    return Page([_view(a) for a in rows], int(total), page, size)


def _applicant(session: Session, applicant_id: int) -> Applicant:
    row = session.get(Applicant, int(applicant_id))
    if row is None:
        raise NotFound(msg("admin.applicants.not_found"))
    return row


def get_applicant(*, session: Session, staff: StaffUser, applicant_id: int) -> ApplicantDetail:
    require_admin(session, staff)
    a = _applicant(session, applicant_id)
    open_statuses = [s.value for s in ApplicationStatus if s.is_open]
    counts = session.exec(
        select(
            sa.func.count(Application.id),
            sa.func.coalesce(sa.func.sum(sa.case((Application.status.in_(open_statuses), 1), else_=0)), 0),
        ).where(Application.applicant_id == a.id, Application.status != ApplicationStatus.DRAFT.value)
    ).one()
    return ApplicantDetail(
        _view(a),
        sex_label(a.sex) if a.sex else "",
        a.birth_place or "",
        format_date(a.birth_date),
        a.address or "",
        a.region_text or "",
        national_number(a.phone) if a.phone else "",
        a.company_name or "",
        a.company_form or "",
        a.pic_name or "",
        a.pic_nik or "",
        a.wa_opt_out,
        int(counts[0]),
        int(counts[1]),
    )


def _end_sessions(session: Session, applicant_id: int) -> None:
    session.execute(
        sa.update(LoginSession)
        .where(LoginSession.applicant_id == applicant_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def _status_before_disabling(session: Session, applicant_id: int) -> str:
    """Reactivation restores the status the account had, as the audit entry kept it."""
    entry = session.exec(
        select(AuditLog)
        .where(
            AuditLog.action == "deactivate_applicant",
            AuditLog.entity == "applicant",
            AuditLog.entity_id == applicant_id,
        )
        .order_by(AuditLog.id.desc())
    ).first()
    before = (entry.detail or {}).get("before") if entry else None
    valid = {s.value for s in AccountStatus} - {AccountStatus.DISABLED.value}
    return before if before in valid else AccountStatus.ACTIVE.value


def set_applicant_active(*, session: Session, staff: StaffUser, applicant_id: int, active: bool) -> ApplicantView:
    """Disabling logs the applicant out everywhere and refuses further logins."""
    admin = require_admin(session, staff)
    a = _applicant(session, applicant_id)
    disabled = a.status == AccountStatus.DISABLED.value
    if bool(active) != disabled:
        return _view(a)
    before = a.status
    if active:
        a.status = _status_before_disabling(session, a.id)
    else:
        a.status = AccountStatus.DISABLED.value
        _end_sessions(session, a.id)
    a.updated_at = utcnow()
    session.add(a)
    session.flush()
    action = "activate_applicant" if active else "deactivate_applicant"
    audit.log(session, admin, action, a, before=before, after=a.status)
    return _view(a)


def reset_wa_number(*, session: Session, staff: StaffUser, applicant_id: int, new_number: str) -> ApplicantView:
    """For an applicant who lost their number (checked in person): no OTP to the old one."""
    admin = require_admin(session, staff)
    a = _applicant(session, applicant_id)
    try:
        wa = normalize_wa_number(new_number)
    except ValidationError as exc:
        raise FieldErrors({"wa_number": exc.message}) from None
    if wa == a.wa_number:
        raise FieldErrors({"wa_number": msg("admin.applicants.same_wa_number")})
    if session.exec(select(Applicant.id).where(Applicant.wa_number == wa)).first() is not None:
        raise FieldErrors({"wa_number": msg("admin.applicants.wa_number_taken")})
    old, a.wa_number, a.updated_at = a.wa_number, wa, utcnow()
    session.add(a)
    _end_sessions(session, a.id)
    session.flush()
    messaging.queue_message(
        session=session,
        to_e164=wa,
        kind="wa_reset_by_staff",
        body=t("whatsapp.wa_reset", a.language),
    )
    audit.log(session, admin, "reset_applicant_wa", a, old_ending=old[-4:], new_ending=wa[-4:])
    return _view(a)
