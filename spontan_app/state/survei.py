"""`/survei/[id]`: the owner's Survei Kepuasan Masyarakat of one issued application."""

from __future__ import annotations

import reflex as rx

from spontan_app.i18n import t
from spontan_app.services import skm
from spontan_app.state.auth import AuthState
from spontan_app.state.base import HandlerMixin


class SurveiState(HandlerMixin, AuthState):
    number: str = ""
    izin_name: str = ""
    answered: bool = False
    available: bool = False
    done: bool = False

    @rx.var
    def survey_id(self) -> str:
        return str(self.id or "")[:12]

    @rx.event
    async def load(self):
        self.done = False
        result = await self._run(skm.survey_for, application_id=self.survey_id)
        self.available = result.ok
        if not result.ok:
            return result.events
        view = result.value
        self.number, self.izin_name, self.answered = view.number, view.izin_name, view.answered
        return None

    @rx.event
    async def submit(self, form: dict):
        scores = {f"u{i}": form.get(f"u{i}", "") for i in range(1, len(skm.ELEMENTS) + 1)}
        result = await self._run(
            skm.submit, application_id=self.survey_id, scores=scores, suggestion=str(form.get("saran", ""))[:1000]
        )
        if not result.ok:
            return result.events
        self.answered = self.done = True
        return rx.toast.success(t("beranda.toast_survey_thanks", self.lang))
