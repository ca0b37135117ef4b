"""`/demo/pesan`: Kotak Pesan Demo — the WhatsApp messages sent to the numbers registered
in this browser, on a demo deployment (SPONTAN_DEMO=1) only."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.demo_banner import INBOX_ROUTE
from spontan_app.components.forms import card_form, form_alert
from spontan_app.components.i18n import tr
from spontan_app.components.layout import link_button
from spontan_app.components.nav import public_or_user_links, public_page
from spontan_app.state.demo import DemoInboxState, DemoState


def _message(message: rx.Var) -> rx.Component:
    return rx.el.article(
        rx.vstack(
            rx.hstack(
                rx.text(tr("public.demo.to"), rx.el.strong(message["to"]), size="2"),
                rx.spacer(),
                rx.text(message["when"], " WITA", size="1", color_scheme="gray"),
                width="100%",
                wrap="wrap",
            ),
            rx.text(message["body"], size="3", class_name="demo-message"),
            rx.cond(
                message["link"] != "",
                rx.link(tr("public.demo.open_link"), href=message["link"], weight="bold", size="2"),
            ),
            spacing="2",
            width="100%",
        ),
        aria_label=tr("public.demo.message_aria", when=message["when"].to(str)),
        class_name="demo-message-card",
    )


def _empty() -> rx.Component:
    S = DemoInboxState
    return rx.cond(
        S.numbers.length() > 0,
        rx.text(tr("public.demo.no_messages"), size="3"),
        rx.vstack(
            rx.text(
                tr("public.demo.no_numbers"),
                size="3",
            ),
            link_button(tr("public.landing.register"), "/registrasi"),
            spacing="3",
        ),
    )


@public_page(
    route=INBOX_ROUTE, title="title.demo_pesan", on_load=DemoInboxState.load, header_right=public_or_user_links
)
def demo_pesan() -> rx.Component:
    S = DemoInboxState
    return card_form(
        tr("public.demo.inbox_link"),
        rx.cond(
            DemoState.enabled,
            rx.vstack(
                rx.text(
                    tr("public.demo.intro"),
                    size="2",
                    color_scheme="gray",
                ),
                rx.cond(
                    S.numbers.length() > 0,
                    rx.text(tr("public.demo.numbers"), rx.el.strong(S.numbers.join(", ")), size="2"),
                ),
                form_alert(S.form_error),
                rx.button(
                    rx.icon("refresh-cw", size=16, aria_hidden="true"),
                    tr("public.demo.reload"),
                    on_click=S.load,
                    variant="soft",
                ),
                rx.cond(
                    S.messages.length() > 0,
                    rx.vstack(rx.foreach(S.messages, _message), spacing="3", width="100%"),
                    rx.cond(S.loaded, _empty()),
                ),
                spacing="4",
                width="100%",
            ),
            rx.text(tr("public.demo.only_demo"), size="3"),
        ),
        max_width="720px",
    )
