"""The page for an address that does not exist: in Indonesian, with a way home."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import card_form
from spontan_app.components.layout import link_button
from spontan_app.components.nav import public_page


@public_page(route="404", title="Halaman Tidak Ditemukan")
def tidak_ditemukan() -> rx.Component:
    return card_form(
        "Halaman tidak ditemukan",
        rx.text(
            "Alamat yang Anda buka tidak ada atau sudah dipindahkan. Periksa kembali tautannya, "
            "atau kembali ke halaman utama.",
            size="3",
        ),
        rx.hstack(
            link_button("Ke Halaman Utama", "/"),
            link_button("Lacak Berkas", "/lacak", variant="soft"),
            spacing="3",
            wrap="wrap",
        ),
        max_width="560px",
    )
