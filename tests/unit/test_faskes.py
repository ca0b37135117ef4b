"""Pencarian Faskes: folded substring search from an index, paging text, proposals."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from spontan_app.domain.models import Faskes, OutgoingMessage, StaffUser
from spontan_app.services import faskes
from spontan_app.services.errors import Conflict, FieldErrors, PermissionDenied
from spontan_app.services.faskes import ProposalForm
from tests.unit.test_applications import make_user, me


def test_first_page_and_the_manuals_summary_text(session):
    page = faskes.search(session=session)
    assert len(page.rows) == 10
    assert page.summary == "Menampilkan 1 sampai 10 dari 360 data (Menampilkan dari 360 total data)"
    second = faskes.search(session=session, page=2)
    assert second.summary.startswith("Menampilkan 11 sampai 20 dari 360 data")
    assert {f.id for f in page.rows}.isdisjoint(f.id for f in second.rows)


def test_a_miss_says_zero_of_the_total(session):
    page = faskes.search(session=session, query="tidak ada faskes seperti ini")
    assert page.rows == [] and page.summary == "Menampilkan 0 sampai 0 dari 0 data (Menampilkan dari 360 total data)"


@pytest.mark.parametrize("query", ["MEDIKA", "médika", "anugerah medika", "  Anugerah   MÉDIKA "])
def test_search_ignores_case_accents_and_spacing(session, query):
    rows = faskes.search(session=session, query=query, page_size=500).rows
    assert rows and all("medika" in f.search_text for f in rows)
    assert any("Médika" in f.nama for f in rows) or query.lower().startswith("medika")


def test_search_by_code_owner_and_address(session):
    sample = session.exec(select(Faskes).where(Faskes.kode_daerah.is_not(None))).first()
    assert sample.id in {f.id for f in faskes.search(session=session, query=sample.kode_daerah).rows}
    owner_word = sample.penanggung_jawab.split()[-1]
    assert faskes.search(session=session, query=owner_word, page_size=500).matching >= 1
    assert faskes.search(session=session, query="jl", page_size=5).matching == 360  # short term: still answers


def test_search_is_served_by_an_index(session, is_postgres):
    if is_postgres:
        session.exec(sa.text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(
            r[0] for r in session.exec(sa.text("EXPLAIN SELECT id FROM faskes WHERE search_text LIKE '%medika%'"))
        )
        assert "ix_faskes_search_trgm" in plan
    else:
        plan = " ".join(
            str(r)
            for r in session.exec(
                sa.text("EXPLAIN QUERY PLAN SELECT rowid FROM faskes_fts WHERE faskes_fts MATCH '\"medika\"'")
            )
        )
        assert "VIRTUAL TABLE INDEX" in plan
    session.rollback()


def test_proposal_needs_the_details_and_staff_approval_makes_it_selectable(session):
    token = make_user(session, 40)
    with pytest.raises(FieldErrors) as excinfo:
        faskes.propose(session=session, applicant=me(session, token), form=ProposalForm(nama="Klinik X"))
    assert {"alamat", "pemilik", "penanggung_jawab", "kontak"} <= set(excinfo.value.errors)
    proposal = faskes.propose(
        session=session,
        applicant=me(session, token),
        form=ProposalForm(
            nama="Klinik Pratama Usulan Baru",
            alamat="Jl. Uji 1",
            pemilik="PT Uji",
            penanggung_jawab="dr. Uji",
            kontak="081277700040",
        ),
    )
    session.commit()
    assert faskes.search(session=session, query="usulan baru").matching == 0  # not before approval

    tim_teknis = session.exec(select(StaffUser).where(StaffUser.role == "tim_teknis")).one()
    with pytest.raises(PermissionDenied):
        faskes.review_proposal(session=session, staff=tim_teknis, proposal_id=proposal.id, approve=True)
    admin = session.exec(select(StaffUser).where(StaffUser.role == "admin")).one()
    faskes.review_proposal(session=session, staff=admin, proposal_id=proposal.id, approve=True)
    session.commit()
    try:
        assert faskes.search(session=session, query="usulan baru").matching == 1
        message = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "faskes_proposal")).one()
        assert "Klinik Pratama Usulan Baru" in message.body and "disetujui" in message.body
        with pytest.raises(Conflict):
            faskes.review_proposal(session=session, staff=admin, proposal_id=proposal.id, approve=False)
    finally:
        session.rollback()
        session.refresh(proposal)
        added = session.get(Faskes, proposal.faskes_id)
        proposal.faskes_id = None
        session.add(proposal)
        session.flush()
        session.delete(added)  # reference data: leave the 360 demo rows as they were
        session.commit()
