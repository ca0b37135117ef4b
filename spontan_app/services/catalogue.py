"""Read access to the permit catalogue: bidang -> jenis layanan -> jenis izin."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.models import Bidang, JenisIzin, JenisLayanan, Requirement
from spontan_app.i18n import msg
from spontan_app.services.errors import NotFound


@dataclass(frozen=True)
class BidangSummary:
    id: int
    code: str
    name: str
    description: str
    izin_count: int


def list_bidang(*, session: Session, query: str = "") -> list[BidangSummary]:
    """Bidang that offer at least one active izin, with how many; optionally filtered."""
    count = sa.func.count(JenisIzin.id)
    stmt = (
        select(Bidang, count)
        .join(JenisIzin, JenisIzin.bidang_id == Bidang.id)
        .where(JenisIzin.active.is_(True))
        .group_by(Bidang.id)
        .order_by(Bidang.sort, Bidang.name)
    )
    term = query.strip().lower()
    if term:
        stmt = stmt.where(sa.func.lower(Bidang.name).contains(term))
    return [BidangSummary(b.id, b.code, b.name, b.description, n) for b, n in session.exec(stmt).all()]


def list_layanan(*, session: Session, bidang_id: int) -> list[JenisLayanan]:
    stmt = (
        select(JenisLayanan)
        .join(JenisIzin, JenisIzin.layanan_id == JenisLayanan.id)
        .where(JenisIzin.bidang_id == bidang_id, JenisIzin.active.is_(True))
        .distinct()
        .order_by(JenisLayanan.sort)
    )
    return list(session.exec(stmt))


def list_izin(*, session: Session, bidang_id: int, layanan_id: int) -> list[JenisIzin]:
    stmt = (
        select(JenisIzin)
        .where(
            JenisIzin.bidang_id == bidang_id,
            JenisIzin.layanan_id == layanan_id,
            JenisIzin.active.is_(True),
        )
        .order_by(JenisIzin.sort, JenisIzin.name)
    )
    return list(session.exec(stmt))


def get_izin(*, session: Session, izin_id: int) -> JenisIzin:
    izin = session.get(JenisIzin, izin_id)
    if izin is None or not izin.active:
        raise NotFound(msg("permohonan.izin_not_found"))
    return izin


def requirements_of(*, session: Session, izin_id: int) -> list[Requirement]:
    stmt = (
        select(Requirement)
        .where(Requirement.izin_id == izin_id, Requirement.active.is_(True))
        .order_by(Requirement.sort, Requirement.id)
    )
    return list(session.exec(stmt))


def catalogue_totals(*, session: Session) -> tuple[int, int]:
    """(number of bidang with active izin, number of active izin)."""
    izin = session.exec(select(sa.func.count(JenisIzin.id)).where(JenisIzin.active.is_(True))).one()
    bidang = session.exec(
        select(sa.func.count(sa.distinct(JenisIzin.bidang_id))).where(JenisIzin.active.is_(True))
    ).one()
    return int(bidang), int(izin)


def all_izin(*, session: Session) -> list[JenisIzin]:
    """Every izin, active first, by code (filters and reports)."""
    return list(session.exec(select(JenisIzin).order_by(JenisIzin.active.desc(), JenisIzin.code)))
