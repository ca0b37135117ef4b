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
from spontan_app.components.forms import error_summary, form_alert
from spontan_app.components.i18n import tr
from spontan_app.components.nav import applicant_page
from spontan_app.components.stepper import stepper
from spontan_app.state.faskes_dialog import FaskesDialogState as D
from spontan_app.state.permohonan import PermohonanState as S


def _faskes_section() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(tr("beranda.detail_step5"), as_="h3", size="4"),
            rx.text(
                tr("beranda.detail_faskes_hint"),
                size="2",
                color_scheme="gray",
            ),
            rx.button(
                rx.icon("search", size=16),
                tr("beranda.detail_search_faskes"),
                type="button",
                on_click=D.open_search,
                id="tombol-cari-faskes",
            ),
            rx.cond(
                S.faskes_id != 0,
                dl(
                    rx.foreach(
                        S.faskes_info,
                        lambda kv: rx.data_list.item(rx.data_list.label(kv[0]), rx.data_list.value(kv[1])),
                    )
                ),
                rx.text(tr("beranda.detail_no_faskes"), size="2", color_scheme="gray"),
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
            rx.heading(tr("beranda.detail_review"), as_="h3", size="4"),
            dl(
                rx.data_list.item(
                    rx.data_list.label(tr("beranda.detail_permit_type")), rx.data_list.value(S.izin_name)
                ),
                rx.foreach(
                    S.summary_rows,
                    lambda row: rx.data_list.item(rx.data_list.label(row[0]), rx.data_list.value(row[1])),
                ),
                rx.cond(
                    S.needs_location,
                    rx.data_list.item(
                        rx.data_list.label(tr("beranda.detail_location")),
                        rx.data_list.value(S.lokasi, " (", S.latitude, ", ", S.longitude, ")"),
                    ),
                ),
                rx.foreach(
                    S.docs,
                    lambda d: rx.data_list.item(
                        rx.data_list.label(d.name),
                        rx.data_list.value(rx.cond(d.doc_id != 0, d.file_name, tr("beranda.detail_not_uploaded"))),
                    ),
                ),
                rx.cond(
                    S.needs_faskes,
                    rx.data_list.item(
                        rx.data_list.label(tr("beranda.detail_faskes")),
                        rx.data_list.value(S.faskes_info.get("Nama Faskes", "-")),
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
            rx.el.input(
                type="checkbox",
                id="declaration",
                default_checked=S.declaration,
                on_change=S.set_declaration,
                data_no_autosave="true",  # the declaration is given at submission, not kept in the draft
            ),
            tr("beranda.detail_declaration"),
            html_for="declaration",
            class_name="declaration",
        ),
        field_error("declaration"),
    )


def _save_indicator() -> rx.Component:
    """Tersimpan / Menyimpan… beside the buttons; a live region, so it is heard too."""
    # While the browser holds typing the server has not saved yet, assets/spontan.js marks
    # <html data-unsaved> and the CSS shows "Menyimpan…" instead of the server's word.
    return rx.el.p(
        rx.el.span(rx.spinner(size="1"), tr("beranda.detail_saving"), class_name="save-pending"),
        rx.el.span(
            rx.cond(
                S.save_status == "saving",
                rx.spinner(size="1"),
                rx.cond(S.save_status == "saved", rx.icon("cloud-check", size=16, aria_hidden="true")),
            ),
            S.save_text,
            class_name="save-server",
        ),
        class_name="save-status",
        role="status",
        aria_live="polite",
    )


def _draft_form() -> rx.Component:
    return rx.vstack(
        rx.cond(S.is_draft, stepper(S.wizard_step)),
        error_summary(S.error_items),
        rx.cond(
            S.is_returned,
            rx.callout(
                rx.text(tr("beranda.detail_returned"), rx.text.strong(S.return_note)),
                icon="message-square-warning",
                color_scheme="orange",
                role="alert",
                width="100%",
            ),
        ),
        rx.card(
            rx.vstack(
                rx.heading(tr("beranda.detail_step4"), as_="h2", size="5"),
                rx.foreach(S.fields, izin_field),
                spacing="4",
                width="100%",
            ),
            width="100%",
            key=S.form_key,
        ),
        rx.cond(S.needs_location, location_card()),
        rx.card(
            plain_field(tr("beranda.detail_notes"), "keterangan", S.keterangan, textarea=True, required=False),
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
                    tr("beranda.detail_save_draft"),
                    type="button",
                    variant="outline",
                    size="3",
                    on_click=S.save_draft,
                ),
                rx.button(
                    rx.icon("send", size=16),
                    tr("beranda.detail_submit"),
                    type="button",
                    size="3",
                    on_click=S.submit,
                    data_submit="true",
                ),
                _save_indicator(),
                spacing="3",
                wrap="wrap",
                align="center",
            ),
            rx.flex(
                rx.cond(
                    ~S.is_returned,
                    rx.button(
                        rx.icon("save", size=16),
                        tr("beranda.detail_save_changes"),
                        type="button",
                        size="3",
                        on_click=S.save_changes,
                        data_submit="true",
                    ),
                ),
                rx.cond(
                    S.is_returned,
                    rx.button(
                        rx.icon("send", size=16),
                        tr("beranda.detail_resubmit"),
                        type="button",
                        size="3",
                        on_click=S.resubmit,
                        data_submit="true",
                    ),
                ),
                spacing="3",
                wrap="wrap",
            ),
        ),
        faskes_search_dialog(),
        faskes_proposal_dialog(),
        spacing="4",
        width="100%",
        data_autosave="true",
    )


