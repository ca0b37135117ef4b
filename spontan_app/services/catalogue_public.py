"""The public izin catalogue (`/layanan`): what each izin asks for, before anyone registers.

Read-only and anonymous: only active izin, only active requirements and fields, and
nothing about any application."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import StaffRole, label_of
from spontan_app.domain.models import Bidang, FormField, JenisIzin, JenisLayanan
from spontan_app.i18n import msg
from spontan_app.services import snapshot
from spontan_app.services.errors import NotFound

MAX_QUERY = 60
# msg texts: Indonesian strs the state shows in the tab's language.
FIELD_TYPE_LABELS = {
    kind: msg(f"public.field_type.{kind}")
    for kind in ("text", "number", "date", "select", "textarea", "phone", "nik", "npwp")
}


def format_rupiah(amount: int) -> str:
    """`Rp 150.000`, or `Rp 0 (Gratis)` for a free izin."""
    if not amount:
        return msg("common.free_cost")
    return "Rp " + f"{int(amount):,}".replace(",", ".")


def validity_text(months: int | None) -> str:
    if not months:
        return msg("public.validity.unlimited")
    if months % 12 == 0:
        return msg("public.validity.years", count=months // 12)
    return msg("public.validity.months", count=months)


@dataclass(frozen=True)
class IzinCard:
    code: str
    name: str
    layanan: str
    processing_days: int
    cost: str


@dataclass(frozen=True)
class BidangGroup:
    code: str
    name: str
    description: str
    izin: list[IzinCard] = field(default_factory=list)


def search(*, session: Session, query: str = "", bidang: str = "") -> list[BidangGroup]:
    """Active izin grouped by bidang; ``query`` matches the izin's name, code or bidang."""
    term = (query or "").strip().lower()[:MAX_QUERY]
    stmt = (
        select(Bidang, JenisIzin, JenisLayanan)
        .join(JenisIzin, JenisIzin.bidang_id == Bidang.id)
        .join(JenisLayanan, JenisLayanan.id == JenisIzin.layanan_id)
        .where(JenisIzin.active.is_(True))
        .order_by(Bidang.sort, Bidang.name, JenisLayanan.sort, JenisIzin.sort, JenisIzin.name)
    )
    if bidang:
        stmt = stmt.where(Bidang.code == bidang[:20])
    if term:
        like = f"%{term}%"
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(JenisIzin.name).like(like),
                sa.func.lower(JenisIzin.code).like(like),
                sa.func.lower(Bidang.name).like(like),
                sa.func.lower(JenisIzin.description).like(like),
            )
        )
    groups: dict[int, BidangGroup] = {}
    for b, izin, layanan in session.exec(stmt).all():
        group = groups.setdefault(b.id, BidangGroup(b.code, b.name, b.description, []))
        group.izin.append(IzinCard(izin.code, izin.name, layanan.name, izin.processing_days, format_rupiah(izin.cost)))
    return list(groups.values())


@dataclass(frozen=True)
class FieldInfo:
    label: str
    kind: str
    required: bool
    help_text: str


@dataclass(frozen=True)
class RequirementInfo:
    name: str
    note: str
    required: bool


@dataclass(frozen=True)
class DeskInfo:
    position: int
    desk: str
    stage: str


@dataclass(frozen=True)
class IzinDetail:
    id: int
    code: str
    name: str
    description: str
    bidang: str
    bidang_code: str
    layanan: str
    processing_days: int
    cost: str
    validity: str
    legal_basis: str
    needs_faskes: bool
    needs_location: bool
    requirements: list[RequirementInfo]
    fields: list[FieldInfo]
    desks: list[DeskInfo]


def detail(*, session: Session, code: str) -> IzinDetail:
    """Everything a visitor needs to know about one active izin, by its code (e.g. SIPD-B)."""
    clean = (code or "").strip().upper()[:20]
    row = session.exec(
        select(JenisIzin, Bidang, JenisLayanan)
        .join(Bidang, Bidang.id == JenisIzin.bidang_id)
        .join(JenisLayanan, JenisLayanan.id == JenisIzin.layanan_id)
        .where(JenisIzin.code == clean, JenisIzin.active.is_(True))
    ).first()
    if row is None:
        raise NotFound(msg("public.layanan.izin_not_found"))
    izin, bidang, layanan = row
    fields: list[FormField] = snapshot.live_fields(session, izin.id)
    return IzinDetail(
        id=izin.id,
        code=izin.code,
        name=izin.name,
        description=izin.description,
        bidang=bidang.name,
        bidang_code=bidang.code,
        layanan=layanan.name,
        processing_days=izin.processing_days,
        cost=format_rupiah(izin.cost),
        validity=validity_text(izin.validity_months),
        legal_basis=izin.legal_basis or "-",
        needs_faskes=izin.needs_faskes,
        needs_location=izin.needs_location,
        requirements=[
            RequirementInfo(r.name, r.note, r.required) for r in snapshot.live_requirements(session, izin.id)
        ],
        fields=[
            FieldInfo(f.label, FIELD_TYPE_LABELS.get(f.field_type, f.field_type), f.required, f.help_text)
            for f in fields
        ],
        desks=[
            DeskInfo(d.position, label_of(StaffRole, d.desk), d.stage) for d in snapshot.live_steps(session, izin.id)
        ],
    )


def locate(*, session: Session, code: str) -> tuple[int, int, int]:
    """(bidang id, layanan id, izin id) of an active izin: opens the wizard at it."""
    clean = (code or "").strip().upper()[:20]
    izin = session.exec(select(JenisIzin).where(JenisIzin.code == clean, JenisIzin.active.is_(True))).first()
    if izin is None:
        raise NotFound(msg("public.layanan.izin_not_found"))
    return izin.bidang_id, izin.layanan_id, izin.id
