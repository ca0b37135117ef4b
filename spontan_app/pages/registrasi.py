"""`/registrasi`: account registration (Perorangan / Badan Usaha)."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.layout import template


@template(route="/registrasi", title="Registrasi Akun")
def registrasi() -> rx.Component:
    return rx.vstack(
        rx.heading("Registrasi Akun", as_="h1", size="7"),
        rx.text(
            "Pendaftaran akun perizinan online DPMPTSP Kota Balikpapan.",
            color_scheme="gray",
        ),
        spacing="3",
    )
