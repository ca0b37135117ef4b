"""`/admin`: Meja Kerja — the files waiting at the officer's desk, oldest first."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import pager
from spontan_app.components.forms import form_alert
from spontan_app.domain.enums import ApplicationStatus
from spontan_app.services import catalogue, desk
from spontan_app.state.base import HandlerMixin

PER_PAGE = 20
STATUS_CHOICES = [
    ("", "Semua status"),
    (ApplicationStatus.SUBMITTED.value, ApplicationStatus.SUBMITTED.label),
    (ApplicationStatus.IN_PROCESS.value, ApplicationStatus.IN_PROCESS.label),
]


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _inbox_page(session, staff, filters: desk.InboxFilter, page: int):
    rows, total, at = desk.inbox(session=session, staff=staff, filters=filters, page=page, per_page=PER_PAGE)
    counts = desk.desk_counts(session=session, staff=staff)
    izin = [(str(i.id), f"{i.code} — {i.name}") for i in catalogue.all_izin(session=session)]
    return rows, total, at, counts, izin


class InboxState(HandlerMixin, StaffState):
    rows: list[dict] = []
    counts: list[dict] = []
    izin_options: list[list[str]] = []
    total: int = 0
    page: int = 1
    desk: str = ""
    desk_label: str = ""
    query: str = ""
    izin_id: str = ""
    status: str = ""
    date_from: str = ""
    date_to: str = ""

    @rx.var
    def pages(self) -> int:
        return max(1, (self.total + PER_PAGE - 1) // PER_PAGE)

    @rx.var
    def summary(self) -> str:
        if self.total == 0:
            return "Tidak ada berkas di meja ini."
        first = (self.page - 1) * PER_PAGE + 1
        return f"Menampilkan {first} sampai {min(self.page * PER_PAGE, self.total)} dari {self.total} berkas"

    async def _reload(self):
        filters = desk.InboxFilter(
            query=self.query,
            izin_id=int(self.izin_id) if self.izin_id.isdigit() else None,
            status=self.status,
            date_from=_date(self.date_from),
            date_to=_date(self.date_to),
            desk=self.desk,
        )
        result = await self._run(_inbox_page, filters=filters, page=self.page)
        if not result.ok:
            return result.events
        rows, self.total, self.desk, counts, izin = result.value
        self.rows = [asdict(r) for r in rows]
        self.counts = [asdict(c) for c in counts]
        self.izin_options = [list(i) for i in izin]
        self.desk_label = next((c.label for c in counts if c.desk == self.desk), "")
        return None

    @rx.event
    async def load(self):
        # The officer's own desk and no filters: the form's inputs are empty on every visit.
        self.page, self.desk, self.query, self.izin_id, self.status = 1, "", "", "", ""
        self.date_from = self.date_to = ""
        return await self._reload()

    @rx.event
    async def search(self, form: dict):
        self.query = (form.get("query") or "").strip()[:100]
        self.izin_id = form.get("izin_id") or ""
        self.status = form.get("status") or ""
        self.date_from, self.date_to = form.get("date_from") or "", form.get("date_to") or ""
        self.page = 1
        return await self._reload()

    @rx.event
    async def open_desk(self, desk_role: str):
        self.desk, self.page = desk_role, 1
        return await self._reload()

    @rx.event
    async def go(self, page: int):
        self.page = max(1, min(int(page), self.pages))
        return await self._reload()


def _count_card(c: rx.Var) -> rx.Component:
    return rx.el.button(
        rx.vstack(
            rx.text(c["label"], size="2", weight="medium"),
            rx.hstack(
                rx.text(c["waiting"], size="6", weight="bold"),
                rx.text("berkas", size="1", color_scheme="gray"),
                align="baseline",
                spacing="1",
            ),
            rx.cond(
                c["overdue"].to(int) > 0,
                rx.badge(c["overdue"].to_string() + " lewat tenggat", color_scheme="red"),
                rx.badge("tepat waktu", color_scheme="green", variant="soft"),
            ),
            spacing="1",
            align="start",
        ),
        type="button",
        class_name=rx.cond(c["desk"] == InboxState.desk, "choice-card desk-card active", "choice-card desk-card"),
        on_click=InboxState.open_desk(c["desk"]),
        aria_pressed=rx.cond(c["desk"] == InboxState.desk, "true", "false"),
    )


def _filters() -> rx.Component:
    S = InboxState
    return rx.form(
        rx.flex(
            rx.box(
                rx.el.label("Cari", html_for="query", class_name="field-label"),
                rx.input(id="query", name="query", placeholder="Nomor pendaftaran atau nama pemohon", width="280px"),
            ),
            rx.box(
                rx.el.label("Jenis Izin", html_for="izin_id", class_name="field-label"),
                rx.el.select(
                    rx.el.option("Semua izin", value=""),
                    rx.foreach(S.izin_options, lambda o: rx.el.option(o[1], value=o[0])),
                    id="izin_id",
                    name="izin_id",
                    class_name="native-select",
                ),
                max_width="280px",
            ),
            rx.box(
                rx.el.label("Status", html_for="status", class_name="field-label"),
                rx.el.select(
                    *[rx.el.option(t, value=v) for v, t in STATUS_CHOICES],
                    id="status",
                    name="status",
                    class_name="native-select",
                ),
            ),
            rx.box(
                rx.el.label("Diajukan dari", html_for="date_from", class_name="field-label"),
                rx.input(id="date_from", name="date_from", type="date"),
            ),
            rx.box(
                rx.el.label("sampai", html_for="date_to", class_name="field-label"),
                rx.input(id="date_to", name="date_to", type="date"),
            ),
            rx.button(rx.icon("search", size=16), "Terapkan", type="submit"),
            spacing="3",
            align="end",
            wrap="wrap",
        ),
        on_submit=S.search,
        reset_on_submit=False,
    )


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(r["number"], href="/admin/permohonan/" + r["id"].to_string(), weight="medium")),
        rx.table.cell(r["applicant"]),
        rx.table.cell(rx.text(r["izin"], size="2"), rx.text(r["stage"], size="1", color_scheme="gray")),
        rx.table.cell(r["submitted"]),
        rx.table.cell(
            rx.text(r["due"]),
            rx.text(
                r["days_used"].to_string() + " dari " + r["days_allowed"].to_string() + " hari kerja",
                size="1",
                color_scheme=rx.cond(r["overdue"], "red", "gray"),
            ),
        ),
        rx.table.cell(rx.cond(r["overdue"], rx.badge("Lewat tenggat", color_scheme="red"), rx.badge(r["status"]))),
        class_name=rx.cond(r["overdue"], "row-overdue", ""),
    )


@admin_page(route="/admin", title="Meja Kerja", on_load=InboxState.load)
def inbox() -> rx.Component:
    S = InboxState
    return rx.vstack(
        page_heading("Meja Kerja", subtitle="Berkas yang menunggu di meja " + S.desk_label + ", terlama di atas."),
        rx.grid(rx.foreach(S.counts, _count_card), columns="5", spacing="3", width="100%"),
        form_alert(S.form_error),
        panel(
            _filters(),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(h)
                            for h in ("Nomor Pendaftaran", "Pemohon", "Izin", "Diajukan", "Tenggat", "Status")
                        ]
                    )
                ),
                rx.table.body(rx.foreach(S.rows, _row)),
                width="100%",
                variant="surface",
            ),
            pager(S.summary, S.page, S.pages, S.go),
        ),
        spacing="4",
        width="100%",
    )
