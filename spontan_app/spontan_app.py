"""The Reflex app: registers pages, private routes and the outbox sweep, nothing else."""

import reflex as rx

from spontan_app.pages import (  # noqa: F401  (pages register themselves)
    beranda,
    lacak,
    landing,
    login,
    lupa_password,
    permohonan_baru,
    permohonan_detail,
    profil,
    registrasi,
    verifikasi,
)
from spontan_app.routes import api
from spontan_app.services.delivery import sweep_forever

app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.el.meta(name="theme-color", content="#0b5cab")],
    api_transformer=api,
)
app.register_lifespan_task(sweep_forever)
