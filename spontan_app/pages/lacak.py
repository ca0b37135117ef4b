"""`/lacak`: public tracking by Nomor Pendaftaran + captcha, with the timeline."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import captcha_field, card_form, form_alert, server_form, submit_button, text_field
from spontan_app.components.nav import public_or_user_links, public_page
from spontan_app.state.lacak import RESULT_LABELS, LacakState


def _result() -> rx.Component:
    S = LacakState
    return rx.card(
        rx.vstack(
            rx.heading("Hasil Pencarian", as_="h2", size="5"),
            rx.data_list.root(
                *[
                    rx.data_list.item(
                        rx.data_list.label(rx.hstack(rx.icon(icon, size=14), label, align="center", spacing="1")),
                        rx.data_list.value(rx.cond(S.result.get(key, "") != "", S.result.get(key, ""), "-")),
                    )
                    for label, key, icon in RESULT_LABELS
                ],
                orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
            ),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("No"),
                            rx.table.column_header_cell("Proses Berkas"),
                            rx.table.column_header_cell("Waktu Awal"),
                            rx.table.column_header_cell("Waktu Akhir"),
                            rx.table.column_header_cell("Status"),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            S.timeline,
                            lambda r: rx.table.row(
                                rx.table.cell(r.no),
                                rx.table.cell(r.stage),
                                rx.table.cell(r.start),
                                rx.table.cell(r.end),
                                rx.table.cell(rx.badge(r.status, variant="soft")),
                            ),
                        )
                    ),
                    variant="surface",
                    size="1",
                ),
                overflow_x="auto",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


@public_page(route="/lacak", title="Lacak Berkas", on_load=LacakState.load, header_right=public_or_user_links)
def lacak() -> rx.Component:
    S = LacakState
    return rx.vstack(
        card_form(
            "Lacak Status Berkas",
            server_form(
                form_alert(S.form_error),
                text_field(
                    "Nomor Pendaftaran",
                    "nomor",
                    S.errors,
                    default_value=S.nomor,
                    hint="Contoh: 1/SIPD-B/09/2023",
                    max_length=40,
                    key=S.nomor,
                ),
                captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce),
                submit_button("Lacak"),
                on_submit=S.submit,
            ),
            subtitle="Masukkan Nomor Pendaftaran dari WhatsApp atau Beranda Anda.",
            max_width="520px",
        ),
        rx.cond(S.result.length() > 0, _result()),
        spacing="5",
        width="100%",
    )
