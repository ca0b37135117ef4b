"""`/admin/usulan-faskes`: the faskes proposed by applicants (Tambah Data), oldest first.
Setujui adds the faskes to the list applicants search; Tolak sends the Alasan to them."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import confirm_dialog, denied_callout, denied_message, pager, table
from spontan_app.components.forms import form_alert
from spontan_app.components.i18n import tr
from spontan_app.i18n import t
from spontan_app.services.admin import proposals
from spontan_app.state.base import HandlerMixin

PER_PAGE = 10


class UsulanState(HandlerMixin, StaffState):
    denied: str = ""
    rows: list[dict] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    info: str = ""
    action: str = ""  # "setujui" / "tolak" waiting for OK
    target_id: int = 0
    target_name: str = ""
    reason: str = ""

    @rx.var
    def summary(self) -> str:
        if self.total == 0:
            return t("admin.usulan.empty", self.lang)
        first = (self.page - 1) * PER_PAGE + 1
        last = min(self.page * PER_PAGE, self.total)
        return t("admin.usulan.summary", self.lang, first=first, last=last, total=self.total)

    @rx.var
    def confirm_text(self) -> str:
        if self.action in ("setujui", "tolak"):
            return t(f"admin.usulan.confirm_{self.action}", self.lang, name=self.target_name)
        return ""

    async def _reload(self):
        result = await self._run(proposals.list_pending, page=self.page, page_size=PER_PAGE, keep_errors=True)
        self.denied = denied_message(result.error, self.lang)
        if not result.ok:
            self.rows = []
            return result.events
        found = result.value
        if not found.rows and self.page > 1:  # the last row of the last page was decided
            self.page = found.pages
            return await self._reload()
        self.rows = [self._l(asdict(p)) for p in found.rows]
        self.total, self.pages = found.total, found.pages
        return None

    @rx.event
    async def load(self):
        self.page, self.info, self.action = 1, "", ""
        self.errors, self.form_error = {}, ""
        return await self._reload()

    @rx.event
    async def go(self, page: int):
        self.page = max(1, min(int(page), self.pages))
        return await self._reload()

    @rx.event
    def ask(self, action: str, proposal_id: int, name: str) -> None:
        self.errors, self.form_error, self.info = {}, "", ""
        self.action = action if action in ("setujui", "tolak") else ""
        self.target_id, self.target_name, self.reason = int(proposal_id), name, ""

    @rx.event
    def set_reason(self, value: str) -> None:
        self.reason = value[:500]

    @rx.event
    def dialog_open(self, open_: bool) -> None:
        if not open_:
            self.action, self.errors = "", {}

    @rx.event
    async def decide(self):
        if self.action == "tolak":
            result = await self._run(proposals.reject, proposal_id=self.target_id, reason=self.reason)
        elif self.action == "setujui":
            result = await self._run(proposals.approve, proposal_id=self.target_id)
        else:
            return None
        if not result.ok and self.errors:  # Alasan missing: the dialog stays open
            return result.events
        action, self.action = self.action, ""
        if result.ok:
            self.info = t(f"admin.usulan.done_{action}", self.lang, name=result.value.nama)
        reload = await self._reload()
        return result.events or reload or (rx.toast.success(self.info) if result.ok else None)


def _row(p: rx.Var) -> rx.Component:
    S = UsulanState
    name = p["nama"].to(str)
    return rx.table.row(
        rx.table.cell(rx.text(p["nama"], weight="medium", size="2")),
        rx.table.cell(rx.text(p["alamat"], size="2")),
        rx.table.cell(rx.text(p["pemilik"], size="2")),
        rx.table.cell(rx.text(p["penanggung_jawab"], size="2")),
        rx.table.cell(rx.text(p["kontak"], size="2"), white_space="nowrap"),
        rx.table.cell(rx.text(p["applicant_name"], size="2")),
        rx.table.cell(rx.text(p["created"], size="1"), min_width="96px"),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    tr("admin.proses.approve"),
                    size="1",
                    color_scheme="green",
                    on_click=S.ask("setujui", p["id"], name),
                    aria_label=tr("admin.usulan.approve_label", name=name),
                ),
                rx.button(
                    tr("admin.proses.reject"),
                    size="1",
                    color_scheme="red",
                    variant="soft",
                    on_click=S.ask("tolak", p["id"], name),
                    aria_label=tr("admin.usulan.reject_label", name=name),
                ),
                spacing="2",
            ),
        ),
    )


def _reason() -> rx.Component:
    S = UsulanState
    error = S.errors.get("reason", "")
    return rx.cond(
        S.action == "tolak",
        rx.box(
            rx.el.label(tr("admin.usulan.reason"), html_for="reason", class_name="field-label"),
            rx.text_area(
                id="reason",
                value=S.reason,
                on_change=S.set_reason,
                rows="3",
                width="100%",
                aria_invalid=rx.cond(error != "", "true", "false"),
                aria_describedby="reason-error",
            ),
            rx.cond(error != "", rx.text(error, id="reason-error", role="alert", color_scheme="red", size="2")),
            class_name="field",
            margin_top="0.75rem",
        ),
    )


@admin_page(route="/admin/usulan-faskes", title=tr("admin.menu.faskes_proposals"), on_load=UsulanState.load)
def usulan_faskes() -> rx.Component:
    S = UsulanState
    headers = [
        tr(key)
        for key in (
            "admin.desk.faskes_name",
            "admin.pemohon.field_address",
            "admin.usulan.col_owner",
            "admin.pemohon.field_pic",
            "admin.usulan.col_contact",
            "admin.usulan.col_proposer",
            "admin.usulan.col_date",
            "admin.pemohon.col_action",
        )
    ]
    return rx.vstack(
        page_heading(
            tr("admin.menu.faskes_proposals"),
            subtitle=tr("admin.usulan.subtitle"),
        ),
        denied_callout(S.denied),
        rx.cond(
            S.denied == "",
            rx.vstack(
                form_alert(S.form_error),
                form_alert(S.info, color="green"),
                panel(
                    table(headers, S.rows, _row),
                    rx.cond(S.total == 0, rx.text(tr("admin.usulan.none_waiting"), size="2")),
                    pager(S.summary, S.page, S.pages, S.go),
                ),
                spacing="4",
                width="100%",
            ),
        ),
        confirm_dialog(S.action != "", S.confirm_text, S.decide, S.dialog_open, _reason()),
        spacing="4",
        width="100%",
    )
