"""`/perpanjangan/[id]`: a renewal draft's old documents, reused only when the applicant
confirms each (Gunakan Lagi), then on to Isi Kelengkapan at /permohonan/[id]."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import card_form, form_alert
from spontan_app.components.i18n import tr
from spontan_app.components.layout import link_button
from spontan_app.components.nav import applicant_page
from spontan_app.state.perpanjangan import PerpanjanganState


def _document(d: rx.Var) -> rx.Component:
    S = PerpanjanganState
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.text(d["requirement"].to(str), weight="bold", size="2"),
                rx.text(
                    rx.link(
                        d["file_name"].to(str),
                        href="/dokumen/" + d["document_id"].to_string(),
                        is_external=True,
                    ),
                    tr("beranda.renewal_uploaded"),
                    d["uploaded"].to(str),
                    size="1",
                ),
                spacing="1",
                min_width="0",
            ),
            rx.spacer(),
            rx.cond(
                d["reused"].to(bool),
                rx.badge(tr("beranda.renewal_reused"), color_scheme="green", size="2"),
                rx.button(
                    tr("beranda.renewal_reuse"),
                    size="2",
                    variant="soft",
                    on_click=S.reuse(d["document_id"].to(int)),
                    aria_label=tr("beranda.renewal_reuse_label", requirement=d["requirement"].to(str)),
                ),
            ),
            gap="3",
            align="center",
            direction=rx.breakpoints(initial="column", sm="row"),
        ),
        width="100%",
    )


@applicant_page(route="/perpanjangan/[id]", title="title.perpanjangan", on_load=PerpanjanganState.load)
def perpanjangan() -> rx.Component:
    S = PerpanjanganState
    return card_form(
        tr("beranda.renewal_title"),
        form_alert(S.form_error),
        rx.cond(
            S.available,
            rx.vstack(
                rx.text(
                    tr("beranda.renewal_intro_1"),
                    rx.text.strong(S.izin_name),
                    tr("beranda.renewal_intro_2"),
                    rx.text.strong(S.previous_number),
                    tr("beranda.renewal_intro_3"),
                    size="2",
                ),
                rx.heading(tr("beranda.renewal_documents"), as_="h2", size="4"),
                rx.text(
                    tr("beranda.renewal_hint"),
                    size="2",
                    color_scheme="gray",
                ),
                rx.foreach(S.documents, _document),
                rx.cond(S.documents.length() == 0, rx.text(tr("beranda.renewal_none"), size="2")),
                link_button(tr("beranda.renewal_next"), "/permohonan/" + S.draft_id),
                spacing="3",
                width="100%",
            ),
        ),
        max_width="760px",
    )
