"""`/admin/katalog`: Katalog Izin — every jenis izin; the chosen one's data, requirements,
form fields and desks. Changes apply to new drafts; submitted files keep their snapshot."""

from __future__ import annotations

import re

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.pages.katalog_parts import FIELD_TYPES, detail_panels, izin_list
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import denied_callout, denied_message
from spontan_app.components.forms import form_alert
from spontan_app.components.i18n import tr
from spontan_app.domain.enums import StaffRole
from spontan_app.i18n import t
from spontan_app.services.admin import catalogue as cat
from spontan_app.state.base import HandlerMixin

TYPE_KEYS = dict(FIELD_TYPES)
NEW_IZIN = {"code": "", "name": "", "bidang_id": "", "layanan_id": "", "description": "", "processing_days": "5"}
NEW_IZIN |= {"validity_months": "", "cost": "0", "legal_basis": "", "needs_faskes": False, "needs_location": False}
NEW_IZIN |= {"active": True}


def _flag(value: object) -> bool:
    return value in (True, "on", "true", "1")


def _lists(session, staff):
    izin = cat.list_izin(session=session, staff=staff)
    bidang = [[str(b.id), b.name] for b in cat.list_bidang(session=session, staff=staff)]
    layanan = [[str(j.id), j.name] for j in cat.list_layanan(session=session, staff=staff)]
    return izin, bidang, layanan


