"""`/`: what the office offers, read from the catalogue on every visit."""

from __future__ import annotations

import reflex as rx

from spontan_app.services import catalogue
from spontan_app.state.base import HandlerMixin


def offer(*, session) -> tuple[list[dict[str, str]], int]:
    rows = catalogue.list_bidang(session=session)
    _, total_izin = catalogue.catalogue_totals(session=session)
    bidang = [
        {"name": b.name, "description": b.description, "count": f"{b.izin_count} jenis izin", "code": b.code}
        for b in rows
    ]
    return bidang, total_izin


class LandingState(HandlerMixin, rx.State):
    bidang: list[dict[str, str]] = []
    total_izin: int = 0

    @rx.event
    async def load(self):
        result = await self._run(offer, as_user=False)
        if not result.ok:
            return result.events
        self.bidang, self.total_izin = result.value
        return None
