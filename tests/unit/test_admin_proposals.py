"""The faskes proposal queue of the back office."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from spontan_app.domain.models import Faskes, FaskesProposal, OutgoingMessage
from spontan_app.services.admin import proposals
from spontan_app.services.errors import Conflict, FieldErrors, PermissionDenied
from tests.unit.admin_helpers import applicant, staff


def _proposal(session, owner, nama: str) -> FaskesProposal:
    row = FaskesProposal(
        applicant_id=owner.id, nama=nama, alamat="Jl. Usul", pemilik="P", penanggung_jawab="Q", kontak="+6281211112222"
    )
    session.add(row)
    session.flush()
    return row


def test_queue_lists_pending_with_the_applicants_name_and_decides(session):
    admin = staff(session, "admin")
    owner = applicant(session, 9101, full_name="Sinta Pengusul")
    first, second = _proposal(session, owner, "Klinik Usulan A"), _proposal(session, owner, "Klinik Usulan B")
    session.commit()
    for role in ("front_office", "kepala_dinas"):
        with pytest.raises(PermissionDenied):
            proposals.list_pending(session=session, staff=staff(session, role))
    page = proposals.list_pending(session=session, staff=admin)
    assert [(v.nama, v.applicant_name, v.kontak) for v in page.rows] == [
        ("Klinik Usulan A", "Sinta Pengusul", "081211112222"),
        ("Klinik Usulan B", "Sinta Pengusul", "081211112222"),
    ]
    with pytest.raises(FieldErrors):
        proposals.reject(session=session, staff=admin, proposal_id=second.id, reason="  ")
    rejected = proposals.reject(session=session, staff=admin, proposal_id=second.id, reason="Alamat tidak jelas")
    approved = proposals.approve(session=session, staff=admin, proposal_id=first.id)
    session.commit()
    assert (approved.status, rejected.status_label) == ("approved", "Ditolak")
    with pytest.raises(Conflict):
        proposals.approve(session=session, staff=admin, proposal_id=first.id)
    assert proposals.list_pending(session=session, staff=admin).total == 0
    bodies = session.exec(select(OutgoingMessage.body).where(OutgoingMessage.to_number == owner.wa_number)).all()
    assert any("Alamat tidak jelas" in b for b in bodies)
    # The approved faskes is reference data: remove it.
    session.refresh(first)
    faskes_id = first.faskes_id
    session.execute(sa.delete(FaskesProposal).where(FaskesProposal.applicant_id == owner.id))
    session.execute(sa.delete(Faskes).where(Faskes.id == faskes_id))
    session.commit()
