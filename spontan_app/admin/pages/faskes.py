"""`/admin/faskes`: the health facilities applicants choose from — search, add, edit,
deactivate, and import thousands at once from a CSV file."""

from __future__ import annotations

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import denied, denied_notice, pager, table_of
from spontan_app.components.document_input import document_input
from spontan_app.components.forms import form_alert, text_field
from spontan_app.components.i18n import tr
from spontan_app.components.icons import callout_cond
from spontan_app.i18n import format_number, t
from spontan_app.services import faskes as faskes_search
from spontan_app.services.admin import faskes_admin
from spontan_app.services.admin.faskes_admin import CSV_COLUMNS, MAX_IMPORT_BYTES, FaskesForm
from spontan_app.state.base import HandlerMixin

PER_PAGE = 20
# (column, required); the label is the catalogue's backoffice.faskes_<column>
FIELDS = [
    ("kode_daerah", False),
    ("kode_pusat", False),
    ("nama", True),
    ("alamat", True),
    ("pemilik", False),
    ("penanggung_jawab", False),
    ("latitude", False),
    ("longitude", False),
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


def _summary(found: faskes_search.SearchPage, lang: str) -> str:
    """The pager's line (the search's own summary, in the tab's language)."""
    if found.capped:
        of = t("backoffice.faskes_more_than", lang, count=format_number(faskes_search.COUNT_CAP, lang))
    else:
        of = format_number(found.matching, lang)
    return t(
        "backoffice.faskes_summary",
        lang,
        first=found.first,
        last=found.last,
        of=of,
        total=format_number(found.total, lang),
    )


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
            self.denied_message = self._l(result.error.message) if denied(result) else ""
            return result.events
        found = result.value
        self.rows = [_row(f) for f in found.rows]
        self.summary, self.pages = _summary(found, self.lang), found.pages
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
        self.info = t("backoffice.faskes_saved", self.lang, name=result.value.nama)
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
        key = "backoffice.faskes_activated" if active else "backoffice.faskes_deactivated"
        self.info = t(key, self.lang, name=result.value.nama)
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
        rx.heading(
            rx.cond(S.editing > 0, tr("backoffice.faskes_edit"), tr("backoffice.faskes_add")), as_="h2", size="4"
        ),
        rx.form(
            rx.grid(
                *[
                    text_field(
                        tr(f"backoffice.faskes_{name}"),
                        name,
                        S.errors,
                        required=required,
                        default_value=S.edit.get(name, ""),
                    )
                    for name, required in FIELDS
                ],
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.button(tr("backoffice.save"), type="submit"),
                rx.button(
                    tr("backoffice.cancel"), type="button", variant="soft", color_scheme="gray", on_click=S.close
                ),
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
        rx.heading(tr("backoffice.faskes_import"), as_="h2", size="4"),
        rx.text(
            tr("backoffice.faskes_import_help", columns=", ".join(CSV_COLUMNS)),
            size="2",
            color_scheme="gray",
        ),
        document_input(
            input_id="impor-csv",
            label=tr("backoffice.faskes_import"),
            upload_url="/admin/faskes/impor",
            accept=".csv,text/csv",
            max_bytes=MAX_IMPORT_BYTES,
            button_text=tr("backoffice.faskes_import"),
            on_result=S.imported,
        ),
        rx.cond(
            S.import_summary != "",
            callout_cond(
                S.import_summary,
                S.import_ok,
                "circle-check",
                "triangle-alert",
                color_scheme=rx.cond(S.import_ok, "green", "red"),
                role="status",
                width="100%",
            ),
        ),
        rx.cond(
            S.import_errors.length() > 0,
            rx.box(
                rx.heading(tr("backoffice.faskes_rejected_rows"), as_="h3", size="3", margin_bottom="0.5rem"),
                table_of(
                    [tr("backoffice.faskes_line"), tr("backoffice.faskes_error")],
                    rx.foreach(S.import_errors, lambda e: rx.table.row(rx.table.cell(e[0]), rx.table.cell(e[1]))),
                    size="1",
                ),
                role="region",
                aria_label=tr("backoffice.faskes_rejected_rows"),
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
            rx.cond(
                r["aktif"],
                rx.badge(tr("backoffice.active"), color_scheme="green"),
                rx.badge(tr("backoffice.inactive"), color_scheme="gray"),
            )
        ),
        rx.table.cell(
            rx.hstack(
                rx.button(tr("backoffice.edit"), size="1", variant="soft", on_click=S.open_edit(r["id"])),
                rx.cond(
                    r["aktif"],
                    rx.button(
                        tr("backoffice.deactivate"),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=S.set_active(r["id"], False),
                    ),
                    rx.button(
                        tr("backoffice.activate"), size="1", variant="soft", on_click=S.set_active(r["id"], True)
                    ),
                ),
                spacing="2",
            )
        ),
    )


@admin_page(route="/admin/faskes", title=t("backoffice.faskes_title"), on_load=FaskesAdminState.load)
def faskes_page() -> rx.Component:
    S = FaskesAdminState
    return rx.vstack(
        page_heading(
            tr("backoffice.faskes_title"),
            rx.button(rx.icon("plus", size=16), tr("backoffice.faskes_add"), on_click=S.new),
            subtitle=tr("backoffice.faskes_subtitle"),
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
                            rx.el.label(tr("backoffice.search"), html_for="query", class_name="field-label"),
                            rx.input(
                                id="query",
                                name="query",
                                placeholder=tr("backoffice.faskes_search_placeholder"),
                                width="320px",
                            ),
                            rx.button(rx.icon("search", size=16), tr("backoffice.search"), type="submit"),
                            align="center",
                            spacing="3",
                        ),
                        on_submit=S.search,
                        reset_on_submit=False,
                    ),
                    table_of(
                        [
                            tr("backoffice.faskes_col_kode"),
                            tr("backoffice.name"),
                            tr("backoffice.faskes_col_alamat"),
                            tr("backoffice.faskes_col_pemilik"),
                            tr("backoffice.active"),
                            tr("backoffice.actions"),
                        ],
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
