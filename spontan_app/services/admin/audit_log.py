"""The audit trail as the Kepala Dinas and the Administrator read it: filtered, newest first,
with a readable name for each actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from spontan_app.domain.models import Applicant, Application, AuditLog, StaffUser
from spontan_app.domain.timefmt import format_datetime
from spontan_app.i18n import msg
from spontan_app.services.admin.access import AUDIT_READERS, Page, clamp_paging, like_pattern, require_staff
from spontan_app.services.admin.reports import wita_day_start
from spontan_app.services.errors import FieldErrors

ACTOR_TYPES = {"staff": "Petugas", "applicant": "Pemohon", "system": "Sistem"}
_DENIED = msg("backoffice.err_audit_denied")


@dataclass(frozen=True)
class AuditFilter:
    actor_type: str | None = None  # staff | applicant | system
    actor_id: int | None = None
    actor_name: str = ""  # part of a name or username
    entity: str | None = None  # table name, e.g. "application"
    entity_id: int | None = None
    registration_number: str = ""  # an application's number; sets entity and entity_id
    action: str | None = None
    date_from: date | None = None  # WITA, inclusive
    date_to: date | None = None


@dataclass(frozen=True)
class AuditView:
    id: int
    at: str  # DD-MM-YYYY HH:MM:SS WITA
    actor_type: str
    actor_type_label: str
    actor_id: int | None
    actor_name: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict[str, Any]
    ip: str


_staff = aliased(StaffUser)
_applicant = aliased(Applicant)


def _actor_name() -> Any:
    return sa.case(
        (AuditLog.actor_type == "staff", _staff.full_name),
        (
            AuditLog.actor_type == "applicant",
            sa.func.coalesce(_applicant.full_name, _applicant.company_name, _applicant.username),
        ),
        else_="Sistem",
    )


def _joined(stmt: Any) -> Any:
    return stmt.join(
        _staff, sa.and_(AuditLog.actor_type == "staff", _staff.id == AuditLog.actor_id), isouter=True
    ).join(_applicant, sa.and_(AuditLog.actor_type == "applicant", _applicant.id == AuditLog.actor_id), isouter=True)


def _where(session: Session, f: AuditFilter) -> list[Any] | None:
    """The conditions of the filter; None when it can match nothing (unknown number)."""
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise FieldErrors({"date_to": msg("backoffice.err_date_order")})
    if f.actor_type and f.actor_type not in ACTOR_TYPES:
        raise FieldErrors({"actor_type": msg("backoffice.err_actor_type")})
    where: list[Any] = []
    entity, entity_id = f.entity, f.entity_id
    number = (f.registration_number or "").strip()
    if number:
        entity_id = session.exec(select(Application.id).where(Application.registration_number == number)).first()
        if entity_id is None:
            return None
        entity = "application"
    for column, value in (
        (AuditLog.actor_type, f.actor_type),
        (AuditLog.actor_id, f.actor_id),
        (AuditLog.entity, entity),
        (AuditLog.entity_id, entity_id),
        (AuditLog.action, f.action),
    ):
        if value not in (None, ""):
            where.append(column == value)
    name = (f.actor_name or "").strip().lower()
    if name:
        pattern = like_pattern(name[:100])
        where.append(
            sa.or_(
                *(
                    sa.func.lower(col).like(pattern, escape="\\")
                    for col in (
                        _staff.full_name,
                        _staff.username,
                        _applicant.full_name,
                        _applicant.company_name,
                        _applicant.username,
                    )
                )
            )
        )
    if f.date_from:
        where.append(AuditLog.at >= wita_day_start(f.date_from))
    if f.date_to:
        where.append(AuditLog.at < wita_day_start(f.date_to + timedelta(days=1)))
    return where


def search_audit(
    *, session: Session, staff: StaffUser, filters: AuditFilter = AuditFilter(), page: int = 1, page_size: int = 50
) -> Page[AuditView]:
    """Entries matching the filter, newest first."""
    require_staff(session, staff, AUDIT_READERS, _DENIED)
    page, size, offset = clamp_paging(page, page_size)
    where = _where(session, filters)
    if where is None:
        return Page([], 0, page, size)
    total = session.exec(_joined(select(sa.func.count(AuditLog.id)).select_from(AuditLog)).where(*where)).one()
    rows = session.exec(
        _joined(select(AuditLog, _actor_name()).select_from(AuditLog))
        .where(*where)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .offset(offset)
        .limit(size)
    ).all()
    views = [
        AuditView(
            e.id,
            format_datetime(e.at),
            e.actor_type,
            ACTOR_TYPES.get(e.actor_type, "-"),
            e.actor_id,
            name or "-",
            e.action,
            e.entity,
            e.entity_id,
            dict(e.detail or {}),
            e.ip or "",
        )
        for e, name in rows
    ]
    return Page(views, int(total), page, size)


def actions(*, session: Session, staff: StaffUser) -> list[str]:
    """The actions that occur in the trail, for the filter's choice list."""
    require_staff(session, staff, AUDIT_READERS, _DENIED)
    return list(session.exec(select(AuditLog.action).distinct().order_by(AuditLog.action)))
