"""The lists people wait on issue a fixed number of SQL statements, whatever the number of
rows they show: /beranda's list, public tracking (its timeline) and the desk inbox. A list
that queries per row is fast with 2 files and slow with a million."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session

from spontan_app.db import get_engine
from spontan_app.domain.models import Applicant, ApplicationStep, utcnow
from spontan_app.services import applications, desk, tracking
from tests.factories import complete_draft, make_applicant, staff, submitted


@contextlib.contextmanager
def counted() -> Iterator[list[str]]:
    """Every statement sent to the database inside the block."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        statements.append(statement)

    engine = get_engine()
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def _owner_with(session: Session, n: int, files: int) -> Applicant:
    """An applicant with ``files`` files: every other one submitted, the rest drafts."""
    applicant = make_applicant(session, n)
    for i in range(files):
        draft = complete_draft(session, applicant)
        if i % 2:
            applications.submit(
                session=session,
                applicant=applicant,
                application_id=draft.id,
                submit_key=f"list-{n}-{i}",
                declaration=True,
            )
    session.commit()
    return applicant


def test_beranda_list_costs_the_same_for_2_and_20_files(session):
    statements = {}
    for n, files in ((9101, 2), (9102, 20)):
        applicant = _owner_with(session, n, files)
        session.expunge_all()  # as in the app: a fresh unit of work, nothing cached
        with counted() as seen:
            rows, total = applications.list_for_owner(session=session, applicant=applicant, limit=20)
        assert total == files and len(rows) == files
        assert {r.kelengkapan for r in rows} == {"Lengkap"}  # complete drafts, submitted files
        assert {r.proses for r in rows} >= {"Draf, belum diajukan"}
        assert any(r.proses.startswith("Berkas saat ini berada di") for r in rows)
        statements[files] = len(seen)
    assert statements[2] == statements[20], statements


def test_a_beranda_page_is_one_statement_and_three_more_with_drafts(session):
    """The page, each file's open step and the total come in one round trip; drafts on the
    page add their catalogue, and their values and documents together."""
    filed = make_applicant(session, 9103)
    for i in range(4):
        draft = complete_draft(session, filed)
        applications.submit(
            session=session, applicant=filed, application_id=draft.id, submit_key=f"page-{i}", declaration=True
        )
    drafting = make_applicant(session, 9104)
    for _ in range(3):
        complete_draft(session, drafting)
    session.commit()
    session.expunge_all()
    with counted() as seen:
        rows, total = applications.list_for_owner(session=session, applicant=filed, limit=3)
    assert total == 4 and len(rows) == 3
    assert all(r.proses.startswith("Berkas saat ini berada di") for r in rows)
    assert len(seen) == 1, seen
    with counted() as seen:
        rows, total = applications.list_for_owner(session=session, applicant=drafting, limit=3)
    assert total == 3 and [r.kelengkapan for r in rows] == ["Lengkap"] * 3
    assert len(seen) == 4, seen
    with counted() as seen:  # past the end: an empty page still says how many there are
        rows, total = applications.list_for_owner(session=session, applicant=filed, limit=3, offset=9)
    assert (rows, total, len(seen)) == ([], 4, 2)
    nobody = make_applicant(session, 9105)
    session.commit()
    assert applications.list_for_owner(session=session, applicant=nobody) == ([], 0)


def test_tracking_a_file_for_a_stranger_is_four_statements(session):
    """The file with its applicant, its steps, the month's holidays and the applicant's area."""
    from sqlmodel import select

    from spontan_app.domain.models import Region

    _, application = submitted(session, 9113)
    applicant = session.get(Applicant, application.applicant_id)
    kel = session.exec(select(Region).where(Region.level == "kelurahan").order_by(Region.id)).first()
    kec = session.get(Region, kel.parent_id)
    applicant.kecamatan_id, applicant.kelurahan_id = kec.id, kel.id
    session.add(applicant)
    session.commit()
    session.expunge_all()
    with counted() as seen:
        view = tracking.lookup(session=session, number=application.registration_number)
    assert kel.name in str(view.address) and kec.name in str(view.address)
    assert len(seen) == 4, seen


