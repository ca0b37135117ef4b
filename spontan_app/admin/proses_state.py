"""The state of `/admin/permohonan/[id]`: one file's view, the document verdicts, the
decision with its confirm dialog, the permit's revocation. Every action goes through a
service that re-checks the officer and the desk."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from spontan_app.admin.state import StaffState
from spontan_app.i18n import t
from spontan_app.services import desk, permits
from spontan_app.state.base import HandlerMixin

# action -> the confirm dialog's question (catalogue key)
CONFIRM_TEXT = {
    "setujui": "admin.proses.confirm_setujui",
    "kembalikan": "admin.proses.confirm_kembalikan",
    "tolak": "admin.proses.confirm_tolak",
}


class ProsesState(HandlerMixin, StaffState):
    found: bool = False
    view: dict = {}
    values: list[list[str]] = []
    faskes: list[list[str]] = []
    documents: list[dict] = []
    history: list[dict] = []
    preview_id: int = 0
    preview_pdf: bool = True
    note: str = ""
    note_key: int = 0  # bumped to empty the Catatan box after a decision
    confirm: str = ""  # the action waiting for OK / Cancel
    done_info: str = ""
    revoke_open: bool = False

    @rx.var
    def confirm_text(self) -> str:
        key = CONFIRM_TEXT.get(self.confirm)
        return t(key, self.lang) if key else ""

    @rx.var
    def preview_url(self) -> str:
        return f"/admin/dokumen/{self.preview_id}" if self.preview_id else ""

    @rx.var
    def map_url(self) -> str:
        lat, lon = self.view.get("latitude"), self.view.get("longitude")
        if lat is None or lon is None:
            return ""
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"

    async def _reload(self):
        result = await self._run(desk.process_view, application_id=self.id, lang=self.lang, keep_errors=True)
        if not result.ok:
            self.found = False
            return result.events
        view = result.value
        shown = self._l(asdict(view))  # labels and reasons in the tab's language
        self.view = {k: v for k, v in shown.items() if k not in ("values", "faskes", "documents", "history")}
        self.values = [list(v) for v in shown["values"]]
        self.faskes = [list(v) for v in shown["faskes"]]
        self.documents = shown["documents"]
        self.history = shown["history"]
        if view.documents and self.preview_id not in {d.id for d in view.documents}:
            self.preview_id, self.preview_pdf = view.documents[0].id, view.documents[0].is_pdf
        self.found = True
        return None

    @rx.event
    async def load(self):
        # Reflex runs on_load again for the page already shown when the socket reconnects
        # (a phone between cells, a busy server): the file shown is refreshed and the note
        # being typed stays (its box is not remounted). Another file starts afresh.
        self.confirm, self.done_info, self.errors, self.form_error = "", "", {}, ""
        if not (self.found and str(self.view.get("id", "")) == str(self.id)):
            self.preview_id, self.note, self.found = 0, "", False
            self.note_key += 1
            yield  # never show the previous file while this one loads
        events = await self._reload()
        if events:
            yield events

    @rx.event
    def map_clicked(self, lat: float, lng: float) -> None:
        """The map on this page only shows the applicant's point; a click changes nothing."""

    @rx.event
    def show(self, doc_id: int, is_pdf: bool) -> None:
        self.preview_id, self.preview_pdf = int(doc_id), bool(is_pdf)

    @rx.event
    async def review(self, doc_id: int, verdict: str, note: str = ""):
        result = await self._run(desk.review_document, document_id=doc_id, verdict=verdict, note=note)
        if not result.ok:
            return result.events
        return await self._reload()

    @rx.event
    def set_note(self, value: str) -> None:
        self.note = value[:1000]

    @rx.event
    def ask(self, action: str) -> None:
        self.errors, self.form_error = {}, ""
        if action in ("kembalikan", "tolak") and not self.note.strip():
            self.errors = {"catatan": t(f"admin.desk.note_required_{action}", self.lang)}
            return
        self.confirm = action if action in CONFIRM_TEXT else ""

    @rx.event
    def ask_revoke(self) -> None:
        self.errors, self.form_error, self.revoke_open = {}, "", True

    @rx.event
    def revoke_dialog(self, open_: bool) -> None:
        self.revoke_open = bool(open_)

    @rx.event
    async def revoke(self, form: dict):
        result = await self._run(permits.revoke, permit_id=self.view.get("permit_id", 0), reason=form.get("reason", ""))
        if not result.ok:
            return result.events
        self.revoke_open = False
        await self._reload()
        return rx.toast.success(t("admin.proses.revoked", self.lang))

    @rx.event
    def dialog_open(self, open_: bool) -> None:
        if not open_:
            self.confirm = ""

    @rx.event
    async def decide(self):
        action, self.confirm = self.confirm, ""
        if not action:
            return None
        result = await self._run(
            desk.decide,
            application_id=self.view.get("id", 0),
            action=action,
            note=self.note,
            seen_status=self.view.get("status", ""),
            seen_position=self.view.get("seen_position", 0),
            ip=self.router.session.client_ip or None,
        )
        if not result.ok:
            events = result.events
            reload = await self._reload()  # show what the other officer did
            return events or reload
        self.note, self.note_key = "", self.note_key + 1
        await self._reload()
        self.done_info = t(f"admin.proses.done_{action}", self.lang)
        return rx.toast.success(self.done_info)
