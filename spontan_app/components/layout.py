"""The shared page template: header, content column, footer."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

BRAND = "SPONTAN"
OFFICE = "DPMPTSP Kota Balikpapan"
OFFICE_LONG = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Balikpapan"


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
        aria_label=f"{BRAND} — beranda {OFFICE}",
    )


def header(*right: rx.Component) -> rx.Component:
    return rx.el.header(
        rx.hstack(
            brand_mark(),
            rx.spacer(),
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
            rx.text(OFFICE_LONG, size="2", weight="medium"),
            rx.text(
                "SPONTAN — Sistem Pendaftaran Online Tanpa Antrian. Layanan ini tidak dipungut biaya.",
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


def page_shell(*children: rx.Component, header_right: list[rx.Component] | None = None) -> rx.Component:
    return rx.box(
        rx.el.a("Langsung ke isi halaman", href="#isi", class_name="skip-link"),
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
        # Marks the moment the page is connected to the backend; tests wait for it.
        rx.cond(rx.State.is_hydrated, rx.el.span(id="spontan-ready", hidden=True)),
        min_height="100vh",
        display="flex",
        flex_direction="column",
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
        kwargs = {"route": route, "title": f"{title} | {BRAND} {OFFICE}"}
        if on_load is not None:
            kwargs["on_load"] = on_load
        return rx.page(**kwargs)(page)

    return decorator


def link_button(label: str, href: str, variant: str = "solid", size: str = "3") -> rx.Component:
    """Navigation that looks like a button but is a link (correct role for assistive tech)."""
    return rx.button(rx.link(label, href=href, underline="none"), as_child=True, variant=variant, size=size)
