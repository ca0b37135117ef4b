"""`/admin/audit`: the audit trail, newest first, filtered by actor, file number, action
and date. For the Kepala Dinas and the Administrator Sistem."""

from __future__ import annotations

import json

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import (
    date_input,
    denied,
    denied_notice,
    labelled,
    native_select,
    pager,
    parse_day,
    table_of,
)
from spontan_app.components.forms import form_alert
from spontan_app.components.i18n import tr
from spontan_app.i18n import t
from spontan_app.services.admin import audit_log
from spontan_app.services.admin.audit_log import ACTOR_TYPES, AuditFilter
from spontan_app.state.base import HandlerMixin

PER_PAGE = 50


def _trail(session, staff, filters: AuditFilter, page: int):
    found = audit_log.search_audit(session=session, staff=staff, filters=filters, page=page, page_size=PER_PAGE)
    return found, audit_log.actions(session=session, staff=staff)


def _detail(detail: dict) -> str:
    return ", ".join(
        f"{k}: {v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}" for k, v in detail.items()
    )


class AuditState(HandlerMixin, StaffState):
    rows: list[dict] = []
    actions: list[str] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    denied_message: str = ""
    filters: dict[str, str] = {}

    @rx.var
    def summary(self) -> str:
        if self.total == 0:
            return t("backoffice.audit_none", self.lang)
        first = (self.page - 1) * PER_PAGE + 1
        last = min(self.page * PER_PAGE, self.total)
        return t("backoffice.audit_summary", self.lang, first=first, last=last, total=self.total)

    async def _reload(self):
        f = self.filters
        filters = AuditFilter(
            actor_type=f.get("actor_type") or None,
            actor_name=f.get("actor_name", "")[:100],
            registration_number=f.get("number", "")[:60],
            action=f.get("action") or None,
            date_from=parse_day(f.get("date_from", "")),
            date_to=parse_day(f.get("date_to", "")),
        )
        result = await self._run(_trail, filters=filters, page=self.page)
        if not result.ok:
            self.denied_message = self._l(result.error.message) if denied(result) else ""
            return result.events
        found, self.actions = result.value
        self.total, self.pages = found.total, found.pages
        self.rows = [
            {
                "at": e.at,
                "actor": e.actor_name,
                "actor_type": t(f"backoffice.actor_{e.actor_type}", self.lang)
                if e.actor_type in ACTOR_TYPES
                else e.actor_type_label,
                "action": e.action,
                "object": f"{e.entity} #{e.entity_id}" if e.entity_id is not None else (e.entity or "-"),
                "ip": e.ip or "-",
                "detail": _detail(e.detail),
            }
            for e in found.rows
        ]
        return None

    @rx.event
    async def load(self):
        self.page, self.filters, self.denied_message = 1, {}, ""
        return await self._reload()

    @rx.event
    async def apply(self, form: dict):
        self.filters = {k: str(v or "").strip() for k, v in form.items()}
        self.page = 1
        return await self._reload()

    @rx.event
    async def go(self, page: int):
        self.page = max(1, min(int(page), self.pages))
        return await self._reload()


def _filters() -> rx.Component:
    S = AuditState
    return rx.form(
        rx.flex(
            native_select(
                tr("backoffice.audit_actor_type"),
                "actor_type",
                [(kind, tr(f"backoffice.actor_{kind}")) for kind in ACTOR_TYPES],
                tr("backoffice.audit_all"),
            ),
            labelled(
                tr("backoffice.audit_actor"),
                "actor_name",
                rx.input(id="actor_name", name="actor_name", placeholder=tr("backoffice.audit_actor_placeholder")),
            ),
            labelled(
                tr("backoffice.audit_number"),
                "number",
                rx.input(id="number", name="number", placeholder="1/IPRI-B/01/2026"),
            ),
            labelled(
                tr("backoffice.audit_action"),
                "action",
                rx.el.select(
                    rx.el.option(tr("backoffice.audit_all_actions"), value=""),
                    rx.foreach(S.actions, lambda a: rx.el.option(a, value=a)),
                    id="action",
                    name="action",
                    class_name="native-select",
                ),
            ),
            date_input(tr("backoffice.audit_from"), "date_from"),
            date_input(tr("backoffice.audit_to"), "date_to"),
            rx.button(rx.icon("filter", size=16), tr("backoffice.apply"), type="submit"),
            spacing="3",
            align="end",
            wrap="wrap",
        ),
        on_submit=S.apply,
        reset_on_submit=False,
    )


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r["at"], size="1", white_space="nowrap")),
        rx.table.cell(rx.text(r["actor"], size="2"), rx.text(r["actor_type"], size="1", color_scheme="gray")),
        rx.table.cell(rx.code(r["action"], variant="ghost")),
        rx.table.cell(rx.text(r["object"], size="2")),
        rx.table.cell(rx.text(r["ip"], size="1")),
        rx.table.cell(rx.text(r["detail"], size="1", class_name="audit-detail")),
    )


@admin_page(route="/admin/audit", title=t("backoffice.audit_title"), on_load=AuditState.load)
def audit_page() -> rx.Component:
    S = AuditState
    return rx.vstack(
        page_heading(tr("backoffice.audit_heading"), subtitle=tr("backoffice.audit_subtitle")),
        rx.cond(
            S.denied_message != "",
            denied_notice(S.denied_message),
            rx.vstack(
                form_alert(S.form_error),
                form_alert(S.errors.get("date_to", "")),
                panel(
                    _filters(),
                    table_of(
                        [
                            tr("backoffice.audit_time"),
                            tr("backoffice.audit_actor"),
                            tr("backoffice.audit_action"),
                            tr("backoffice.audit_object"),
                            tr("backoffice.audit_ip"),
                            tr("backoffice.audit_detail"),
                        ],
                        rx.foreach(S.rows, _row),
                    ),
                    pager(S.summary, S.page, S.pages, S.go),
                ),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )
