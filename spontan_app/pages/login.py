"""`/login`: Status Pemohon, Username, Password, Kode Unik, Masuk (Enter submits too)."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import captcha_field, card_form, choice_field, form_alert, submit_button, text_field
from spontan_app.components.nav import public_page
from spontan_app.db import session_scope
from spontan_app.domain.enums import ApplicantType
from spontan_app.pages.registrasi import TYPES
from spontan_app.services import accounts
from spontan_app.state.auth import AuthState, CaptchaMixin


class LoginState(CaptchaMixin, AuthState):
    status_pemohon: str = ApplicantType.PERORANGAN.value
    errors: dict[str, str] = {}
    form_error: str = ""

    @rx.event
    def load(self) -> None:
        self.errors, self.form_error = {}, ""
        self.refresh_captcha()

    @rx.event
    def set_status(self, value: str) -> None:
        if value in (ApplicantType.PERORANGAN.value, ApplicantType.BADAN_USAHA.value):
            self.status_pemohon = value

    @rx.event
    def submit(self, form: dict):
        self.form_error = ""
        errors = {}
        if not (form.get("username") or "").strip():
            errors["username"] = "Username wajib diisi."
        if not form.get("password"):
            errors["password"] = "Password wajib diisi."  # noqa: S105 - a message, not a secret
        if not self._captcha_ok(form.get("captcha", "")):
            errors["captcha"] = "Kode Unik tidak sesuai. Silakan ketik kode pada gambar yang baru."
        self.errors = errors
        if errors:
            return None
        with session_scope() as session:
            result = accounts.login(
                session=session,
                applicant_type=self.status_pemohon,
                username=form.get("username", ""),
                password=form.get("password", ""),
                ip=self.router.session.client_ip or None,
            )
        if not result.ok:
            self.form_error = result.message
            return rx.set_value("password", "")
        self.session_token = result.token
        return rx.redirect("/beranda")


@public_page(route="/login", title="Login", on_load=LoginState.load)
def login() -> rx.Component:
    S = LoginState
    return card_form(
        "Login",
        rx.form(
            rx.vstack(
                form_alert(S.form_error),
                choice_field(
                    "Status Pemohon", "status_pemohon", S.errors, TYPES, value=S.status_pemohon, on_change=S.set_status
                ),
                text_field(
                    "Username",
                    "username",
                    S.errors,
                    autocomplete="username",
                    input_mode="numeric",
                    hint="NIK (perorangan) atau NPWP (badan usaha).",
                    max_length=24,
                ),
                text_field("Password", "password", S.errors, type="password", autocomplete="current-password"),
                captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce),
                submit_button("Masuk"),
                rx.hstack(
                    rx.link("Lupa password?", href="/lupa-password", size="2"),
                    rx.spacer(),
                    rx.link("Registrasi Akun", href="/registrasi", size="2"),
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=S.submit,
            reset_on_submit=False,
            width="100%",
        ),
        subtitle="Masuk ke aplikasi perizinan online Kota Balikpapan.",
        max_width="480px",
    )
