"""`/admin/pemohon`: applicant accounts — search, open one, deactivate or reactivate, and
replace a lost WhatsApp number (checked in person at the office)."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import denied, denied_notice, pager, table_of
from spontan_app.components.forms import form_alert, text_field
from spontan_app.components.i18n import tr
from spontan_app.i18n import t
from spontan_app.services.admin import applicants
from spontan_app.state.base import HandlerMixin

PER_PAGE = 20


class PemohonState(HandlerMixin, StaffState):
    rows: list[dict] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    query: str = ""
    denied_message: str = ""
    selected: int = 0
    detail: dict = {}
    profile: list[list[str]] = []
    info: str = ""
    wa_nonce: int = 0

    @rx.var
    def summary(self) -> str:
        if self.total == 0:
            return t("admin.pemohon.empty", self.lang)
        first = (self.page - 1) * PER_PAGE + 1
        last = min(self.page * PER_PAGE, self.total)
        return t("admin.pemohon.summary", self.lang, first=first, last=last, total=self.total)

    async def _reload(self):
        result = await self._run(
            applicants.list_applicants, query=self.query, page=self.page, page_size=PER_PAGE, keep_errors=True
        )
        if not result.ok:
            self.denied_message = self._l(result.error.message) if denied(result) else ""
            return result.events
        found = result.value
        self.rows = [self._l(asdict(v)) for v in found.rows]
        self.total, self.pages = found.total, found.pages
        return None

    async def _open(self, applicant_id: int):
        result = await self._run(applicants.get_applicant, applicant_id=int(applicant_id), keep_errors=True)
        if not result.ok:
            return result.events
        d = result.value
        self.selected = d.summary.id
        self.detail = {
            **self._l(asdict(d.summary)),
            "applications": d.applications,
            "open_applications": d.open_applications,
        }
        rows = [
            ("type", d.summary.type_label),
            ("identity", d.summary.username),
            ("name", d.summary.name),
            ("email", d.summary.email),
            ("wa", d.summary.wa_number),
            ("phone", d.phone),
            ("sex", d.sex_label),
            ("birth", ", ".join(x for x in (d.birth_place, d.birth_date) if x)),
            ("address", d.address),
            ("region", d.region_text),
            ("company", d.company_name),
            ("pic", d.pic_name),
            ("registered", d.summary.created),
        ]
        self.profile = [[t(f"admin.pemohon.field_{k}", self.lang), self._l(v)] for k, v in rows if v]
        return None

    @rx.event
    async def load(self):
        self.page, self.query, self.selected, self.info, self.denied_message = 1, "", 0, "", ""
        return await self._reload()

    @rx.event
    async def search(self, form: dict):
        self.query, self.page, self.selected = (form.get("query") or "").strip()[:100], 1, 0
        return await self._reload()

    @rx.event
    async def go(self, page: int):
        self.page = max(1, min(int(page), self.pages))
        return await self._reload()

    @rx.event
    async def open(self, applicant_id: int):
        self.info, self.errors, self.form_error = "", {}, ""
        return await self._open(applicant_id)

    @rx.event
    def close(self) -> None:
        self.selected = 0

    @rx.event
    async def set_active(self, active: bool):
        result = await self._run(applicants.set_applicant_active, applicant_id=self.selected, active=bool(active))
        if not result.ok:
            return result.events
        done = "activated" if active else "deactivated"
        self.info = t(f"admin.pemohon.{done}", self.lang, name=result.value.name)
        await self._open(self.selected)
        await self._reload()
        return rx.toast.success(self.info)

    @rx.event
    async def change_wa(self, form: dict):
        result = await self._run(
            applicants.reset_wa_number, applicant_id=self.selected, new_number=form.get("wa_number") or ""
        )
        if not result.ok:
            return result.events
        self.info = t("admin.pemohon.wa_changed", self.lang, name=result.value.name, number=result.value.wa_number)
        self.wa_nonce += 1
        await self._open(self.selected)
        await self._reload()
        return rx.toast.success(self.info)


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r["username"], weight="medium")),
        rx.table.cell(r["name"], rx.text(r["type_label"], size="1", color_scheme="gray")),
        rx.table.cell(r["wa_number"]),
        rx.table.cell(
            rx.badge(r["status_label"], color_scheme=rx.cond(r["status"] == "disabled", "gray", "green")),
        ),
        rx.table.cell(rx.text(r["created"], size="1")),
        rx.table.cell(
            rx.button(
                tr("admin.pemohon.open"),
                size="1",
                variant="soft",
                on_click=PemohonState.open(r["id"]),
                aria_label=tr("admin.pemohon.open_label", name=r["username"].to(str)),
            )
        ),
        class_name=rx.cond(PemohonState.selected == r["id"], "row-selected", ""),
    )


def _detail() -> rx.Component:
    S = PemohonState
    d = S.detail
    disabled = d["status"].to(str) == "disabled"
    return panel(
        rx.hstack(
            rx.heading(d["name"].to(str), as_="h2", size="4"),
            rx.badge(d["status_label"].to(str), color_scheme=rx.cond(disabled, "gray", "green")),
            rx.spacer(),
            rx.button(tr("admin.pemohon.close"), size="1", variant="ghost", on_click=S.close),
            align="center",
            width="100%",
        ),
        rx.el.dl(rx.foreach(S.profile, lambda p: rx.fragment(rx.el.dt(p[0]), rx.el.dd(p[1]))), class_name="kv"),
        rx.hstack(
            rx.badge(tr("admin.pemohon.applications", count=d["applications"].to_string()), variant="soft", size="2"),
            rx.badge(
                tr("admin.pemohon.open_applications", count=d["open_applications"].to_string()),
                variant="soft",
                size="2",
            ),
            spacing="2",
        ),
        rx.divider(),
        rx.cond(
            disabled,
            rx.button(tr("admin.akun.activate"), on_click=S.set_active(True)),
            rx.button(tr("admin.akun.deactivate"), color_scheme="red", variant="soft", on_click=S.set_active(False)),
        ),
        rx.form(
            rx.hstack(
                text_field(
                    tr("admin.pemohon.new_wa"),
                    "wa_number",
                    S.errors,
                    hint=tr("admin.pemohon.new_wa_hint"),
                    input_mode="tel",
                ),
                rx.button(tr("admin.pemohon.change_wa"), type="submit", margin_top="1.5rem"),
                align="start",
                spacing="3",
            ),
            on_submit=S.change_wa,
            reset_on_submit=False,
            key=S.wa_nonce.to_string(),
        ),
    )


@admin_page(route="/admin/pemohon", title=tr("admin.menu.applicants"), on_load=PemohonState.load)
def pemohon() -> rx.Component:
    S = PemohonState
    return rx.vstack(
        page_heading(tr("admin.menu.applicants"), subtitle=tr("admin.pemohon.subtitle")),
        rx.cond(
            S.denied_message != "",
            denied_notice(S.denied_message),
            rx.vstack(
                form_alert(S.form_error),
                form_alert(S.info, color="green"),
                rx.cond(S.selected != 0, _detail()),
                panel(
                    rx.form(
                        rx.hstack(
                            rx.el.label(tr("admin.inbox.search"), html_for="query", class_name="field-label"),
                            rx.input(
                                id="query",
                                name="query",
                                placeholder=tr("admin.pemohon.search_placeholder"),
                                width="320px",
                            ),
                            rx.button(rx.icon("search", size=16), tr("admin.inbox.search"), type="submit"),
                            align="center",
                            spacing="3",
                        ),
                        on_submit=S.search,
                        reset_on_submit=False,
                    ),
                    table_of(
                        [
                            tr(f"admin.pemohon.{key}")
                            for key in (
                                "field_identity",
                                "field_name",
                                "field_wa",
                                "col_status",
                                "field_registered",
                                "col_action",
                            )
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
