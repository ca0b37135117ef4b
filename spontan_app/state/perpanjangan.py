"""Perpanjangan: start a renewal draft from /beranda, then `/perpanjangan/[id]` offers the
old documents one by one (the applicant confirms each) before the form."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from spontan_app.i18n import t
from spontan_app.services import renewals
from spontan_app.state.auth import AuthState, run_or_toast
from spontan_app.state.base import HandlerMixin


class PerpanjanganState(HandlerMixin, AuthState):
    izin_name: str = ""
    previous_number: str = ""
    documents: list[dict] = []
    available: bool = False

    @rx.var
    def draft_id(self) -> str:
        return str(self.id or "")[:12]

    async def _reload(self):
        result = await self._run(renewals.renewal_view, draft_id=self.draft_id, lang=self.lang, keep_errors=True)
        self.available = result.ok
        if not result.ok:
            return result.events
        view = result.value
        self.izin_name, self.previous_number = view.izin_name, view.previous_number
        self.documents = [asdict(d) for d in view.documents]
        return None

    @rx.event
    async def load(self):
        self.form_error = ""
        return await self._reload()

    @rx.event
    async def reuse(self, document_id: int):
        result = await run_or_toast(self, renewals.reuse_document, draft_id=self.draft_id, document_id=document_id)
        if not result.ok:
            return result.events
        await self._reload()
        return rx.toast.success(t("beranda.toast_reused", self.lang))


class StartRenewalState(HandlerMixin, AuthState):
    """The Perpanjangan button on /beranda."""

    @rx.event
    async def start(self, application_id: int):
        result = await run_or_toast(self, renewals.start_renewal, application_id=application_id)
        if not result.ok:
            return result.events
        return rx.redirect(f"/perpanjangan/{result.value.id}")
