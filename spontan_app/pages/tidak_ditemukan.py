"""The page for an address that does not exist: in the tab's language, with a way home."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import card_form
from spontan_app.components.i18n import tr
from spontan_app.components.layout import link_button
from spontan_app.components.nav import public_page


@public_page(route="404", title="title.tidak_ditemukan")
def tidak_ditemukan() -> rx.Component:
    return card_form(
        tr("public.notfound.heading"),
        rx.text(
            tr("public.notfound.text"),
            size="3",
        ),
        rx.hstack(
            link_button(tr("public.notfound.home"), "/"),
            link_button(tr("public.nav.track"), "/lacak", variant="soft"),
            spacing="3",
            wrap="wrap",
        ),
        max_width="560px",
    )
