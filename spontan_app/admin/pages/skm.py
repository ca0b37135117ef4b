"""`/admin/skm`: the IKM (Indeks Kepuasan Masyarakat, PermenPANRB 14/2017) overall, per
izin and per quarter, with its category A–D, from the applicants' SKM answers."""

from __future__ import annotations

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import denied, denied_notice, table_of
from spontan_app.components.forms import form_alert
from spontan_app.components.i18n import tr
from spontan_app.i18n import format_number, t
from spontan_app.services import skm
from spontan_app.state.base import HandlerMixin

GRADE_COLORS = {"A": "green", "B": "blue", "C": "amber", "D": "red"}


def _label(row: skm.IkmRow, lang: str) -> str:
    """A quarter ("2026-T1") and the overall row in the tab's language; an izin as it is."""
    year, _, quarter = row.key.partition("-T")
    if quarter.isdigit() and year.isdigit():
        return t("backoffice.skm_quarter_label", lang, year=year, n=quarter)
    if row.key == "all":
        return t("backoffice.skm_overall_label", lang)
    return row.label


def _view(row: skm.IkmRow, lang: str) -> dict:
    return {
        "key": row.key,
        "label": _label(row, lang),
        "responses": row.responses,
        "ikm": format_number(row.ikm, lang, 2),
        "grade": row.grade,
        "grade_label": t(f"backoffice.grade_{row.grade}", lang),
        "color": GRADE_COLORS[row.grade],
        "means": [format_number(m, lang, 2) for m in row.element_means],
    }


class SkmAdminState(HandlerMixin, StaffState):
    overall: dict = {}
    per_izin: list[dict] = []
    per_quarter: list[dict] = []
    denied_message: str = ""

    @rx.event
    async def load(self):
        self.denied_message = ""
        result = await self._run(skm.report)
        if not result.ok:
            self.denied_message = self._l(result.error.message) if denied(result) else ""
            return result.events
        report = result.value
        self.overall = _view(report.overall, self.lang) if report.overall else {}
        self.per_izin = [_view(r, self.lang) for r in report.per_izin]
        self.per_quarter = [_view(r, self.lang) for r in report.per_quarter]
        return None


def _grade(r) -> rx.Component:
    return rx.badge(r["grade"].to(str) + " — " + r["grade_label"].to(str), color_scheme=r["color"].to(str))


def _ikm_table(title: rx.Var, rows, first: rx.Var) -> rx.Component:
    return panel(
        rx.heading(title, as_="h2", size="4"),
        rx.box(
            table_of(
                [first, tr("backoffice.skm_respondents"), tr("backoffice.skm_ikm"), tr("backoffice.skm_quality")],
                rx.foreach(
                    rows,
                    lambda r: rx.table.row(
                        rx.table.row_header_cell(r["label"].to(str)),
                        rx.table.cell(r["responses"].to_string()),
                        rx.table.cell(rx.text(r["ikm"].to(str), weight="bold")),
                        rx.table.cell(_grade(r)),
                    ),
                ),
                size="1",
            ),
            role="group",
            aria_label=title,
            width="100%",
        ),
        rx.cond(rows.length() == 0, rx.text(tr("backoffice.skm_none"), size="2", color_scheme="gray")),
    )


def _elements() -> rx.Component:
    o = SkmAdminState.overall
    return panel(
        rx.heading(tr("backoffice.skm_elements"), as_="h2", size="4"),
        table_of(
            [tr("backoffice.skm_no"), tr("backoffice.skm_element"), tr("backoffice.skm_mean")],
            rx.fragment(
                *[
                    rx.table.row(
                        rx.table.cell(str(i + 1)),
                        rx.table.cell(tr(f"backoffice.skm_element_{i + 1}")),
                        rx.table.cell(o["means"].to(list[str])[i]),
                    )
                    for i in range(len(skm.ELEMENTS))
                ]
            ),
            size="1",
        ),
        rx.text(
            tr("backoffice.skm_formula"),
            size="1",
            color_scheme="gray",
        ),
    )


@admin_page(route="/admin/skm", title=t("backoffice.skm_title"), on_load=SkmAdminState.load)
def skm_admin() -> rx.Component:
    S = SkmAdminState
    o = S.overall
    return rx.vstack(
        page_heading(tr("backoffice.skm_heading"), subtitle=tr("backoffice.skm_subtitle")),
        rx.cond(
            S.denied_message != "",
            denied_notice(S.denied_message),
            rx.vstack(
                form_alert(S.form_error),
                rx.cond(
                    o.contains("ikm"),
                    rx.vstack(
                        panel(
                            rx.text(tr("backoffice.skm_overall"), size="2", color_scheme="gray"),
                            rx.hstack(
                                rx.text(o["ikm"].to(str), size="8", weight="bold"),
                                _grade(o),
                                align="center",
                                spacing="3",
                            ),
                            rx.text(tr("backoffice.skm_responses", count=o["responses"].to_string()), size="2"),
                        ),
                        _elements(),
                        width="100%",
                        spacing="4",
                    ),
                    panel(rx.text(tr("backoffice.skm_none"), color_scheme="gray")),
                ),
                rx.grid(
                    _ikm_table(tr("backoffice.skm_per_izin"), S.per_izin, tr("backoffice.skm_izin")),
                    _ikm_table(tr("backoffice.skm_per_quarter"), S.per_quarter, tr("backoffice.skm_quarter")),
                    columns=rx.breakpoints(initial="1", lg="2"),
                    spacing="4",
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )
