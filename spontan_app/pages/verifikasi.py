"""`/verifikasi/[token]`: the WhatsApp link. Welcome, **Lengkapi Data**, completion form."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.account_fields import searchable_select_field
from spontan_app.components.forms import (
    card_form,
    choice_field,
    field_error_summary,
    form_alert,
    select_field,
    server_form,
    submit_button,
    text_field,
)
from spontan_app.components.i18n import tr
from spontan_app.components.nav import public_page
from spontan_app.domain.enums import Origin, Sex
from spontan_app.services.accounts import COMPANY_FORMS
from spontan_app.state.verifikasi import VerifikasiState

ORIGINS = [(Origin.DALAM.value, tr("accounts.origin_dalam")), (Origin.LUAR.value, tr("accounts.origin_luar"))]
SEXES = [(Sex.LAKI_LAKI.value, tr("accounts.sex_male")), (Sex.PEREMPUAN.value, tr("accounts.sex_female"))]


def _welcome() -> rx.Component:
    S = VerifikasiState
    return card_form(
        tr("accounts.welcome_title"),
        rx.text(tr("accounts.welcome_text")),
        rx.text("Username: ", rx.text.strong(S.username), size="2"),
        rx.button(tr("accounts.complete_data"), size="3", on_click=S.open_form, type="button"),
        subtitle=tr("common.office_long"),
    )


def _region_fields() -> rx.Component:
    S = VerifikasiState
    return rx.vstack(
        choice_field(tr("accounts.origin"), "origin", S.errors, ORIGINS, value=S.origin, on_change=S.set_origin),
        rx.cond(
            S.origin == Origin.DALAM.value,
            rx.vstack(
                text_field(
                    tr("accounts.label_kabkota"),
                    "kabkota_fixed",
                    S.errors,
                    default_value="Kota Balikpapan",
                    read_only=True,
                    required=False,
                ),
                select_field(
                    tr("accounts.label_kecamatan"),
                    "kecamatan_id",
                    S.errors,
                    S.kecamatan_options,
                    value=S.kecamatan_id,
                    on_change=S.set_kecamatan,
                ),
                select_field(
                    tr("accounts.label_kelurahan"),
                    "kelurahan_id",
                    S.errors,
                    S.kelurahan_options,
                    value=S.kelurahan_id,
                    on_change=S.set_kelurahan,
                    placeholder=tr("accounts.choose_kecamatan_first"),
                ),
                spacing="4",
                width="100%",
            ),
            rx.vstack(
                searchable_select_field(
                    tr("accounts.label_kabkota"),
                    "kabkota_id",
                    S.errors,
                    S.kabkota_shown,
                    value=S.kabkota_id,
                    on_change=S.set_kabkota,
                    query=S.kabkota_query,
                    on_query=S.set_kabkota_query,
                    matches=S.kabkota_matches,
                    search_label=tr("accounts.kabkota_search"),
                    search_hint=tr("accounts.kabkota_search_hint"),
                    found=tr("accounts.kabkota_matches", n=S.kabkota_matches.to_string()),
                    none_found=tr("accounts.kabkota_no_match"),
                    hint=tr("accounts.kabkota_hint"),
                ),
                text_field(tr("accounts.label_kecamatan"), "kecamatan_text", S.errors, max_length=90),
                text_field(tr("accounts.label_kelurahan"), "kelurahan_text", S.errors, max_length=90),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )


def _section(title: str | rx.Var) -> rx.Component:
    return rx.heading(
        title,
        as_="h2",
        size="3",
        color_scheme="gray",
        margin_top="0.5rem",
        style={"text_transform": "uppercase", "letter_spacing": "0.04em"},
    )


# The completion form's fields in the order on screen (for the error summary).
FIELD_ORDER = [
    "password",
    "password_confirm",
    "full_name",
    "company_form",
    "pic_name",
    "pic_nik",
    "origin",
    "kabkota_id",
    "kecamatan_id",
    "kelurahan_id",
    "kecamatan_text",
    "kelurahan_text",
    "address",
    "phone",
    "telephone",
    "birth_place",
    "birth_date",
    "sex",
]


def _completion_form() -> rx.Component:
    S = VerifikasiState
    person = rx.vstack(
        text_field(tr("accounts.label_full_name"), "full_name", S.errors, autocomplete="name", max_length=150),
        _region_fields(),
        text_field(tr("accounts.label_address"), "address", S.errors, textarea=True, max_length=300),
        text_field(tr("accounts.label_phone"), "phone", S.errors, type="tel", default_value=S.phone, input_mode="tel"),
        text_field(tr("accounts.label_telephone"), "telephone", S.errors, type="tel", required=False, input_mode="tel"),
        text_field(tr("accounts.label_birth_place"), "birth_place", S.errors, max_length=100),
        text_field(tr("accounts.label_birth_date"), "birth_date", S.errors, type="date"),
        choice_field(tr("accounts.sex"), "sex", S.errors, SEXES),
        spacing="4",
        width="100%",
    )
    company = rx.vstack(
        text_field(tr("accounts.label_company_name"), "full_name", S.errors, max_length=150),
        select_field(tr("accounts.company_form"), "company_form", S.errors, [(f, f) for f in COMPANY_FORMS]),
        text_field(tr("accounts.label_pic_name"), "pic_name", S.errors, max_length=150),
        text_field(tr("accounts.pic_nik"), "pic_nik", S.errors, input_mode="numeric", max_length=24),
        _region_fields(),
        text_field(tr("accounts.label_address"), "address", S.errors, textarea=True, max_length=300),
        text_field(tr("accounts.label_phone"), "phone", S.errors, type="tel", default_value=S.phone, input_mode="tel"),
        text_field(tr("accounts.label_telephone"), "telephone", S.errors, type="tel", required=False, input_mode="tel"),
        spacing="4",
        width="100%",
    )
    return card_form(
        tr("accounts.completion_title"),
        server_form(
            field_error_summary(S.errors, FIELD_ORDER),
            form_alert(S.form_error),
            _section("User Account"),
            rx.data_list.root(
                rx.data_list.item(rx.data_list.label("Username"), rx.data_list.value(S.username)),
                rx.data_list.item(rx.data_list.label("Email"), rx.data_list.value(S.email)),
            ),
            _section(tr("accounts.new_password_section")),
            text_field(
                "Password",
                "password",
                S.errors,
                type="password",
                autocomplete="new-password",
                hint=tr("accounts.min_8"),
            ),
            text_field(
                tr("accounts.retype_password"),
                "password_confirm",
                S.errors,
                type="password",
                autocomplete="new-password",
            ),
            _section(rx.cond(S.is_company, tr("accounts.company_data"), "Personal Information")),
            rx.cond(S.is_company, company, person),
            submit_button(tr("accounts.complete_registration")),
            on_submit=S.submit,
        ),
        max_width="640px",
    )


def _invalid() -> rx.Component:
    return card_form(
        tr("accounts.link_invalid_title"),
        rx.callout(VerifikasiState.invalid_message, icon="triangle-alert", color_scheme="orange", role="alert"),
        rx.text(tr("accounts.link_invalid_text")),
        rx.hstack(
            rx.link(tr("accounts.register_link"), href="/registrasi"),
            rx.link(tr("accounts.login_title"), href="/login"),
            spacing="4",
        ),
    )


@public_page(route="/verifikasi/[token]", title="title.verifikasi", on_load=VerifikasiState.load)
def verifikasi() -> rx.Component:
    S = VerifikasiState
    return rx.cond(
        S.checked,
        rx.cond(S.valid, rx.cond(S.show_form, _completion_form(), _welcome()), _invalid()),
        rx.center(rx.spinner(size="3"), padding="3rem"),
    )
