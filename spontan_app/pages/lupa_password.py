"""`/lupa-password`: username -> OTP to the registered WhatsApp -> new password."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import captcha_field, card_form, choice_field, form_alert, submit_button, text_field
from spontan_app.components.nav import public_page
from spontan_app.db import session_scope
from spontan_app.domain.enums import ApplicantType
from spontan_app.pages.registrasi import TYPES
from spontan_app.services import accounts
from spontan_app.services.errors import FieldErrors, NotFound, RateLimited
from spontan_app.state.auth import CaptchaMixin

SENT_NOTICE = (
    "Jika akun terdaftar dan aktif, kode OTP telah dikirim ke nomor WhatsApp yang terdaftar pada akun tersebut."
)


class LupaPasswordState(CaptchaMixin, rx.State):
    step: int = 1  # 1 username, 2 OTP, 3 new password
    status_pemohon: str = ApplicantType.PERORANGAN.value
    errors: dict[str, str] = {}
    form_error: str = ""
    info: str = ""
    _applicant_id: int | None = None
    _reset_token: str = ""

    @rx.event
    def load(self) -> None:
        self.step, self.errors, self.form_error, self.info = 1, {}, "", ""
        self._applicant_id, self._reset_token = None, ""
        self.refresh_captcha()

    @rx.event
    def set_status(self, value: str) -> None:
        if value in (ApplicantType.PERORANGAN.value, ApplicantType.BADAN_USAHA.value):
            self.status_pemohon = value

    @rx.event
    def request_code(self, form: dict) -> None:
        self.form_error = ""
        if not self._captcha_ok(form.get("captcha", "")):
            self.errors = {"captcha": "Kode Unik tidak sesuai. Silakan ketik kode pada gambar yang baru."}
            return
        try:
            with session_scope() as session:
                applicant_id = accounts.start_password_reset(
                    session=session, applicant_type=self.status_pemohon, username=form.get("username", "")
                )
        except FieldErrors as exc:
            self.errors = exc.errors
            return
        except RateLimited as exc:
            self.errors, self.form_error = {}, exc.message
            return
        # The same answer whether or not the account exists: no account enumeration.
        self.errors, self.info, self.step = {}, SENT_NOTICE, 2
        self._applicant_id = applicant_id

    @rx.event
    def verify_code(self, form: dict) -> None:
        if self._applicant_id is None:
            self.errors = {"otp": "Kode OTP salah."}
            return
        with session_scope() as session:
            outcome, reset_token = accounts.verify_reset_otp(
                session=session, applicant_id=self._applicant_id, code=form.get("otp", "")
            )
        if not outcome.ok:
            self.errors = {"otp": outcome.message}
            return
        self._reset_token, self.errors, self.info, self.step = reset_token, {}, "", 3

    @rx.event
    def save_password(self, form: dict):
        try:
            with session_scope() as session:
                accounts.reset_password(
                    session=session,
                    reset_token=self._reset_token,
                    new=form.get("password", ""),
                    confirm=form.get("password_confirm", ""),
                )
        except FieldErrors as exc:
            self.errors = exc.errors
            return None
        except NotFound as exc:
            self.load()
            self.form_error = exc.message + " Silakan ulangi."
            return None
        self.load()
        return [
            rx.toast.success("Password berhasil diganti. Silakan login dengan password baru."),
            rx.redirect("/login"),
        ]


def _step_username() -> rx.Component:
    S = LupaPasswordState
    return rx.form(
        rx.vstack(
            choice_field(
                "Status Pemohon", "status_pemohon", S.errors, TYPES, value=S.status_pemohon, on_change=S.set_status
            ),
            text_field(
                "Username",
                "username",
                S.errors,
                hint="NIK (perorangan) atau NPWP (badan usaha).",
                input_mode="numeric",
                max_length=24,
            ),
            captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce),
            submit_button("Kirim Kode OTP"),
            spacing="4",
            width="100%",
        ),
        on_submit=S.request_code,
        reset_on_submit=False,
        width="100%",
    )


def _step_otp() -> rx.Component:
    S = LupaPasswordState
    return rx.form(
        rx.vstack(
            text_field(
                "Kode OTP",
                "otp",
                S.errors,
                input_mode="numeric",
                autocomplete="one-time-code",
                max_length=6,
                hint="6 digit, berlaku 5 menit.",
            ),
            submit_button("Verifikasi"),
            spacing="4",
            width="100%",
        ),
        on_submit=S.verify_code,
        reset_on_submit=False,
        width="100%",
    )


def _step_password() -> rx.Component:
    S = LupaPasswordState
    return rx.form(
        rx.vstack(
            text_field(
                "Password Baru",
                "password",
                S.errors,
                type="password",
                autocomplete="new-password",
                hint="Minimal 8 karakter. Semua sesi login lama akan diakhiri.",
            ),
            text_field(
                "Ketik Ulang Password", "password_confirm", S.errors, type="password", autocomplete="new-password"
            ),
            submit_button("Simpan Password"),
            spacing="4",
            width="100%",
        ),
        on_submit=S.save_password,
        reset_on_submit=False,
        width="100%",
    )


@public_page(route="/lupa-password", title="Lupa Password", on_load=LupaPasswordState.load)
def lupa_password() -> rx.Component:
    S = LupaPasswordState
    return card_form(
        "Lupa Password",
        form_alert(S.form_error),
        form_alert(S.info, color="blue"),
        rx.match(S.step, (1, _step_username()), (2, _step_otp()), _step_password()),
        rx.link("Kembali ke Login", href="/login", size="2"),
        subtitle="Kode OTP dikirim ke nomor WhatsApp yang terdaftar pada akun Anda.",
        max_width="480px",
    )
