"""`/lupa-password`: username -> OTP to the registered WhatsApp -> new password."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import USERNAME_HINT, applicant_type_field, otp_field
from spontan_app.components.forms import captcha_field, card_form, form_alert, server_form, submit_button, text_field
from spontan_app.components.nav import public_page
from spontan_app.state.lupa_password import LupaPasswordState


def _step_username() -> rx.Component:
    S = LupaPasswordState
    return server_form(
        applicant_type_field(
            "Status Pemohon", "status_pemohon", S.errors, value=S.status_pemohon, on_change=S.set_status
        ),
        text_field("Username", "username", S.errors, hint=USERNAME_HINT, input_mode="numeric", max_length=24),
        captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce),
        submit_button("Kirim Kode OTP"),
        on_submit=S.request_code,
    )


def _step_otp() -> rx.Component:
    S = LupaPasswordState
    return server_form(
        otp_field(S.errors, hint="6 digit, berlaku 5 menit."),
        submit_button("Verifikasi"),
        on_submit=S.verify_code,
    )


def _step_password() -> rx.Component:
    S = LupaPasswordState
    return server_form(
        text_field(
            "Password Baru",
            "password",
            S.errors,
            type="password",
            autocomplete="new-password",
            hint="Minimal 8 karakter. Semua sesi login lama akan diakhiri.",
        ),
        text_field("Ketik Ulang Password", "password_confirm", S.errors, type="password", autocomplete="new-password"),
        submit_button("Simpan Password"),
        on_submit=S.save_password,
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
