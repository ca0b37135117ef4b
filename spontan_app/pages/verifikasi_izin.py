"""`/verifikasi-izin/[code]`: the QR code's target. Anyone can check that a permit is genuine
and still valid, and that a PDF file is the one issued (Periksa Berkas PDF)."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.document_input import document_input
from spontan_app.components.forms import card_form
from spontan_app.components.i18n import tr
from spontan_app.components.icons import callout_cond
from spontan_app.components.nav import public_page
from spontan_app.state.verifikasi_izin import CekIzinState


def _row(label: rx.Var, value: rx.Var) -> rx.Component:
    return rx.fragment(rx.el.dt(label), rx.el.dd(value))


@public_page(route="/verifikasi-izin/[code]", title="title.verifikasi_izin", on_load=CekIzinState.load)
def verifikasi_izin() -> rx.Component:
    S = CekIzinState
    c = S.check
    status = c["status"].to(str)
    return card_form(
        tr("public.verify.heading"),
        rx.text(tr("common.office_long"), color_scheme="gray", size="2"),
        callout_cond(
            c["title"],
            status == "valid",
            "badge-check",
            "circle-x",
            color_scheme=rx.match(status, ("valid", "green"), ("unknown", "gray"), "red"),
            size="3",
            role="status",
            width="100%",
        ),
        rx.cond(
            status != "unknown",
            rx.el.dl(
                _row(tr("public.verify.number"), c["number"]),
                _row(tr("public.verify.holder"), c["holder_name"]),
                _row(tr("public.verify.izin"), c["izin_name"]),
                _row(tr("public.verify.issued"), c["issued"]),
                _row(tr("public.verify.valid_until"), c["valid_until"]),
                _row(tr("public.verify.signer"), c["signer"]),
                rx.cond(status == "revoked", _row(tr("public.verify.revoked"), c["revoked"])),
                class_name="kv",
            ),
        ),
        rx.cond(
            status != "unknown",
            rx.vstack(
                rx.divider(),
                rx.text(tr("public.verify.have_pdf"), size="2"),
                document_input(
                    input_id="periksa-berkas",
                    label=tr("public.verify.check_pdf"),
                    upload_url="/periksa-izin/" + S.check_code,
                    accept=".pdf,application/pdf",
                    max_bytes=10 * 1024 * 1024,
                    button_text=tr("public.verify.check_pdf"),
                    on_result=S.file_checked,
                ),
                rx.cond(
                    S.file_result != "",
                    callout_cond(
                        S.file_result,
                        S.file_ok,
                        "file-check",
                        "file-x",
                        color_scheme=rx.cond(S.file_ok, "green", "red"),
                        role="status",
                    ),
                ),
                width="100%",
                spacing="3",
            ),
        ),
        max_width="640px",
    )
