"""`/registrasi`: account registration (Perorangan / Badan Usaha) + OTP dialog."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import applicant_type_field, otp_field
from spontan_app.components.forms import captcha_field, card_form, form_alert, server_form, submit_button, text_field
from spontan_app.components.nav import public_page
from spontan_app.state.registrasi import RegistrasiState


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
                    otp_field(S.otp_errors, hint="Berlaku 5 menit."),
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
        server_form(
            form_alert(S.form_error),
            applicant_type_field(
                "Jenis Pemohon", "applicant_type", S.errors, value=S.applicant_type, on_change=S.set_type
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
            on_submit=S.submit,
        ),
        subtitle="Daftarkan akun perizinan online dengan NIK (perorangan) atau NPWP (badan usaha).",
    )


@public_page(route="/registrasi", title="Registrasi Akun", on_load=RegistrasiState.load)
def registrasi() -> rx.Component:
    return rx.box(rx.cond(RegistrasiState.done, _done_notice(), _form()), _otp_dialog(), width="100%")
