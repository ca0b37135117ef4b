"""`/beranda`: the applicant's own files, a page at a time, and Batalkan."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.status_guide import guide
from spontan_app.i18n import DEFAULT_LANG, format_date, format_datetime, localize, t
from spontan_app.services import applications, renewals, skm, workflow
from spontan_app.services.applications import ApplicationRow
from spontan_app.state.auth import AuthState, run_or_toast
from spontan_app.state.base import HandlerMixin

PAGE_SIZE = 10


@dataclass
class Row:
    id: int
    number: str
    izin: str
    date: str
    status: str
    is_draft: bool
    due: str
    kelengkapan: str
    proses: str
    can_edit: bool
    can_cancel: bool
    is_issued: bool = False
    badge_color: str = "gray"
    renew_until: str = ""  # the permit's end, when Perpanjangan is offered
    next_step: str = ""  # "Yang perlu Anda lakukan: …"

    @classmethod
    def of(cls, i: ApplicationRow, lang: str = DEFAULT_LANG) -> Row:
        status = guide(i.status)  # plain label, colour, next step: the same on every screen
        return cls(
            i.id,
            i.registration_number,
            i.izin_name,
            format_datetime(i.submitted_at or i.updated_at, lang),
            localize(status.label, lang),
            i.status == ApplicationStatus.DRAFT.value,
            # A due date only while the office still works on the file (none once cancelled).
            format_date(i.due_date, lang) if status.shows_due_date else "",
            completeness(i.kelengkapan, lang),
            localize(i.proses, lang),
            i.can_edit,
            i.can_cancel,
            i.status == ApplicationStatus.ISSUED.value,
            status.color,
            next_step=localize(status.next_step_line, lang),
        )


# The completeness words of ``applications.list_for_owner`` (Indonesian as stored there).
_COMPLETENESS = {
    "Lengkap": "beranda.complete",
    "Belum Lengkap": "beranda.incomplete",
    "Perlu Perbaikan": "beranda.needs_correction",
}


def completeness(value: str, lang: str) -> str:
    key = _COMPLETENESS.get(value)
    return t(key, lang) if key else localize(value, lang)


def after_issuing(*, session, applicant, lang: str = DEFAULT_LANG) -> tuple[dict[int, str], list[dict]]:
    """Permits that may be renewed now (their end in ``lang``), and issued files whose survey
    is still open."""
    renewable = renewals.renewable_for(session=session, applicant=applicant, lang=lang)
    surveys = [
        {"id": v.application_id, "number": v.number, "izin": v.izin_name}
        for v in skm.pending_for(session=session, applicant=applicant)
    ]
    return renewable, surveys


class BerandaState(HandlerMixin, AuthState):
    rows: list[Row] = []
    surveys: list[dict] = []
    total: int = 0
    page: int = 1
    confirm_open: bool = False
    confirm_number: str = ""
    delete_open: bool = False
    delete_izin: str = ""
    _cancel_id: int = 0
    _delete_id: int = 0

    @rx.event
    async def load(self) -> None:
        await self._fetch()  # a logged-out tab: require_login already sent it to /login

    async def _fetch(self) -> list:
        result = await self._run(
            applications.list_for_owner, limit=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE, keep_errors=True
        )
        if not result.ok:
            self.rows = []
            return result.events
        items, self.total = result.value
        rows = [Row.of(i, self.lang) for i in items]
        extra = await self._run(after_issuing, lang=self.lang, keep_errors=True)
        if extra.ok:
            renewable, self.surveys = extra.value
            for row in rows:
                row.renew_until = renewable.get(row.id, "")
        self.rows = rows
        return []

    @rx.event
    def ask_cancel(self, application_id: int, number: str) -> None:
        self._cancel_id, self.confirm_number, self.confirm_open = int(application_id), number, True

    @rx.event
    def dismiss_cancel(self) -> None:
        self.confirm_open, self._cancel_id = False, 0

    @rx.event
    async def confirm_cancel(self):
        self.confirm_open = False
        application_id, self._cancel_id = self._cancel_id, 0
        result = await run_or_toast(self, workflow.cancel, application_id=application_id)
        if not result.ok:
            return result.events
        await self._fetch()
        return rx.toast.success(t("beranda.toast_cancelled", self.lang, number=self.confirm_number))

    @rx.event
    def ask_delete(self, application_id: int, izin: str) -> None:
        self._delete_id, self.delete_izin, self.delete_open = int(application_id), izin, True

    @rx.event
    def dismiss_delete(self) -> None:
        self.delete_open, self._delete_id = False, 0

    @rx.event
    async def confirm_delete(self):
        self.delete_open = False
        application_id, self._delete_id = self._delete_id, 0
        result = await run_or_toast(self, applications.delete_draft, application_id=application_id)
        if not result.ok:
            return result.events
        await self._fetch()
        return rx.toast.success(t("beranda.toast_draft_deleted", self.lang, permit_name=self.delete_izin))

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.event
    async def next_page(self):
        if self.page < self.pages:
            self.page += 1
            return await self._fetch()
        return None

    @rx.event
    async def prev_page(self):
        if self.page > 1:
            self.page -= 1
            return await self._fetch()
        return None
