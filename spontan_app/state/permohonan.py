"""`/permohonan/[id]`: Langkah 4–6 of a draft (isi kelengkapan, faskes, ajukan), Ubah after
submission, and the read-only view. The page is read by one service call
(``applications.detail``); every action re-checks ownership in the service.

The faskes search and the Tambah Data proposal are their own state
(spontan_app/state/faskes_dialog.py)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

import reflex as rx

from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.models import Applicant
from spontan_app.domain.status_guide import guide
from spontan_app.i18n import format_date, format_datetime, localize, t
from spontan_app.services import applications, workflow
from spontan_app.services.applications import ApplicationDetail, DocumentDetail, DraftInput
from spontan_app.services.errors import FieldErrors, NotFound
from spontan_app.settings import get_settings
from spontan_app.state.auth import AuthState, run_or_toast
from spontan_app.state.base import HandlerMixin


@dataclass
class FieldView:
    key: str
    label: str
    type: str
    required: bool
    help: str
    options: list[str]


@dataclass
class DocView:
    req_id: int
    name: str
    note: str
    required: bool
    doc_id: int = 0
    file_name: str = ""
    size_text: str = ""
    version: int = 0
    flagged: bool = False

    @classmethod
    def of(cls, d: DocumentDetail) -> DocView:
        size = _size(d.size) if d.document_id else ""
        return cls(d.requirement_id, d.name, d.note, d.required, d.document_id, d.file_name, size, d.version, d.flagged)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def faskes_info(chosen: Any, lang: str = "id") -> dict[str, str]:
    """What the page lists of the chosen faskes (a FaskesDetail or a Faskes row), labelled in ``lang``."""
    if chosen is None:
        return {}
    return {
        t("permohonan.faskes_name", lang): chosen.nama,
        t("permohonan.faskes_address", lang): chosen.alamat,
        t("permohonan.owner_name", lang): chosen.pemilik,
        t("permohonan.responsible_name", lang): chosen.penanggung_jawab,
        t("permohonan.faskes_point", lang): f"{chosen.latitude}, {chosen.longitude}"
        if chosen.latitude is not None
        else "-",
    }


# Clears the browser's "unsaved changes" mark (assets/spontan.js) once the server has saved.
_MARK_SAVED = rx.call_script("window.spontanMarkSaved && window.spontanMarkSaved()")
_ALL_SAVED = rx.call_script("window.spontanMarkSaved && window.spontanMarkSaved(true)")

_PLAIN_LABELS = {"lokasi": "Lokasi", "latitude": "Latitude", "longitude": "Longitude", "keterangan": "Keterangan"}


def shown_value(field_type: str, value: str, lang: str = "id") -> str:
    """A value as the review summary shows it: dates DD-MM-YYYY (English: 30 Nov 2026), phones
    the way people write them."""
    value = (value or "").strip()
    if not value:
        return "-"
    if field_type == "date":
        try:
            return format_date(date.fromisoformat(value), lang)
        except ValueError:
            return value
    if field_type == "phone":
        digits = re.sub(r"[^0-9+]", "", value)
        if digits.startswith("+62"):
            digits = "0" + digits[3:]
        elif digits.startswith("62"):
            digits = "0" + digits[2:]
        if digits.startswith("0") and digits.isdigit() and len(digits) >= 9:
            return "-".join([digits[:4], digits[4:8], digits[8:]]).rstrip("-")
        return value
    return value


def save_and_resubmit(*, session, applicant: Applicant, application_id: int, data: DraftInput) -> None:
    """Ajukan Ulang: the corrections and the resubmission in one transaction."""
    applications.save_changes(session=session, applicant=applicant, application_id=application_id, data=data)
    workflow.resubmit(session=session, applicant=applicant, application_id=application_id)


class PermohonanState(HandlerMixin, AuthState):
    loaded: bool = False
    missing: str = ""
    app_id: int = 0
    status: str = ""
    reg_number: str = ""
    submitted_at: str = ""
    due_date: str = ""
    izin_name: str = ""
    izin_code: str = ""
    processing_days: int = 0
    needs_faskes: bool = False
    needs_location: bool = False
    fields: list[FieldView] = []
    values: dict[str, str] = {}
    docs: list[DocView] = []
    lokasi: str = ""
    latitude: str = ""
    longitude: str = ""
    keterangan: str = ""
    map_lat: float | None = None
    map_lng: float | None = None
    faskes_id: int = 0
    faskes_info: dict[str, str] = {}
    declaration: bool = False
    form_key: int = 0
    editable: bool = False
    edit_reason: str = ""
    return_note: str = ""
    # Autosave of a draft: "" (nothing typed yet), "saving", "saved", "error".
    save_status: str = ""
    # The error summary lists errors only after a submit (GOV.UK): not for one bad upload.
    summary_open: bool = False
    _submit_key: str = ""

    # ----------------------------------------------------------------- loading

    @rx.event
    async def load(self):
        self.loaded, self.missing = False, ""
        # Hide the previous visit's form at once: typing into it while this file loads
        # would be lost when the fresh form replaces it.
        yield
        self._submit_key = secrets.token_hex(16)  # one key per visit: a retried submit is recognised
        result = await self._run(applications.detail, application_id=self.id)
        if not result.ok:
            if isinstance(result.error, NotFound):
                self.form_error, self.missing = "", result.error.message
                self.loaded = True
            return  # a logged-out tab: require_login already sent it to /login
        self._show(result.value)
        self.loaded, self.save_status, self.summary_open = True, "", False
        yield _ALL_SAVED

    def _show(self, d: ApplicationDetail) -> None:
        self.app_id, self.status, self.reg_number = d.id, d.status, d.registration_number
        self.submitted_at = format_datetime(d.submitted_at, self.lang)
        self.due_date = (
            format_date(d.due_date, self.lang) if guide(d.status).shows_due_date else ""
        )  # none once cancelled
        self.izin_name, self.izin_code, self.processing_days = d.izin_name, d.izin_code, d.processing_days
        self.needs_faskes, self.needs_location = d.needs_faskes, d.needs_location
        self.fields = [FieldView(f.key, f.label, f.field_type, f.required, f.help_text, f.options) for f in d.fields]
        self.values = {f.key: f.value for f in d.fields}
        self.docs = [DocView.of(doc) for doc in d.documents]
        self.lokasi, self.keterangan = d.lokasi, d.keterangan
        self.latitude = "" if d.latitude is None else str(d.latitude)
        self.longitude = "" if d.longitude is None else str(d.longitude)
        self.map_lat, self.map_lng = d.latitude, d.longitude
        self._show_faskes(d.faskes)
        self.editable, self.edit_reason, self.return_note = d.editable, self._l(d.edit_reason), d.return_note
        self.form_key += 1

    def _show_faskes(self, chosen: Any) -> None:
        self.faskes_id = chosen.id if chosen else 0
        self.faskes_info = faskes_info(chosen, self.lang)

    @rx.var
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT.value

    @rx.var
    def is_returned(self) -> bool:
        return self.status == ApplicationStatus.RETURNED.value

    @rx.var
    def show_form(self) -> bool:
        return self.is_draft or self.editable

    @rx.var
    def wizard_step(self) -> int:
        if self.needs_faskes and self.faskes_id == 0:
            return 5 if all(d.doc_id for d in self.docs if d.required) else 4
        return 6 if self.declaration else 4

    @rx.var
    def error_items(self) -> list[list[str]]:
        """The error summary: [field id, message], in the order of the page (the messages
        name their field; a document's message gets the document's name when it lacks it)."""
        if not self.summary_open:
            return []
        order = [f.key for f in self.fields] + list(_PLAIN_LABELS)
        items = [[k, self.errors[k]] for k in order if self.errors.get(k)]
        for doc in self.docs:
            message = self.errors.get(f"doc-{doc.req_id}")
            if message:
                # Upload messages usually name the document; an upload failure may not.
                text = message if doc.name.lower() in message.lower() else f"{doc.name}: {message}"
                items.append([f"doc-input-{doc.req_id}", text])
        if self.errors.get("faskes"):
            items.append(["tombol-cari-faskes", self.errors["faskes"]])
        if self.errors.get("declaration"):
            items.append(["declaration", self.errors["declaration"]])
        known = set(order) | {"faskes", "declaration"} | {f"doc-{d.req_id}" for d in self.docs}
        items += [[k, v] for k, v in self.errors.items() if k not in known and v]
        return items

    @rx.var
    def summary_rows(self) -> list[list[str]]:
        """Periksa Kembali: [label, value as shown]."""
        return [[f.label, shown_value(f.type, self.values.get(f.key, ""), self.lang)] for f in self.fields]

    @rx.var
    def status_text(self) -> str:
        return localize(guide(self.status).label, self.lang)

    @rx.var
    def status_color(self) -> str:
        return guide(self.status).color

    @rx.var
    def next_step(self) -> str:
        return localize(guide(self.status).next_step_line, self.lang)

    @rx.var
    def save_text(self) -> str:
        key = {"saving": "saving", "saved": "saved", "error": "not_saved"}.get(self.save_status)
        return t(f"permohonan.{key}", self.lang) if key else ""

    @rx.var
    def max_mb(self) -> int:
        return get_settings().max_upload_mb

    # ----------------------------------------------------------------- editing

    @rx.event
    async def set_value(self, key: str, value: str):
        """A field changed (typing pauses, or the field is left): keep it, and autosave a draft."""
        if key not in self.values:
            return
        text = str(value)[:2000]
        if self.values[key] == text:
            yield _MARK_SAVED if self.is_draft else None
            return
        self.values[key] = text
        self.errors = {k: v for k, v in self.errors.items() if k != key}
        async for event in self._autosave():
            yield event

    @rx.event
    async def set_field(self, name: str, value: str):
        if name not in _PLAIN_LABELS:
            return
        text = str(value)[:1000]
        if getattr(self, name) == text:
            yield _MARK_SAVED if self.is_draft else None
            return
        setattr(self, name, text)
        async for event in self._autosave():
            yield event

    async def _autosave(self):
        """Drafts are saved as the applicant types; a submitted file changes only with
        Simpan Perubahan / Ajukan Ulang (the browser warns before leaving until then)."""
        if not self.is_draft:
            return
        self.save_status = "saving"
        yield
        errors, form_error = dict(self.errors), self.form_error
        result = await self._run(applications.save_draft, application_id=self.app_id, data=self._draft_input())
        self.errors, self.form_error = errors, form_error  # a quiet save: the page's messages stay
        if not result.ok:
            self.save_status = "error"
            yield result.events
            return
        self.save_status = "saved"
        yield _MARK_SAVED

    @rx.event
    def map_pick(self, lat: float, lng: float) -> None:
        self.map_lat, self.map_lng = float(lat), float(lng)

    @rx.event
    async def confirm_location(self):
        if self.map_lat is None or self.map_lng is None:
            self.errors = {**self.errors, "latitude": t("permohonan.click_map_first", self.lang)}
            return
        self.latitude, self.longitude = f"{self.map_lat:.6f}", f"{self.map_lng:.6f}"
        self.errors = {k: v for k, v in self.errors.items() if k != "latitude"}
        self.form_key += 1  # the Latitude/Longitude inputs show the new values
        async for event in self._autosave():
            yield event

    @rx.event
    def set_declaration(self, checked: bool) -> None:
        self.declaration = bool(checked)

    def _draft_input(self) -> DraftInput:
        return DraftInput(
            values=dict(self.values),
            lokasi=self.lokasi,
            latitude=self.latitude,
            longitude=self.longitude,
            keterangan=self.keterangan,
            draft_step=self.wizard_step,
        )

    @rx.event
    async def save_draft(self):
        result = await run_or_toast(self, applications.save_draft, application_id=self.app_id, data=self._draft_input())
        if not result.ok:
            return result.events
        self.save_status = "saved"
        return [_ALL_SAVED, rx.toast.success(t("permohonan.draft_saved", self.lang))]

    # ----------------------------------------------------------------- documents

    @rx.event
    async def document_uploaded(self, requirement_id: int, ok: bool, message: str):
        """After the browser's upload to /unggah: show the error, or the stored file."""
        key = f"doc-{int(requirement_id)}"
        if not ok:
            self.errors = {**self.errors, key: message or t("permohonan.upload_failed", self.lang)}
            return None
        self.errors = {k: v for k, v in self.errors.items() if k != key}
        errors, form_error = dict(self.errors), self.form_error
        result = await self._run(applications.detail, application_id=self.app_id, keep_errors=True)
        self.errors, self.form_error = errors, form_error  # only the documents are read again
        if not result.ok:
            return result.events
        self.docs = [DocView.of(doc) for doc in result.value.documents]
        return None

    # ----------------------------------------------------------------- ubah (after submission)

    @rx.event
    async def save_changes(self):
        result = await self._run(applications.save_changes, application_id=self.app_id, data=self._draft_input())
        if not result.ok:
            if isinstance(result.error, FieldErrors):
                self.form_error = t("permohonan.changes_not_saved", self.lang)
                self.summary_open = True
            return result.events
        return [_ALL_SAVED, rx.toast.success(t("permohonan.changes_saved", self.lang))]

    @rx.event
    async def resubmit(self):
        result = await self._run(save_and_resubmit, application_id=self.app_id, data=self._draft_input())
        if not result.ok:
            if isinstance(result.error, FieldErrors):
                self.form_error = t("permohonan.cannot_resubmit", self.lang)
                self.summary_open = True
            return result.events
        return [
            _ALL_SAVED,
            rx.toast.success(t("permohonan.resubmitted", self.lang)),
            rx.redirect("/beranda"),
        ]

    # ----------------------------------------------------------------- submit

    @rx.event
    async def submit(self):
        # What was typed is saved first, in its own transaction: it stays when submission is refused.
        saved = await self._run(applications.save_draft, application_id=self.app_id, data=self._draft_input())
        if not saved.ok:
            return saved.events
        result = await self._run(
            applications.submit,
            application_id=self.app_id,
            submit_key=self._submit_key,
            declaration=self.declaration,
        )
        if not result.ok:
            if isinstance(result.error, FieldErrors):
                count = len(result.error.errors)
                self.form_error = t("permohonan.cannot_submit", self.lang, count=count)
                self.summary_open = True
            return result.events
        return [
            _ALL_SAVED,
            rx.toast.success(t("permohonan.submitted", self.lang, number=result.value.registration_number)),
            rx.redirect("/beranda"),
        ]
