"""The shared page template: header, content column, footer."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.components.core.banner import has_connection_errors

from spontan_app.components.demo_banner import demo_banner
from spontan_app.components.i18n import lang_switch, tr
from spontan_app.state.lang import LangState

BRAND = "SPONTAN"
OFFICE = "DPMPTSP Kota Balikpapan"


def brand_mark() -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.image(src="/logo.svg", alt="", width="36px", height="36px"),
            rx.vstack(
                rx.text(BRAND, weight="bold", size="4", line_height="1"),
                rx.text(OFFICE, size="1", color_scheme="gray", line_height="1.2"),
                spacing="0",
            ),
            align="center",
            spacing="2",
        ),
        href="/",
        underline="none",
        color="inherit",
        title=tr("common.home_title"),  # the name is the visible text (WCAG 2.5.3)
    )


def header(*right: rx.Component) -> rx.Component:
    return rx.el.header(
        rx.hstack(
            brand_mark(),
            rx.spacer(),
            lang_switch(),
            *right,
            align="center",
            width="100%",
            max_width="1100px",
            margin_x="auto",
            padding_x="1rem",
            padding_y="0.6rem",
        ),
        border_bottom="1px solid var(--gray-a5)",
        background="var(--color-panel-solid)",
        position="sticky",
        top="0",
        z_index="10",
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.vstack(
            rx.text(tr("common.office_long"), size="2", weight="medium"),
            rx.text(
                tr("common.footer_tagline"),
                size="1",
                color_scheme="gray",
            ),
            spacing="1",
            max_width="1100px",
            margin_x="auto",
            padding="1.5rem 1rem",
        ),
        border_top="1px solid var(--gray-a5)",
        margin_top="3rem",
    )


def connection_banner() -> rx.Component:
    """Shown while the websocket is down; Reflex reconnects by itself and the banner goes."""
    return rx.cond(
        has_connection_errors,
        rx.box(
            rx.icon("wifi-off", size=18, aria_hidden="true"),
            rx.text(tr("common.connection_lost"), size="2", weight="medium"),
            role="alert",
            class_name="connection-banner",
        ),
    )


def page_shell(*children: rx.Component, header_right: list[rx.Component] | None = None) -> rx.Component:
    return rx.box(
        rx.el.a(tr("common.skip_link"), href="#isi", class_name="skip-link"),
        demo_banner(),
        header(*(header_right or [])),
        rx.el.main(
            *children,
            id="isi",
            max_width="1100px",
            margin_x="auto",
            padding_x="1rem",
            padding_top="1.5rem",
            width="100%",
        ),
        footer(),
        connection_banner(),
        rx.script(src="/spontan.js"),
        # Marks the moment the page is connected to the backend; tests wait for it.
        rx.cond(rx.State.is_hydrated, rx.el.span(id="spontan-ready", hidden=True)),
        min_height="100vh",
        display="flex",
        flex_direction="column",
        lang=LangState.lang,  # screen readers speak the page in its language
    )


def template(
    route: str,
    title: str,
    on_load: object | None = None,
    header_right: Callable[[], list[rx.Component]] | None = None,
) -> Callable[[Callable[[], rx.Component]], Callable[[], rx.Component]]:
    """Register a page at ``route`` wrapped in the shared shell (like reflex-dev's dashboard template)."""

    def decorator(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def page() -> rx.Component:
            return page_shell(body(), header_right=header_right() if header_right else None)

        page.__name__ = body.__name__
        # Reflex puts a page's memoized parts in a module named after this function's
        # module: the page's own, so a page loads only what it uses (not every page's
        # charts, uploads and maps through one module shared by all).
        page.__module__ = body.__module__
        # ``title``: a catalogue key; the browser tab's title follows the language too.
        kwargs = {"route": route, "title": tr(title) + f" | {BRAND} {OFFICE}"}
        if on_load is not None:
            kwargs["on_load"] = on_load
        return rx.page(**kwargs)(page)

    return decorator


def link_button(label: str | rx.Var, href: str, variant: str = "solid", size: str = "3") -> rx.Component:
    """Navigation that looks like a button but is a link (correct role for assistive tech)."""
    return rx.button(rx.link(label, href=href, underline="none"), as_child=True, variant=variant, size=size)
