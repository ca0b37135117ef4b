"""The back-office frame: header with the officer's name and Keluar, a side menu, content."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import role_text
from spontan_app.components.demo_banner import demo_banner
from spontan_app.components.i18n import lang_switch, tr
from spontan_app.components.layout import BRAND, OFFICE, connection_banner
from spontan_app.state.lang import LangState

BACK_OFFICE = f"{BRAND} Back Office"  # the product's name, the same in both languages

# (label's catalogue key, route, icon, who sees it: "all", "admin", "reports")
MENU: list[tuple[str, str, str, str]] = [
    ("admin.menu.desk", "/admin", "inbox", "all"),
    ("admin.menu.reports", "/admin/laporan", "chart-column", "reports"),
    ("admin.menu.survey", "/admin/skm", "star", "reports"),
    ("admin.menu.audit", "/admin/audit", "scroll-text", "reports"),
    ("admin.menu.catalogue", "/admin/katalog", "book-open", "admin"),
    ("admin.menu.faskes", "/admin/faskes", "hospital", "admin"),
    ("admin.menu.faskes_proposals", "/admin/usulan-faskes", "clipboard-plus", "admin"),
    ("admin.menu.holidays", "/admin/libur", "calendar-x", "admin"),
    ("admin.menu.users", "/admin/pengguna", "users", "admin"),
    ("admin.menu.applicants", "/admin/pemohon", "id-card", "admin"),
    ("admin.menu.account_security", "/admin/akun", "shield-check", "all"),
]


def _menu_item(label: str | rx.Var, route: str, icon: str) -> rx.Component:
    active = rx.State.router.page.path == route
    return rx.link(
        rx.hstack(rx.icon(icon, size=16, aria_hidden="true"), rx.text(label, size="2"), spacing="2", align="center"),
        href=route,
        underline="none",
        class_name=rx.cond(active, "admin-menu-item active", "admin-menu-item"),
        aria_current=rx.cond(active, "page", "false"),
    )


def _menu() -> rx.Component:
    items = []
    for key, route, icon, who in MENU:
        item = _menu_item(tr(key), route, icon)
        if who == "admin":
            item = rx.cond(StaffState.is_admin, item)
        elif who == "reports":
            item = rx.cond(StaffState.can_read_reports, item)
        items.append(item)
    return rx.el.nav(
        rx.vstack(*items, spacing="1", width="100%"), aria_label=tr("admin.layout.menu_label"), class_name="admin-nav"
    )


def _header() -> rx.Component:
    return rx.el.header(
        rx.hstack(
            rx.link(
                rx.hstack(
                    rx.image(src="/logo.svg", alt="", width="32px", height="32px"),
                    rx.vstack(
                        rx.text(BACK_OFFICE, weight="bold", size="3", line_height="1"),
                        rx.text(OFFICE, size="1", color_scheme="gray"),
                        spacing="0",
                    ),
                    align="center",
                    spacing="2",
                ),
                href="/admin",
                underline="none",
                color="inherit",
            ),
            rx.spacer(),
            lang_switch(),
            rx.cond(
                StaffState.staff_logged_in,
                rx.hstack(
                    rx.vstack(
                        rx.text(StaffState.staff_name, size="2", weight="medium"),
                        rx.text(role_text(StaffState.staff_role), size="1", color_scheme="gray"),
                        spacing="0",
                        align="end",
                    ),
                    rx.button(
                        rx.icon("log-out", size=16, aria_hidden="true"),
                        tr("admin.layout.logout"),
                        variant="soft",
                        color_scheme="gray",
                        on_click=StaffState.staff_logout,
                    ),
                    align="center",
                    spacing="3",
                ),
            ),
            align="center",
            width="100%",
            padding_x="1.25rem",
            padding_y="0.6rem",
        ),
        border_bottom="1px solid var(--gray-a5)",
        background="var(--color-panel-solid)",
        position="sticky",
        top="0",
        z_index="10",
    )


def admin_shell(*children: rx.Component, with_menu: bool = True) -> rx.Component:
    body = rx.el.main(*children, id="isi", class_name="admin-main")
    return rx.box(
        rx.el.a(tr("common.skip_link"), href="#isi", class_name="skip-link"),
        demo_banner(),
        _header(),
        rx.hstack(_menu(), body, align="start", spacing="0", width="100%") if with_menu else body,
        connection_banner(),
        rx.cond(rx.State.is_hydrated, rx.el.span(id="spontan-ready", hidden=True)),
        min_height="100vh",
        background="var(--gray-2)",
        lang=LangState.lang,
    )


def admin_page(route: str, title: str | rx.Var, on_load: object | None = None, with_menu: bool = True):
    """Register a back-office page; the officer is checked on load (and by every service call)."""
    loads = [StaffState.require_staff] if with_menu else []
    if on_load is not None:
        loads += on_load if isinstance(on_load, list) else [on_load]

    def decorator(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def page() -> rx.Component:
            return admin_shell(body(), with_menu=with_menu)

        page.__name__ = f"admin_{body.__name__}"
        page.__module__ = body.__module__  # its memoized parts in its own module (see template())
        full_title = title + f" | {BACK_OFFICE}" if isinstance(title, rx.Var) else f"{title} | {BACK_OFFICE}"
        kwargs: dict = {"route": route, "title": full_title}
        if loads:
            kwargs["on_load"] = loads
        return rx.page(**kwargs)(page)

    return decorator


def page_heading(title: str | rx.Var, *right: rx.Component, subtitle: str | rx.Var | None = None) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.heading(title, as_="h1", size="6"),
            rx.text(subtitle, size="2", color_scheme="gray") if subtitle is not None else rx.fragment(),
            spacing="1",
        ),
        rx.spacer(),
        *right,
        align="end",
        width="100%",
        margin_bottom="1rem",
    )


def panel(*children: rx.Component, **props) -> rx.Component:
    return rx.card(rx.vstack(*children, spacing="3", width="100%"), width="100%", **props)
