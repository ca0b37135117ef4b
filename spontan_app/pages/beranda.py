"""`/beranda`: the applicant's home with **Ajukan Permohonan** and **Daftar Permohonan Izin**."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.layout import link_button
from spontan_app.components.nav import applicant_page
from spontan_app.state.beranda import BerandaState, Row


def _row(row: Row) -> rx.Component:
    S = BerandaState
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.cond(
                    row.is_draft, rx.badge("Draf", color_scheme="amber"), rx.text(row.number, weight="bold", size="3")
                ),
                rx.text(row.izin, size="2"),
                rx.text(
                    rx.cond(row.is_draft, "Terakhir disimpan ", "Diajukan "), row.date, size="1", color_scheme="gray"
                ),
                rx.cond(row.due != "", rx.text("Perkiraan jadi: ", row.due, size="1", color_scheme="gray")),
                rx.text("Status kelengkapan: ", rx.text.strong(row.kelengkapan), size="1"),
                rx.text("Status proses: ", row.proses, size="1"),
                spacing="1",
                min_width="0",
            ),
            rx.spacer(),
            rx.vstack(
                rx.badge(row.status, variant="soft", size="2", color_scheme=row.badge_color),
                rx.cond(
                    row.is_draft,
                    rx.hstack(
                        rx.link("Lanjutkan", href="/permohonan/" + row.id.to_string(), size="2"),
                        rx.button(
                            "Hapus Draf",
                            size="1",
                            variant="soft",
                            color_scheme="red",
                            on_click=S.ask_delete(row.id, row.izin),
                        ),
                        spacing="3",
                        align="center",
                    ),
                    rx.hstack(
                        rx.cond(
                            row.is_issued,
                            rx.el.a(
                                rx.icon("download", size=16, aria_hidden="true"),
                                "Unduh Izin",
                                href="/izin/" + row.id.to_string(),
                                download=True,
                                reload_document=True,  # a file from the server, not a client-side route
                                class_name="rt-Button rt-r-size-2 rt-variant-solid download-button",
                            ),
                        ),
                        rx.link("Lacak", href="/lacak?nomor=" + row.number, size="2"),
                        rx.cond(
                            row.can_edit,
                            rx.link("Ubah", href="/permohonan/" + row.id.to_string(), size="2"),
                            rx.link("Detail", href="/permohonan/" + row.id.to_string(), size="2"),
                        ),
                        rx.cond(
                            row.can_cancel,
                            rx.button(
                                "Batalkan",
                                size="1",
                                variant="soft",
                                color_scheme="red",
                                on_click=S.ask_cancel(row.id, row.number),
                            ),
                        ),
                        spacing="3",
                        align="center",
                    ),
                ),
                align="end",
                spacing="2",
            ),
            gap="3",
            width="100%",
            direction=rx.breakpoints(initial="column", sm="row"),
        ),
        width="100%",
    )


def _ask(title: str, question: str, detail_label: str, detail, open_, on_cancel, on_ok) -> rx.Component:
    """The OK / Cancel question before an action that cannot be undone."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(question),
            rx.text(detail_label, rx.text.strong(detail), size="2", margin_top="0.5rem"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray", on_click=on_cancel)),
                rx.alert_dialog.action(rx.button("OK", color_scheme="red", on_click=on_ok)),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
        open=open_,
    )


def _confirm_dialog() -> rx.Component:
    S = BerandaState
    return _ask(
        "Batalkan Permohonan",
        "Apakah anda yakin akan membatalkan permohonan ini?",
        "Nomor Pendaftaran: ",
        S.confirm_number,
        S.confirm_open,
        S.dismiss_cancel,
        S.confirm_cancel,
    )


def _delete_dialog() -> rx.Component:
    S = BerandaState
    return _ask(
        "Hapus Draf",
        "Apakah anda yakin akan menghapus draf ini? Isian dan berkasnya ikut terhapus.",
        "Jenis izin: ",
        S.delete_izin,
        S.delete_open,
        S.dismiss_delete,
        S.confirm_delete,
    )


@applicant_page(route="/beranda", title="Beranda", on_load=BerandaState.load)
def beranda() -> rx.Component:
    S = BerandaState
    return rx.vstack(
        rx.flex(
            rx.vstack(
                rx.heading("Selamat datang, ", S.user_name, as_="h1", size="6"),
                rx.text("Username: ", S.user_identity, size="2", color_scheme="gray"),
                spacing="1",
            ),
            rx.spacer(),
            link_button("Ajukan Permohonan", "/permohonan/baru"),
            width="100%",
            align="center",
            wrap="wrap",
            gap="3",
        ),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger("Daftar Permohonan Izin", value="daftar")),
            rx.tabs.content(
                rx.vstack(
                    rx.cond(
                        S.total > 0,
                        rx.vstack(rx.foreach(S.rows, _row), spacing="2", width="100%"),
                        rx.card(
                            rx.text(
                                "Belum ada permohonan izin. Klik Ajukan Permohonan untuk memulai.", color_scheme="gray"
                            ),
                            width="100%",
                        ),
                    ),
                    rx.cond(
                        S.pages > 1,
                        rx.hstack(
                            rx.button("Sebelumnya", variant="soft", on_click=S.prev_page, disabled=S.page <= 1),
                            rx.text("Halaman ", S.page, " dari ", S.pages, size="2"),
                            rx.button("Selanjutnya", variant="soft", on_click=S.next_page, disabled=S.page >= S.pages),
                            align="center",
                        ),
                    ),
                    spacing="3",
                    padding_top="1rem",
                    width="100%",
                ),
                value="daftar",
            ),
            default_value="daftar",
            width="100%",
        ),
        _confirm_dialog(),
        _delete_dialog(),
        spacing="5",
        width="100%",
    )
