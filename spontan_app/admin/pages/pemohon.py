"""`/admin/pemohon`: applicant accounts — search, open one, deactivate or reactivate, and
replace a lost WhatsApp number (checked in person at the office)."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import denied, denied_notice, pager, table_of
from spontan_app.components.forms import form_alert, text_field
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
            return "Tidak ada akun yang cocok."
        first = (self.page - 1) * PER_PAGE + 1
        return f"Menampilkan {first} sampai {min(self.page * PER_PAGE, self.total)} dari {self.total} akun"

    async def _reload(self):
        result = await self._run(
            applicants.list_applicants, query=self.query, page=self.page, page_size=PER_PAGE, keep_errors=True
        )
        if not result.ok:
            self.denied_message = result.error.message if denied(result) else ""
            return result.events
        found = result.value
        self.rows = [asdict(v) for v in found.rows]
        self.total, self.pages = found.total, found.pages
        return None

    async def _open(self, applicant_id: int):
        result = await self._run(applicants.get_applicant, applicant_id=int(applicant_id), keep_errors=True)
        if not result.ok:
            return result.events
        d = result.value
        self.selected = d.summary.id
        self.detail = {**asdict(d.summary), "applications": d.applications, "open_applications": d.open_applications}
        rows = [
            ("Jenis Pemohon", d.summary.type_label),
            ("NIK/NPWP", d.summary.username),
            ("Nama", d.summary.name),
            ("Email", d.summary.email),
            ("Nomor WA", d.summary.wa_number),
            ("Nomor Telepon", d.phone),
            ("Jenis Kelamin", d.sex_label),
            ("Tempat, Tanggal Lahir", ", ".join(x for x in (d.birth_place, d.birth_date) if x)),
            ("Alamat", d.address),
            ("Wilayah", d.region_text),
            ("Nama Usaha", d.company_name),
            ("Penanggung Jawab", d.pic_name),
            ("Terdaftar", d.summary.created),
        ]
        self.profile = [[k, v] for k, v in rows if v]
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
        self.info = f"Akun {result.value.name} {'diaktifkan' if active else 'dinonaktifkan'}."
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
        self.info = f"Nomor WA {result.value.name} diganti menjadi {result.value.wa_number}."
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
                "Buka",
                size="1",
                variant="soft",
                on_click=PemohonState.open(r["id"]),
                aria_label="Buka " + r["username"].to(str),
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
            rx.button("Tutup", size="1", variant="ghost", on_click=S.close),
            align="center",
            width="100%",
        ),
        rx.el.dl(rx.foreach(S.profile, lambda p: rx.fragment(rx.el.dt(p[0]), rx.el.dd(p[1]))), class_name="kv"),
        rx.hstack(
            rx.badge(d["applications"].to_string() + " permohonan diajukan", variant="soft", size="2"),
            rx.badge(d["open_applications"].to_string() + " masih diproses", variant="soft", size="2"),
            spacing="2",
        ),
        rx.divider(),
        rx.cond(
            disabled,
            rx.button("Aktifkan", on_click=S.set_active(True)),
            rx.button("Nonaktifkan", color_scheme="red", variant="soft", on_click=S.set_active(False)),
        ),
        rx.form(
            rx.hstack(
                text_field(
                    "Nomor WA Baru",
                    "wa_number",
                    S.errors,
                    hint="Pastikan identitas pemohon sudah diperiksa langsung.",
                    input_mode="tel",
                ),
                rx.button("Ganti Nomor WA", type="submit", margin_top="1.5rem"),
                align="start",
                spacing="3",
            ),
            on_submit=S.change_wa,
            reset_on_submit=False,
            key=S.wa_nonce.to_string(),
        ),
    )


@admin_page(route="/admin/pemohon", title="Pemohon", on_load=PemohonState.load)
def pemohon() -> rx.Component:
    S = PemohonState
    return rx.vstack(
        page_heading("Pemohon", subtitle="Akun pemohon: cari dengan NIK/NPWP, nama atau nomor WA."),
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
                            rx.el.label("Cari", html_for="query", class_name="field-label"),
                            rx.input(
                                id="query", name="query", placeholder="NIK/NPWP, nama atau nomor WA", width="320px"
                            ),
                            rx.button(rx.icon("search", size=16), "Cari", type="submit"),
                            align="center",
                            spacing="3",
                        ),
                        on_submit=S.search,
                        reset_on_submit=False,
                    ),
                    table_of(["NIK/NPWP", "Nama", "Nomor WA", "Status", "Terdaftar", "Aksi"], rx.foreach(S.rows, _row)),
                    pager(S.summary, S.page, S.pages, S.go),
                ),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )
