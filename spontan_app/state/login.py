"""`/login`: the applicant logs in (bcrypt runs off the event loop through ``_run``)."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import APPLICANT_TYPE_VALUES
from spontan_app.domain.enums import ApplicantType
from spontan_app.services import accounts
from spontan_app.state.auth import CAPTCHA_WRONG, AuthState, CaptchaMixin
from spontan_app.state.base import HandlerMixin


class LoginState(CaptchaMixin, HandlerMixin, AuthState):
    status_pemohon: str = ApplicantType.PERORANGAN.value

    @rx.event
    async def load(self) -> None:
        self.errors, self.form_error = {}, ""
        await self._draw_captcha()

    @rx.event
    def set_status(self, value: str) -> None:
        if value in APPLICANT_TYPE_VALUES:
            self.status_pemohon = value

    @rx.event
    async def submit(self, form: dict):
        self.form_error = ""
        errors = {}
        if not (form.get("username") or "").strip():
            errors["username"] = "Username wajib diisi."
        if not form.get("password"):
            errors["password"] = "Password wajib diisi."  # noqa: S105 - a message, not a secret
        if not await self._captcha_ok(form.get("captcha", "")):
            errors["captcha"] = CAPTCHA_WRONG
        self.errors = errors
        if errors:
            return None
        result = await self._run(
            accounts.login,
            as_user=False,
            applicant_type=self.status_pemohon,
            username=form.get("username", ""),
            password=form.get("password", ""),
            ip=self.router.session.client_ip or None,
        )
        if not result.ok:
            return result.events
        outcome = result.value
        if not outcome.ok:
            self.form_error = outcome.message
            return rx.set_value("password", "")
        self.session_token = outcome.token
        return rx.redirect("/beranda")
