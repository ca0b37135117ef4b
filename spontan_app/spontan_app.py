"""The Reflex app: registers pages, private routes and the outbox sweep, nothing else."""

import reflex as rx
from starlette.applications import Starlette

from spontan_app import metrics, ops_routes, session_routes
from spontan_app.admin import routes as admin_routes
from spontan_app.admin.pages import (  # noqa: F401  (back-office pages register themselves)
    akun,
    audit,
    faskes,
    inbox,
    katalog,
    laporan,
    libur,
    pemohon,
    pengguna,
    permohonan,
    skm,
    usulan_faskes,
)
from spontan_app.admin.pages import login as admin_login  # noqa: F401
from spontan_app.logs import configure_logging, request_id_layer
from spontan_app.pages import (  # noqa: F401  (pages register themselves)
    beranda,
    demo_pesan,
    lacak,
    landing,
    layanan,
    login,
    lupa_password,
    permohonan_baru,
    permohonan_detail,
    perpanjangan,
    profil,
    registrasi,
    statistik,
    survei,
    tidak_ditemukan,
    verifikasi,
    verifikasi_izin,
)
from spontan_app.routes import api
from spontan_app.security import security_layer
from spontan_app.services.delivery import sweep_forever

configure_logging()
api_routes = Starlette(routes=[*api.routes, *admin_routes.routes, *session_routes.routes, *ops_routes.routes])

app = rx.App(
    stylesheets=["/styles.css"],
    html_lang="id",
    head_components=[rx.el.meta(name="theme-color", content="#0b5cab")],
    api_transformer=[api_routes, security_layer, request_id_layer],
)
# Reflex's own overlay says "Cannot connect to server: …" in English (a toast and a pulsing
# icon); every page shell shows our Indonesian connection banner instead.
app.app_wraps[(5, "Overlay")] = lambda stateful: None
app.register_lifespan_task(sweep_forever)
app.register_lifespan_task(metrics.refresh_socket_gauge_forever)