def test_tracking_costs_the_same_for_a_short_and_a_long_history(session):
    statements = {}
    for n, extra in ((9111, 0), (9112, 18)):
        _, application = submitted(session, n)
        start = utcnow() - timedelta(days=30)
        for i in range(extra):  # earlier rounds of review, closed
            session.add(
                ApplicationStep(
                    application_id=application.id,
                    seq=100 + i,
                    desk="front_office",
                    stage=f"VERIFIKASI {i}",
                    status="APPROVED",
                    started_at=start + timedelta(hours=i),
                    ended_at=start + timedelta(hours=i + 1),
                )
            )
        session.commit()
        session.expunge_all()
        with counted() as seen:
            view = tracking.lookup(session=session, number=application.registration_number)
        assert len(view.timeline) == 2 + extra
        statements[extra] = len(seen)
    assert statements[0] == statements[18], statements


def test_the_inbox_costs_the_same_for_2_and_20_files(session):
    officer = staff(session, "front_office")
    statements = {}
    made = 0
    for wanted in (2, 20):
        while made < wanted:
            submitted(session, 9200 + made)
            made += 1
        session.expunge_all()
        with counted() as seen:
            rows, total, at = desk.inbox(session=session, staff=officer, per_page=20)
        assert at == "front_office" and total == wanted and len(rows) == wanted
        statements[wanted] = len(seen)
    assert statements[2] == statements[20] == 3, statements  # the officer, the page with its total, holidays
    with counted() as seen:  # past the last page: the total still comes back
        rows, total, _ = desk.inbox(session=session, staff=officer, page=3, per_page=10)
    assert (rows, total, len(seen)) == ([], 20, 4)
    with counted() as seen:  # filtered: the same one statement for the page and its total
        rows, total, _ = desk.inbox(
            session=session, staff=officer, filters=desk.InboxFilter(status="SUBMITTED"), per_page=5
        )
    assert total == 20 and len(rows) == 5 and len(seen) == 3
    submitted_order = [r.id for r in rows]
    assert submitted_order == sorted(submitted_order)  # oldest first (made in order)


def _plan(session: Session, statement: str, params) -> str:
    """The database's plan for ``statement`` as one text (SQLite or PostgreSQL)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
        return "\n".join(str(r[-1]) for r in rows)
    # Tiny test tables make any plan cheap, so scans and sorts are priced out: a plan that
    # can read the order from an index then does; one that cannot still has to sort.
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql("SET LOCAL enable_sort = off")
    rows = conn.exec_driver_sql("EXPLAIN " + statement, params).all()
    return "\n".join(r[0] for r in rows)


def test_the_inbox_page_is_one_index_walk_not_a_sort_of_the_desk(session):
    """Oldest first at a desk reads the page from the open-step index (desk, filed_at,
    application_id): no sort of every file at the desk, whatever their number."""
    officer = staff(session, "front_office")
    ids = [submitted(session, 9300 + i, when=utcnow() - timedelta(days=3 - i))[1].id for i in range(3)]
    session.expunge_all()
    captured: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, params, _context, _many) -> None:
        captured.append((statement, params))

    engine = get_engine()
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        rows, total, _ = desk.inbox(session=session, staff=officer, per_page=2)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    page = [(s, p) for s, p in captured if "ORDER BY" in s and "application_step.filed_at" in s]
    assert len(page) == 1, [s for s, _ in captured]
    plan = _plan(session, *page[0])
    assert "ix_application_step_open_desk_filed" in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
    assert [r.id for r in rows] == ids[:2] and total == 3  # oldest first, as before


def test_every_step_carries_its_files_submission_moment(session):
    from sqlmodel import select

    from spontan_app.services import workflow

    _, application = submitted(session, 9310)
    workflow.staff_return(
        session=session, staff=staff(session, "front_office"), application_id=application.id, note="Lengkapi."
    )
    session.commit()
    steps = session.exec(select(ApplicationStep).where(ApplicationStep.application_id == application.id)).all()
    assert len(steps) >= 3
    assert {s.filed_at for s in steps} == {application.submitted_at}