class KatalogState(HandlerMixin, StaffState):
    denied: str = ""
    query: str = ""
    rows: list[dict] = []
    bidang_options: list[list[str]] = []
    layanan_options: list[list[str]] = []
    selected: int = 0  # 0 nothing open, -1 a new izin
    izin: dict = {}
    requirements: list[dict] = []
    fields: list[dict] = []
    steps: list[dict[str, str]] = []
    info: str = ""
    izin_key: int = 0
    req_key: int = 0
    field_key: int = 0

    @rx.var
    def shown(self) -> list[dict]:
        words = self.query.lower().split()
        keep = (r for r in self.rows if all(w in " ".join(str(v) for v in r.values()).lower() for w in words))
        return list(keep)

    @rx.var
    def title(self) -> str:
        if self.selected == -1:
            return t("backoffice.katalog_new", self.lang)
        return f"{self.izin.get('code', '')} — {self.izin.get('name', '')}"

    def _prefixed(self, prefix: str) -> None:
        self.errors = {f"{prefix}{k}": v for k, v in self.errors.items()}

    async def _reload_list(self):
        result = await self._run(_lists, keep_errors=True)
        self.denied = denied_message(result.error)
        if not result.ok:
            self.rows = []
            return result.events
        izin, self.bidang_options, self.layanan_options = result.value
        self.rows = [
            {"id": i.id, "code": i.code, "name": i.name, "bidang": i.bidang_name, "layanan": i.layanan_name}
            | {"days": i.processing_days, "active": i.active}
            for i in izin
        ]
        return None

    async def _open(self, izin_id: int):
        result = await self._run(cat.get_izin, izin_id=izin_id, keep_errors=True)
        if not result.ok:
            return result.events
        d = result.value
        i = d.izin
        self.selected = i.id
        self.izin = {k: str(getattr(i, k) if getattr(i, k) is not None else "") for k in NEW_IZIN if k != "active"}
        self.izin |= {"needs_faskes": i.needs_faskes, "needs_location": i.needs_location, "active": i.active}
        self.requirements = [
            {"id": r.id, "name": r.name, "note": r.note, "required": r.required, "active": r.active}
            for r in d.requirements
        ]
        self.fields = [
            {"id": f.id, "key": f.key, "label": f.label, "field_type": f.field_type, "required": f.required}
            | {"options": ", ".join(f.options or []), "active": f.active}
            | {"type_label": t(TYPE_KEYS[f.field_type], self.lang) if f.field_type in TYPE_KEYS else f.field_type}
            for f in d.fields
        ]
        self.steps = [{"desk": s.desk, "stage": s.stage} for s in d.steps]
        self.izin_key += 1
        return None

    @rx.event
    async def load(self):
        self.selected, self.query, self.info = 0, "", ""
        self.errors, self.form_error = {}, ""
        return await self._reload_list()

    @rx.event
    def set_query(self, value: str) -> None:
        self.query = value[:100]

    @rx.event
    async def open_izin(self, izin_id: int):
        self.errors, self.form_error, self.info = {}, "", ""
        return await self._open(int(izin_id))

    @rx.event
    def new_izin(self) -> None:
        self.errors, self.form_error, self.info = {}, "", ""
        self.selected, self.izin, self.izin_key = -1, dict(NEW_IZIN), self.izin_key + 1
        self.requirements, self.fields, self.steps = [], [], []

    @rx.event
    async def save_izin(self, form: dict):
        self.info = ""
        data = cat.IzinForm(
            **{k: form.get(k) or "" for k in NEW_IZIN if k not in ("needs_faskes", "needs_location", "active")},
            needs_faskes=_flag(form.get("needs_faskes")),
            needs_location=_flag(form.get("needs_location")),
            active=_flag(form.get("active")),
        )
        if self.selected == -1:
            result = await self._run(cat.create_izin, form=data)
        else:
            result = await self._run(cat.update_izin, izin_id=self.selected, form=data)
        if not result.ok:
            return result.events
        self.info = t("backoffice.katalog_saved", self.lang, code=result.value.code)
        await self._reload_list()
        return await self._open(result.value.id)

    @rx.event
    async def add_requirement(self, form: dict):
        self.info = ""
        data = cat.RequirementForm(
            name=form.get("req_name") or "", note=form.get("req_note") or "", required=_flag(form.get("req_required"))
        )
        result = await self._run(cat.add_requirement, izin_id=self.selected, form=data)
        if not result.ok:
            self._prefixed("req_")
            return result.events
        self.info = t("backoffice.katalog_req_added", self.lang, name=result.value.name)
        self.req_key += 1
        return await self._open(self.selected)

    @rx.event
    async def add_form_field(self, form: dict):
        self.info = ""
        options = [o.strip() for o in re.split(r"[,\n]", form.get("field_options") or "") if o.strip()]
        data = cat.FormFieldForm(
            key=form.get("field_key") or "",
            label=form.get("field_label") or "",
            field_type=form.get("field_type") or "",
            required=_flag(form.get("field_required")),
            options=options,
        )
        result = await self._run(cat.add_form_field, izin_id=self.selected, form=data)
        if not result.ok:
            self._prefixed("field_")
            return result.events
        self.info = t("backoffice.katalog_field_added", self.lang, label=result.value.label)
        self.field_key += 1
        return await self._open(self.selected)

    @rx.event
    async def retire(self, what: str, row_id: int):
        self.info = ""
        if what == "requirement":
            result = await self._run(cat.retire_requirement, requirement_id=int(row_id))
        else:
            result = await self._run(cat.retire_form_field, field_id=int(row_id))
        if not result.ok:
            return result.events
        name = getattr(result.value, "name", None) or result.value.label
        self.info = t("backoffice.katalog_retired", self.lang, name=name)
        return await self._open(self.selected)

    @rx.event
    def set_step(self, index: int, part: str, value: str) -> None:
        if 0 <= index < len(self.steps) and part in ("desk", "stage"):
            self.steps[index] = {**self.steps[index], part: value[:100]}

    @rx.event
    def move_step(self, index: int, delta: int) -> None:
        other = index + delta
        if 0 <= index < len(self.steps) and 0 <= other < len(self.steps):
            self.steps[index], self.steps[other] = self.steps[other], self.steps[index]

    @rx.event
    def drop_step(self, index: int) -> None:
        self.steps = [s for n, s in enumerate(self.steps) if n != index]

    @rx.event
    def add_step(self) -> None:
        self.steps = [*self.steps, {"desk": StaffRole.FRONT_OFFICE.value, "stage": ""}]

    @rx.event
    async def save_steps(self):
        self.info = ""
        steps = [(s["desk"], s["stage"]) for s in self.steps]
        result = await self._run(cat.set_process_steps, izin_id=self.selected, steps=steps)
        if not result.ok:
            return result.events
        self.info = t("backoffice.katalog_steps_saved", self.lang)
        return await self._open(self.selected)


@admin_page(route="/admin/katalog", title=t("backoffice.katalog_title"), on_load=KatalogState.load)
def katalog() -> rx.Component:
    S = KatalogState
    return rx.vstack(
        page_heading(
            tr("backoffice.katalog_title"),
            rx.cond(
                S.denied == "",
                rx.button(rx.icon("plus", size=16), tr("backoffice.katalog_add"), on_click=S.new_izin),
            ),
            subtitle=tr("backoffice.katalog_subtitle"),
        ),
        denied_callout(S.denied),
        rx.cond(
            S.denied == "",
            rx.vstack(
                form_alert(S.form_error),
                form_alert(S.info, color="green"),
                panel(izin_list(S)),
                rx.cond(S.selected != 0, detail_panels(S)),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )
