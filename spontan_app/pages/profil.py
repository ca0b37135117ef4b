"""`/profil`: Setting Profil — identity, WhatsApp number (re-verified), photo, password."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import otp_field
from spontan_app.components.forms import card_form, form_alert, server_form, submit_button, text_field
from spontan_app.components.i18n import tr
from spontan_app.components.nav import applicant_page
from spontan_app.i18n import LANG_NAMES, LANGS
from spontan_app.state.profil import ProfilState

PHOTO_UPLOAD = "foto_profil"


def _photo_section() -> rx.Component:
    S = ProfilState
    return rx.hstack(
        rx.avatar(src=S.user_photo, fallback=S.user_name[:1], size="6", radius="full", alt=tr("accounts.photo_alt")),
        rx.vstack(
            rx.el.label(
                tr("accounts.photo_upload"),
                rx.upload.root(
                    rx.box(
                        rx.icon("upload", size=16),
                        rx.text(tr("accounts.photo_choose"), size="2"),
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
            rx.text(tr("accounts.photo_hint"), size="1", color_scheme="gray"),
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
            rx.heading(tr("accounts.wa_heading"), as_="h2", size="4"),
            rx.text(tr("accounts.current_number"), rx.text.strong(S.wa_number), size="2"),
            form_alert(S.wa_info, color="blue"),
            rx.cond(
                S.wa_pending == "",
                rx.form(
                    rx.hstack(
                        rx.box(
                            text_field(
                                tr("accounts.wa_short"),
                                "wa_number",
                                S.errors,
                                type="tel",
                                input_mode="tel",
                                hint=tr("accounts.new_wa_hint"),
                                required=False,
                            ),
                            flex="1",
                        ),
                        rx.button(tr("accounts.send_otp"), type="submit", variant="outline", margin_top="24px"),
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
                        rx.button(tr("accounts.verify"), type="submit", margin_top="24px"),
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


def _language_field() -> rx.Component:
    """Bahasa / Language: saved at once to the profile (pages after login, WhatsApp)."""
    S = ProfilState
    return rx.box(
        rx.el.div(
            rx.el.label(tr("accounts.profile_language"), html_for="language", class_name="field-label"),
            class_name="label-row",
        ),
        rx.el.select(
            *[rx.el.option(LANG_NAMES[code], value=code, lang=code) for code in LANGS],
            id="language",
            name="language",
            value=S.lang,
            on_change=S.choose_language,
            class_name="native-select",
            aria_describedby="language-hint",
        ),
        rx.text(tr("accounts.profile_language_hint"), id="language-hint", size="1", color_scheme="gray"),
        class_name="field",
        width="100%",
    )


def _profile_form() -> rx.Component:
    S = ProfilState
    return server_form(
        form_alert(S.form_error),
        form_alert(S.saved_info, color="green"),
        text_field(
            tr("accounts.identity_no"),
            "identity",
            S.errors,
            default_value=S.user_identity,
            read_only=True,
            required=False,
        ),
        text_field(tr("accounts.label_full_name"), "full_name", S.errors, default_value=S.full_name, max_length=150),
        text_field("Email", "email", S.errors, type="email", default_value=S.email),
        text_field(tr("accounts.label_phone"), "phone", S.errors, type="tel", default_value=S.phone, input_mode="tel"),
        text_field(
            tr("accounts.label_address"), "address", S.errors, textarea=True, default_value=S.address, max_length=300
        ),
        rx.el.label(
            rx.el.input(type="checkbox", name="wa_notifications", default_checked=~S.wa_opt_out),
            " ",
            tr("accounts.wa_notifications"),
            class_name="choice",
        ),
        rx.divider(),
        rx.heading(tr("accounts.change_password"), as_="h2", size="4"),
        rx.text(tr("accounts.change_password_note"), size="2", color_scheme="gray"),
        text_field(
            tr("accounts.old_password"),
            "old_password",
            S.errors,
            type="password",
            required=False,
            autocomplete="current-password",
        ),
        text_field(
            tr("accounts.new_password"),
            "new_password",
            S.errors,
            type="password",
            required=False,
            autocomplete="new-password",
            hint=tr("accounts.min_8"),
        ),
        text_field(
            tr("accounts.confirm_new_password"),
            "new_password_confirm",
            S.errors,
            type="password",
            required=False,
            autocomplete="new-password",
        ),
        submit_button(tr("accounts.update_profile")),
        on_submit=S.save,
        key=S.form_key,
    )


@applicant_page(route="/profil", title="title.profil", on_load=ProfilState.load)
def profil() -> rx.Component:
    return card_form(
        tr("accounts.profile_title"),
        _photo_section(),
        _language_field(),
        _profile_form(),
        _wa_section(),
        subtitle=tr("accounts.profile_subtitle"),
        max_width="680px",
    )
