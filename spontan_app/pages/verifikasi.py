"""`/verifikasi/[token]`: the WhatsApp link. Welcome, **Lengkapi Data**, completion form."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import (
    card_form,
    choice_field,
    form_alert,
    select_field,
    server_form,
    submit_button,
    text_field,
)
from spontan_app.components.nav import public_page
from spontan_app.domain.enums import Origin, Sex
from spontan_app.services.accounts import COMPANY_FORMS
from spontan_app.state.verifikasi import VerifikasiState

ORIGINS = [(Origin.DALAM.value, Origin.DALAM.label), (Origin.LUAR.value, Origin.LUAR.label)]
SEXES = [(Sex.LAKI_LAKI.value, "Laki-laki"), (Sex.PEREMPUAN.value, "Perempuan")]


def _welcome() -> rx.Component:
    S = VerifikasiState
    return card_form(
        "Selamat Datang di SPONTAN",
        rx.text(
            "Nomor WhatsApp Anda telah terverifikasi. Satu langkah lagi: lengkapi data pendaftaran dan buat "
            "password untuk login."
        ),
        rx.text("Username: ", rx.text.strong(S.username), size="2"),
        rx.button("Lengkapi Data", size="3", on_click=S.open_form, type="button"),
        subtitle="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Balikpapan",
    )


def _region_fields() -> rx.Component:
    S = VerifikasiState
    return rx.vstack(
        choice_field("Asal Daerah", "origin", S.errors, ORIGINS, value=S.origin, on_change=S.set_origin),
        rx.cond(
            S.origin == Origin.DALAM.value,
            rx.vstack(
                text_field(
                    "Kabupaten/Kota",
                    "kabkota_fixed",
                    S.errors,
                    default_value="Kota Balikpapan",
                    read_only=True,
                    required=False,
                ),
                select_field(
                    "Kecamatan",
                    "kecamatan_id",
                    S.errors,
                    S.kecamatan_options,
                    value=S.kecamatan_id,
                    on_change=S.set_kecamatan,
                ),
                select_field(
                    "Kelurahan",
                    "kelurahan_id",
                    S.errors,
                    S.kelurahan_options,
                    value=S.kelurahan_id,
                    on_change=S.set_kelurahan,
                    placeholder="-- Pilih Kecamatan dahulu --",
                ),
                spacing="4",
                width="100%",
            ),
            rx.vstack(
                select_field("Kabupaten/Kota", "kabkota_id", S.errors, S.kabkota_options),
                text_field("Kecamatan", "kecamatan_text", S.errors, max_length=90),
                text_field("Kelurahan", "kelurahan_text", S.errors, max_length=90),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )


def _section(title: str) -> rx.Component:
    return rx.heading(
        title,
        as_="h2",
        size="3",
        color_scheme="gray",
        margin_top="0.5rem",
        style={"text_transform": "uppercase", "letter_spacing": "0.04em"},
    )


def _completion_form() -> rx.Component:
    S = VerifikasiState
    person = rx.vstack(
        text_field("Nama Lengkap", "full_name", S.errors, autocomplete="name", max_length=150),
        _region_fields(),
        text_field("Alamat", "address", S.errors, textarea=True, max_length=300),
        text_field("Nomor Handphone", "phone", S.errors, type="tel", default_value=S.phone, input_mode="tel"),
        text_field("Nomor Telepon", "telephone", S.errors, type="tel", required=False, input_mode="tel"),
        text_field("Tempat Lahir", "birth_place", S.errors, max_length=100),
        text_field("Tanggal Lahir", "birth_date", S.errors, type="date"),
        choice_field("Jenis Kelamin", "sex", S.errors, SEXES),
        spacing="4",
        width="100%",
    )
    company = rx.vstack(
        text_field("Nama Badan Usaha", "full_name", S.errors, max_length=150),
        select_field("Bentuk Usaha", "company_form", S.errors, [(f, f) for f in COMPANY_FORMS]),
        text_field("Nama Penanggung Jawab", "pic_name", S.errors, max_length=150),
        text_field("NIK Penanggung Jawab", "pic_nik", S.errors, input_mode="numeric", max_length=24),
        _region_fields(),
        text_field("Alamat", "address", S.errors, textarea=True, max_length=300),
        text_field("Nomor Handphone", "phone", S.errors, type="tel", default_value=S.phone, input_mode="tel"),
        text_field("Nomor Telepon", "telephone", S.errors, type="tel", required=False, input_mode="tel"),
        spacing="4",
        width="100%",
    )
    return card_form(
        "Lengkapi Data Pendaftaran",
        server_form(
            form_alert(S.form_error),
            _section("User Account"),
            rx.data_list.root(
                rx.data_list.item(rx.data_list.label("Username"), rx.data_list.value(S.username)),
                rx.data_list.item(rx.data_list.label("Email"), rx.data_list.value(S.email)),
            ),
            _section("Buat Password Baru"),
            text_field(
                "Password",
                "password",
                S.errors,
                type="password",
                autocomplete="new-password",
                hint="Minimal 8 karakter.",
            ),
            text_field(
                "Ketik Ulang Password", "password_confirm", S.errors, type="password", autocomplete="new-password"
            ),
            _section(rx.cond(S.is_company, "Data Badan Usaha", "Personal Information")),
            rx.cond(S.is_company, company, person),
            submit_button("Selesaikan Registrasi"),
            on_submit=S.submit,
        ),
        max_width="640px",
    )


def _invalid() -> rx.Component:
    return card_form(
        "Tautan Tidak Berlaku",
        rx.callout(VerifikasiState.invalid_message, icon="triangle-alert", color_scheme="orange", role="alert"),
        rx.text("Daftar ulang dengan NIK/NPWP dan nomor WhatsApp yang sama untuk menerima tautan baru."),
        rx.hstack(rx.link("Registrasi Akun", href="/registrasi"), rx.link("Login", href="/login"), spacing="4"),
    )


@public_page(route="/verifikasi/[token]", title="Verifikasi Akun", on_load=VerifikasiState.load)
def verifikasi() -> rx.Component:
    S = VerifikasiState
    return rx.cond(
        S.checked,
        rx.cond(S.valid, rx.cond(S.show_form, _completion_form(), _welcome()), _invalid()),
        rx.center(rx.spinner(size="3"), padding="3rem"),
    )
