"""`/login`: Status Pemohon, Username, Password, Kode Unik, Masuk (Enter submits too)."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import USERNAME_HINT, applicant_type_field
from spontan_app.components.forms import captcha_field, card_form, form_alert, server_form, submit_button, text_field
from spontan_app.components.nav import public_page
from spontan_app.state.login import LoginState


@public_page(route="/login", title="Login", on_load=LoginState.load)
def login() -> rx.Component:
    S = LoginState
    return card_form(
        "Login",
        server_form(
            form_alert(S.form_error),
            applicant_type_field(
                "Status Pemohon", "status_pemohon", S.errors, value=S.status_pemohon, on_change=S.set_status
            ),
            text_field(
                "Username",
                "username",
                S.errors,
                autocomplete="username",
                input_mode="numeric",
                hint=USERNAME_HINT,
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
            on_submit=S.submit,
        ),
        subtitle="Masuk ke aplikasi perizinan online Kota Balikpapan.",
        max_width="480px",
    )
