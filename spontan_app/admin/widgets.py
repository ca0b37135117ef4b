"""Small building blocks shared by the back-office pages: the "not for your role" notice, a
labelled native select, a checkbox, the OK/Cancel dialog, tables, the pager, date fields."""

from __future__ import annotations

from datetime import date
from typing import Any

import reflex as rx
from reflex.vars import Var

from spontan_app.components.forms import _error_text, _label
from spontan_app.components.i18n import tr
from spontan_app.domain.enums import StaffRole
from spontan_app.i18n import DEFAULT_LANG, msg, t
from spontan_app.services.errors import NotLoggedIn, PermissionDenied
from spontan_app.state.base import Result

# Labels may be plain strings or ``tr(...)`` vars (the page's language).
Label = str | Var

DENIED = msg("admin.widgets.denied_admin_only")


def denied_message(error: Exception | None, lang: str = DEFAULT_LANG) -> str:
    """The page-level message for an officer whose role may not use the page, else ""
    (in ``lang``: a state passes ``self.lang``)."""
    return t("admin.widgets.denied_admin_only", lang) if isinstance(error, PermissionDenied) else ""


def denied_callout(message: Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="shield-alert", color_scheme="red", role="alert", width="100%"),
    )


def select_default(
    label: Label, name: str, errors: Var, options: Var | list[tuple[str, str]], default: Any, *, required: bool = True
) -> rx.Component:
    """A native <select> inside an uncontrolled form, starting at ``default``."""
    error = errors.get(name, "")
    if isinstance(options, Var):
        items = rx.foreach(options, lambda o: rx.el.option(o[1], value=o[0]))
    else:
        items = [rx.el.option(text, value=val) for val, text in options]
    return rx.box(
        _label(label, name, required),
        rx.el.select(
            rx.el.option(tr("admin.widgets.choose"), value=""),
            items,
            id=name,
            name=name,
            default_value=default,
            class_name="native-select",
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=f"{name}-error",
        ),
        _error_text(error, name),
        class_name="field",
    )


def checkbox(label: Label, name: str, default: Any = False) -> rx.Component:
    """A labelled checkbox; the form sends ``name=on`` when it is ticked."""
    return rx.el.label(
        rx.el.input(type="checkbox", id=name, name=name, default_checked=default),
        label,
        html_for=name,
        class_name="choice",
    )


def confirm_dialog(open_: Var, text: Var, on_ok: Any, on_open_change: Any, *body: rx.Component) -> rx.Component:
    """OK / Cancel. OK is a plain button: the dialog stays open when the server refuses."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(tr("admin.widgets.confirm")),
            rx.alert_dialog.description(text),
            *body,
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(tr("admin.widgets.cancel"), variant="soft", color_scheme="gray", auto_focus=True)
                ),
                rx.button(tr("admin.widgets.ok"), on_click=on_ok),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
        open=open_,
        on_open_change=on_open_change,
    )


def table(headers: list[Label], rows: Var, row: Any, **props: Any) -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(rows, row)),
        width="100%",
        variant="surface",
        **props,
    )


def pager(summary: Var, page: Var, pages: Var, go: Any) -> rx.Component:
    return rx.hstack(
        rx.text(summary, size="2", color_scheme="gray", role="status"),
        rx.spacer(),
        rx.button(tr("admin.widgets.previous"), variant="soft", disabled=page <= 1, on_click=go(page - 1)),
        rx.text(page.to_string() + " / " + pages.to_string(), size="2"),
        rx.button(tr("admin.widgets.next"), variant="soft", disabled=page >= pages, on_click=go(page + 1)),
        align="center",
        width="100%",
    )


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
        rx.text(tr("admin.widgets.no_access"), " ", message),
        icon="shield-alert",
        color_scheme="red",
        role="alert",
        width="100%",
    )


def labelled(label: Label, control_id: str, control: rx.Component, **props: Any) -> rx.Component:
    return rx.flex(
        rx.el.label(label, html_for=control_id, class_name="field-label"),
        control,
        direction="column",
        gap="4px",
        **props,
    )


def native_select(
    label: Label, name: str, options: list[tuple[str, str]] | rx.Var, first: Label | None = None, **props: Any
) -> rx.Component:
    """A labelled native <select> for filter forms (``options`` are (value, text))."""
    if isinstance(options, rx.Var):
        items = rx.foreach(options, lambda o: rx.el.option(o[1], value=o[0]))
    else:
        items = [rx.el.option(t, value=v) for v, t in options]
    head = [rx.el.option(first, value="")] if first is not None else []
    return labelled(label, name, rx.el.select(*head, items, id=name, name=name, class_name="native-select", **props))


def date_input(label: Label, name: str) -> rx.Component:
    return labelled(label, name, rx.input(id=name, name=name, type="date"))


def table_of(headers: list[Label], body: rx.Component, **props: Any) -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(body),
        width="100%",
        variant="surface",
        **props,
    )


def role_text(role: Var) -> Var:
    """A staff role's label (``admin.role.<value>``) in the tab's language."""

    return rx.match(role, *[(r.value, tr(f"admin.role.{r.value}")) for r in StaffRole], "").to(str)
