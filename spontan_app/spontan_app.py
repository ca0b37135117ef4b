"""The Reflex app: registers pages and the outbox sweep, nothing else."""

import reflex as rx

from spontan_app.pages import beranda, landing, login, lupa_password, profil, registrasi, verifikasi  # noqa: F401
from spontan_app.services.delivery import sweep_forever

app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.el.meta(name="theme-color", content="#0b5cab")],
)
app.register_lifespan_task(sweep_forever)
