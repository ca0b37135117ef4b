"""`/registrasi`: account registration (Perorangan / Badan Usaha) + OTP dialog."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import captcha_field, card_form, choice_field, form_alert, submit_button, text_field
from spontan_app.components.nav import public_page
from spontan_app.db import session_scope
from spontan_app.domain.enums import ApplicantType
from spontan_app.domain.validation import national_number
from spontan_app.services import accounts
from spontan_app.services.errors import DomainError, FieldErrors, RateLimited
from spontan_app.state.auth import CaptchaMixin

TYPES = [(ApplicantType.PERORANGAN.value, "Perorangan"), (ApplicantType.BADAN_USAHA.value, "Badan Usaha")]


def mask_number(e164: str) -> str:
    national = national_number(e164)
    return national[:4] + "*" * max(len(national) - 7, 0) + national[-3:]


class RegistrasiState(CaptchaMixin, rx.State):
    applicant_type: str = ApplicantType.PERORANGAN.value
    errors: dict[str, str] = {}
    form_error: str = ""
    otp_open: bool = False
    otp_error: str = ""
    otp_info: str = ""
    wa_masked: str = ""
    done: bool = False
    done_info: str = ""
    busy: bool = False
    _applicant_id: int | None = None

    @rx.event
    def load(self) -> None:
        self.errors, self.form_error, self.otp_error, self.otp_info = {}, "", "", ""
        self.otp_open = self.done = False
        self._applicant_id = None
        self.refresh_captcha()

    @rx.event
    def set_type(self, value: str) -> None:
        if value in (ApplicantType.PERORANGAN.value, ApplicantType.BADAN_USAHA.value):
            self.applicant_type = value
            self.errors = {k: v for k, v in self.errors.items() if k != "identity"}

    @rx.var
    def identity_hint(self) -> str:
        if self.applicant_type == ApplicantType.BADAN_USAHA.value:
            return "NPWP badan usaha, 15 atau 16 digit. Digunakan sebagai Username untuk login."
        return "NIK sesuai KTP, 16 digit. Digunakan sebagai Username untuk login."

    @rx.event
    def submit(self, form: dict):
        self.form_error = ""
        errors: dict[str, str] = {}
        if not self._captcha_ok(form.get("captcha", "")):
            errors["captcha"] = "Kode Unik tidak sesuai. Silakan ketik kode pada gambar yang baru."
            self.errors = errors
            return None
        try:
            with session_scope() as session:
                started = accounts.register(
                    session=session,
                    applicant_type=self.applicant_type,
                    identity=form.get("identity", ""),
                    wa_number=form.get("wa_number", ""),
                    email=form.get("email", ""),
                )
        except FieldErrors as exc:
            self.errors = exc.errors
            return None
        except RateLimited as exc:
            self.errors = {}
            self.form_error = exc.message
            return None
        self.errors = {}
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

    @rx.event
    def verify(self, form: dict):
        if self._applicant_id is None:
            self.otp_error = "Silakan isi formulir pendaftaran terlebih dahulu."
            return
        with session_scope() as session:
            outcome = accounts.verify_registration_otp(
                session=session, applicant_id=self._applicant_id, code=form.get("otp", "")
            )
        if not outcome.ok:
            self.otp_error = outcome.message
            return
        self.otp_open = False
        self.done = True
        self.done_info = (
            "Registrasi akun berhasil. Kami telah mengirim tautan verifikasi ke WhatsApp "
            f"{self.wa_masked}. Buka tautan tersebut untuk melengkapi data dan membuat password."
        )

    @rx.event
    def resend(self):
        if self._applicant_id is None:
            return
        try:
            with session_scope() as session:
                accounts.resend_otp(session=session, applicant_id=self._applicant_id)
        except RateLimited as exc:
            self.otp_error, self.otp_info = exc.message, ""
            return
        except DomainError as exc:
            self.otp_error, self.otp_info = exc.message, ""
            return
        self.otp_error = ""
        self.otp_info = f"Kode OTP baru telah dikirim ke WhatsApp {self.wa_masked}."

    @rx.event
    def resend_link(self):
        if self._applicant_id is None:
            return
        try:
            with session_scope() as session:
                accounts.resend_registration_link(session=session, applicant_id=self._applicant_id)
        except DomainError as exc:
            self.done_info = exc.message
            return
        self.done_info = f"Tautan baru telah dikirim ke WhatsApp {self.wa_masked}. Tautan lama tidak berlaku lagi."

    @rx.var
    def otp_errors(self) -> dict[str, str]:
        return {"otp": self.otp_error} if self.otp_error else {}

    @rx.event
    def close_otp(self) -> None:
        self.otp_open = False


def _otp_dialog() -> rx.Component:
    S = RegistrasiState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Verifikasi Nomor WhatsApp"),
            rx.dialog.description(
                "Masukkan 6 digit kode OTP yang dikirim DPMPTSP ke WhatsApp ",
                rx.text.strong(S.wa_masked),
                ".",
                size="2",
            ),
            rx.form(
                rx.vstack(
                    form_alert(S.otp_info, color="blue"),
                    text_field(
                        "Kode OTP",
                        "otp",
                        S.otp_errors,
                        input_mode="numeric",
                        autocomplete="one-time-code",
                        max_length=6,
                        hint="Berlaku 5 menit.",
                    ),
                    submit_button("Verifikasi"),
                    rx.hstack(
                        rx.text("Tidak menerima kode?", size="2"),
                        rx.el.a("Kirim Ulang OTP", href="#", on_click=S.resend.prevent_default, class_name="text-link"),
                        spacing="2",
                    ),
                    spacing="3",
                ),
                on_submit=S.verify,
                reset_on_submit=False,
            ),
            rx.dialog.close(
                rx.button(
                    "Tutup",
                    variant="soft",
                    color_scheme="gray",
                    type="button",
                    on_click=S.close_otp,
                    margin_top="0.75rem",
                )
            ),
            max_width="420px",
        ),
        open=S.otp_open,
    )


def _done_notice() -> rx.Component:
    S = RegistrasiState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("circle-check", color="var(--green-9)", size=28),
                rx.heading("Registrasi Berhasil", as_="h2", size="5"),
                align="center",
            ),
            rx.text(S.done_info, role="status"),
            rx.text("Belum menerima tautan?", size="2", color_scheme="gray"),
            rx.button("Kirim Ulang Tautan", variant="outline", on_click=S.resend_link, type="button"),
            spacing="3",
        ),
        max_width="560px",
        margin_x="auto",
        width="100%",
    )


def _form() -> rx.Component:
    S = RegistrasiState
    return card_form(
        "Registrasi Akun",
        rx.form(
            rx.vstack(
                form_alert(S.form_error),
                choice_field(
                    "Jenis Pemohon", "applicant_type", S.errors, TYPES, value=S.applicant_type, on_change=S.set_type
                ),
                text_field(
                    "Nomor Identitas",
                    "identity",
                    S.errors,
                    hint=S.identity_hint,
                    input_mode="numeric",
                    autocomplete="off",
                    max_length=24,
                ),
                text_field(
                    "No WA",
                    "wa_number",
                    S.errors,
                    type="tel",
                    input_mode="tel",
                    autocomplete="tel",
                    hint="Wajib nomor WhatsApp aktif: kode OTP dan tautan verifikasi dikirim ke nomor ini.",
                    max_length=20,
                ),
                text_field("Email", "email", S.errors, type="email", autocomplete="email", max_length=254),
                captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce),
                submit_button("Daftar"),
                rx.text("Sudah punya akun? ", rx.link("Login", href="/login"), size="2"),
                spacing="4",
                width="100%",
            ),
            on_submit=S.submit,
            reset_on_submit=False,
            width="100%",
        ),
        subtitle="Daftarkan akun perizinan online dengan NIK (perorangan) atau NPWP (badan usaha).",
    )


@public_page(route="/registrasi", title="Registrasi Akun", on_load=RegistrasiState.load)
def registrasi() -> rx.Component:
    return rx.box(rx.cond(RegistrasiState.done, _done_notice(), _form()), _otp_dialog(), width="100%")
