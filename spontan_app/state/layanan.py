"""`/layanan` and `/layanan/[code]`: the public izin catalogue, and its way into the wizard."""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import quote

import reflex as rx

from spontan_app.i18n import t
from spontan_app.services import catalogue_public
from spontan_app.services.errors import PermissionDenied
from spontan_app.state.auth import AuthState
from spontan_app.state.base import HandlerMixin, in_unit_of_work
from spontan_app.state.lang import LangState


def wizard_path(code: str) -> str:
    """The wizard opened at one izin (the wizard reads ``?izin=``)."""
    return "/permohonan/baru?kode=" + quote(code, safe="")


class LayananListState(HandlerMixin, LangState):
    groups: list[dict] = []
    query: str = ""
    bidang: str = ""  # a bidang code from the landing page's card: only that bidang
    total: int = 0

    async def _fetch(self):
        result = await self._run(catalogue_public.search, as_user=False, query=self.query, bidang=self.bidang)
        if not result.ok:
            return result.events
        self.groups = self._l([asdict(g) for g in result.value])  # "Rp 0 (Gratis)" per language
        self.total = sum(len(g["izin"]) for g in self.groups)
        return None

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.query = params.get("cari", "")[: catalogue_public.MAX_QUERY]
        self.bidang = params.get("bidang", "")[:20]
        return await self._fetch()

    @rx.event
    async def all_bidang(self):
        self.bidang = ""
        return await self._fetch()

    @rx.event
    async def search(self, value: str):
        self.query = (value or "")[: catalogue_public.MAX_QUERY]
        return await self._fetch()


class LayananDetailState(HandlerMixin, AuthState):
    izin: dict = {}
    found: bool = True

    @rx.var
    def izin_code(self) -> str:
        return str(self.code or "")[:20]

    @rx.event
    async def load(self):
        result = await self._run(catalogue_public.detail, as_user=False, code=self.izin_code)
        self.found = result.ok
        self.izin = self._l(asdict(result.value)) if result.ok else {}

    @rx.event
    async def start(self):
        """Ajukan Permohonan Ini: the wizard at this izin, through /login when logged out."""
        code = self.izin.get("code", "")
        if not code:
            return None
        target = wizard_path(code)
        resolve = self._actor_resolver()
        try:
            await in_unit_of_work(resolve)
        except PermissionDenied:
            return [
                rx.redirect("/login?next=" + quote(target, safe="")),
                rx.toast.info(t("public.layanan.login_first", self.lang)),
            ]
        return rx.redirect(target)
