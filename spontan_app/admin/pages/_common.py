"""Small pieces shared by the master-data and report pages: a pager, a date parser, the
"not for your role" notice and a native select with a real label."""

from __future__ import annotations

from datetime import date
from typing import Any

import reflex as rx

from spontan_app.services.errors import NotLoggedIn, PermissionDenied
from spontan_app.state.base import Result


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def denied(result: Result) -> bool:
    """The service refused the officer's role (not a lost login)."""
    return isinstance(result.error, PermissionDenied) and not isinstance(result.error, NotLoggedIn)


def denied_notice(message: rx.Var) -> rx.Component:
    return rx.callout(
        rx.text("Anda tidak memiliki akses ke halaman ini. ", message),
        icon="shield-alert",
        color_scheme="red",
        role="alert",
        width="100%",
    )


def pager(summary: rx.Var, page: rx.Var, pages: rx.Var, go: Any) -> rx.Component:
    return rx.hstack(
        rx.text(summary, size="2", color_scheme="gray", role="status"),
        rx.spacer(),
        rx.button("Sebelumnya", variant="soft", disabled=page <= 1, on_click=go(page - 1)),
        rx.text(page.to_string() + " / " + pages.to_string(), size="2"),
        rx.button("Selanjutnya", variant="soft", disabled=page >= pages, on_click=go(page + 1)),
        align="center",
        width="100%",
    )


def labelled(label: str, control_id: str, control: rx.Component, **props: Any) -> rx.Component:
    return rx.flex(
        rx.el.label(label, html_for=control_id, class_name="field-label"),
        control,
        direction="column",
        gap="4px",
        **props,
    )


def native_select(
    label: str, name: str, options: list[tuple[str, str]] | rx.Var, first: str | None = None, **props: Any
) -> rx.Component:
    """A labelled native <select> for filter forms (``options`` are (value, text))."""
    if isinstance(options, rx.Var):
        items = rx.foreach(options, lambda o: rx.el.option(o[1], value=o[0]))
    else:
        items = [rx.el.option(t, value=v) for v, t in options]
    head = [rx.el.option(first, value="")] if first is not None else []
    return labelled(label, name, rx.el.select(*head, items, id=name, name=name, class_name="native-select", **props))


def date_input(label: str, name: str) -> rx.Component:
    return labelled(label, name, rx.input(id=name, name=name, type="date"))


def table(headers: list[str], body: rx.Component, **props: Any) -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(body),
        width="100%",
        variant="surface",
        **props,
    )
