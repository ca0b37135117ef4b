"""`/admin`: Meja Kerja — the files waiting at the officer's desk, oldest first."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from urllib.parse import urlencode

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import pager, role_text
from spontan_app.components.forms import form_alert
from spontan_app.components.i18n import tr
from spontan_app.domain.enums import ApplicationStatus
from spontan_app.i18n import DEFAULT_LANG, t
from spontan_app.services import catalogue, desk
from spontan_app.state.base import HandlerMixin

PER_PAGE = 20
# (value, the option's catalogue key)
STATUS_CHOICES = [
    ("", "admin.inbox.all_statuses"),
    (ApplicationStatus.SUBMITTED.value, f"admin.status.{ApplicationStatus.SUBMITTED.value}"),
    (ApplicationStatus.IN_PROCESS.value, f"admin.status.{ApplicationStatus.IN_PROCESS.value}"),
]


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _inbox_page(session, staff, filters: desk.InboxFilter, page: int, lang: str = DEFAULT_LANG):
    rows, total, at = desk.inbox(session=session, staff=staff, filters=filters, page=page, per_page=PER_PAGE, lang=lang)
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
            return t("admin.inbox.empty", self.lang)
        first = (self.page - 1) * PER_PAGE + 1
        return t(
            "admin.inbox.summary", self.lang, first=first, last=min(self.page * PER_PAGE, self.total), total=self.total
        )

    async def _reload(self):
        filters = desk.InboxFilter(
            query=self.query,
            izin_id=int(self.izin_id) if self.izin_id.isdigit() else None,
            status=self.status,
            date_from=_date(self.date_from),
            date_to=_date(self.date_to),
            desk=self.desk,
        )
        result = await self._run(_inbox_page, filters=filters, page=self.page, lang=self.lang)
        if not result.ok:
            return result.events
        rows, self.total, self.desk, counts, izin = result.value
        self.rows = [self._l(asdict(r)) for r in rows]
        self.counts = [self._l(asdict(c)) for c in counts]
        self.izin_options = [list(i) for i in izin]
        self.desk_label = self._l(next((c.label for c in counts if c.desk == self.desk), ""))
        return None

    @rx.var
    def filter_key(self) -> str:
        """Remounts the filter form when the applied filters change, so its inputs show them."""
        return "|".join((self.query, self.izin_id, self.status, self.date_from, self.date_to))

    def _url(self, **changes: str | int) -> str:
        """/admin with the filters in the address: a reload, a link or a reconnect (which
        runs on_load again) shows the same list, and Back goes to the previous one."""
        params = {
            "cari": self.query,
            "izin": self.izin_id,
            "status": self.status,
            "dari": self.date_from,
            "sampai": self.date_to,
            "meja": self.desk,
            "hal": self.page if self.page > 1 else "",
        } | changes
        query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
        return "/admin" + (f"?{query}" if query else "")

    @rx.event
    async def load(self):
        # Everything comes from the address; no parameters: the officer's own desk, unfiltered.
        params = self.router.url.query_parameters
        self.query = params.get("cari", "").strip()[:100]
        self.izin_id = params.get("izin", "") if params.get("izin", "").isdigit() else ""
        statuses = {value for value, _ in STATUS_CHOICES}
        self.status = params.get("status", "") if params.get("status", "") in statuses else ""
        self.date_from = params.get("dari", "") if _date(params.get("dari", "")) else ""
        self.date_to = params.get("sampai", "") if _date(params.get("sampai", "")) else ""
        self.desk = params.get("meja", "")[:40]
        page = params.get("hal", "1")
        self.page = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
        return await self._reload()

    @rx.event
    def search(self, form: dict):
        return rx.redirect(
            self._url(
                cari=(form.get("query") or "").strip()[:100],
                izin=form.get("izin_id") or "",
                status=form.get("status") or "",
                dari=form.get("date_from") or "",
                sampai=form.get("date_to") or "",
                hal="",
            )
        )

    @rx.event
    def open_desk(self, desk_role: str):
        return rx.redirect(self._url(meja=str(desk_role)[:40], hal=""))

    @rx.event
    def go(self, page: int):
        page = max(1, min(int(page), self.pages))
        return rx.redirect(self._url(hal=page if page > 1 else ""))


def _count_card(c: rx.Var) -> rx.Component:
    return rx.el.button(
        rx.vstack(
            rx.text(role_text(c["desk"]), size="2", weight="medium"),
            rx.hstack(
                rx.text(c["waiting"], size="6", weight="bold"),
                rx.text(tr("admin.inbox.files"), size="1", color_scheme="gray"),
                align="baseline",
                spacing="1",
            ),
            rx.cond(
                c["overdue"].to(int) > 0,
                rx.badge(tr("admin.inbox.overdue_count", count=c["overdue"].to_string()), color_scheme="red"),
                rx.badge(tr("admin.inbox.on_time"), color_scheme="green", variant="soft"),
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
                rx.el.label(tr("admin.inbox.search"), html_for="query", class_name="field-label"),
                rx.input(
                    id="query",
                    name="query",
                    default_value=S.query,
                    placeholder=tr("admin.inbox.search_placeholder"),
                    width="280px",
                ),
            ),
            rx.box(
                rx.el.label(tr("admin.inbox.izin_type"), html_for="izin_id", class_name="field-label"),
                rx.el.select(
                    rx.el.option(tr("admin.inbox.all_izin"), value=""),
                    rx.foreach(S.izin_options, lambda o: rx.el.option(o[1], value=o[0])),
                    id="izin_id",
                    name="izin_id",
                    default_value=S.izin_id,
                    class_name="native-select",
                ),
                max_width="280px",
            ),
            rx.box(
                rx.el.label(tr("admin.inbox.status"), html_for="status", class_name="field-label"),
                rx.el.select(
                    *[rx.el.option(tr(key), value=v) for v, key in STATUS_CHOICES],
                    id="status",
                    name="status",
                    default_value=S.status,
                    class_name="native-select",
                ),
            ),
            rx.box(
                rx.el.label(tr("admin.inbox.submitted_from"), html_for="date_from", class_name="field-label"),
                rx.input(id="date_from", name="date_from", type="date", default_value=S.date_from),
            ),
            rx.box(
                rx.el.label(tr("admin.inbox.until"), html_for="date_to", class_name="field-label"),
                rx.input(id="date_to", name="date_to", type="date", default_value=S.date_to),
            ),
            rx.button(rx.icon("search", size=16), tr("admin.inbox.apply"), type="submit"),
            spacing="3",
            align="end",
            wrap="wrap",
        ),
        on_submit=S.search,
        reset_on_submit=False,
        key=S.filter_key,
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
                tr("admin.inbox.days", used=r["days_used"].to_string(), allowed=r["days_allowed"].to_string()),
                size="1",
                color_scheme=rx.cond(r["overdue"], "red", "gray"),
            ),
        ),
        rx.table.cell(
            rx.cond(r["overdue"], rx.badge(tr("admin.inbox.overdue"), color_scheme="red"), rx.badge(r["status"]))
        ),
        class_name=rx.cond(r["overdue"], "row-overdue", ""),
    )


@admin_page(route="/admin", title=tr("admin.menu.desk"), on_load=InboxState.load)
def inbox() -> rx.Component:
    S = InboxState
    return rx.vstack(
        page_heading(tr("admin.menu.desk"), subtitle=tr("admin.inbox.subtitle", desk=role_text(S.desk))),
        rx.grid(rx.foreach(S.counts, _count_card), columns="5", spacing="3", width="100%"),
        form_alert(S.form_error),
        panel(
            _filters(),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(h)
                            for h in (
                                tr("admin.inbox.col_number"),
                                tr("admin.inbox.col_applicant"),
                                tr("admin.inbox.col_izin"),
                                tr("admin.inbox.col_submitted"),
                                tr("admin.inbox.col_due"),
                                tr("admin.inbox.status"),
                            )
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
