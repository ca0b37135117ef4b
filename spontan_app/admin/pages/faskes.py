"""`/admin/faskes`: the health facilities applicants choose from — search, add, edit,
deactivate, and import thousands at once from a CSV file."""

from __future__ import annotations

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import denied, denied_notice, pager, table_of
from spontan_app.components.document_input import document_input
from spontan_app.components.forms import form_alert, text_field
from spontan_app.services.admin import faskes_admin
from spontan_app.services.admin.faskes_admin import CSV_COLUMNS, MAX_IMPORT_BYTES, FaskesForm
from spontan_app.state.base import HandlerMixin

PER_PAGE = 20
FIELDS = [
    ("Kode Daerah", "kode_daerah", False),
    ("Kode Pusat", "kode_pusat", False),
    ("Nama Faskes", "nama", True),
    ("Alamat Faskes", "alamat", True),
    ("Nama Pemilik", "pemilik", False),
    ("Nama Penanggung Jawab", "penanggung_jawab", False),
    ("Latitude", "latitude", False),
    ("Longitude", "longitude", False),
]


def _row(f) -> dict:
    return {
        "id": f.id,
        "kode_daerah": f.kode_daerah or "-",
        "nama": f.nama,
        "alamat": f.alamat,
        "pemilik": f.pemilik or "-",
        "aktif": bool(f.active),
    }


def _text(value) -> str:
    return "" if value is None else str(value)


class FaskesAdminState(HandlerMixin, StaffState):
    rows: list[dict] = []
    summary: str = ""
    page: int = 1
    pages: int = 1
    query: str = ""
    denied_message: str = ""
    editing: int = -1  # -1: no form, 0: a new faskes, else the id being edited
    edit: dict[str, str] = {}
    form_nonce: int = 0
    info: str = ""
    import_summary: str = ""
    import_ok: bool = False
    import_errors: list[list[str]] = []

    async def _reload(self):
        result = await self._run(faskes_admin.list_faskes, query=self.query, page=self.page, page_size=PER_PAGE)
        if not result.ok:
            self.denied_message = result.error.message if denied(result) else ""
            return result.events
        found = result.value
        self.rows = [_row(f) for f in found.rows]
        self.summary, self.pages = found.summary, found.pages
        return None

    @rx.event
    async def load(self):
        self.page, self.query, self.editing, self.info, self.denied_message = 1, "", -1, "", ""
        self.import_summary, self.import_errors = "", []
        return await self._reload()

    @rx.event
    async def search(self, form: dict):
        self.query, self.page = (form.get("query") or "").strip()[:100], 1
        return await self._reload()

    @rx.event
    async def go(self, page: int):
        self.page = max(1, min(int(page), self.pages))
        return await self._reload()

    @rx.event
    def new(self) -> None:
        self.editing, self.edit, self.info, self.errors = 0, {}, "", {}
        self.form_nonce += 1

    @rx.event
    async def open_edit(self, faskes_id: int):
        result = await self._run(faskes_admin.get_faskes, faskes_id=int(faskes_id))
        if not result.ok:
            return result.events
        f = result.value
        self.edit = {k: _text(getattr(f, k)) for k in CSV_COLUMNS}
        self.editing, self.info = f.id, ""
        self.form_nonce += 1
        return None

    @rx.event
    def close(self) -> None:
        self.editing, self.errors, self.form_error = -1, {}, ""

    @rx.event
    async def save(self, form: dict):
        data = FaskesForm(**{k: (form.get(k) or "").strip() for k in CSV_COLUMNS})
        if self.editing > 0:
            result = await self._run(faskes_admin.update_faskes, faskes_id=self.editing, form=data)
        else:
            result = await self._run(faskes_admin.create_faskes, form=data)
        if not result.ok:
            return result.events
        self.info = f"Faskes {result.value.nama} disimpan."
        self.editing = -1
        await self._reload()
        return rx.toast.success(self.info)

    @rx.event
    async def set_active(self, faskes_id: int, active: bool):
        result = await self._run(faskes_admin.set_faskes_active, faskes_id=int(faskes_id), active=bool(active))
        if not result.ok:
            return result.events
        # Keep the row on screen (the list shows active faskes) so the change can be undone.
        self.rows = [_row(result.value) if r["id"] == result.value.id else r for r in self.rows]
        self.info = f"Faskes {result.value.nama} {'diaktifkan' if active else 'dinonaktifkan'}."
        return None

    @rx.event
    async def imported(self, ok: bool, message: str):
        """The import route answers the counts on the first line, then ``line<TAB>error`` rows."""
        lines = (message or "").split("\n")
        self.import_ok, self.import_summary = bool(ok), lines[0]
        self.import_errors = [line.split("\t", 1) for line in lines[1:] if "\t" in line] if ok else []
        if ok:
            self.page = 1
            return await self._reload()
        return None


def _form() -> rx.Component:
    S = FaskesAdminState
    return panel(
        rx.heading(rx.cond(S.editing > 0, "Ubah Faskes", "Tambah Faskes"), as_="h2", size="4"),
        rx.form(
            rx.grid(
                *[
                    text_field(label, name, S.errors, required=required, default_value=S.edit.get(name, ""))
                    for label, name, required in FIELDS
                ],
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.button("Simpan", type="submit"),
                rx.button("Batal", type="button", variant="soft", color_scheme="gray", on_click=S.close),
                spacing="3",
                margin_top="1rem",
            ),
            on_submit=S.save,
            reset_on_submit=False,
            key=S.form_nonce.to_string(),  # a fresh form for each faskes opened
        ),
    )


def _import_panel() -> rx.Component:
    S = FaskesAdminState
    return panel(
        rx.heading("Impor CSV", as_="h2", size="4"),
        rx.text(
            "Kolom: " + ", ".join(CSV_COLUMNS) + " (pemisah koma atau titik koma, UTF-8, maksimal 5 MB). "
            "Faskes dengan kode daerah yang sudah ada diperbarui.",
            size="2",
            color_scheme="gray",
        ),
        document_input(
            input_id="impor-csv",
            label="Impor CSV",
            upload_url="/admin/faskes/impor",
            accept=".csv,text/csv",
            max_bytes=MAX_IMPORT_BYTES,
            button_text="Impor CSV",
            on_result=S.imported,
        ),
        rx.cond(
            S.import_summary != "",
            rx.callout(
                S.import_summary,
                icon=rx.cond(S.import_ok, "circle-check", "triangle-alert"),
                color_scheme=rx.cond(S.import_ok, "green", "red"),
                role="status",
                width="100%",
            ),
        ),
        rx.cond(
            S.import_errors.length() > 0,
            rx.box(
                rx.heading("Baris yang ditolak", as_="h3", size="3", margin_bottom="0.5rem"),
                table_of(
                    ["Baris", "Kesalahan"],
                    rx.foreach(S.import_errors, lambda e: rx.table.row(rx.table.cell(e[0]), rx.table.cell(e[1]))),
                    size="1",
                ),
                role="region",
                aria_label="Baris yang ditolak",
                width="100%",
            ),
        ),
    )


def _faskes_row(r: rx.Var) -> rx.Component:
    S = FaskesAdminState
    return rx.table.row(
        rx.table.cell(r["kode_daerah"]),
        rx.table.cell(rx.text(r["nama"], weight="medium")),
        rx.table.cell(rx.text(r["alamat"], size="2")),
        rx.table.cell(r["pemilik"]),
        rx.table.cell(
            rx.cond(r["aktif"], rx.badge("Aktif", color_scheme="green"), rx.badge("Nonaktif", color_scheme="gray"))
        ),
        rx.table.cell(
            rx.hstack(
                rx.button("Ubah", size="1", variant="soft", on_click=S.open_edit(r["id"])),
                rx.cond(
                    r["aktif"],
                    rx.button(
                        "Nonaktifkan",
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=S.set_active(r["id"], False),
                    ),
                    rx.button("Aktifkan", size="1", variant="soft", on_click=S.set_active(r["id"], True)),
                ),
                spacing="2",
            )
        ),
    )


@admin_page(route="/admin/faskes", title="Faskes", on_load=FaskesAdminState.load)
def faskes_page() -> rx.Component:
    S = FaskesAdminState
    return rx.vstack(
        page_heading(
            "Faskes",
            rx.button(rx.icon("plus", size=16), "Tambah Faskes", on_click=S.new),
            subtitle="Fasilitas kesehatan yang dapat dipilih pemohon.",
        ),
        rx.cond(
            S.denied_message != "",
            denied_notice(S.denied_message),
            rx.vstack(
                form_alert(S.form_error),
                form_alert(S.info, color="green"),
                rx.cond(S.editing >= 0, _form()),
                panel(
                    rx.form(
                        rx.hstack(
                            rx.el.label("Cari", html_for="query", class_name="field-label"),
                            rx.input(id="query", name="query", placeholder="Nama, alamat atau kode", width="320px"),
                            rx.button(rx.icon("search", size=16), "Cari", type="submit"),
                            align="center",
                            spacing="3",
                        ),
                        on_submit=S.search,
                        reset_on_submit=False,
                    ),
                    table_of(
                        ["Kode Daerah", "Nama", "Alamat", "Pemilik", "Aktif", "Aksi"],
                        rx.foreach(S.rows, _faskes_row),
                    ),
                    pager(S.summary, S.page, S.pages, S.go),
                ),
                _import_panel(),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )
