"""`/survei/[id]`: Survei Kepuasan Masyarakat — nine elements (PermenPANRB 14/2017), 1..4."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import card_form, choice_field, form_alert, server_form, submit_button
from spontan_app.components.i18n import tr
from spontan_app.components.nav import applicant_page
from spontan_app.services.skm import ELEMENTS, SCALE
from spontan_app.state.survei import SurveiState

CHOICES = [(str(v), tr(f"beranda.skm_scale_{v}")) for v, _ in SCALE]


def _element(i: int) -> rx.Component:
    return rx.box(
        rx.text(tr(f"beranda.skm_question_{i}"), size="2", color_scheme="gray", margin_bottom="0.25rem"),
        choice_field(f"{i}. " + tr(f"beranda.skm_element_{i}"), f"u{i}", SurveiState.errors, CHOICES),
        width="100%",
    )


@applicant_page(route="/survei/[id]", title="title.survei", on_load=SurveiState.load)
def survei() -> rx.Component:
    S = SurveiState
    return card_form(
        tr("beranda.survey_title"),
        rx.cond(
            S.available,
            rx.text(tr("beranda.survey_number"), rx.text.strong(S.number), " — ", S.izin_name, size="2"),
        ),
        form_alert(S.form_error),
        rx.cond(
            S.answered,
            rx.vstack(
                rx.callout(
                    tr("beranda.survey_answered"),
                    icon="circle-check",
                    color_scheme="green",
                    role="status",
                    width="100%",
                ),
                rx.link(tr("beranda.back_home"), href="/beranda"),
                width="100%",
            ),
            rx.cond(
                S.available,
                server_form(
                    rx.text(tr("beranda.survey_intro"), size="2"),
                    *[_element(i) for i in range(1, len(ELEMENTS) + 1)],
                    rx.box(
                        rx.el.label(tr("beranda.survey_suggestion"), html_for="saran", class_name="field-label"),
                        rx.text_area(id="saran", name="saran", max_length=1000, width="100%", rows="3"),
                        width="100%",
                    ),
                    submit_button(tr("beranda.survey_submit")),
                    on_submit=S.submit,
                ),
            ),
        ),
        max_width="720px",
    )
