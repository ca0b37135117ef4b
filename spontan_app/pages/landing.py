"""`/`: landing page of DPMPTSP Kota Balikpapan with Registrasi Akun and Login."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.layout import link_button
from spontan_app.components.nav import public_page
from spontan_app.state.landing import LandingState

STEPS = [
    ("user-plus", "Registrasi Akun", "Daftar dengan NIK atau NPWP dan nomor WhatsApp aktif."),
    ("message-circle", "Verifikasi WhatsApp", "Masukkan kode OTP dan lengkapi data melalui tautan."),
    ("file-text", "Ajukan Permohonan", "Pilih izin, isi kelengkapan dan unggah persyaratan."),
    ("search", "Lacak Berkas", "Pantau posisi berkas dan tanggal perkiraan jadi."),
]


def _hero() -> rx.Component:
    return rx.vstack(
        rx.badge("DPMPTSP Kota Balikpapan", size="2", variant="soft"),
        rx.heading(
            "SPONTAN — Sistem Pendaftaran Online Tanpa Antrian", as_="h1", size=rx.breakpoints(initial="7", md="8")
        ),
        rx.text(
            "Ajukan perizinan Kota Balikpapan dari mana saja: daftar akun, isi kelengkapan, "
            "unggah dokumen, lalu lacak berkas Anda tanpa perlu antre di kantor.",
            size="4",
            color_scheme="gray",
        ),
        rx.flex(
            link_button("Registrasi Akun", "/registrasi"),
            link_button("Login", "/login", variant="outline"),
            spacing="3",
            wrap="wrap",
        ),
        rx.link("Lacak status berkas tanpa login", href="/lacak", size="2"),
        spacing="4",
        padding_y="2rem",
        max_width="720px",
    )


def _step(icon: str, title: str, text: str, number: int) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.icon(icon, size=22, aria_hidden="true"),
            rx.text(f"{number}. {title}", weight="bold"),
            align="center",
        ),
        rx.text(text, size="2", color_scheme="gray", margin_top="0.4rem"),
    )


def _bidang_card(item: dict) -> rx.Component:
    return rx.card(
        rx.text(item["name"], weight="bold"),
        rx.text(item["description"], size="2", color_scheme="gray"),
        rx.badge(item["count"], margin_top="0.5rem", variant="surface"),
    )


@public_page(route="/", title="Beranda", on_load=LandingState.load)
def landing() -> rx.Component:
    return rx.vstack(
        _hero(),
        rx.heading("Cara Mengajukan Izin", as_="h2", size="5"),
        rx.grid(
            *[_step(icon, title, text, i) for i, (icon, title, text) in enumerate(STEPS, start=1)],
            columns=rx.breakpoints(initial="1", sm="2", md="4"),
            spacing="3",
            width="100%",
        ),
        rx.heading("Layanan Perizinan", as_="h2", size="5", margin_top="1.5rem"),
        rx.text(LandingState.total_izin, " jenis izin dapat diajukan secara online.", size="2"),
        rx.grid(
            rx.foreach(LandingState.bidang, _bidang_card),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="3",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
