"""The faskes dialogs of a draft: Pencarian Faskes (search, pages, Pilih) and Tambah Data
(a proposal to staff). State: spontan_app/state/faskes_dialog.py."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import form_alert, text_field
from spontan_app.components.i18n import tr
from spontan_app.state.faskes_dialog import FaskesDialogState as D

OPTIONAL_COLUMNS = {"kode_daerah", "kode_pusat", "pemilik", "pj"}  # hidden on narrow screens


def _faskes_table() -> rx.Component:
    header = ["no", "kode_daerah", "kode_pusat", "nama", "alamat", "pemilik", "pj", "aksi"]  # permohonan.col_<name>
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(
                            tr(f"permohonan.col_{h}"), class_name="col-optional" if h in OPTIONAL_COLUMNS else ""
                        )
                        for h in header
                    ]
                )
            ),
            rx.table.body(
                rx.foreach(
                    D.rows,
                    lambda f: rx.table.row(
                        rx.table.cell(f.no),
                        rx.table.cell(f.kode_daerah, class_name="col-optional"),
                        rx.table.cell(f.kode_pusat, class_name="col-optional"),
                        rx.table.cell(f.nama),
                        rx.table.cell(f.alamat),
                        rx.table.cell(f.pemilik, class_name="col-optional"),
                        rx.table.cell(f.penanggung_jawab, class_name="col-optional"),
                        rx.table.cell(
                            rx.button(
                                tr("permohonan.pick"),
                                size="1",
                                type="button",
                                on_click=D.pick(f.id),
                                aria_label=tr("permohonan.pick_named", name=f.nama),
                            )
                        ),
                    ),
                ),
            ),
            size="1",
            variant="surface",
        ),
        overflow_x="auto",
        width="100%",
        class_name="faskes-table",
    )


def _faskes_cards() -> rx.Component:
    """Phones (< 768 px): one card per faskes, a full-width Pilih of 44 px."""
    return rx.el.ul(
        rx.foreach(
            D.rows,
            lambda f: rx.el.li(
                rx.el.p(f.nama, class_name="faskes-card-name"),
                rx.el.span(f.jenis, class_name="faskes-card-kind"),
                rx.el.span(f.alamat, class_name="faskes-card-address"),
                rx.button(
                    tr("permohonan.pick"),
                    size="3",
                    type="button",
                    on_click=D.pick(f.id),
                    aria_label=tr("permohonan.pick_named", name=f.nama),
                    class_name="faskes-pick",
                ),
                class_name="faskes-card",
            ),
        ),
        class_name="faskes-cards",
        aria_label=tr("permohonan.faskes_list"),  # no "cari" in it: the search box is the one labelled Cari
    )


def _results() -> rx.Component:
    return rx.cond(
        D.rows.length() > 0,
        rx.fragment(_faskes_table(), _faskes_cards()),
        rx.vstack(
            rx.text(tr("permohonan.faskes_not_found")),
            rx.button(tr("permohonan.add_data"), type="button", size="2", on_click=D.open_proposal),
            width="100%",
        ),
    )


# Radix returns the focus to a dialog's Trigger; ours opens from state, so the opener
# (Cari Faskes) gets it back here, once no other dialog (Tambah Data) holds it.
RETURN_FOCUS = rx.call_script(
    "setTimeout(function(){if(!document.querySelector('[role=dialog][data-state=open]'))"
    "window.spontanFocus&&window.spontanFocus('tombol-cari-faskes')},0)"
)


def faskes_search_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("permohonan.faskes_search_title")),
            rx.vstack(
                rx.box(
                    rx.el.label(tr("permohonan.search"), html_for="cari-faskes", class_name="field-label"),
                    rx.input(
                        id="cari-faskes",
                        default_value=D.query,
                        placeholder=tr("permohonan.faskes_search_placeholder"),
                        on_change=D.search.debounce(300),
                        width="100%",
                    ),
                    width="100%",
                ),
                _results(),
                rx.text(D.summary, size="2", role="status"),
                rx.hstack(
                    rx.button(
                        tr("permohonan.prev"), type="button", variant="soft", on_click=D.prev_page, disabled=D.page <= 1
                    ),
                    rx.button(
                        tr("permohonan.next"),
                        type="button",
                        variant="soft",
                        on_click=D.next_page,
                        disabled=D.page >= D.pages,
                    ),
                    rx.spacer(),
                    rx.button(tr("permohonan.add_data"), type="button", variant="outline", on_click=D.open_proposal),
                    rx.button(tr("permohonan.close"), type="button", color_scheme="gray", on_click=D.close_search),
                    width="100%",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="min(1000px, 96vw)",
            class_name="faskes-dialog",
            on_close_auto_focus=RETURN_FOCUS,
        ),
        open=D.search_open,
        on_open_change=lambda open_: rx.cond(open_, D.open_search, D.close_search),
    )


def faskes_proposal_dialog() -> rx.Component:
    E = D.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("permohonan.proposal_title")),
            rx.dialog.description(tr("permohonan.proposal_help"), size="2"),
            rx.cond(
                D.proposal_info != "",
                rx.vstack(
                    form_alert(D.proposal_info, color="green"),
                    rx.button(tr("permohonan.close"), type="button", on_click=D.close_proposal),
                ),
                rx.form(
                    rx.vstack(
                        form_alert(D.form_error),
                        text_field(tr("permohonan.faskes_name"), "usul_nama", E, max_length=200),
                        text_field(tr("permohonan.faskes_address"), "usul_alamat", E, max_length=300),
                        text_field(tr("permohonan.owner_name"), "usul_pemilik", E, max_length=200),
                        text_field(tr("permohonan.responsible_name"), "usul_penanggung_jawab", E, max_length=200),
                        text_field(
                            tr("permohonan.contact"),
                            "usul_kontak",
                            E,
                            type="tel",
                            hint=tr("permohonan.contact_hint"),
                        ),
                        rx.grid(
                            text_field(tr("permohonan.faskes_latitude"), "usul_latitude", E, required=False),
                            text_field(tr("permohonan.faskes_longitude"), "usul_longitude", E, required=False),
                            columns="2",
                            spacing="3",
                            width="100%",
                        ),
                        rx.hstack(
                            rx.button(tr("permohonan.send_proposal"), type="submit"),
                            rx.button(
                                tr("permohonan.cancel"),
                                type="button",
                                variant="soft",
                                color_scheme="gray",
                                on_click=D.close_proposal,
                            ),
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=D.submit_proposal,
                    reset_on_submit=False,
                ),
            ),
            max_width="520px",
            on_close_auto_focus=RETURN_FOCUS,
        ),
        open=D.proposal_open,
        # Escape (and a tap outside) closes it like Batal does.
        on_open_change=lambda open_: rx.cond(open_, D.open_proposal, D.close_proposal),
    )
