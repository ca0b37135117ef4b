"""`/beranda`: the applicant's own files, a page at a time, and Batalkan."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from spontan_app.domain.enums import ApplicationStatus, label_of
from spontan_app.domain.timefmt import format_date, format_datetime
from spontan_app.services import applications, workflow
from spontan_app.services.applications import ApplicationRow
from spontan_app.state.auth import AuthState, run_or_toast
from spontan_app.state.base import HandlerMixin

PAGE_SIZE = 10
# Finished files must not look active: a cancelled or rejected one is grey or red.
STATUS_COLORS = {
    ApplicationStatus.SUBMITTED.value: "blue",
    ApplicationStatus.IN_PROCESS.value: "blue",
    ApplicationStatus.RETURNED.value: "amber",
    ApplicationStatus.APPROVED.value: "green",
    ApplicationStatus.ISSUED.value: "green",
    ApplicationStatus.REJECTED.value: "red",
    ApplicationStatus.CANCELLED.value: "gray",
}


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

    @classmethod
    def of(cls, i: ApplicationRow) -> Row:
        return cls(
            i.id,
            i.registration_number,
            i.izin_name,
            format_datetime(i.submitted_at) if i.submitted_at else format_datetime(i.updated_at),
            label_of(ApplicationStatus, i.status),
            i.status == ApplicationStatus.DRAFT.value,
            # A due date only while the office still works on the file.
            format_date(i.due_date) if ApplicationStatus(i.status).is_open else "",
            i.kelengkapan,
            i.proses,
            i.can_edit,
            i.can_cancel,
            i.status == ApplicationStatus.ISSUED.value,
            STATUS_COLORS.get(i.status, "gray"),
        )


class BerandaState(HandlerMixin, AuthState):
    rows: list[Row] = []
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
        self.rows = [Row.of(i) for i in items]
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
        return rx.toast.success(f"Permohonan {self.confirm_number} dibatalkan.")

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
        return rx.toast.success(f"Draf {self.delete_izin} dihapus.")

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
