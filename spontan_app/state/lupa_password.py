"""`/lupa-password`: username -> OTP to the registered WhatsApp -> new password."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import APPLICANT_TYPE_VALUES
from spontan_app.domain.enums import ApplicantType
from spontan_app.i18n import msg, t
from spontan_app.services import accounts
from spontan_app.services.errors import NotFound
from spontan_app.state.auth import CAPTCHA_WRONG, CaptchaMixin
from spontan_app.state.base import HandlerMixin
from spontan_app.state.lang import LangState

SENT_NOTICE = msg("accounts.reset_sent")


class LupaPasswordState(CaptchaMixin, HandlerMixin, LangState):
    step: int = 1  # 1 username, 2 OTP, 3 new password
    status_pemohon: str = ApplicantType.PERORANGAN.value
    info: str = ""
    _applicant_id: int | None = None
    _reset_token: str = ""

    @rx.event
    async def load(self) -> None:
        self.step, self.errors, self.form_error, self.info = 1, {}, "", ""
        self._applicant_id, self._reset_token = None, ""
        await self._draw_captcha()

    @rx.event
    def set_status(self, value: str) -> None:
        if value in APPLICANT_TYPE_VALUES:
            self.status_pemohon = value

    @rx.event
    async def request_code(self, form: dict):
        self.form_error = ""
        if not await self._captcha_ok(form.get("captcha", "")):
            self.errors = {"captcha": self._l(CAPTCHA_WRONG)}
            return None
        result = await self._run(
            accounts.start_password_reset,
            as_user=False,
            applicant_type=self.status_pemohon,
            username=form.get("username", ""),
            ip=self.router.session.client_ip or None,
        )
        if not result.ok:
            return result.events
        # The same answer whether or not the account exists: no account enumeration.
        self.info, self.step = self._l(SENT_NOTICE), 2
        self._applicant_id = result.value
        return None

    @rx.event
    async def verify_code(self, form: dict):
        if self._applicant_id is None:
            self.errors = {"otp": t("accounts.otp_wrong", self.lang)}
            return None
        result = await self._run(
            accounts.verify_reset_otp, as_user=False, applicant_id=self._applicant_id, code=form.get("otp", "")
        )
        if not result.ok:
            return result.events
        outcome, reset_token = result.value
        if not outcome.ok:
            self.errors = {"otp": self._l(outcome.message)}
            return None
        self._reset_token, self.info, self.step = reset_token, "", 3
        return None

    @rx.event
    async def save_password(self, form: dict):
        result = await self._run(
            accounts.reset_password,
            as_user=False,
            reset_token=self._reset_token,
            new=form.get("password", ""),
            confirm=form.get("password_confirm", ""),
        )
        if not result.ok:
            if isinstance(result.error, NotFound):
                await self.load()
                self.form_error = t("accounts.start_again", self.lang, message=result.error.message)
            return result.events
        await self.load()
        return [
            rx.toast.success(t("accounts.password_reset_toast", self.lang)),
            rx.redirect("/login"),
        ]
