"""Pieces of `/admin/permohonan/[id]` that only draw: the file's history and its permit
(with the Kepala Dinas's revocation dialog)."""

from __future__ import annotations

import reflex as rx

from spontan_app.admin.layout import panel
from spontan_app.admin.proses_state import ProsesState
from spontan_app.components.forms import form_alert


def history_panel() -> rx.Component:
    return panel(
        rx.heading("Riwayat Berkas", as_="h2", size="4"),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(h) for h in ("No", "Proses Berkas", "Petugas", "Waktu", "Status")]
                )
            ),
            rx.table.body(
                rx.foreach(
                    ProsesState.history,
                    lambda h: rx.table.row(
                        rx.table.cell(h["no"]),
                        rx.table.cell(
                            rx.text(h["stage"], size="2"),
                            rx.text(h["desk"], size="1", color_scheme="gray"),
                            rx.cond(h["note"].to(str) != "", rx.text("Catatan: ", h["note"], size="1")),
                        ),
                        rx.table.cell(h["actor"]),
                        rx.table.cell(rx.text(h["start"], size="1"), rx.text(h["end"], size="1", color_scheme="gray")),
                        rx.table.cell(rx.badge(h["status"], variant="soft")),
                    ),
                )
            ),
            width="100%",
            size="1",
        ),
    )


def permit_panel() -> rx.Component:
    S = ProsesState
    v = S.view
    reason_error = S.errors.get("reason", "")
    return rx.cond(
        v["permit_id"].to(int) != 0,
        panel(
            rx.heading("Dokumen Izin", as_="h2", size="4"),
            rx.el.dl(
                rx.el.dt("Nomor Izin"),
                rx.el.dd(v["permit_number"]),
                rx.el.dt("Status"),
                rx.el.dd(rx.cond(v["permit_revoked"].to(bool), "Dicabut", "Berlaku")),
                class_name="kv",
            ),
            rx.hstack(
                rx.el.a(
                    "Lihat Dokumen Izin",
                    href="/admin/izin/" + v["id"].to_string(),
                    target="_blank",
                    reload_document=True,
                    class_name="text-link",
                ),
                rx.link(
                    "Halaman verifikasi",
                    href="/verifikasi-izin/" + v["permit_code"].to(str),
                    is_external=True,
                    size="2",
                ),
                rx.spacer(),
                rx.cond(
                    v["can_revoke"].to(bool),
                    rx.button("Cabut Izin", color_scheme="red", variant="soft", on_click=S.ask_revoke),
                ),
                width="100%",
                align="center",
            ),
            rx.dialog.root(
                rx.dialog.content(
                    rx.dialog.title("Cabut Izin"),
                    rx.dialog.description("Izin yang dicabut tampil sebagai Izin Tidak Berlaku di halaman verifikasi."),
                    rx.form(
                        rx.vstack(
                            rx.el.label("Alasan Pencabutan", html_for="reason", class_name="field-label"),
                            rx.text_area(id="reason", name="reason", rows="3", width="100%"),
                            rx.cond(reason_error != "", rx.text(reason_error, color_scheme="red", size="2")),
                            form_alert(S.form_error),
                            rx.hstack(
                                rx.dialog.close(
                                    rx.button("Cancel", type="button", variant="soft", color_scheme="gray")
                                ),
                                rx.button("OK", type="submit", color_scheme="red"),
                                justify="end",
                                width="100%",
                            ),
                            width="100%",
                        ),
                        on_submit=S.revoke,
                        reset_on_submit=False,
                    ),
                ),
                open=S.revoke_open,
                on_open_change=S.revoke_dialog,
            ),
        ),
    )
