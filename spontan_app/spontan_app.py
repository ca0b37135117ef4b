"""The Reflex app: registers pages, nothing else."""

import reflex as rx

from spontan_app.pages import landing, registrasi  # noqa: F401  (pages register themselves)

app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.el.meta(name="theme-color", content="#0b5cab")],
)
