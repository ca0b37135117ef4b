"""The tallies the database keeps (migration f7a2b5c4d3e6) stay equal to counting the
files themselves, through every move of the real workflow, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlmodel import select

from spontan_app.domain.models import (
    Application,
    ApplicationDocument,
    ApplicationStep,
    ApplicationTally,
    DeskLoad,
    Holiday,
)
from spontan_app.domain.timefmt import to_wita
from spontan_app.services import applications, desk, workflow
from spontan_app.services.admin import reports
from tests.unit.test_applications import SUBMIT_TIME, complete_draft, make_user, me
from tests.unit.test_workflow_tracking import staff, submitted

NO_DUE = date(9999, 12, 31)


def counted(session) -> tuple[Counter, Counter]:
    """(files per (WITA day, izin, status), open steps per (desk, izin, due date)) counted from the rows."""
    session.expire_all()
    files = Counter(
        (to_wita(a.submitted_at).date(), a.izin_id, a.status)
        for a in session.exec(select(Application))
        if a.status != "DRAFT" and a.submitted_at is not None
    )
    loads = Counter()
    for step, application in session.exec(
        select(ApplicationStep, Application)
        .join(Application, Application.id == ApplicationStep.application_id)
        .where(ApplicationStep.ended_at.is_(None))
    ):
        loads[(step.desk, application.izin_id, application.due_date or NO_DUE)] += 1
    return files, loads


def kept(session) -> tuple[Counter, Counter]:
    session.expire_all()
    files = Counter({(t.day, t.izin_id, t.status): t.n for t in session.exec(select(ApplicationTally)) if t.n})
    loads = Counter({(d.desk, d.izin_id, d.due_date): d.n for d in session.exec(select(DeskLoad)) if d.n})
    return files, loads


def agree(session) -> None:
    assert kept(session) == counted(session)
    # No row is left at zero or below: the tables stay as small as the office's calendar.
    assert all(t.n > 0 for t in session.exec(select(ApplicationTally)))
    assert all(d.n > 0 for d in session.exec(select(DeskLoad)))


def test_tallies_follow_every_move_of_the_workflow(session):
    agree(session)
    draft_owner = make_user(session, 300)
    complete_draft(session, draft_owner)  # a draft is never counted
    session.commit()
    agree(session)

    _, walked = submitted(session, 301)
    token_b, returned = submitted(session, 302)
    token_c, cancelled = submitted(session, 303)
    _, rejected = submitted(session, 304, when=SUBMIT_TIME + timedelta(days=40))
    agree(session)
    files, _ = kept(session)
    assert sum(files.values()) == 4

    fo = staff(session, "front_office")
    for role in ("front_office", "verifikator"):
        workflow.staff_forward(session=session, staff=staff(session, role), application_id=walked.id)
        session.commit()
        agree(session)
    req_id = session.exec(
        select(ApplicationDocument.requirement_id).where(ApplicationDocument.application_id == returned.id)
    ).first()
    workflow.staff_return(
        session=session, staff=fo, application_id=returned.id, note="KTP buram.", flag_requirement_ids=[req_id]
    )
    session.commit()
    agree(session)
    assert ("pemohon", returned.izin_id) in {(k[0], k[1]) for k in kept(session)[1]}
    applications.attach_document(
        session=session,
        applicant=me(session, token_b),
        application_id=returned.id,
        requirement_id=req_id,
        data=b"%PDF-1.4 baru",
        filename="ktp-baru.pdf",
    )
    workflow.resubmit(session=session, applicant=me(session, token_b), application_id=returned.id)
    session.commit()
    agree(session)  # the due date moved: its open step moved with it
    workflow.cancel(session=session, applicant=me(session, token_c), application_id=cancelled.id)
    session.commit()
    agree(session)
    workflow.staff_reject(session=session, staff=fo, application_id=rejected.id, note="Lokasi tidak sesuai.")
    session.commit()
    agree(session)
    for role in ("tim_teknis", "kepala_bidang", "kepala_dinas"):
        workflow.staff_forward(session=session, staff=staff(session, role), application_id=walked.id)
        session.commit()
    agree(session)
    assert session.get(Application, walked.id).status == "ISSUED"

    # A holiday added later moves the open files' due dates (a bulk recompute).
    due = session.get(Application, returned.id).due_date
    holiday = Holiday(day=due, name="Cuti bersama (uji)")
    session.add(holiday)
    session.commit()
    try:
        assert workflow.recompute_due_dates(session=session) >= 1
        session.commit()
        agree(session)
    finally:
        session.delete(holiday)
        session.commit()

    # What the back office reads from them.
    admin = staff(session, "admin")
    by_status = {r.key: r.count for r in reports.counts_by_status(session=session, staff=admin)}
    assert by_status == {"SUBMITTED": 1, "DIBATALKAN": 1, "REJECTED": 1, "ISSUED": 1}
    assert reports.list_applications(session=session, staff=admin).total == 4
    tiles = {t.desk: t.waiting for t in desk.desk_counts(session=session, staff=fo)}
    assert tiles["front_office"] == 1 and sum(tiles.values()) == 1
    assert desk.inbox(session=session, staff=fo)[1] == 1


def test_generated_benchmark_data_has_exact_tallies_and_working_days(tmp_path, migrated):
    """bench.generate bulk-loads rows past the ORM: the triggers still count them, and the
    working days it writes are those the model records on a decision."""
    import os

    import sqlalchemy as sa

    from bench.generate import Sizes, generate
    from spontan_app import db
    from spontan_app.domain.models import Holiday
    from spontan_app.domain.workdays import working_days_between
    from spontan_app.settings import reset_settings_cache

    url = f"sqlite:///{tmp_path / 'bench.db'}"
    before = os.environ["SPONTAN_DATABASE_URL"]
    try:
        generate(url, Sizes(faskes=50, applicants=20, applications=300, busy_files=20), quiet=True)
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            tally = dict(
                ((day, izin, status), n)
                for day, izin, status, n in conn.execute(
                    sa.text("SELECT day, izin_id, status, n FROM application_tally")
                )
            )
            files = dict(
                ((day, izin, status), n)
                for day, izin, status, n in conn.execute(
                    sa.text(
                        "SELECT date(submitted_at, '+8 hours'), izin_id, status, count(*) FROM application "
                        "WHERE status <> 'DRAFT' AND submitted_at IS NOT NULL GROUP BY 1, 2, 3"
                    )
                )
            )
            assert tally == files and sum(files.values()) > 200
            load = conn.execute(sa.text("SELECT sum(n) FROM desk_load")).scalar()
            open_steps = conn.execute(sa.text("SELECT count(*) FROM application_step WHERE ended_at IS NULL")).scalar()
            assert load == open_steps > 0
        with db.session_scope() as session:  # generate() pointed the app at the new database
            holidays = set(session.exec(select(Holiday.day)))
            decided = session.exec(select(Application).where(Application.decided_at.is_not(None))).all()
            assert decided
            for a in decided:
                start, end = to_wita(a.submitted_at).date(), to_wita(a.decided_at).date()
                assert a.working_days == working_days_between(start, end, holidays)
        engine.dispose()
    finally:
        os.environ["SPONTAN_DATABASE_URL"] = before
        reset_settings_cache()
        db.reset_engine()
