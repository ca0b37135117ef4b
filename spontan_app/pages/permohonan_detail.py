"""`/permohonan/[id]`: Langkah 4–6 for a draft (isi kelengkapan, faskes, ajukan), Ubah after
submission, and the read-only view of a submitted application. State:
spontan_app/state/permohonan.py; the form's pieces in components/application_form.py and the
faskes dialogs in components/faskes_dialog.py."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.application_form import (
    dl,
    documents_card,
    field_error,
    izin_field,
    location_card,
    plain_field,
)
from spontan_app.components.faskes_dialog import faskes_proposal_dialog, faskes_search_dialog
from spontan_app.components.forms import form_alert
from spontan_app.components.nav import applicant_page
from spontan_app.components.stepper import stepper
from spontan_app.services.applications import DECLARATION
from spontan_app.state.faskes_dialog import FaskesDialogState as D
from spontan_app.state.permohonan import PermohonanState as S


def _faskes_section() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Langkah 5 – Pilih Faskes", as_="h3", size="4"),
            rx.text(
                "Alamat Praktik (khusus praktik non mandiri). Apabila fasilitas kesehatan belum tersedia, gunakan "
                "Tambah Data di jendela pencarian.",
                size="2",
                color_scheme="gray",
            ),
            rx.button(rx.icon("search", size=16), "Cari Faskes", type="button", on_click=D.open_search),
            rx.cond(
                S.faskes_id != 0,
                dl(
                    rx.foreach(
                        S.faskes_info,
                        lambda kv: rx.data_list.item(rx.data_list.label(kv[0]), rx.data_list.value(kv[1])),
                    )
                ),
                rx.text("Belum ada faskes dipilih.", size="2", color_scheme="gray"),
            ),
            field_error("faskes"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _summary() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Periksa Kembali", as_="h3", size="4"),
            dl(
                rx.data_list.item(rx.data_list.label("Jenis Izin"), rx.data_list.value(S.izin_name)),
                rx.foreach(
                    S.fields,
                    lambda f: rx.data_list.item(
                        rx.data_list.label(f.label),
                        rx.data_list.value(rx.cond(S.values[f.key] != "", S.values[f.key], "-")),
                    ),
                ),
                rx.cond(
                    S.needs_location,
                    rx.data_list.item(
                        rx.data_list.label("Lokasi"),
                        rx.data_list.value(S.lokasi, " (", S.latitude, ", ", S.longitude, ")"),
                    ),
                ),
                rx.foreach(
                    S.docs,
                    lambda d: rx.data_list.item(
                        rx.data_list.label(d.name),
                        rx.data_list.value(rx.cond(d.doc_id != 0, d.file_name, "Belum diunggah")),
                    ),
                ),
                rx.cond(
                    S.needs_faskes,
                    rx.data_list.item(
                        rx.data_list.label("Faskes"), rx.data_list.value(S.faskes_info.get("Nama Faskes", "-"))
                    ),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _declaration() -> rx.Component:
    return rx.box(
        rx.el.label(
            rx.el.input(type="checkbox", id="declaration", default_checked=S.declaration, on_change=S.set_declaration),
            DECLARATION,
            html_for="declaration",
            class_name="declaration",
        ),
        field_error("declaration"),
    )


def _draft_form() -> rx.Component:
    return rx.vstack(
        rx.cond(S.is_draft, stepper(S.wizard_step)),
        rx.cond(
            S.is_returned,
            rx.callout(
                rx.text("Berkas dikembalikan untuk perbaikan. Catatan petugas: ", rx.text.strong(S.return_note)),
                icon="message-square-warning",
                color_scheme="orange",
                role="alert",
                width="100%",
            ),
        ),
        rx.card(
            rx.vstack(
                rx.heading("Langkah 4 – Isi Kelengkapan", as_="h2", size="5"),
                rx.foreach(S.fields, izin_field),
                spacing="4",
                width="100%",
            ),
            width="100%",
            key=S.form_key,
        ),
        rx.cond(S.needs_location, location_card()),
        rx.card(
            plain_field("Keterangan", "keterangan", S.keterangan, textarea=True, required=False),
            width="100%",
            key=S.form_key,
        ),
        documents_card(),
        rx.cond(S.needs_faskes & S.is_draft, _faskes_section()),
        _summary(),
        rx.cond(S.is_draft, _declaration()),
        form_alert(S.form_error),
        rx.cond(
            S.is_draft,
            rx.flex(
                rx.button(
                    rx.icon("save", size=16),
                    "Simpan Draf",
                    type="button",
                    variant="outline",
                    size="3",
                    on_click=S.save_draft,
                ),
                rx.button(rx.icon("send", size=16), "Ajukan Permohonan", type="button", size="3", on_click=S.submit),
                spacing="3",
                wrap="wrap",
            ),
            rx.flex(
                rx.cond(
                    ~S.is_returned,
                    rx.button(
                        rx.icon("save", size=16), "Simpan Perubahan", type="button", size="3", on_click=S.save_changes
                    ),
                ),
                rx.cond(
                    S.is_returned,
                    rx.button(rx.icon("send", size=16), "Ajukan Ulang", type="button", size="3", on_click=S.resubmit),
                ),
                spacing="3",
                wrap="wrap",
            ),
        ),
        faskes_search_dialog(),
        faskes_proposal_dialog(),
        spacing="4",
        width="100%",
    )


def _submitted_view() -> rx.Component:
    return rx.card(
        rx.vstack(
            dl(
                rx.data_list.item(rx.data_list.label("Nomor Pendaftaran"), rx.data_list.value(S.reg_number)),
                rx.data_list.item(rx.data_list.label("Jenis Izin"), rx.data_list.value(S.izin_name)),
                rx.data_list.item(rx.data_list.label("Tanggal Pendaftaran"), rx.data_list.value(S.submitted_at)),
                rx.data_list.item(rx.data_list.label("Tanggal Perkiraan Jadi"), rx.data_list.value(S.due_date)),
                rx.data_list.item(rx.data_list.label("Status"), rx.data_list.value(S.status)),
            ),
            rx.cond(S.edit_reason != "", rx.callout(S.edit_reason, icon="info", size="1")),
            rx.link("Lacak status berkas", href="/lacak?nomor=" + S.reg_number),
            spacing="3",
        ),
        width="100%",
    )


@applicant_page(route="/permohonan/[id]", title="Permohonan", on_load=[S.load, D.reset_dialogs])
def permohonan_detail() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(S.izin_name != "", S.izin_name, "Permohonan"), as_="h1", size="6"),
        rx.cond(S.reg_number != "", rx.text("Nomor Pendaftaran: ", rx.text.strong(S.reg_number))),
        rx.cond(
            ~S.loaded,
            rx.center(rx.spinner(size="3"), padding="3rem", width="100%"),
            rx.cond(
                S.missing != "",
                rx.callout(S.missing, icon="triangle-alert", color_scheme="orange", role="alert"),
                rx.cond(S.show_form, _draft_form(), _submitted_view()),
            ),
        ),
        spacing="4",
        width="100%",
    )
