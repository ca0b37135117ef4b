"""`/registrasi`: account registration (Perorangan / Badan Usaha) + OTP dialog."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import applicant_type_field, otp_field
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
from spontan_app.domain.enums import ApplicantType
from spontan_app.state.registrasi import RegistrasiState


def _otp_dialog() -> rx.Component:
    S = RegistrasiState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("accounts.otp_dialog_title")),
            rx.dialog.description(
                tr("accounts.otp_dialog_lead"),
                rx.text.strong(S.wa_masked),
                ".",
                size="2",
            ),
            rx.form(
                rx.vstack(
                    form_alert(S.otp_info, color="blue"),
                    otp_field(S.otp_errors, hint=tr("accounts.otp_valid_5")),
                    submit_button(tr("accounts.verify")),
                    rx.flex(
                        rx.text(tr("accounts.no_code"), size="2"),
                        # Disabled while it counts down, the seconds on the link itself: the
                        # browser counts (assets/spontan.js) from the server's seconds, and the
                        # server unlocks it when they are over (RegistrasiState.unlock_resend).
                        rx.el.a(
                            tr("accounts.resend_otp"),
                            rx.cond(
                                S.resend_locked,
                                rx.fragment(
                                    " ",
                                    rx.el.span(
                                        data_countdown=S.resend_wait,
                                        data_countdown_text=tr("accounts.resend_countdown_short"),
                                        class_name="countdown",
                                        key=S.resend_nonce,
                                    ),
                                ),
                            ),
                            href="#",
                            on_click=S.resend.prevent_default,
                            aria_disabled=rx.cond(S.resend_locked, "true", "false"),
                            class_name="text-link resend-otp",
                        ),
                        spacing="2",
                        wrap="wrap",
                        align="center",
                    ),
                    spacing="3",
                ),
                on_submit=S.verify,
                reset_on_submit=False,
            ),
            rx.dialog.close(
                rx.button(
                    tr("accounts.close"),
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
        on_open_change=S.set_otp_open,
    )


def _done_notice() -> rx.Component:
    S = RegistrasiState
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("circle-check", color="var(--green-9)", size=28),
                rx.heading(tr("accounts.registration_done_title"), as_="h2", size="5"),
                align="center",
            ),
            rx.text(S.done_info, role="status"),
            rx.text(tr("accounts.no_link"), size="2", color_scheme="gray"),
            rx.button(tr("accounts.resend_link"), variant="outline", on_click=S.resend_link, type="button"),
            spacing="3",
        ),
        max_width="560px",
        margin_x="auto",
        width="100%",
    )


def _form() -> rx.Component:
    S = RegistrasiState
    return card_form(
        tr("accounts.register_link"),
        server_form(
            field_error_summary(S.errors, ["applicant_type", "identity", "wa_number", "email", "captcha"]),
            form_alert(S.form_error),
            applicant_type_field(
                tr("accounts.jenis_pemohon"), "applicant_type", S.errors, value=S.applicant_type, on_change=S.set_type
            ),
            text_field(
                tr("accounts.identity_number"),
                "identity",
                S.errors,
                hint=rx.cond(
                    S.applicant_type == ApplicantType.BADAN_USAHA.value,
                    tr("accounts.identity_hint_company"),
                    tr("accounts.identity_hint_person"),
                ),
                input_mode="numeric",
                autocomplete="off",
                max_length=24,
            ),
            text_field(
                tr("accounts.wa_short"),
                "wa_number",
                S.errors,
                type="tel",
                input_mode="tel",
                autocomplete="tel",
                hint=tr("accounts.wa_hint"),
                max_length=20,
            ),
            text_field("Email", "email", S.errors, type="email", autocomplete="email", max_length=254),
            captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce, S.captcha_audio),
            submit_button(tr("accounts.register_submit")),
            rx.cond(
                S.otp_pending & ~S.otp_open,
                rx.callout(
                    rx.flex(
                        rx.text(tr("accounts.otp_sent_lead"), rx.text.strong(S.wa_masked), "."),
                        rx.button(tr("accounts.enter_otp"), type="button", variant="outline", on_click=S.reopen_otp),
                        direction="column",
                        gap="2",
                    ),
                    icon="message-circle",
                    color_scheme="blue",
                    width="100%",
                ),
            ),
            rx.text(tr("accounts.have_account"), rx.link(tr("accounts.login_title"), href="/login"), size="2"),
            on_submit=S.submit,
        ),
        subtitle=tr("accounts.register_subtitle"),
    )


@public_page(route="/registrasi", title="title.registrasi", on_load=RegistrasiState.load)
def registrasi() -> rx.Component:
    return rx.box(rx.cond(RegistrasiState.done, _done_notice(), _form()), _otp_dialog(), width="100%")
