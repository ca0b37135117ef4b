"""`/admin/laporan`: counts per izin, status and month, processing time against the promise,
overdue files per desk, and the filtered list as a CSV download."""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import urlencode

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import date_input, denied, denied_notice, native_select, parse_day, table_of
from spontan_app.components.forms import form_alert
from spontan_app.components.i18n import tr
from spontan_app.domain.enums import APPLICANT_DESK, ApplicationStatus, StaffRole
from spontan_app.i18n import format_number, t
from spontan_app.services import catalogue
from spontan_app.services.admin import reports
from spontan_app.state.base import HandlerMixin

ALL_STATUSES = {s.value for s in ApplicationStatus}
STATUSES = [s.value for s in ApplicationStatus if s != ApplicationStatus.DRAFT]
DESK_KEYS = {APPLICANT_DESK: "backoffice.role_pemohon"} | {r.value: f"backoffice.role_{r.value}" for r in StaffRole}
BLUE, AMBER, GRAY, GREEN = "#0b5cab", "#e29b0b", "#8b8d98", "#2f9e62"


def _report(session, staff, filters: reports.ReportFilter):
    args = {"session": session, "staff": staff}
    return (
        reports.counts_by_izin(**args, filters=filters),
        reports.counts_by_status(**args, filters=filters),
        reports.counts_by_month(**args, filters=filters),
        reports.processing_times(**args, filters=filters),
        reports.overdue_by_desk(**args, izin_id=filters.izin_id),
        [(str(i.id), f"{i.code} — {i.name}") for i in catalogue.all_izin(session=session)],
    )


def _status_label(row, lang: str) -> str:
    return t(f"backoffice.status_{row.key}", lang) if row.key in ALL_STATUSES else row.label


def _desk_label(row, lang: str) -> str:
    return t(DESK_KEYS[row.desk], lang) if row.desk in DESK_KEYS else row.desk_label


class LaporanState(HandlerMixin, StaffState):
    by_izin: list[dict] = []
    by_status: list[dict] = []
    by_month: list[dict] = []
    processing: list[dict] = []
    overdue: list[dict] = []
    izin_options: list[list[str]] = []
    total: int = 0
    denied_message: str = ""
    izin_id: str = ""
    status: str = ""
    date_from: str = ""
    date_to: str = ""

    @rx.var
    def csv_url(self) -> str:
        params = {"izin": self.izin_id, "status": self.status, "dari": self.date_from, "sampai": self.date_to}
        query = urlencode({k: v for k, v in params.items() if v})
        return "/admin/laporan/permohonan.csv" + (f"?{query}" if query else "")

    async def _reload(self):
        filters = reports.ReportFilter(
            izin_id=int(self.izin_id) if self.izin_id.isdigit() else None,
            status=self.status or None,
            date_from=parse_day(self.date_from),
            date_to=parse_day(self.date_to),
        )
        result = await self._run(_report, filters=filters)
        if not result.ok:
            self.denied_message = self._l(result.error.message) if denied(result) else ""
            return result.events
        by_izin, by_status, by_month, processing, overdue, izin = result.value
        self.by_izin = [asdict(r) for r in by_izin]
        self.by_status = [asdict(r) | {"label": _status_label(r, self.lang)} for r in by_status]
        self.by_month = [asdict(r) for r in by_month]
        self.total = sum(r.count for r in by_status)
        self.processing = [
            {
                **asdict(p),
                "median": round(p.median_days, 1),
                "p95": round(p.p95_days, 1),
                "on_time_pct": format_number(p.on_time_share * 100, self.lang) + "%",
            }
            for p in processing
        ]
        self.overdue = [asdict(o) | {"desk_label": _desk_label(o, self.lang)} for o in overdue]
        self.izin_options = [list(i) for i in izin]
        return None

    @rx.event
    async def load(self):
        self.izin_id = self.status = self.date_from = self.date_to = self.denied_message = ""
        return await self._reload()

    @rx.event
    async def apply(self, form: dict):
        self.izin_id, self.status = form.get("izin") or "", form.get("status") or ""
        self.date_from, self.date_to = form.get("dari") or "", form.get("sampai") or ""
        return await self._reload()


def _bar_chart(data: rx.Var, key: str, color: str, *, vertical: bool = False, height: int = 240) -> rx.Component:
    axes = (
        [
            rx.recharts.x_axis(type_="number", allow_decimals=False),
            rx.recharts.y_axis(data_key=key, type_="category", width=200),
        ]
        if vertical
        else [rx.recharts.x_axis(data_key=key), rx.recharts.y_axis(allow_decimals=False)]
    )
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.bar(data_key="count", name=tr("backoffice.laporan_count"), fill=color),
        *axes,
        rx.recharts.graphing_tooltip(),
        data=data,
        layout="vertical" if vertical else "horizontal",
        width="100%",
        height=height,
    )


def _count_list(rows: rx.Var) -> rx.Component:
    return rx.flex(
        rx.foreach(rows, lambda r: rx.badge(r["label"].to(str) + ": " + r["count"].to_string(), variant="soft")),
        wrap="wrap",
        spacing="2",
    )


def _chart_panel(title: rx.Var, rows: rx.Var, chart: rx.Component) -> rx.Component:
    return panel(rx.heading(title, as_="h2", size="4"), chart, _count_list(rows))


def _filters() -> rx.Component:
    S = LaporanState
    return rx.form(
        rx.flex(
            native_select(
                tr("backoffice.laporan_izin"),
                "izin",
                S.izin_options,
                tr("backoffice.laporan_all_izin"),
                max_width="300px",
            ),
            native_select(
                tr("backoffice.status"),
                "status",
                [(s, tr(f"backoffice.status_{s}")) for s in STATUSES],
                tr("backoffice.laporan_all_status"),
            ),
            date_input(tr("backoffice.laporan_from"), "dari"),
            date_input(tr("backoffice.laporan_to"), "sampai"),
            rx.button(rx.icon("filter", size=16), tr("backoffice.apply"), type="submit"),
            rx.el.a(
                rx.icon("download", size=16, aria_hidden="true"),
                tr("backoffice.laporan_csv"),
                href=S.csv_url,
                download=True,
                reload_document=True,  # a file from the server, not a client-side route
                class_name="rt-reset rt-BaseButton rt-r-size-2 rt-variant-soft rt-Button download-button",
            ),
            spacing="3",
            align="end",
            wrap="wrap",
        ),
        on_submit=S.apply,
        reset_on_submit=False,
    )


def _processing_panel() -> rx.Component:
    S = LaporanState
    return panel(
        rx.heading(tr("backoffice.laporan_processing"), as_="h2", size="4"),
        rx.text(tr("backoffice.laporan_processing_help"), size="2", color_scheme="gray"),
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.bar(data_key="median", name=tr("backoffice.laporan_median"), fill=BLUE),
            rx.recharts.bar(data_key="p95", name=tr("backoffice.laporan_p95"), fill=AMBER),
            rx.recharts.bar(data_key="promised_days", name=tr("backoffice.laporan_promised"), fill=GRAY),
            rx.recharts.x_axis(data_key="izin_code"),
            rx.recharts.y_axis(allow_decimals=False),
            rx.recharts.graphing_tooltip(),
            rx.recharts.legend(),
            data=S.processing,
            width="100%",
            height=240,
        ),
        table_of(
            [
                tr("backoffice.laporan_col_izin"),
                tr("backoffice.laporan_col_decided"),
                tr("backoffice.laporan_median"),
                tr("backoffice.laporan_p95"),
                tr("backoffice.laporan_promised"),
                tr("backoffice.laporan_col_on_time"),
            ],
            rx.foreach(
                S.processing,
                lambda p: rx.table.row(
                    rx.table.cell(rx.text(p["izin_code"], weight="medium"), rx.text(p["izin_name"], size="1")),
                    rx.table.cell(p["decided"]),
                    rx.table.cell(p["median"]),
                    rx.table.cell(p["p95"]),
                    rx.table.cell(p["promised_days"]),
                    rx.table.cell(p["on_time_pct"]),
                ),
            ),
            size="1",
        ),
        rx.cond(
            S.processing.length() == 0, rx.text(tr("backoffice.laporan_none_decided"), size="2", color_scheme="gray")
        ),
    )


def _overdue_panel() -> rx.Component:
    S = LaporanState
    return panel(
        rx.heading(tr("backoffice.laporan_overdue"), as_="h2", size="4"),
        table_of(
            [tr("backoffice.laporan_desk"), tr("backoffice.laporan_files"), tr("backoffice.laporan_oldest")],
            rx.foreach(
                S.overdue,
                lambda o: rx.table.row(
                    rx.table.cell(o["desk_label"]), rx.table.cell(o["count"]), rx.table.cell(o["oldest_due"])
                ),
            ),
            size="1",
        ),
        rx.cond(S.overdue.length() == 0, rx.text(tr("backoffice.laporan_none_overdue"), size="2", color_scheme="gray")),
    )


@admin_page(route="/admin/laporan", title=t("backoffice.laporan_title"), on_load=LaporanState.load)
def laporan() -> rx.Component:
    S = LaporanState
    return rx.vstack(
        page_heading(tr("backoffice.laporan_title"), subtitle=tr("backoffice.laporan_subtitle")),
        rx.cond(
            S.denied_message != "",
            denied_notice(S.denied_message),
            rx.vstack(
                form_alert(S.form_error),
                form_alert(S.errors.get("date_to", "")),
                panel(
                    _filters(),
                    rx.text(tr("backoffice.laporan_total"), rx.text.strong(S.total), size="3", role="status"),
                ),
                rx.grid(
                    _chart_panel(
                        tr("backoffice.laporan_per_izin"),
                        S.by_izin,
                        _bar_chart(S.by_izin, "label", BLUE, vertical=True),
                    ),
                    _chart_panel(
                        tr("backoffice.laporan_per_status"), S.by_status, _bar_chart(S.by_status, "label", GREEN)
                    ),
                    columns="2",
                    spacing="4",
                    width="100%",
                ),
                rx.grid(
                    _chart_panel(
                        tr("backoffice.laporan_per_month"), S.by_month, _bar_chart(S.by_month, "label", AMBER)
                    ),
                    _overdue_panel(),
                    columns="2",
                    spacing="4",
                    width="100%",
                ),
                _processing_panel(),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )
