"""`/login`: Status Pemohon, Username, Password, Kode Unik, Masuk (Enter submits too)."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import USERNAME_HINT, applicant_type_field
from spontan_app.components.forms import (
    captcha_field,
    card_form,
    field_error_summary,
    form_alert,
    server_form,
    submit_button,
    text_field,
)
from spontan_app.components.i18n import tr
from spontan_app.components.nav import public_page
from spontan_app.state.login import FORM_ERROR_ID, LoginState


@public_page(route="/login", title="title.login", on_load=LoginState.load)
def login() -> rx.Component:
    S = LoginState
    return card_form(
        tr("accounts.login_title"),
        server_form(
            field_error_summary(S.errors, ["status_pemohon", "username", "password", "captcha"]),
            form_alert(S.form_error, id=FORM_ERROR_ID),
            applicant_type_field(
                tr("accounts.status_pemohon"),
                "status_pemohon",
                S.errors,
                value=S.status_pemohon,
                on_change=S.set_status,
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
            captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce, S.captcha_audio),
            submit_button(tr("accounts.login_submit")),
            rx.hstack(
                rx.link(tr("accounts.forgot_link"), href="/lupa-password", size="2"),
                rx.spacer(),
                rx.link(tr("accounts.register_link"), href="/registrasi", size="2"),
                width="100%",
            ),
            on_submit=S.submit,
        ),
        subtitle=tr("accounts.login_subtitle"),
        max_width="480px",
    )
