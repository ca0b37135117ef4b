"""`/login`: the applicant logs in (bcrypt runs off the event loop through ``_run``)."""

from __future__ import annotations

import re

import reflex as rx

from spontan_app.components.account_fields import APPLICANT_TYPE_VALUES
from spontan_app.domain.enums import ApplicantType
from spontan_app.i18n import t
from spontan_app.services import accounts
from spontan_app.state.auth import CAPTCHA_WRONG, AuthState, CaptchaMixin, cookie_login_script
from spontan_app.state.base import HandlerMixin

# Where a login may lead back to (never an outside address): the wizard at one izin.
_NEXT = re.compile(r"^/permohonan/baru(\?kode=[A-Za-z0-9-]{1,20})?$")
# After a refused login the focus goes to what says why (not left on Masuk or <body>).
FORM_ERROR_ID = "login-error"
_FOCUS_SUMMARY = rx.call_script("window.spontanFocusSoon && spontanFocusSoon('error-summary')")
_FOCUS_FORM_ERROR = rx.call_script(f"window.spontanFocusSoon && spontanFocusSoon('{FORM_ERROR_ID}')")


def next_path(value: str) -> str:
    """The page to open after login: a whitelisted ``next`` or /beranda."""
    return value if _NEXT.fullmatch(value or "") else "/beranda"


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
        handoff, events = await self._attempt(form)
        if handoff is None:  # staying on the page: the used code's image is replaced
            await self._draw_captcha()
            return events
        return rx.call_script(
            cookie_login_script(handoff, then=next_path(self.router.url.query_parameters.get("next", "")))
        )

    async def _attempt(self, form: dict) -> tuple[str | None, object]:
        """(the login's one-time handoff, None) when the account is let in, else (None, the
        events that say why). The captcha is used up either way."""
        self.form_error = ""
        errors = {}
        if not (form.get("username") or "").strip():
            errors["username"] = t("accounts.v_required", self.lang, label="Username")
        if not form.get("password"):
            errors["password"] = t("accounts.v_required", self.lang, label="Password")
        if not self._captcha_spent(form.get("captcha", "")):
            errors["captcha"] = self._l(CAPTCHA_WRONG)
        self.errors = errors
        if errors:
            return None, _FOCUS_SUMMARY
        result = await self._run(
            accounts.login,
            as_user=False,
            applicant_type=self.status_pemohon,
            username=form.get("username", ""),
            password=form.get("password", ""),
            ip=self.router.session.client_ip or None,
        )
        if not result.ok:
            return None, result.events
        outcome = result.value
        if not outcome.ok:
            self.form_error = self._l(outcome.message)
            return None, [rx.set_value("password", ""), _FOCUS_FORM_ERROR]
        return outcome.handoff, None
