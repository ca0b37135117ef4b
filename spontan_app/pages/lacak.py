"""`/lacak`: public tracking by Nomor Pendaftaran + captcha, with the timeline."""

from __future__ import annotations

import reflex as rx

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
from spontan_app.components.nav import public_or_user_links, public_page
from spontan_app.state.lacak import RESULT_LABELS, LacakState


def _value(key: str) -> rx.Component:
    S = LacakState
    if key == "status_sentence":
        # The plain label as a badge, then where the file is.
        return rx.flex(
            rx.badge(
                S.result.get("status_label", ""),
                variant="soft",
                size="2",
                color_scheme=S.result.get("status_color", "gray"),
            ),
            rx.text(S.result.get(key, "")),
            align="center",
            wrap="wrap",
            style={"column-gap": "0.5rem", "row-gap": "0.25rem"},
        )
    return rx.cond(S.result.get(key, "") != "", S.result.get(key, ""), "-")


def _timeline_table() -> rx.Component:
    """Desktop and tablet: the table of the manual (No, Proses Berkas, … Status)."""
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(tr(f"lacak.col.{h}"))
                        for h in ("no", "stage", "start", "end", "status")
                    ]
                )
            ),
            rx.table.body(
                rx.foreach(
                    LacakState.timeline,
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
        display=rx.breakpoints(initial="none", sm="block"),
    )


def _timeline_list() -> rx.Component:
    """Phones: the same history as a vertical list, nothing clipped at 360 px."""
    return rx.el.ol(
        rx.foreach(
            LacakState.timeline,
            lambda r: rx.el.li(
                rx.text(r.no, ". ", r.stage, weight="medium", size="2"),
                rx.text(tr("lacak.start_prefix"), r.start, size="1", color_scheme="gray"),
                rx.text(tr("lacak.end_prefix"), rx.cond(r.end != "", r.end, "-"), size="1", color_scheme="gray"),
                rx.badge(r.status, variant="soft", width="fit-content"),
                class_name="timeline-item",
            ),
        ),
        class_name="timeline-list",
        aria_label=tr("lacak.history_aria"),
        display=rx.breakpoints(initial="flex", sm="none"),
    )


def _result() -> rx.Component:
    S = LacakState
    return rx.card(
        rx.vstack(
            rx.heading(tr("lacak.result_heading"), as_="h2", size="5"),
            rx.data_list.root(
                *[
                    rx.data_list.item(
                        rx.data_list.label(rx.hstack(rx.icon(icon, size=14), tr(label), align="center", spacing="1")),
                        rx.data_list.value(_value(key)),
                    )
                    for label, key, icon in RESULT_LABELS
                ],
                orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
            ),
            rx.cond(
                S.result.get("next_step", "") != "",
                rx.callout(S.result.get("next_step", ""), icon="list-checks", color_scheme="blue", width="100%"),
            ),
            rx.heading(tr("lacak.history_heading"), as_="h3", size="3"),
            _timeline_table(),
            _timeline_list(),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


def _owner_heading() -> rx.Component:
    """Lacak from /beranda: the owner's own file at once, no captcha to type."""
    return rx.flex(
        rx.heading(tr("lacak.title"), as_="h1", size="6"),
        rx.link(tr("lacak.other_number"), href="/lacak", size="2", class_name="text-link"),  # 44 px on phones
        justify="between",
        align="center",
        wrap="wrap",
        gap="3",
        width="100%",
    )


def _search_form() -> rx.Component:
    S = LacakState
    return card_form(
        tr("lacak.title"),
        rx.text(tr("lacak.subtitle"), color_scheme="gray", size="2"),
        server_form(
            field_error_summary(S.errors, ["nomor", "captcha"]),
            form_alert(S.form_error),
            text_field(
                tr("lacak.label.number"),
                "nomor",
                S.errors,
                default_value=S.nomor,
                hint=tr("lacak.number_hint"),
                max_length=40,
                key=S.nomor,
            ),
            captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce, S.captcha_audio),
            submit_button(tr("lacak.submit")),
            on_submit=S.submit,
        ),
        max_width="520px",
    )


@public_page(route="/lacak", title="title.lacak", on_load=LacakState.load, header_right=public_or_user_links)
def lacak() -> rx.Component:
    S = LacakState
    return rx.vstack(
        rx.cond(S.owner_view, _owner_heading(), _search_form()),
        rx.cond(S.result.length() > 0, _result()),
        spacing="5",
        width="100%",
    )
