"""`/profil`: Setting Profil — identity, WhatsApp number (re-verified), photo, password."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import otp_field
from spontan_app.components.forms import card_form, form_alert, server_form, submit_button, text_field
from spontan_app.components.nav import applicant_page
from spontan_app.state.profil import ProfilState

PHOTO_UPLOAD = "foto_profil"


def _photo_section() -> rx.Component:
    S = ProfilState
    return rx.hstack(
        rx.avatar(src=S.user_photo, fallback=S.user_name[:1], size="6", radius="full", alt="Foto profil saat ini"),
        rx.vstack(
            rx.el.label(
                "Upload Foto Profil",
                rx.upload.root(
                    rx.box(
                        rx.icon("upload", size=16),
                        rx.text("Pilih Foto", size="2"),
                        class_name="upload-button",
                        aria_hidden="true",
                    ),
                    id=PHOTO_UPLOAD,
                    accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]},
                    multiple=False,
                    max_files=1,
                    no_click=True,
                    no_drag=False,
                    on_drop=S.upload_photo(rx.upload_files(upload_id=PHOTO_UPLOAD)),
                ),
                class_name="field-label upload-label",
            ),
            rx.text("JPG atau PNG, maksimal 5 MB. Foto dipotong persegi 256×256.", size="1", color_scheme="gray"),
            rx.cond(
                S.errors.get("photo", "") != "",
                rx.text(S.errors.get("photo", ""), role="alert", size="2", color_scheme="red"),
            ),
            spacing="1",
        ),
        spacing="4",
        align="center",
    )


def _wa_section() -> rx.Component:
    S = ProfilState
    return rx.card(
        rx.vstack(
            rx.heading("Nomor WhatsApp", as_="h2", size="4"),
            rx.text("Nomor saat ini: ", rx.text.strong(S.wa_number), size="2"),
            form_alert(S.wa_info, color="blue"),
            rx.cond(
                S.wa_pending == "",
                rx.form(
                    rx.hstack(
                        rx.box(
                            text_field(
                                "No WA",
                                "wa_number",
                                S.errors,
                                type="tel",
                                input_mode="tel",
                                hint="Nomor baru diverifikasi dengan kode OTP.",
                                required=False,
                            ),
                            flex="1",
                        ),
                        rx.button("Kirim OTP", type="submit", variant="outline", margin_top="24px"),
                        align="start",
                        width="100%",
                    ),
                    on_submit=S.request_wa_change,
                    reset_on_submit=False,
                    width="100%",
                ),
                rx.form(
                    rx.hstack(
                        rx.box(otp_field(S.errors, one_time_code=False), flex="1"),
                        rx.button("Verifikasi", type="submit", margin_top="24px"),
                        align="start",
                        width="100%",
                    ),
                    on_submit=S.confirm_wa_change,
                    reset_on_submit=False,
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _profile_form() -> rx.Component:
    S = ProfilState
    return server_form(
        form_alert(S.form_error),
        form_alert(S.saved_info, color="green"),
        text_field("No Identitas", "identity", S.errors, default_value=S.user_identity, read_only=True, required=False),
        text_field("Nama Lengkap", "full_name", S.errors, default_value=S.full_name, max_length=150),
        text_field("Email", "email", S.errors, type="email", default_value=S.email),
        text_field("Nomor Handphone", "phone", S.errors, type="tel", default_value=S.phone, input_mode="tel"),
        text_field("Alamat", "address", S.errors, textarea=True, default_value=S.address, max_length=300),
        rx.el.label(
            rx.el.input(type="checkbox", name="wa_notifications", default_checked=~S.wa_opt_out),
            " Kirim notifikasi status permohonan ke WhatsApp saya",
            class_name="choice",
        ),
        rx.divider(),
        rx.heading("Ganti Password", as_="h2", size="4"),
        rx.text("Kosongkan isian berikut jika Anda tidak ingin mengganti Password", size="2", color_scheme="gray"),
        text_field(
            "Password Lama",
            "old_password",
            S.errors,
            type="password",
            required=False,
            autocomplete="current-password",
        ),
        text_field(
            "Password Baru",
            "new_password",
            S.errors,
            type="password",
            required=False,
            autocomplete="new-password",
            hint="Minimal 8 karakter.",
        ),
        text_field(
            "Konfirmasi Password Baru",
            "new_password_confirm",
            S.errors,
            type="password",
            required=False,
            autocomplete="new-password",
        ),
        submit_button("Update Profil Saya"),
        on_submit=S.save,
        key=S.form_key,
    )


@applicant_page(route="/profil", title="Setting Profil", on_load=ProfilState.load)
def profil() -> rx.Component:
    return card_form(
        "Setting Profil",
        _photo_section(),
        _profile_form(),
        _wa_section(),
        subtitle="Perbarui identitas, foto profil, nomor WhatsApp dan password akun Anda.",
        max_width="680px",
    )
