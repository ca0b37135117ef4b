"""`/verifikasi-izin/[code]`: anyone checks a permit by its QR code, and a PDF against it."""

from __future__ import annotations

import reflex as rx

from spontan_app.i18n import format_date, t
from spontan_app.services import permits
from spontan_app.state.base import HandlerMixin
from spontan_app.state.lang import LangState


class CekIzinState(HandlerMixin, LangState):
    check: dict = {}
    file_result: str = ""
    file_ok: bool = False

    @rx.var
    def check_code(self) -> str:
        return str(self.code or "")[:64]

    @rx.event
    async def load(self):
        self.file_result, self.file_ok = "", False
        result = await self._run(permits.verify, as_user=False, code=self.check_code)
        if not result.ok:
            self.check = {"status": "unknown", "title": self._l(permits.TITLE_UNKNOWN)}
            return
        c = result.value
        self.check = {
            "status": c.status,
            "title": self._l(c.title),
            "number": c.number,
            "holder_name": c.holder_name,
            "izin_name": c.izin_name,
            "issued": format_date(c.issued_on, self.lang),
            "valid_until": format_date(c.valid_until, self.lang)
            if c.valid_until
            else t("public.verify.while_conditions_met", self.lang),
            "signer": f"{c.signer_name}, {c.signer_position}" if c.signer_name else "",
            "revoked": f"{format_date(c.revoked_on, self.lang)} — {c.revoked_reason}" if c.revoked_on else "",
        }

    @rx.event
    def file_checked(self, ok: bool, message: str) -> None:
        self.file_ok = bool(ok) and message == self._l(permits.FILE_GENUINE)  # the route answered in this language
        self.file_result = message or t("public.verify.check_failed", self.lang)
