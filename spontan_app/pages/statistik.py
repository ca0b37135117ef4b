"""`/statistik`: permits issued per month and per bidang, processing time against the
promise, share finished on time, the current IKM. Aggregates only: rows below five files are
folded into an "other" row (services/statistics.py)."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.i18n import tr
from spontan_app.components.nav import public_or_user_links, public_page
from spontan_app.state.statistik import StatistikState

BLUE, GREEN, GRAY = "#0b5cab", "#2f9e62", "#8b8d98"


def _figure(label: rx.Var, value, note: str = "") -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"),
            rx.text(value, size="7", weight="bold"),
            rx.cond(note != "", rx.text(note, size="1", color_scheme="gray")),
            spacing="1",
        ),
        width="100%",
        role="group",
        aria_label=label,
    )


def _named(title: rx.Var, table: rx.Component) -> rx.Component:
    """A table with an accessible name (Radix puts props on its wrapper, not the <table>)."""
    return rx.box(table, role="group", aria_label=title, width="100%")


def _cells_table(title: rx.Var, rows, first: rx.Var) -> rx.Component:
    return _named(
        title,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(first), rx.table.column_header_cell(tr("public.stats.issued_col"))
                )
            ),
            rx.table.body(
                rx.foreach(
                    rows,
                    lambda c: rx.table.row(
                        rx.table.row_header_cell(c["label"].to(str)), rx.table.cell(c["shown"].to(str))
                    ),
                )
            ),
            size="1",
            width="100%",
        ),
    )


def _bar(rows, key: str, color: str, *, vertical: bool = False) -> rx.Component:
    axes = (
        [
            rx.recharts.x_axis(type_="number", allow_decimals=False),
            rx.recharts.y_axis(data_key=key, type_="category", width=150),
        ]
        if vertical
        else [rx.recharts.x_axis(data_key=key), rx.recharts.y_axis(allow_decimals=False)]
    )
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.bar(data_key="count", name=tr("public.stats.issued_bar"), fill=color, is_animation_active=False),
        *axes,
        rx.recharts.graphing_tooltip(),
        data=rows,
        layout="vertical" if vertical else "horizontal",
        width="100%",
        height=260,
    )


def _panel(title: rx.Var, *children) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(title, as_="h2", size="4"), *children, spacing="3", width="100%"), width="100%")


def _times() -> rx.Component:
    S = StatistikState
    return _panel(
        tr("public.stats.times_heading"),
        rx.cond(
            S.times.length() > 0,
            rx.vstack(
                rx.recharts.bar_chart(
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                    rx.recharts.bar(
                        data_key="median", name=tr("public.stats.median"), fill=BLUE, is_animation_active=False
                    ),
                    rx.recharts.bar(
                        data_key="promised_days", name=tr("public.stats.promise"), fill=GRAY, is_animation_active=False
                    ),
                    rx.recharts.x_axis(data_key="izin_code"),
                    rx.recharts.y_axis(allow_decimals=False),
                    rx.recharts.graphing_tooltip(),
                    rx.recharts.legend(),
                    data=S.times,
                    width="100%",
                    height=240,
                ),
                _named(
                    tr("public.stats.times_table"),
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[
                                    rx.table.column_header_cell(tr(f"public.stats.{h}"))
                                    for h in ["col_izin", "median", "promise", "col_on_time"]
                                ]
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                S.times,
                                lambda t: rx.table.row(
                                    rx.table.row_header_cell(t["izin_name"].to(str)),
                                    rx.table.cell(t["median_text"].to(str)),
                                    rx.table.cell(t["promised_days"].to_string()),
                                    rx.table.cell(t["on_time"].to(str)),
                                ),
                            )
                        ),
                        size="1",
                        width="100%",
                    ),
                ),
                width="100%",
            ),
            rx.text(tr("public.stats.no_times"), size="2", color_scheme="gray"),
        ),
    )


@public_page(
    route="/statistik", title="title.statistik", on_load=StatistikState.load, header_right=public_or_user_links
)
def statistik() -> rx.Component:
    S = StatistikState
    return rx.vstack(
        rx.heading(tr("public.stats.heading"), as_="h1", size="7"),
        rx.text(
            tr("public.stats.period", period=S.period),
            size="2",
            color_scheme="gray",
        ),
        rx.grid(
            _figure(tr("public.stats.issued_col"), S.issued_total),
            _figure(tr("public.stats.median_overall"), S.median, tr("public.stats.working_days")),
            _figure(tr("public.stats.on_time"), S.on_time),
            _figure(tr("public.stats.ikm"), rx.cond(S.ikm != "", S.ikm, tr("public.stats.few_responses"))),
            columns=rx.breakpoints(initial="2", md="4"),
            spacing="3",
            width="100%",
        ),
        rx.cond(
            S.ikm != "",
            rx.text(
                tr("public.stats.quality"),
                rx.text.strong(S.ikm_grade),
                tr("public.stats.of_responses", count=S.ikm_responses.to_string()),
                size="2",
            ),
        ),
        rx.grid(
            _panel(
                tr("public.stats.per_month"),
                _bar(S.month_chart, "label", BLUE),
                _cells_table(tr("public.stats.per_month_table"), S.per_month, tr("public.stats.month")),
            ),
            _panel(
                tr("public.stats.per_bidang"),
                _bar(S.bidang_chart, "label", GREEN, vertical=True),
                _cells_table(tr("public.stats.per_bidang_table"), S.per_bidang, tr("public.stats.bidang")),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        _times(),
        spacing="4",
        width="100%",
    )
