"""`/verifikasi-izin/[code]`: the QR code's target. Anyone can check that a permit is genuine
and still valid, and that a PDF file is the one issued (Periksa Berkas PDF)."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.document_input import document_input
from spontan_app.components.forms import card_form
from spontan_app.components.nav import public_page
from spontan_app.state.verifikasi_izin import CekIzinState


def _row(label: str, value: rx.Var) -> rx.Component:
    return rx.fragment(rx.el.dt(label), rx.el.dd(value))


@public_page(route="/verifikasi-izin/[code]", title="Verifikasi Izin", on_load=CekIzinState.load)
def verifikasi_izin() -> rx.Component:
    S = CekIzinState
    c = S.check
    status = c["status"].to(str)
    return card_form(
        "Verifikasi Dokumen Izin",
        rx.callout(
            c["title"],
            icon=rx.cond(status == "valid", "badge-check", "circle-x"),
            color_scheme=rx.match(status, ("valid", "green"), ("unknown", "gray"), "red"),
            size="3",
            role="status",
            width="100%",
        ),
        rx.cond(
            status != "unknown",
            rx.el.dl(
                _row("Nomor Izin", c["number"]),
                _row("Nama Pemegang Izin", c["holder_name"]),
                _row("Jenis Izin", c["izin_name"]),
                _row("Tanggal Terbit", c["issued"]),
                _row("Berlaku Sampai", c["valid_until"]),
                _row("Ditandatangani oleh", c["signer"]),
                rx.cond(status == "revoked", _row("Dicabut", c["revoked"])),
                class_name="kv",
            ),
        ),
        rx.cond(
            status != "unknown",
            rx.vstack(
                rx.divider(),
                rx.text(
                    "Punya berkas PDF izin ini? Periksa apakah isinya sama persis dengan yang diterbitkan.", size="2"
                ),
                document_input(
                    input_id="periksa-berkas",
                    label="Periksa Berkas PDF",
                    upload_url="/periksa-izin/" + S.check_code,
                    accept=".pdf,application/pdf",
                    max_bytes=10 * 1024 * 1024,
                    button_text="Periksa Berkas PDF",
                    on_result=S.file_checked,
                ),
                rx.cond(
                    S.file_result != "",
                    rx.callout(
                        S.file_result,
                        icon=rx.cond(S.file_ok, "file-check", "file-x"),
                        color_scheme=rx.cond(S.file_ok, "green", "red"),
                        role="status",
                    ),
                ),
                width="100%",
                spacing="3",
            ),
        ),
        subtitle="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Balikpapan",
        max_width="640px",
    )
