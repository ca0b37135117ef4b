"""`/permohonan/baru`: Langkah 1 bidang -> 2 jenis layanan -> 3 jenis izin; Isi Kelengkapan
opens a new draft at /permohonan/<id>.

Each step has its own URL (``?bidang=1&layanan=2&izin=3``): a pick navigates, and ``load``
rebuilds the step from the query, so the browser's Back, Forward and reload all work."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import reflex as rx

from spontan_app.domain.models import JenisIzin, Requirement
from spontan_app.i18n import t
from spontan_app.services import applications, catalogue, catalogue_public
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


def bidang_choices(*, session, query: str = "", lang: str = "id") -> list[Choice]:
    rows = catalogue.list_bidang(session=session, query=query)
    return [Choice(b.id, b.name, b.description, t("permohonan.izin_count", lang, count=b.izin_count)) for b in rows]


def layanan_choices(*, session, bidang_id: int) -> tuple[str, list[Choice]]:
    """The bidang's name and its jenis layanan."""
    rows = catalogue.list_layanan(session=session, bidang_id=bidang_id)
    names = {b.id: b.name for b in catalogue.list_bidang(session=session)}
    return names.get(bidang_id, ""), [Choice(r.id, r.name) for r in rows]


def izin_choices(*, session, bidang_id: int, layanan_id: int, lang: str = "id") -> list[Choice]:
    rows = catalogue.list_izin(session=session, bidang_id=bidang_id, layanan_id=layanan_id)
    return [
        Choice(r.id, r.name, r.description, t("permohonan.working_days", lang, days=r.processing_days)) for r in rows
    ]


def izin_with_requirements(*, session, izin_id: int) -> tuple[JenisIzin, list[Requirement]]:
    izin = catalogue.get_izin(session=session, izin_id=izin_id)
    return izin, catalogue.requirements_of(session=session, izin_id=izin.id)


def _int(value) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return 0
    return number if 0 < number < 2**31 else 0


def _url(**ids: int) -> str:
    query = urlencode({k: v for k, v in ids.items() if v})
    return "/permohonan/baru" + (f"?{query}" if query else "")


# After a step change, focus goes to the step's heading (screen readers announce it).
_FOCUS_STEP = rx.call_script("window.spontanFocus && window.spontanFocus('langkah')")


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
    _layanan_id: int = 0

    @rx.event
    async def load(self):
        """Rebuild the step the URL names; anything unknown falls back to the step before."""
        params = self.router.url.query_parameters
        code = params.get("kode", "")[:20]  # "Ajukan Permohonan Ini" on the public catalogue
        if code:
            found = await self._run(catalogue_public.locate, as_user=False, code=code)
            if found.ok and found.value:
                bidang_id, layanan_id, izin_id = found.value
                step = f"/permohonan/baru?bidang={bidang_id}&layanan={layanan_id}&izin={izin_id}"
                return rx.redirect(step, replace=True)
        bidang_id, layanan_id, izin_id = (_int(params.get(k, "")) for k in ("bidang", "layanan", "izin"))
        self.query, self.show_requirements = "", False
        self.izin_id, self.step = 0, 1
        events = await self._load_bidang()
        if events or not bidang_id:
            return events
        result = await self._run(layanan_choices, as_user=False, bidang_id=bidang_id)
        if not result.ok:
            return result.events
        name, layanan = result.value
        if not layanan:
            return None
        self._bidang_id, self.bidang_name, self.layanan = bidang_id, name, layanan
        self.step = 2
        if not layanan_id or all(c.id != layanan_id for c in layanan):
            return _FOCUS_STEP
        result = await self._run(
            izin_choices, as_user=False, bidang_id=bidang_id, layanan_id=layanan_id, lang=self.lang
        )
        if not result.ok:
            return result.events
        if not result.value:
            return _FOCUS_STEP
        self._layanan_id = layanan_id
        self.layanan_name = next(c.name for c in layanan if c.id == layanan_id)
        self.izin, self.step = result.value, 3
        if izin_id and any(c.id == izin_id for c in self.izin):
            return await self._show_izin(izin_id) or _FOCUS_STEP
        return _FOCUS_STEP

    async def _load_bidang(self):
        result = await self._run(bidang_choices, as_user=False, query=self.query, lang=self.lang)
        if not result.ok:
            return result.events
        self.bidang = result.value
        return None

    @rx.event
    async def search(self, value: str):
        self.query = value[:60]
        return await self._load_bidang()

    @rx.event
    def pick_bidang(self, bidang_id: int):
        return rx.redirect(_url(bidang=_int(bidang_id)))

    @rx.event
    def pick_layanan(self, layanan_id: int):
        return rx.redirect(_url(bidang=self._bidang_id, layanan=_int(layanan_id)))

    @rx.event
    def pick_izin(self, izin_id: int):
        return rx.redirect(_url(bidang=self._bidang_id, layanan=self._layanan_id, izin=_int(izin_id)))

    async def _show_izin(self, izin_id: int):
        result = await run_or_toast(self, izin_with_requirements, as_user=False, izin_id=izin_id)
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
    def back(self):
        """Kembali: the URL of the step before (the browser's Back does the same)."""
        if self.izin_id and self.step == 3:
            return rx.redirect(_url(bidang=self._bidang_id, layanan=self._layanan_id))
        if self.step == 3:
            return rx.redirect(_url(bidang=self._bidang_id))
        return rx.redirect(_url())

    @rx.event
    async def start_form(self):
        result = await run_or_toast(self, applications.start_draft, izin_id=self.izin_id)
        if not result.ok:
            return result.events
        return rx.redirect(f"/permohonan/{result.value.id}")
