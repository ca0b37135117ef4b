"""Header contents: public links, or the logged-in applicant's menu with Keluar."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.i18n import tr
from spontan_app.components.layout import template
from spontan_app.state.auth import AuthState


def public_links() -> list[rx.Component]:
    return [
        rx.link(tr("public.nav.track"), href="/lacak", size="2", display=rx.breakpoints(initial="none", sm="inline")),
        _phone_icon("search", "public.nav.track", "/lacak"),
        rx.link(tr("public.nav.login"), href="/login", size="2", weight="medium"),
    ]


def _phone_icon(icon: str, label_key: str, href: str) -> rx.Component:
    label = tr(label_key)
    return rx.link(
        rx.icon(icon, size=20, aria_hidden="true"),
        href=href,
        aria_label=label,
        title=label,
        display=rx.breakpoints(initial="inline-flex", sm="none"),
        padding="12px",  # a 44 px tap target
        align_items="center",
        justify_content="center",
    )


def user_menu() -> list[rx.Component]:
    return [
        rx.cond(
            AuthState.logged_in,
            rx.hstack(
                rx.link(
                    tr("public.nav.home"),
                    href="/beranda",
                    size="2",
                    display=rx.breakpoints(initial="none", sm="inline"),
                ),
                rx.link(
                    tr("public.nav.profile"),
                    href="/profil",
                    size="2",
                    display=rx.breakpoints(initial="none", sm="inline"),
                ),
                # On a phone the text links give way to icons with the same names.
                _phone_icon("house", "public.nav.home", "/beranda"),
                _phone_icon("user-cog", "public.nav.profile", "/profil"),
                rx.avatar(
                    src=AuthState.user_photo,
                    fallback=AuthState.user_name[:1],
                    size="2",
                    radius="full",
                    alt=tr("public.nav.photo_alt", name=AuthState.user_name),
                    display=rx.breakpoints(initial="none", sm="inline-flex"),
                ),
                rx.text(
                    AuthState.user_name,
                    size="2",
                    weight="medium",
                    max_width="160px",
                    truncate=True,
                    display=rx.breakpoints(initial="none", md="block"),
                ),
                rx.button(
                    rx.icon("log-out", size=16, aria_hidden="true"),
                    rx.el.span(tr("public.nav.logout"), class_name="hide-on-phone"),
                    aria_label=tr("public.nav.logout"),
                    variant="soft",
                    color_scheme="gray",
                    size="2",
                    on_click=AuthState.logout,
                ),
                align="center",
                spacing=rx.breakpoints(initial="1", sm="3"),  # a phone's header holds it all
            ),
        )
    ]


def applicant_page(route: str, title: str, on_load=None):
    """An applicant page: login required (re-checked by every service call anyway)."""
    extra = [] if on_load is None else list(on_load) if isinstance(on_load, list | tuple) else [on_load]
    loads = [AuthState.require_login, *extra]
    return template(route=route, title=title, on_load=loads, header_right=user_menu)


def public_or_user_links() -> list[rx.Component]:
    """A public page that a logged-in applicant also uses (Lacak): their menu when known."""
    return [
        rx.cond(AuthState.logged_in, rx.hstack(*user_menu()), rx.hstack(*public_links(), spacing="3", align="center"))
    ]


def public_page(route: str, title: str, on_load=None, header_right=public_links):
    return template(route=route, title=title, on_load=on_load, header_right=header_right)
