"""The queue of faskes proposals sent by applicants (Tambah Data), reviewed by the
Administrator Sistem. The decision itself is ``services.faskes.review_proposal``."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import ProposalStatus, label_of
from spontan_app.domain.models import Applicant, FaskesProposal, StaffUser
from spontan_app.domain.timefmt import format_datetime
from spontan_app.domain.validation import national_number
from spontan_app.i18n import msg
from spontan_app.services import faskes
from spontan_app.services.admin.access import Page, applicant_name, clamp_paging, require_staff
from spontan_app.services.errors import FieldErrors

REVIEWERS = ("admin",)
_DENIED = msg("backoffice.err_proposals_denied")


@dataclass(frozen=True)
class ProposalView:
    id: int
    nama: str
    alamat: str
    pemilik: str
    penanggung_jawab: str
    kontak: str  # as people write it: 08…
    latitude: float | None
    longitude: float | None
    applicant_id: int
    applicant_name: str
    status: str
    status_label: str
    created: str  # DD-MM-YYYY HH:MM:SS WITA


def _view(p: FaskesProposal, applicant: Applicant | None) -> ProposalView:
    return ProposalView(
        p.id,
        p.nama,
        p.alamat,
        p.pemilik,
        p.penanggung_jawab,
        national_number(p.kontak),
        p.latitude,
        p.longitude,
        p.applicant_id,
        applicant_name(applicant),
        p.status,
        label_of(ProposalStatus, p.status),
        format_datetime(p.created_at),
    )


def list_pending(*, session: Session, staff: StaffUser, page: int = 1, page_size: int = 20) -> Page[ProposalView]:
    """Pending proposals, oldest first (first come, first served)."""
    require_staff(session, staff, REVIEWERS, _DENIED)
    page, size, offset = clamp_paging(page, page_size)
    pending = FaskesProposal.status == ProposalStatus.PENDING.value
    total = session.exec(select(sa.func.count(FaskesProposal.id)).where(pending)).one()
    rows = session.exec(
        select(FaskesProposal, Applicant)
        .join(Applicant, Applicant.id == FaskesProposal.applicant_id, isouter=True)
        .where(pending)
        .order_by(FaskesProposal.created_at, FaskesProposal.id)
        .offset(offset)
        .limit(size)
    ).all()
    return Page([_view(p, a) for p, a in rows], int(total), page, size)


def approve(*, session: Session, staff: StaffUser, proposal_id: int, note: str = "") -> ProposalView:
    """The faskes is added and becomes selectable; the applicant is told over WhatsApp."""
    admin = require_staff(session, staff, REVIEWERS, _DENIED)
    proposal = faskes.review_proposal(
        session=session, staff=admin, proposal_id=int(proposal_id), approve=True, note=note
    )
    return _view(proposal, session.get(Applicant, proposal.applicant_id))


def reject(*, session: Session, staff: StaffUser, proposal_id: int, reason: str) -> ProposalView:
    """The reason is sent to the applicant, so it is required."""
    admin = require_staff(session, staff, REVIEWERS, _DENIED)
    reason = (reason or "").strip()
    if not reason:
        raise FieldErrors({"reason": msg("backoffice.err_reason_required")})
    if len(reason) > 500:
        raise FieldErrors({"reason": msg("backoffice.err_reason_length")})
    proposal = faskes.review_proposal(
        session=session, staff=admin, proposal_id=int(proposal_id), approve=False, note=reason
    )
    return _view(proposal, session.get(Applicant, proposal.applicant_id))
