"""The faskes dialogs of a draft: Pencarian Faskes (query, paging, rows, Pilih) and Tambah Data
(a proposal to staff). Pilih saves the draft and sets its faskes on the page's state."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from spontan_app.domain.models import Applicant, Faskes
from spontan_app.i18n import msg
from spontan_app.services import applications
from spontan_app.services import faskes as faskes_service
from spontan_app.services.applications import DraftInput
from spontan_app.services.errors import FieldErrors
from spontan_app.services.faskes import ProposalForm, SearchPage
from spontan_app.state.auth import AuthState, run_or_toast
from spontan_app.state.base import HandlerMixin
from spontan_app.state.permohonan import PermohonanState

PROPOSAL_PREFIX = "usul_"  # the proposal's inputs are prefixed so their ids never clash with the form's
PROPOSAL_SENT = msg("permohonan.proposal_sent")


@dataclass
class FaskesView:
    id: int
    no: int
    kode_daerah: str
    kode_pusat: str
    nama: str
    alamat: str
    pemilik: str
    penanggung_jawab: str
    jenis: str


def search(*, session, query: str, page: int) -> SearchPage:
    return faskes_service.search(session=session, query=query, page=page)


def save_and_choose(*, session, applicant: Applicant, application_id: int, data: DraftInput, faskes_id: int) -> Faskes:
    """Pilih: what was typed is saved with the chosen faskes, in one transaction."""
    applications.save_draft(session=session, applicant=applicant, application_id=application_id, data=data)
    applications.choose_faskes(session=session, applicant=applicant, application_id=application_id, faskes_id=faskes_id)
    return faskes_service.get_active(session=session, faskes_id=faskes_id)


def propose(*, session, applicant: Applicant, form: ProposalForm) -> None:
    try:
        faskes_service.propose(session=session, applicant=applicant, form=form)
    except FieldErrors as exc:
        raise FieldErrors({PROPOSAL_PREFIX + k: v for k, v in exc.errors.items()}) from None


class FaskesDialogState(HandlerMixin, AuthState):
    """``errors`` are the proposal form's (``usul_…``); the page's own are on PermohonanState."""

    search_open: bool = False
    query: str = ""
    page: int = 1
    pages: int = 1
    rows: list[FaskesView] = []
    summary: str = ""
    proposal_open: bool = False
    proposal_info: str = ""

    @rx.event
    def reset_dialogs(self) -> None:
        """on_load of the page: both dialogs start closed."""
        self.search_open = self.proposal_open = False

    @rx.event
    async def open_search(self):
        self.search_open, self.page = True, 1
        return await self._search()

    @rx.event
    def close_search(self) -> None:
        self.search_open = False

    async def _search(self):
        result = await self._run(search, as_user=False, keep_errors=True, query=self.query, page=self.page)
        if not result.ok:
            return result.events
        found = result.value
        self.rows = [
            FaskesView(
                f.id,
                found.first + i,
                f.kode_daerah or "",
                f.kode_pusat or "",
                f.nama,
                f.alamat,
                f.pemilik,
                f.penanggung_jawab,
                faskes_service.kind_of(f.nama),
            )
            for i, f in enumerate(found.rows)
        ]
        self.summary, self.pages = found.summary_in(self.lang), found.pages
        return None

    @rx.event
    async def search(self, value: str):
        self.query, self.page = value[:80], 1
        return await self._search()

    @rx.event
    async def next_page(self):
        if self.page < self.pages:
            self.page += 1
            return await self._search()
        return None

    @rx.event
    async def prev_page(self):
        if self.page > 1:
            self.page -= 1
            return await self._search()
        return None

    @rx.event
    async def pick(self, faskes_id: int):
        detail = await self.get_state(PermohonanState)
        result = await run_or_toast(
            self,
            save_and_choose,
            application_id=detail.app_id,
            data=detail._draft_input(),
            faskes_id=int(faskes_id),
        )
        if not result.ok:
            return result.events
        detail._show_faskes(result.value)
        detail.errors = {k: v for k, v in detail.errors.items() if k != "faskes"}
        self.search_open = False
        return None

    @rx.event
    def open_proposal(self) -> None:
        self.search_open, self.proposal_open, self.errors, self.proposal_info = False, True, {}, ""

    @rx.event
    def close_proposal(self) -> None:
        self.proposal_open = False

    @rx.event
    async def submit_proposal(self, form: dict):
        data = ProposalForm(**{k: form.get(PROPOSAL_PREFIX + k, "") for k in ProposalForm.__dataclass_fields__})
        result = await self._run(propose, form=data)
        if not result.ok:
            return result.events
        self.proposal_info = self._l(PROPOSAL_SENT)
        return None
