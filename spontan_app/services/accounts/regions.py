"""Regions for the address fields of the forms."""

from __future__ import annotations

from sqlmodel import Session, select

from spontan_app.domain.enums import KOTA_BALIKPAPAN_CODE, RegionLevel
from spontan_app.domain.models import Region


def regions(*, session: Session, level: RegionLevel, parent_id: int | None = None) -> list[Region]:
    stmt = select(Region).where(Region.level == level.value)
    if parent_id is not None:
        stmt = stmt.where(Region.parent_id == parent_id)
    return list(session.exec(stmt.order_by(Region.name)))


def outside_kabkota(*, session: Session) -> list[Region]:
    return [r for r in regions(session=session, level=RegionLevel.KABKOTA) if r.code != KOTA_BALIKPAPAN_CODE]


def balikpapan_kecamatan(*, session: Session) -> list[Region]:
    kota = session.exec(select(Region).where(Region.code == KOTA_BALIKPAPAN_CODE)).one()
    return regions(session=session, level=RegionLevel.KECAMATAN, parent_id=kota.id)
