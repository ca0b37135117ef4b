"""`/permohonan/baru`: Langkah 1 bidang -> 2 jenis layanan -> 3 jenis izin; Isi Kelengkapan
opens a new draft at /permohonan/<id>."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from spontan_app.domain.models import JenisIzin, Requirement
from spontan_app.services import applications, catalogue
from spontan_app.state.auth import AuthState, run_or_toast
from spontan_app.state.base import HandlerMixin


@dataclass
class Choice:
    id: int
    name: str
    description: str = ""
    extra: str = ""


@dataclass
class RequirementView:
    name: str
    note: str
    required: bool


def bidang_choices(*, session, query: str = "") -> list[Choice]:
    rows = catalogue.list_bidang(session=session, query=query)
    return [Choice(b.id, b.name, b.description, f"{b.izin_count} jenis izin") for b in rows]


def layanan_choices(*, session, bidang_id: int) -> tuple[str, list[Choice]]:
    """The bidang's name and its jenis layanan."""
    rows = catalogue.list_layanan(session=session, bidang_id=bidang_id)
    names = {b.id: b.name for b in catalogue.list_bidang(session=session)}
    return names.get(bidang_id, ""), [Choice(r.id, r.name) for r in rows]


def izin_choices(*, session, bidang_id: int, layanan_id: int) -> list[Choice]:
    rows = catalogue.list_izin(session=session, bidang_id=bidang_id, layanan_id=layanan_id)
    return [Choice(r.id, r.name, r.description, f"{r.processing_days} hari kerja") for r in rows]


def izin_with_requirements(*, session, izin_id: int) -> tuple[JenisIzin, list[Requirement]]:
    izin = catalogue.get_izin(session=session, izin_id=izin_id)
    return izin, catalogue.requirements_of(session=session, izin_id=izin.id)


class WizardState(HandlerMixin, AuthState):
    step: int = 1
    query: str = ""
    bidang: list[Choice] = []
    layanan: list[Choice] = []
    izin: list[Choice] = []
    bidang_name: str = ""
    layanan_name: str = ""
    izin_id: int = 0
    izin_name: str = ""
    izin_code: str = ""
    izin_description: str = ""
    processing_days: int = 0
    needs_faskes: bool = False
    requirements: list[RequirementView] = []
    show_requirements: bool = False
    _bidang_id: int = 0

    @rx.event
    async def load(self):
        self.step, self.query, self.show_requirements = 1, "", False
        return await self._load_bidang()

    async def _load_bidang(self):
        result = await self._run(bidang_choices, as_user=False, query=self.query)
        if not result.ok:
            return result.events
        self.bidang = result.value
        return None

    @rx.event
    async def search(self, value: str):
        self.query = value[:60]
        return await self._load_bidang()

    @rx.event
    async def pick_bidang(self, bidang_id: int):
        result = await self._run(layanan_choices, as_user=False, bidang_id=int(bidang_id))
        if not result.ok:
            return result.events
        name, layanan = result.value
        if not layanan:
            return None
        self._bidang_id, self.bidang_name = int(bidang_id), name
        self.layanan = layanan
        self.step = 2
        return None

    @rx.event
    async def pick_layanan(self, layanan_id: int):
        result = await self._run(izin_choices, as_user=False, bidang_id=self._bidang_id, layanan_id=int(layanan_id))
        if not result.ok:
            return result.events
        if not result.value:
            return None
        self.layanan_name = next((c.name for c in self.layanan if c.id == int(layanan_id)), "")
        self.izin = result.value
        self.izin_id, self.step = 0, 3
        return None

    @rx.event
    async def pick_izin(self, izin_id: int):
        result = await run_or_toast(self, izin_with_requirements, as_user=False, izin_id=int(izin_id))
        if not result.ok:
            return result.events
        izin, reqs = result.value
        self.izin_id, self.izin_name, self.izin_code = izin.id, izin.name, izin.code
        self.izin_description, self.processing_days, self.needs_faskes = (
            izin.description,
            izin.processing_days,
            izin.needs_faskes,
        )
        self.requirements = [RequirementView(r.name, r.note, r.required) for r in reqs]
        self.show_requirements = False
        return None

    @rx.event
    def toggle_requirements(self) -> None:
        self.show_requirements = not self.show_requirements

    @rx.event
    def back(self) -> None:
        if self.izin_id and self.step == 3:
            self.izin_id = 0
        else:
            self.step = max(1, self.step - 1)

    @rx.event
    async def start_form(self):
        result = await run_or_toast(self, applications.start_draft, izin_id=self.izin_id)
        if not result.ok:
            return result.events
        return rx.redirect(f"/permohonan/{result.value.id}")
