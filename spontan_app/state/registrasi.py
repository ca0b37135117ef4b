"""`/registrasi`: account registration (Perorangan / Badan Usaha) and its OTP dialog."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import APPLICANT_TYPE_VALUES
from spontan_app.domain.enums import ApplicantType
from spontan_app.domain.validation import national_number
from spontan_app.services import accounts
from spontan_app.state.auth import CAPTCHA_WRONG, CaptchaMixin
from spontan_app.state.base import HandlerMixin


def mask_number(e164: str) -> str:
    national = national_number(e164)
    return national[:4] + "*" * max(len(national) - 7, 0) + national[-3:]


class RegistrasiState(CaptchaMixin, HandlerMixin, rx.State):
    applicant_type: str = ApplicantType.PERORANGAN.value
    otp_open: bool = False
    otp_error: str = ""
    otp_info: str = ""
    wa_masked: str = ""
    done: bool = False
    done_info: str = ""
    busy: bool = False
    _applicant_id: int | None = None

    @rx.event
    async def load(self) -> None:
        self.errors, self.form_error, self.otp_error, self.otp_info = {}, "", "", ""
        self.otp_open = self.done = False
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
            return "NPWP badan usaha, 15 atau 16 digit. Digunakan sebagai Username untuk login."
        return "NIK sesuai KTP, 16 digit. Digunakan sebagai Username untuk login."

    @rx.var
    def otp_errors(self) -> dict[str, str]:
        return {"otp": self.otp_error} if self.otp_error else {}

    @rx.event
    async def submit(self, form: dict):
        self.form_error = ""
        if not await self._captcha_ok(form.get("captcha", "")):
            self.errors = {"captcha": CAPTCHA_WRONG}
            return None
        result = await self._run(
            accounts.register,
            as_user=False,
            applicant_type=self.applicant_type,
            identity=form.get("identity", ""),
            wa_number=form.get("wa_number", ""),
            email=form.get("email", ""),
            ip=self.router.session.client_ip or None,
        )
        if not result.ok:
            return result.events
        started = result.value
        self._applicant_id = started.applicant_id
        self.wa_masked = mask_number(started.wa_number)
        if not started.needs_otp:
            self.done = True
            self.done_info = (
                "Nomor ini sudah terverifikasi. Tautan baru untuk melengkapi data telah dikirim ke WhatsApp."
            )
            return None
        self.otp_error = ""
        self.otp_info = "Pendaftaran belum selesai sebelumnya; kode OTP baru telah dikirim." if started.resumed else ""
        self.otp_open = True
        return None

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
            self.otp_error = "Silakan isi formulir pendaftaran terlebih dahulu."
            return
        result = await self._run_otp_step(
            accounts.verify_registration_otp, applicant_id=self._applicant_id, code=form.get("otp", "")
        )
        if not result.ok:
            self.otp_error = result.error.message
            return
        if not result.value.ok:
            self.otp_error = result.value.message
            return
        self.otp_open = False
        self.done = True
        self.done_info = (
            "Registrasi akun berhasil. Kami telah mengirim tautan verifikasi ke WhatsApp "
            f"{self.wa_masked}. Buka tautan tersebut untuk melengkapi data dan membuat password."
        )

    @rx.event
    async def resend(self):
        if self._applicant_id is None:
            return
        result = await self._run_otp_step(accounts.resend_otp, applicant_id=self._applicant_id)
        if not result.ok:
            self.otp_error, self.otp_info = result.error.message, ""
            return
        self.otp_error = ""
        self.otp_info = f"Kode OTP baru telah dikirim ke WhatsApp {self.wa_masked}."

    @rx.event
    async def resend_link(self):
        if self._applicant_id is None:
            return
        result = await self._run_otp_step(accounts.resend_registration_link, applicant_id=self._applicant_id)
        if not result.ok:
            self.done_info = result.error.message
            return
        self.done_info = f"Tautan baru telah dikirim ke WhatsApp {self.wa_masked}. Tautan lama tidak berlaku lagi."

    @rx.event
    def close_otp(self) -> None:
        self.otp_open = False
