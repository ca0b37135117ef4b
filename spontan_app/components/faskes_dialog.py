"""The faskes dialogs of a draft: Pencarian Faskes (search, pages, Pilih) and Tambah Data
(a proposal to staff). State: spontan_app/state/faskes_dialog.py."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import form_alert, text_field
from spontan_app.state.faskes_dialog import FaskesDialogState as D

OPTIONAL_COLUMNS = {"Kode Faskes Daerah", "Kode Faskes Pusat", "Nama Pemilik", "Penanggung Jawab"}


def _faskes_table() -> rx.Component:
    header = [
        "No.",
        "Kode Faskes Daerah",
        "Kode Faskes Pusat",
        "Nama Faskes",
        "Alamat",
        "Nama Pemilik",
        "Penanggung Jawab",
        "Aksi",
    ]
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h, class_name="col-optional" if h in OPTIONAL_COLUMNS else "")
                        for h in header
                    ]
                )
            ),
            rx.table.body(
                rx.cond(
                    D.rows.length() > 0,
                    rx.foreach(
                        D.rows,
                        lambda f: rx.table.row(
                            rx.table.cell(f.no),
                            rx.table.cell(f.kode_daerah, class_name="col-optional"),
                            rx.table.cell(f.kode_pusat, class_name="col-optional"),
                            rx.table.cell(
                                f.nama,
                                # On a phone the hidden columns' essentials sit under the name.
                                rx.el.div("PJ: ", f.penanggung_jawab, class_name="phone-only faskes-sub"),
                            ),
                            rx.table.cell(f.alamat),
                            rx.table.cell(f.pemilik, class_name="col-optional"),
                            rx.table.cell(f.penanggung_jawab, class_name="col-optional"),
                            rx.table.cell(
                                rx.button(
                                    "Pilih",
                                    size="1",
                                    type="button",
                                    on_click=D.pick(f.id),
                                    aria_label="Pilih " + f.nama,
                                )
                            ),
                        ),
                    ),
                    rx.table.row(
                        rx.table.cell(
                            rx.vstack(
                                rx.text("Data yang anda cari tidak ditemukan, Silahkan Tambah Data"),
                                rx.button("Tambah Data", type="button", size="2", on_click=D.open_proposal),
                            ),
                            col_span=8,
                        )
                    ),
                ),
            ),
            size="1",
            variant="surface",
        ),
        overflow_x="auto",
        width="100%",
    )


def faskes_search_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Pencarian Faskes"),
            rx.vstack(
                rx.box(
                    rx.el.label("Cari", html_for="cari-faskes", class_name="field-label"),
                    rx.input(
                        id="cari-faskes",
                        default_value=D.query,
                        placeholder="Nama, alamat, kode, pemilik",
                        on_change=D.search.debounce(300),
                        width="100%",
                    ),
                    width="100%",
                ),
                _faskes_table(),
                rx.text(D.summary, size="2", role="status"),
                rx.hstack(
                    rx.button("Sebelumnya", type="button", variant="soft", on_click=D.prev_page, disabled=D.page <= 1),
                    rx.button(
                        "Selanjutnya",
                        type="button",
                        variant="soft",
                        on_click=D.next_page,
                        disabled=D.page >= D.pages,
                    ),
                    rx.spacer(),
                    rx.button("Tambah Data", type="button", variant="outline", on_click=D.open_proposal),
                    rx.button("Tutup", type="button", color_scheme="gray", on_click=D.close_search),
                    width="100%",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="min(1000px, 96vw)",
        ),
        open=D.search_open,
        on_open_change=lambda open_: rx.cond(open_, D.open_search, D.close_search),
    )


def faskes_proposal_dialog() -> rx.Component:
    E = D.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Tambah Data Faskes"),
            rx.dialog.description(
                "Usulkan fasilitas kesehatan yang belum ada. Petugas DPMPTSP akan memeriksa "
                "dan memberi tahu Anda melalui WhatsApp.",
                size="2",
            ),
            rx.cond(
                D.proposal_info != "",
                rx.vstack(
                    form_alert(D.proposal_info, color="green"),
                    rx.button("Tutup", type="button", on_click=D.close_proposal),
                ),
                rx.form(
                    rx.vstack(
                        form_alert(D.form_error),
                        text_field("Nama Faskes", "usul_nama", E, max_length=200),
                        text_field("Alamat Faskes", "usul_alamat", E, max_length=300),
                        text_field("Nama Pemilik", "usul_pemilik", E, max_length=200),
                        text_field("Nama Penanggung Jawab", "usul_penanggung_jawab", E, max_length=200),
                        text_field("Kontak", "usul_kontak", E, type="tel", hint="Nomor WhatsApp yang dapat dihubungi."),
                        rx.grid(
                            text_field("Latitude Faskes", "usul_latitude", E, required=False),
                            text_field("Longitude Faskes", "usul_longitude", E, required=False),
                            columns="2",
                            spacing="3",
                            width="100%",
                        ),
                        rx.hstack(
                            rx.button("Kirim Usulan", type="submit"),
                            rx.button(
                                "Batal", type="button", variant="soft", color_scheme="gray", on_click=D.close_proposal
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
        ),
        open=D.proposal_open,
    )
