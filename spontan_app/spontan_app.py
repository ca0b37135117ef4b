"""The Reflex app: registers pages, private routes and the outbox sweep, nothing else."""

import reflex as rx
from starlette.applications import Starlette

from spontan_app.admin import routes as admin_routes
from spontan_app.admin.pages import (  # noqa: F401  (back-office pages register themselves)
    audit,
    faskes,
    inbox,
    katalog,
    laporan,
    libur,
    pemohon,
    pengguna,
    permohonan,
    usulan_faskes,
)
from spontan_app.admin.pages import login as admin_login  # noqa: F401
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
    tidak_ditemukan,
    verifikasi,
    verifikasi_izin,
)
from spontan_app.routes import api
from spontan_app.security import security_layer
from spontan_app.services.delivery import sweep_forever

api_routes = Starlette(routes=[*api.routes, *admin_routes.routes])

app = rx.App(
    stylesheets=["/styles.css"],
    html_lang="id",
    head_components=[rx.el.meta(name="theme-color", content="#0b5cab")],
    api_transformer=[api_routes, security_layer],
)
app.register_lifespan_task(sweep_forever)
