"""`/`: landing page of DPMPTSP Kota Balikpapan with Registrasi Akun and Login."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.i18n import tr
from spontan_app.components.layout import link_button
from spontan_app.components.nav import public_page
from spontan_app.state.landing import LandingState

# (icon, catalogue key of the title, of the text)
STEPS = [
    ("user-plus", "public.landing.step1_title", "public.landing.step1_text"),
    ("message-circle", "public.landing.step2_title", "public.landing.step2_text"),
    ("file-text", "public.landing.step3_title", "public.landing.step3_text"),
    ("search", "public.landing.step4_title", "public.landing.step4_text"),
]


def _hero() -> rx.Component:
    return rx.vstack(
        rx.badge("DPMPTSP Kota Balikpapan", size="2", variant="soft"),
        rx.heading(tr("public.landing.heading"), as_="h1", size=rx.breakpoints(initial="7", md="8")),
        rx.text(
            tr("public.landing.lead"),
            size="4",
            color_scheme="gray",
        ),
        rx.flex(
            link_button(tr("public.landing.register"), "/registrasi"),
            link_button(tr("public.nav.login"), "/login", variant="outline"),
            spacing="3",
            wrap="wrap",
        ),
        rx.link(tr("public.landing.track_no_login"), href="/lacak", size="2"),
        spacing="4",
        padding_y="2rem",
        max_width="720px",
    )


def _step(icon: str, title_key: str, text_key: str, number: int) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon(icon, size=22, aria_hidden="true"),
            rx.text(f"{number}. ", tr(title_key), weight="bold"),
            align="center",
        ),
        rx.text(tr(text_key), size="2", color_scheme="gray", margin_top="0.4rem"),
    )


def _bidang_card(item: dict) -> rx.Component:
    """Leads to the public catalogue of that bidang (requirements, cost, lama proses)."""
    return rx.link(
        rx.card(
            rx.text(item["name"], weight="bold"),
            rx.text(item["description"], size="2", color_scheme="gray"),
            rx.badge(
                # "8 jenis izin" from the state: its number, in the tab's language.
                tr("public.landing.bidang_count", count=item["count"].to(str).split(" ")[0]),
                margin_top="0.5rem",
                variant="surface",
            ),
            class_name="choice-card",
            height="100%",
        ),
        href="/layanan?bidang=" + item["code"],
        underline="none",
        color="inherit",  # named by its visible text (WCAG 2.5.3), which starts with the bidang
    )


@public_page(route="/", title="title.beranda", on_load=LandingState.load)
def landing() -> rx.Component:
    return rx.vstack(
        _hero(),
        rx.heading(tr("public.landing.how_heading"), as_="h2", size="5"),
        rx.grid(
            *[_step(icon, title, text, i) for i, (icon, title, text) in enumerate(STEPS, start=1)],
            columns=rx.breakpoints(initial="1", sm="2", md="4"),
            spacing="3",
            width="100%",
        ),
        rx.heading(tr("public.landing.services_heading"), as_="h2", size="5", margin_top="1.5rem"),
        rx.text(tr("public.landing.total_izin", count=LandingState.total_izin.to_string()), size="2"),
        rx.hstack(
            rx.link(tr("public.landing.catalogue_link"), href="/layanan", size="2"),
            rx.link(tr("public.landing.stats_link"), href="/statistik", size="2"),
            spacing="4",
            wrap="wrap",
        ),
        rx.grid(
            rx.foreach(LandingState.bidang, _bidang_card),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="3",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
