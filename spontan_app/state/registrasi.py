"""`/registrasi`: account registration (Perorangan / Badan Usaha) and its OTP dialog."""

from __future__ import annotations

import asyncio
import time

import reflex as rx

from spontan_app.components.account_fields import APPLICANT_TYPE_VALUES
from spontan_app.domain.enums import ApplicantType
from spontan_app.domain.models import utcnow
from spontan_app.domain.validation import national_number
from spontan_app.i18n import t
from spontan_app.services import accounts
from spontan_app.services.errors import FieldErrors, RateLimited
from spontan_app.state.auth import CAPTCHA_WRONG, CaptchaMixin
from spontan_app.state.base import HandlerMixin
from spontan_app.state.demo import DemoInboxState
from spontan_app.state.lang import LangState


def mask_number(e164: str) -> str:
    national = national_number(e164)
    return national[:4] + "*" * max(len(national) - 7, 0) + national[-3:]


class RegistrasiState(CaptchaMixin, HandlerMixin, LangState):
    applicant_type: str = ApplicantType.PERORANGAN.value
    otp_open: bool = False
    otp_error: str = ""
    otp_info: str = ""
    wa_masked: str = ""
    done: bool = False
    done_info: str = ""
    busy: bool = False
    # A code was sent and not yet used: the dialog can be opened again ("Masukkan Kode OTP").
    otp_pending: bool = False
    # Seconds until Kirim Ulang OTP may be used; the browser counts down (assets/spontan.js).
    resend_wait: int = 0
    resend_nonce: int = 0
    # Kirim Ulang OTP is disabled until the countdown ends (unlock_resend, on the server).
    resend_locked: bool = False
    _resend_at: float = 0.0  # when the lock ends (time.time())
    _applicant_id: int | None = None

    @rx.event
    async def load(self) -> None:
        self.errors, self.form_error, self.otp_error, self.otp_info = {}, "", "", ""
        self.otp_open = self.done = self.otp_pending = False
        self.resend_wait, self.resend_locked = 0, False
        self._applicant_id = None
        await self._draw_captcha()

    @rx.event
    def set_type(self, value: str) -> None:
        if value in APPLICANT_TYPE_VALUES:
            self.applicant_type = value
            self.errors = {k: v for k, v in self.errors.items() if k != "identity"}

    @rx.var
    def identity_hint(self) -> str:
        if self.applicant_type == ApplicantType.BADAN_USAHA.value:
            return t("accounts.identity_hint_company", self.lang)
        return t("accounts.identity_hint_person", self.lang)

    @rx.var
    def otp_errors(self) -> dict[str, str]:
        return {"otp": self.otp_error} if self.otp_error else {}

    @rx.event
    async def submit(self, form: dict):
        self.form_error = ""
        # The fields first, all at once; the captcha (single use) is only spent on a form
        # that can go through, so a typo in the NIK does not cost the typed Kode Unik.
        try:
            accounts.check_registration_fields(
                applicant_type=self.applicant_type,
                identity=form.get("identity", ""),
                wa_number=form.get("wa_number", ""),
                email=form.get("email", ""),
            )
        except FieldErrors as exc:
            self.errors = self._l(dict(exc.errors))
            return None
        if not await self._captcha_ok(form.get("captcha", "")):
            self.errors = {"captcha": self._l(CAPTCHA_WRONG)}
            return None
        started_at = utcnow()
        result = await self._run(
            accounts.register,
            as_user=False,
            applicant_type=self.applicant_type,
            identity=form.get("identity", ""),
            wa_number=form.get("wa_number", ""),
            email=form.get("email", ""),
            ip=self.router.session.client_ip or None,
            language=self.lang,  # the new applicant's language: their WhatsApp messages follow it
        )
        if not result.ok:
            return result.events
        started = result.value
        if not started.resumed:  # demo mode: this browser may read the number's messages
            await (await self.get_state(DemoInboxState))._remember(started.wa_number, started_at)
        self._applicant_id = started.applicant_id
        self.wa_masked = mask_number(started.wa_number)
        if not started.needs_otp:
            self.done = True
            self.done_info = t("accounts.done_number_verified", self.lang)
            return None
        self.otp_error = ""
        self.otp_info = t("accounts.otp_resumed", self.lang) if started.resumed else ""
        self.otp_open = self.otp_pending = True
        return self._start_countdown(int(accounts.OTP_RESEND_GAP.total_seconds()))

    def _start_countdown(self, seconds: int):
        """Lock Kirim Ulang OTP for ``seconds``; returns the event that unlocks it then."""
        self.resend_wait = max(0, int(seconds))
        self.resend_nonce += 1  # a new countdown element: the browser starts counting again
        self.resend_locked = self.resend_wait > 0
        self._resend_at = time.time() + self.resend_wait
        return RegistrasiState.unlock_resend(self.resend_nonce, self.resend_wait)

    @rx.event(background=True)
    async def unlock_resend(self, nonce: int, seconds: int):
        """The countdown is over: Kirim Ulang OTP can be used again, unless a newer
        countdown (another resend) started meanwhile."""
        await asyncio.sleep(max(0, int(seconds)))
        async with self:
            if self.resend_nonce == nonce:
                self.resend_locked = False

    async def _run_otp_step(self, use_case, **arguments):
        """The dialog's own steps: the registration form's messages are left as they are,
        a failure's message is returned for the dialog."""
        form_error = self.form_error
        result = await self._run(use_case, as_user=False, keep_errors=True, **arguments)
        self.form_error = form_error
        return result

    @rx.event
    async def verify(self, form: dict):
        if self._applicant_id is None:
            self.otp_error = t("accounts.fill_form_first", self.lang)
            return
        result = await self._run_otp_step(
            accounts.verify_registration_otp, applicant_id=self._applicant_id, code=form.get("otp", "")
        )
        if not result.ok:
            self.otp_error = self._l(result.error.message)
            return
        if not result.value.ok:
            self.otp_error = self._l(result.value.message)
            return
        self.otp_open = self.otp_pending = False
        self.done = True
        self.done_info = t("accounts.done_registered", self.lang, wa=self.wa_masked)

    @rx.event
    async def resend(self):
        # Nothing happens during the countdown; once its time is over the flag no longer
        # counts, so a restart that loses unlock_resend never locks the link for good (the
        # browser unlocks it too). The service keeps its own wait either way.
        if self._applicant_id is None or (self.resend_locked and time.time() < self._resend_at):
            return None
        result = await self._run_otp_step(
            accounts.resend_otp, applicant_id=self._applicant_id, ip=self.router.session.client_ip or None
        )
        if not result.ok:
            self.otp_error, self.otp_info = self._l(result.error.message), ""
            if isinstance(result.error, RateLimited) and result.error.retry_after < 3600:
                return self._start_countdown(result.error.retry_after)
            return None
        self.otp_error = ""
        self.otp_info = t("accounts.otp_resent", self.lang, wa=self.wa_masked)
        return self._start_countdown(int(accounts.OTP_RESEND_GAP.total_seconds()))

    @rx.event
    async def resend_link(self):
        if self._applicant_id is None:
            return
        result = await self._run_otp_step(accounts.resend_registration_link, applicant_id=self._applicant_id)
        if not result.ok:
            self.done_info = self._l(result.error.message)
            return
        self.done_info = t("accounts.link_resent", self.lang, wa=self.wa_masked)

    @rx.event
    def close_otp(self) -> None:
        self.otp_open = False

    @rx.event
    def set_otp_open(self, value: bool) -> None:
        """Escape / outside click closes; the dialog opens only while a code is pending."""
        self.otp_open = bool(value) and self.otp_pending and not self.done

    @rx.event
    def reopen_otp(self) -> None:
        """Masukkan Kode OTP: back to the code already sent, after the dialog was closed."""
        self.otp_open = self.otp_pending and not self.done
