"""`/lupa-password`: username -> OTP to the registered WhatsApp -> new password."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import USERNAME_HINT, applicant_type_field, otp_field
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
from spontan_app.state.lupa_password import LupaPasswordState


def _step_username() -> rx.Component:
    S = LupaPasswordState
    return server_form(
        applicant_type_field(
            tr("accounts.status_pemohon"), "status_pemohon", S.errors, value=S.status_pemohon, on_change=S.set_status
        ),
        text_field("Username", "username", S.errors, hint=USERNAME_HINT, input_mode="numeric", max_length=24),
        captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce, S.captcha_audio),
        submit_button(tr("accounts.send_otp_code")),
        on_submit=S.request_code,
    )


def _step_otp() -> rx.Component:
    S = LupaPasswordState
    return server_form(
        otp_field(S.errors, hint=tr("accounts.otp_hint_reset")),
        submit_button(tr("accounts.verify")),
        on_submit=S.verify_code,
    )


def _step_password() -> rx.Component:
    S = LupaPasswordState
    return server_form(
        text_field(
            tr("accounts.new_password"),
            "password",
            S.errors,
            type="password",
            autocomplete="new-password",
            hint=tr("accounts.reset_password_hint"),
        ),
        text_field(
            tr("accounts.retype_password"), "password_confirm", S.errors, type="password", autocomplete="new-password"
        ),
        submit_button(tr("accounts.save_password")),
        on_submit=S.save_password,
    )


@public_page(route="/lupa-password", title="title.lupa_password", on_load=LupaPasswordState.load)
def lupa_password() -> rx.Component:
    S = LupaPasswordState
    return card_form(
        tr("accounts.forgot_title"),
        field_error_summary(S.errors, ["status_pemohon", "username", "captcha", "otp", "password", "password_confirm"]),
        form_alert(S.form_error),
        form_alert(S.info, color="blue"),
        rx.match(S.step, (1, _step_username()), (2, _step_otp()), _step_password()),
        rx.link(tr("accounts.back_to_login"), href="/login", size="2"),
        subtitle=tr("accounts.forgot_subtitle"),
        max_width="480px",
    )
