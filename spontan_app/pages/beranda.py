"""`/beranda`: the applicant's home with **Ajukan Permohonan** and **Daftar Permohonan Izin**."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.layout import link_button
from spontan_app.components.nav import applicant_page
from spontan_app.state.auth import AuthState


class BerandaState(AuthState):
    @rx.event
    def load(self) -> None:
        """The application list arrives with the wizard (issue 4/5); identity comes from require_login."""


@applicant_page(route="/beranda", title="Beranda", on_load=BerandaState.load)
def beranda() -> rx.Component:
    S = BerandaState
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.heading("Selamat datang, ", S.user_name, as_="h1", size="6"),
                rx.text("Username: ", S.user_identity, size="2", color_scheme="gray"),
                spacing="1",
            ),
            rx.spacer(),
            link_button("Ajukan Permohonan", "/permohonan/baru"),
            width="100%",
            align="center",
            wrap="wrap",
            spacing="3",
        ),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger("Daftar Permohonan Izin", value="daftar")),
            rx.tabs.content(
                rx.card(
                    rx.text("Belum ada permohonan izin. Klik Ajukan Permohonan untuk memulai.", color_scheme="gray"),
                    margin_top="1rem",
                ),
                value="daftar",
            ),
            default_value="daftar",
            width="100%",
        ),
        spacing="5",
        width="100%",
    )
