"""Pencarian Faskes: folded substring search from an index, paging text, proposals."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from spontan_app.domain.models import Faskes, OutgoingMessage, StaffUser
from spontan_app.domain.validation import fold_text
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


def test_many_matches_are_capped_honestly_and_paged_in_rank_then_name_order(session, monkeypatch):
    # The cap is 1.000 in production; 100 here so 360 demo faskes exceed it.
    monkeypatch.setattr(faskes, "COUNT_CAP", 100)
    everything = faskes.search(session=session, query="balikpapan", page_size=500)
    assert everything.capped and everything.pages == 1
    first = faskes.search(session=session, query="balikpapan")
    total = session.exec(select(sa.func.count(Faskes.id)).where(Faskes.active.is_(True))).one()
    assert first.summary == f"Menampilkan 1 sampai 10 dari lebih dari 100 data (Menampilkan dari {total} total data)"
    assert first.pages == 10
    last = faskes.search(session=session, query="balikpapan", page=99)  # past the cap: the last page
    assert last.page == 10 and last.summary.startswith("Menampilkan 91 sampai 100 dari lebih dari 100 data")
    names = [
        (f.nama, f.id) for p in range(1, 11) for f in faskes.search(session=session, query="balikpapan", page=p).rows
    ]
    # Names holding the word come first ("Apotek Teluk Balikpapan"), then the address matches;
    # by name within each.
    ranked = sorted(names, key=lambda n: (faskes.match_rank(faskes.canonical(fold_text(n[0])), "balikpapan"), n))
    assert names == ranked and len(set(names)) == 100
    assert "balikpapan" in fold_text(names[0][0]) and "balikpapan" not in fold_text(names[-1][0])


def test_a_count_under_the_cap_is_exact_and_thousands_are_dotted(session):
    page = faskes.search(session=session, query="balikpapan")
    matching = session.exec(
        select(sa.func.count(Faskes.id)).where(Faskes.active.is_(True), Faskes.search_text.like("%balikpapan%"))
    ).one()
    assert not page.capped and page.matching == matching >= 360
    assert faskes._thousands(100000) == "100.000"


def test_no_search_waits_for_a_recount_of_the_register(session, monkeypatch):
    """Past the minute the page quotes the last total while a background thread counts
    again; a change (forget_total) during that recount is never overwritten by it."""
    import threading

    faskes.forget_total()
    first = faskes.active_total(session)
    session.add(Faskes(kode_daerah="RC1", kode_pusat="RC1", nama="Klinik Hitung Ulang", alamat="Jl. Uji"))
    session.commit()
    monkeypatch.setattr(faskes, "TOTAL_TTL_SECONDS", 0.0)
    counted: list[str] = []
    original = faskes._count_faskes
    gate = threading.Event()

    def slow_count(s, include_inactive):
        counted.append(threading.current_thread().name)
        gate.wait(5)
        return original(s, include_inactive)

    monkeypatch.setattr(faskes, "_count_faskes", slow_count)
    assert faskes.active_total(session) == first  # answered at once, from the last count
    assert faskes.active_total(session) == first  # one recount at a time
    gate.set()
    for _ in range(100):
        if faskes._total_cache and next(iter(faskes._total_cache.values()))[1] == first + 1:
            break
        threading.Event().wait(0.05)
    assert counted == ["faskes-total"]  # counted in the background, once
    monkeypatch.setattr(faskes, "TOTAL_TTL_SECONDS", 60.0)
    assert faskes.active_total(session) == first + 1

    # A recount started before a change is dropped, not cached over the change.
    monkeypatch.setattr(faskes, "TOTAL_TTL_SECONDS", 0.0)
    gate.clear()
    faskes.active_total(session)  # starts a recount, held at the gate
    faskes.forget_total()
    gate.set()
    for _ in range(100):
        if not faskes._recounting:
            break
        threading.Event().wait(0.05)
    assert not faskes._total_cache
    faskes.forget_total()