def _receipt_link() -> rx.Component:
    """Bukti Pendaftaran (PDF) of a submitted file; /bukti/<id> checks the owner."""
    return rx.el.a(
        rx.icon("file-down", size=16, aria_hidden="true"),
        tr("beranda.detail_download_receipt"),
        href="/bukti/" + S.app_id.to_string(),
        download=True,
        reload_document=True,  # a PDF from the server, not a client-side route
        class_name="rt-Button rt-r-size-2 rt-variant-outline download-button",
    )


def _submitted_view() -> rx.Component:
    return rx.card(
        rx.vstack(
            dl(
                rx.data_list.item(
                    rx.data_list.label(tr("beranda.detail_reg_number")), rx.data_list.value(S.reg_number)
                ),
                rx.data_list.item(
                    rx.data_list.label(tr("beranda.detail_permit_type")), rx.data_list.value(S.izin_name)
                ),
                rx.data_list.item(
                    rx.data_list.label(tr("beranda.detail_submitted_at")), rx.data_list.value(S.submitted_at)
                ),
                rx.cond(
                    S.due_date != "",
                    rx.data_list.item(rx.data_list.label(tr("beranda.detail_due")), rx.data_list.value(S.due_date)),
                ),
            ),
            rx.cond(S.edit_reason != "", rx.callout(S.edit_reason, icon="info", size="1")),
            rx.link(tr("beranda.detail_track"), href="/lacak?nomor=" + S.reg_number),
            spacing="3",
        ),
        width="100%",
    )


@applicant_page(route="/permohonan/[id]", title="title.permohonan", on_load=[S.load, D.reset_dialogs])
def permohonan_detail() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(S.izin_name != "", S.izin_name, tr("beranda.detail_title")), as_="h1", size="6"),
        rx.cond(
            S.reg_number != "",
            rx.vstack(
                rx.flex(
                    rx.text(tr("beranda.detail_reg_number_label"), rx.text.strong(S.reg_number)),
                    rx.badge(S.status_text, variant="soft", size="2", color_scheme=S.status_color),
                    _receipt_link(),
                    gap="3",
                    align="center",
                    wrap="wrap",
                ),
                rx.text(S.next_step, size="2", weight="medium"),  # what the applicant must do now
                spacing="2",
            ),
        ),
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
