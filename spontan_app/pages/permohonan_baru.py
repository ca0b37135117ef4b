"""`/permohonan/baru`: Langkah 1 bidang -> 2 jenis layanan -> 3 jenis izin (Persyaratan,
Isi Kelengkapan, Lama Proses). Isi Kelengkapan opens a draft at /permohonan/<id>."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.i18n import tr
from spontan_app.components.nav import applicant_page
from spontan_app.components.stepper import stepper
from spontan_app.state.wizard import Choice, WizardState


def _choice_card(item: Choice, on_click) -> rx.Component:
    """A card whose button is its name (the accessible name is the visible name); the
    button's hit area stretches over the whole card (.choice-card button::after)."""
    return rx.box(
        rx.vstack(
            rx.el.button(item.name, type="button", on_click=on_click, class_name="choice-name"),
            rx.cond(item.description != "", rx.text(item.description, size="2", color_scheme="gray")),
            rx.cond(item.extra != "", rx.badge(item.extra, variant="surface")),
            spacing="1",
            align="start",
        ),
        class_name="choice-card",
    )


def _grid(items, on_click) -> rx.Component:
    return rx.grid(
        rx.foreach(items, lambda item: _choice_card(item, on_click(item.id))),
        columns=rx.breakpoints(initial="1", sm="2", md="3"),
        spacing="3",
        width="100%",
    )


def _step_bidang() -> rx.Component:
    S = WizardState
    return rx.vstack(
        rx.heading(tr("permohonan.step1_heading"), as_="h2", size="5", id="langkah", tab_index=-1),
        rx.box(
            rx.el.label(tr("permohonan.search_bidang"), html_for="cari-bidang", class_name="field-label"),
            rx.input(
                id="cari-bidang",
                placeholder=tr("permohonan.search_bidang_placeholder"),
                on_change=S.search.debounce(300),
                width="100%",
                max_width="360px",
            ),
        ),
        rx.cond(
            S.bidang.length() > 0,
            _grid(S.bidang, S.pick_bidang),
            rx.text(tr("permohonan.bidang_not_found"), color_scheme="gray"),
        ),
        spacing="3",
        width="100%",
    )


def _step_layanan() -> rx.Component:
    S = WizardState
    return rx.vstack(
        rx.heading(tr("permohonan.step2_heading"), as_="h2", size="5", id="langkah", tab_index=-1),
        rx.text(tr("permohonan.bidang_line"), rx.text.strong(S.bidang_name), size="2"),
        _grid(S.layanan, S.pick_layanan),
        spacing="3",
        width="100%",
    )


def _izin_detail() -> rx.Component:
    S = WizardState
    return rx.card(
        rx.vstack(
            rx.heading(S.izin_name, as_="h3", size="5"),
            rx.text(S.izin_description, color_scheme="gray"),
            rx.hstack(
                rx.badge(
                    rx.icon("clock", size=14),
                    tr("permohonan.processing_time", days=S.processing_days.to_string()),
                    size="2",
                ),
                rx.badge(tr("permohonan.code", code=S.izin_code), variant="surface", size="2"),
                rx.cond(S.needs_faskes, rx.badge(tr("permohonan.needs_faskes"), color_scheme="green", size="2")),
                wrap="wrap",
            ),
            rx.hstack(
                rx.button(
                    rx.icon("list-checks", size=16),
                    tr("permohonan.requirements"),
                    variant="outline",
                    type="button",
                    on_click=S.toggle_requirements,
                    aria_expanded=S.show_requirements,
                ),
                rx.button(rx.icon("pencil", size=16), tr("permohonan.fill_in"), type="button", on_click=S.start_form),
                wrap="wrap",
                spacing="3",
            ),
            rx.cond(
                S.show_requirements,
                rx.el.ol(
                    rx.foreach(
                        S.requirements,
                        lambda r: rx.el.li(
                            rx.text(r.name, weight="medium"),
                            rx.cond(
                                r.required,
                                rx.text(tr("permohonan.required_suffix"), size="1", color_scheme="red", as_="span"),
                            ),
                            rx.text(r.note, size="2", color_scheme="gray"),
                        ),
                    ),
                    class_name="requirements",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _step_izin() -> rx.Component:
    S = WizardState
    return rx.vstack(
        rx.heading(tr("permohonan.step3_heading"), as_="h2", size="5", id="langkah", tab_index=-1),
        rx.text(
            tr("permohonan.bidang_line"),
            rx.text.strong(S.bidang_name),
            tr("permohonan.layanan_line"),
            rx.text.strong(S.layanan_name),
            size="2",
        ),
        rx.cond(S.izin_id != 0, _izin_detail(), _grid(S.izin, S.pick_izin)),
        spacing="3",
        width="100%",
    )


@applicant_page(route="/permohonan/baru", title="title.permohonan_baru", on_load=WizardState.load)
def permohonan_baru() -> rx.Component:
    S = WizardState
    return rx.vstack(
        rx.heading(tr("permohonan.heading"), as_="h1", size="6"),
        stepper(S.step),
        rx.match(S.step, (1, _step_bidang()), (2, _step_layanan()), _step_izin()),
        rx.cond(
            S.step > 1,
            rx.button(
                rx.icon("arrow-left", size=16), tr("permohonan.back"), variant="ghost", type="button", on_click=S.back
            ),
        ),
        spacing="4",
        width="100%",
    )
