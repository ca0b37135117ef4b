"""The DEMO banner shown on every page of a demo deployment (``SPONTAN_DEMO=1``)."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.i18n import tr
from spontan_app.state.demo import DemoState

INBOX_ROUTE = "/demo/pesan"


def demo_banner() -> rx.Component:
    """In the page flow (not fixed), so it never covers content on a phone."""
    return rx.cond(
        DemoState.enabled,
        rx.el.aside(
            rx.el.div(
                rx.el.strong("DEMO", class_name="demo-badge"),
                rx.el.span(
                    tr("public.demo.banner"),
                    rx.el.a(tr("public.demo.inbox_link"), href=INBOX_ROUTE),
                    ".",
                ),
                class_name="demo-banner-inner",
            ),
            aria_label=tr("public.demo.aria"),
            class_name="demo-banner",
        ),
    )
