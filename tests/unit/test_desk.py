"""The staff desks (services/desk.py): inbox, counts, the processing view, the per-document
review and the Setujui / Kembalikan / Tolak decision with its race guard."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app import db
from spontan_app.domain.models import (
    Application,
    ApplicationDocument,
    ApplicationStep,
    AuditLog,
    OutgoingMessage,
    Permit,
    StaffUser,
)
from spontan_app.services import desk, snapshot
from spontan_app.services.errors import Conflict, FieldErrors, NotFound, PermissionDenied
from tests.factories import complete_draft, izin, make_applicant, staff, submitted

MONDAY = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # Monday 10:00 WITA
DESKS = ["front_office", "verifikator", "tim_teknis", "kepala_bidang", "kepala_dinas"]
BAD_IDS = ["abc", "", None, -1, 0, "0", 2**31, 10**30, "1; DROP TABLE application", 1.5, True]


# --------------------------------------------------------------------------- helpers


def decide(session: Session, role: str, app_id: int, action: str = "setujui", note: str = ""):
    """What the processing page does: read the view, then decide on what it showed."""
    officer = staff(session, role)
    view = desk.process_view(session=session, staff=officer, application_id=app_id)
    outcome = desk.decide(
        session=session,
        staff=officer,
        application_id=app_id,
        action=action,
        note=note,
        seen_status=view.status,
        seen_position=view.seen_position,
    )
    session.commit()
    return outcome


def walk_to(session: Session, app_id: int, role: str) -> None:
    """Approve desk after desk until the file waits at ``role``."""
    for current in DESKS[: DESKS.index(role)]:
        decide(session, current, app_id)


def history(session: Session, app_id: int) -> list[ApplicationStep]:
    session.expire_all()
    return list(
        session.exec(
            select(ApplicationStep).where(ApplicationStep.application_id == app_id).order_by(ApplicationStep.seq)
        )
    )


def counts(session: Session) -> tuple[int, int, int]:
    session.expire_all()
    return (
        session.exec(select(sa.func.count()).select_from(ApplicationStep)).one(),
        session.exec(select(sa.func.count()).select_from(AuditLog)).one(),
        session.exec(select(sa.func.count()).select_from(OutgoingMessage)).one(),
    )


def inbox_numbers(session: Session, role: str, **filters) -> list[str]:
    page = filters.pop("page", 1)
    per_page = filters.pop("per_page", 20)
    rows, _, _ = desk.inbox(
        session=session, staff=staff(session, role), filters=desk.InboxFilter(**filters), page=page, per_page=per_page
    )
    return [r.number for r in rows]


# --------------------------------------------------------------------------- inbox


def test_inbox_lists_only_files_whose_open_step_is_at_the_desk_oldest_first(session):
    _, newest = submitted(session, 1, when=MONDAY + timedelta(hours=5))
    _, oldest = submitted(session, 2, when=MONDAY)
    _, middle = submitted(session, 3, when=MONDAY + timedelta(hours=1))
    _, moved = submitted(session, 4, when=MONDAY - timedelta(days=3))
    _, returned = submitted(session, 5, when=MONDAY - timedelta(days=2))
    complete_draft(session, make_applicant(session, 6))  # a draft is at no desk
    decide(session, "front_office", moved.id)
    decide(session, "front_office", returned.id, "kembalikan", "KTP buram.")

    rows, total, at = desk.inbox(session=session, staff=staff(session, "front_office"))
    assert at == "front_office"
    assert [r.id for r in rows] == [oldest.id, middle.id, newest.id]
    assert total == 3
    assert rows[0].stage == "VERIFIKASI BERKAS" and rows[0].status == "Diajukan"
    assert rows[0].applicant == "Pemohon 2" and rows[0].izin == izin(session, "IPRI-B").name

    rows, total, at = desk.inbox(session=session, staff=staff(session, "verifikator"))
    assert (at, total, [r.id for r in rows]) == ("verifikator", 1, [moved.id])
    assert rows[0].status == "Diproses" and rows[0].stage == "VERIFIKASI TEKNIS"
    for role in DESKS[2:]:
        assert inbox_numbers(session, role) == []


def test_search_by_number_prefix_and_by_applicant_name(session):
    _, first = submitted(session, 1, when=MONDAY, name="Siti Aminah")
    _, second = submitted(session, 2, when=MONDAY + timedelta(minutes=1), name="Budi Santoso")
    for n in range(3, 12):  # numbers 3..11: "1/" must not match "11/"
        submitted(session, n, when=MONDAY + timedelta(minutes=n))
    assert first.registration_number.startswith("1/")

    assert inbox_numbers(session, "front_office", query=first.registration_number) == [first.registration_number]
    assert inbox_numbers(session, "front_office", query="2/IPRI") == [second.registration_number]
    assert inbox_numbers(session, "front_office", query="1/") == [first.registration_number]
    assert inbox_numbers(session, "front_office", query="  AMINAH ") == [first.registration_number]
    assert inbox_numbers(session, "front_office", query="santoso") == [second.registration_number]
    assert inbox_numbers(session, "front_office", query="Tidak Ada Nama Ini") == []
    assert inbox_numbers(session, "front_office", query="IPRI-B") == []  # a prefix, not anywhere


def test_search_treats_like_wildcards_as_plain_characters(session):
    # BUG: inbox() escapes the number prefix (autoescape) but builds the name pattern as
    # f"%{query}%", so "%" or "_" typed into Cari match every applicant's name.
    submitted(session, 1, when=MONDAY, name="Siti Aminah")
    submitted(session, 2, when=MONDAY + timedelta(minutes=1), name="Budi Santoso")
    assert inbox_numbers(session, "front_office", query="%") == []
    assert inbox_numbers(session, "front_office", query="_") == []


def test_filter_by_izin_status_and_wita_date(session):
    _, monday = submitted(session, 1, when=MONDAY)  # 10:00 WITA, Monday 7 December
    _, late = submitted(session, 2, when=datetime(2026, 12, 7, 17, 0, tzinfo=UTC))  # 01:00 WITA, Tuesday 8
    _, skp = submitted(session, 3, code="SKP-B", when=datetime(2026, 12, 9, 2, 0, tzinfo=UTC))
    fo = "front_office"
    ipri = izin(session, "IPRI-B").id
    skp_id = izin(session, "SKP-B").id
    assert inbox_numbers(session, fo, izin_id=skp_id) == [skp.registration_number]
    assert inbox_numbers(session, fo, izin_id=ipri) == [monday.registration_number, late.registration_number]
    assert len(inbox_numbers(session, fo, status="SUBMITTED")) == 3
    assert inbox_numbers(session, fo, status="IN_PROCESS") == []
    assert len(inbox_numbers(session, fo, status="DRAFT")) == 3  # not an inbox status: ignored
    assert inbox_numbers(session, fo, date_from=date(2026, 12, 8)) == [
        late.registration_number,
        skp.registration_number,
    ]
    assert inbox_numbers(session, fo, date_to=date(2026, 12, 7)) == [monday.registration_number]
    assert inbox_numbers(session, fo, date_from=date(2026, 12, 8), date_to=date(2026, 12, 8)) == [
        late.registration_number
    ]
    assert inbox_numbers(session, fo, date_from=date(2026, 12, 10)) == []


def test_paging_keeps_the_total_and_clamps_the_page(session):
    made = [submitted(session, n, when=MONDAY + timedelta(minutes=n))[1] for n in range(1, 6)]
    numbers = [a.registration_number for a in made]
    officer = staff(session, "front_office")
    pages = []
    for page in (1, 2, 3, 4):
        rows, total, _ = desk.inbox(session=session, staff=officer, page=page, per_page=2)
        assert total == 5
        pages.append([r.number for r in rows])
    assert pages == [numbers[:2], numbers[2:4], numbers[4:], []]
    for page in (0, -3):
        rows, total, _ = desk.inbox(session=session, staff=officer, page=page, per_page=2)
        assert ([r.number for r in rows], total) == (numbers[:2], 5)


def test_the_desk_an_officer_may_look_at(session):
    _, application = submitted(session, 1, when=MONDAY)
    walk_to(session, application.id, "verifikator")
    number = application.registration_number
    # Kepala Dinas and the administrator may open any desk; the others always get their own.
    assert inbox_numbers(session, "kepala_dinas", desk="verifikator") == [number]
    assert inbox_numbers(session, "admin", desk="verifikator") == [number]
    assert inbox_numbers(session, "front_office", desk="verifikator") == []
    assert desk.inbox(session=session, staff=staff(session, "admin"))[2] == "front_office"
    for wanted in ("admin", "pemohon", "bogus"):
        with pytest.raises(NotFound):
            desk.inbox(session=session, staff=staff(session, "kepala_dinas"), filters=desk.InboxFilter(desk=wanted))


def test_inbox_rows_count_working_days_and_flag_overdue(session):
    _, application = submitted(session, 1, when=MONDAY)
    officer = staff(session, "front_office")
    [row], _, _ = desk.inbox(session=session, staff=officer, today=application.due_date)
    assert not row.overdue and row.days_allowed == izin(session, "IPRI-B").processing_days
    [row], _, _ = desk.inbox(session=session, staff=officer, today=application.due_date + timedelta(days=1))
    assert row.overdue


def test_desk_counts_waiting_and_overdue_own_desk_first(session):
    _, a = submitted(session, 1, when=MONDAY)
    _, b = submitted(session, 2, when=MONDAY + timedelta(days=3))
    _, c = submitted(session, 3, when=MONDAY + timedelta(days=1))
    decide(session, "front_office", c.id)
    assert a.due_date < b.due_date
    today = a.due_date + timedelta(days=1)  # a is late; b (three days younger) is not

    result = desk.desk_counts(session=session, staff=staff(session, "verifikator"), today=today)
    assert [d.desk for d in result] == ["verifikator", "front_office", "tim_teknis", "kepala_bidang", "kepala_dinas"]
    by_desk = {d.desk: d for d in result}
    assert by_desk["verifikator"].label == "Verifikator Berkas"
    assert (by_desk["front_office"].waiting, by_desk["front_office"].overdue) == (2, 1)
    assert (by_desk["verifikator"].waiting, by_desk["verifikator"].overdue) == (1, int(c.due_date < today))
    assert all(by_desk[d].waiting == 0 for d in DESKS[2:])

    admin = desk.desk_counts(session=session, staff=staff(session, "admin"), today=today)
    assert [d.desk for d in admin] == DESKS  # not a desk itself: the route's order
    assert sum(d.waiting for d in admin) == 3


def test_closed_files_are_in_no_count(session):
    _, rejected = submitted(session, 1, when=MONDAY)
    _, returned = submitted(session, 2, when=MONDAY)
    decide(session, "front_office", rejected.id, "tolak", "Bukan kewenangan DPMPTSP.")
    decide(session, "front_office", returned.id, "kembalikan", "Lengkapi KTP.")
    result = desk.desk_counts(session=session, staff=staff(session, "front_office"), today=date(2030, 1, 1))
    assert all((d.waiting, d.overdue) == (0, 0) for d in result)


# --------------------------------------------------------------------------- processing view


def test_process_view_shows_values_documents_and_history(session):
    applicant, application = submitted(session, 1, when=MONDAY, name="Siti Aminah")
    view = desk.process_view(session=session, staff=staff(session, "front_office"), application_id=application.id)
    assert (view.id, view.number, view.status, view.status_label) == (
        application.id,
        application.registration_number,
        "SUBMITTED",
        "Diajukan",
    )
    assert view.applicant_name == "Siti Aminah" and view.applicant_identity == applicant.username
    assert (view.desk, view.desk_label, view.stage) == ("front_office", "Petugas Front Office", "VERIFIKASI BERKAS")
    assert view.seen_position == 1
    labels = [f["label"] for f in snapshot.data_of(session, application)["fields"]]
    assert [label for label, _ in view.values] == labels
    assert all(value for _, value in view.values)
    assert view.lokasi == "Simpang Dam, Balikpapan" and view.latitude == pytest.approx(-1.2401)
    required = [r["name"] for r in snapshot.data_of(session, application)["requirements"]]
    assert [d.requirement for d in view.documents] == required
    assert all(d.is_pdf and d.version == 1 and d.review == "" for d in view.documents)
    assert [(h.stage, h.desk) for h in view.history] == [
        ("Pengajuan Permohonan via Online", "Pemohon"),
        ("VERIFIKASI BERKAS", "Petugas Front Office"),
    ]
    assert view.history[0].actor == "Siti Aminah" and view.history[1].end == ""
    assert view.permit_code == ""


def test_only_the_officer_at_the_desk_may_decide(session):
    _, application = submitted(session, 1, when=MONDAY)
    for role in [*DESKS, "admin"]:
        view = desk.process_view(session=session, staff=staff(session, role), application_id=application.id)
        assert view.can_decide == (role == "front_office"), role
        if role == "front_office":
            assert view.decide_reason == ""
        elif role == "admin":
            assert view.decide_reason == "Administrator mengelola data dan tidak memutus berkas."
        else:
            assert view.decide_reason == "Berkas ini sedang di meja Petugas Front Office."
    walk_to(session, application.id, "kepala_dinas")
    assert desk.process_view(
        session=session, staff=staff(session, "kepala_dinas"), application_id=application.id
    ).can_decide
    view = desk.process_view(session=session, staff=staff(session, "admin"), application_id=application.id)
    assert not view.can_decide  # not even at the last desk


def test_a_closed_file_is_decided_by_nobody(session):
    _, application = submitted(session, 1, when=MONDAY)
    decide(session, "front_office", application.id, "tolak", "Lokasi di luar kota.")
    view = desk.process_view(session=session, staff=staff(session, "front_office"), application_id=application.id)
    assert view.status == "REJECTED" and not view.can_decide
    assert view.decide_reason == "Berkas ini tidak sedang menunggu keputusan petugas."
    assert view.history[-1].note == "Lokasi di luar kota."


def test_drafts_and_bad_ids_are_not_found_anywhere(session):
    draft = complete_draft(session, make_applicant(session, 1))
    officer = staff(session, "front_office")
    for bad in [*BAD_IDS, draft.id, 999_999]:
        with pytest.raises(NotFound):
            desk.process_view(session=session, staff=officer, application_id=bad)
        with pytest.raises(NotFound):
            desk.decide(
                session=session,
                staff=officer,
                application_id=bad,
                action="setujui",
                seen_status="DRAFT",
                seen_position=0,
            )
        with pytest.raises(NotFound):
            desk.review_document(session=session, staff=officer, document_id=bad, verdict="sesuai")
        with pytest.raises(NotFound):
            desk.read_document(session=session, staff=officer, document_id=bad)
    draft_doc = session.exec(select(ApplicationDocument).where(ApplicationDocument.application_id == draft.id)).first()
    with pytest.raises(NotFound):  # a draft's document is the applicant's alone
        desk.read_document(session=session, staff=officer, document_id=draft_doc.id)
    session.rollback()


def test_an_inactive_or_missing_officer_is_refused(session):
    _, application = submitted(session, 1, when=MONDAY)
    officer = staff(session, "front_office")
    ghost = StaffUser(id=999_999, username="hantu", full_name="Hantu", role="front_office", password_hash="x")
    with pytest.raises(PermissionDenied):
        desk.process_view(session=session, staff=ghost, application_id=application.id)
    officer.active = False
    session.add(officer)
    session.commit()
    try:
        for call in (
            lambda: desk.inbox(session=session, staff=officer),
            lambda: desk.desk_counts(session=session, staff=officer),
            lambda: desk.process_view(session=session, staff=officer, application_id=application.id),
            lambda: desk.decide(
                session=session,
                staff=officer,
                application_id=application.id,
                action="setujui",
                seen_status="SUBMITTED",
                seen_position=1,
            ),
        ):
            with pytest.raises(PermissionDenied):
                call()
    finally:
        session.rollback()
        officer = session.get(StaffUser, officer.id)
        officer.active = True
        session.add(officer)
        session.commit()
    session.refresh(application)
    assert application.status == "SUBMITTED"


# --------------------------------------------------------------------------- documents


def documents_of(session: Session, app_id: int) -> list[ApplicationDocument]:
    session.expire_all()
    return list(
        session.exec(
            select(ApplicationDocument)
            .where(ApplicationDocument.application_id == app_id, ApplicationDocument.is_current.is_(True))
            .order_by(ApplicationDocument.id)
        )
    )


def test_the_desk_reviews_each_document(session):
    _, application = submitted(session, 1, when=MONDAY)
    first, second, *_ = documents_of(session, application.id)
    officer = staff(session, "front_office")
    desk.review_document(session=session, staff=officer, document_id=first.id, verdict="sesuai", note="ignored")
    desk.review_document(
        session=session, staff=officer, document_id=str(second.id), verdict="perbaikan", note=" Buram "
    )
    session.commit()
    first, second, *_ = documents_of(session, application.id)
    assert (first.review, first.review_note, first.reviewed_by) == ("sesuai", "", officer.id)
    assert (second.review, second.review_note) == ("perbaikan", "Buram")
    view = desk.process_view(session=session, staff=officer, application_id=application.id)
    assert [d.review for d in view.documents[:2]] == ["sesuai", "perbaikan"]
    assert desk.flagged_requirements(session=session, application_id=application.id) == [second.requirement_id]


def test_review_refuses_another_desk_the_admin_and_bad_verdicts(session):
    _, application = submitted(session, 1, when=MONDAY)
    doc = documents_of(session, application.id)[0]
    for role in ("verifikator", "kepala_dinas", "admin"):
        with pytest.raises(PermissionDenied):
            desk.review_document(session=session, staff=staff(session, role), document_id=doc.id, verdict="sesuai")
    for verdict in ("", "bagus", "SESUAI", None):
        with pytest.raises(FieldErrors) as caught:
            desk.review_document(
                session=session, staff=staff(session, "front_office"), document_id=doc.id, verdict=verdict
            )
        assert set(caught.value.errors) == {f"review-{doc.id}"}
    session.rollback()
    assert documents_of(session, application.id)[0].review == ""


def test_any_officer_reads_a_submitted_files_document(session):
    _, application = submitted(session, 1, when=MONDAY)
    doc = documents_of(session, application.id)[0]
    reader = staff(session, "kepala_bidang")
    found, data = desk.read_document(session=session, staff=reader, document_id=doc.id)
    assert found.id == doc.id and data.startswith(b"%PDF")
    # The read is in the audit trail: who opened which document of which file.
    entry = session.exec(select(AuditLog).where(AuditLog.action == "view_document")).one()
    assert (entry.actor_type, entry.actor_id, entry.entity, entry.entity_id) == (
        "staff",
        reader.id,
        "application",
        application.id,
    )
    assert entry.detail == {"document": doc.id}


# --------------------------------------------------------------------------- decisions


def test_setujui_moves_the_file_to_the_next_desk(session):
    _, application = submitted(session, 1, when=MONDAY)
    outcome = decide(session, "front_office", application.id, note="Lengkap.")
    assert outcome.status == "IN_PROCESS"
    session.refresh(application)
    assert (application.status, application.current_position) == ("IN_PROCESS", 2)
    steps = history(session, application.id)
    assert [(s.desk, s.status, s.ended_at is None) for s in steps] == [
        ("pemohon", "SUBMITTED", False),
        ("front_office", "APPROVED", False),
        ("verifikator", "IN_PROGRESS", True),
    ]
    assert steps[1].actor == staff(session, "front_office").full_name and steps[1].note == "Lengkap."
    assert inbox_numbers(session, "verifikator") == [application.registration_number]
    assert inbox_numbers(session, "front_office") == []


def test_kembalikan_needs_a_note_and_flags_the_documents_marked_perbaikan(session, dispatched):
    _, application = submitted(session, 1, when=MONDAY)
    first, second, *rest = documents_of(session, application.id)
    officer = staff(session, "front_office")
    desk.review_document(session=session, staff=officer, document_id=first.id, verdict="sesuai")
    desk.review_document(session=session, staff=officer, document_id=second.id, verdict="perbaikan", note="Buram")
    session.commit()
    before = counts(session)
    for note in ("", "   "):
        with pytest.raises(FieldErrors) as caught:
            decide(session, "front_office", application.id, "kembalikan", note)
        assert caught.value.errors == {"catatan": "Catatan wajib diisi untuk Kembalikan."}
        session.rollback()
    assert counts(session) == before

    outcome = decide(session, "front_office", application.id, "kembalikan", "Scan KTP ulang.")
    assert outcome.status == "RETURNED"
    flagged = {d.requirement_id: (d.flagged, d.flag_note) for d in documents_of(session, application.id)}
    assert flagged[second.requirement_id] == (True, "Scan KTP ulang.")
    assert flagged[first.requirement_id] == (False, "")
    assert all(flagged[d.requirement_id] == (False, "") for d in rest)
    steps = history(session, application.id)
    assert [(s.desk, s.status) for s in steps[-2:]] == [("front_office", "RETURNED"), ("pemohon", "RETURNED")]
    message = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "application_returned")).one()
    assert "Scan KTP ulang." in message.body and message.id in dispatched


def test_tolak_needs_a_note(session):
    _, application = submitted(session, 1, when=MONDAY)
    before = counts(session)
    with pytest.raises(FieldErrors) as caught:
        decide(session, "front_office", application.id, "tolak", " ")
    assert caught.value.errors == {"catatan": "Catatan wajib diisi untuk Tolak."}
    session.rollback()
    assert counts(session) == before
    outcome = decide(session, "front_office", application.id, "tolak", "Bukan kewenangan DPMPTSP.")
    assert outcome.status == "REJECTED"
    session.refresh(application)
    assert application.current_position is None and application.decided_at is not None
    assert history(session, application.id)[-1].status == "REJECTED"


def test_an_unknown_action_is_refused(session):
    _, application = submitted(session, 1, when=MONDAY)
    for action in ("terbitkan", "", "SETUJUI", "issue"):
        with pytest.raises(NotFound):
            decide(session, "front_office", application.id, action, "catatan")
        session.rollback()
    session.refresh(application)
    assert application.status == "SUBMITTED"


def test_admin_never_decides_even_with_a_current_view(session):
    _, application = submitted(session, 1, when=MONDAY)
    before = counts(session)
    for action in ("setujui", "kembalikan", "tolak"):
        with pytest.raises(PermissionDenied, match="Administrator"):
            decide(session, "admin", application.id, action, "Coba.")
        session.rollback()
    assert counts(session) == before


def test_another_desk_with_a_current_view_is_refused(session):
    _, application = submitted(session, 1, when=MONDAY)
    before = counts(session)
    with pytest.raises(PermissionDenied, match="Petugas Front Office"):
        decide(session, "verifikator", application.id)
    session.rollback()
    assert counts(session) == before
    session.refresh(application)
    assert (application.status, application.current_position) == ("SUBMITTED", 1)


@pytest.mark.parametrize(
    ("seen_status", "seen_position"), [("SUBMITTED", 1), ("SUBMITTED", 2), ("IN_PROCESS", 1), ("RETURNED", 2)]
)
def test_a_stale_view_gets_conflict_and_writes_nothing(session, seen_status, seen_position):
    _, application = submitted(session, 1, when=MONDAY)
    decide(session, "front_office", application.id)  # now IN_PROCESS at position 2
    session.refresh(application)
    updated_at = application.updated_at
    before = counts(session)
    for action, note in (("setujui", ""), ("kembalikan", "x"), ("tolak", "x")):
        with pytest.raises(Conflict):
            desk.decide(
                session=session,
                staff=staff(session, "verifikator"),
                application_id=application.id,
                action=action,
                note=note,
                seen_status=seen_status,
                seen_position=seen_position,
            )
        session.rollback()
    assert counts(session) == before
    session.expire_all()
    application = session.get(Application, application.id)
    assert (application.status, application.current_position, application.updated_at) == (
        "IN_PROCESS",
        2,
        updated_at,
    )


def test_the_claim_guards_even_when_the_read_check_passed(session, monkeypatch):
    # Two officers read the same view; both pass ensure_unchanged before either writes.
    # The guarded UPDATE in claim() must still refuse the second.
    _, application = submitted(session, 1, when=MONDAY)
    officer = staff(session, "front_office")
    view = desk.process_view(session=session, staff=officer, application_id=application.id)
    decide(session, "front_office", application.id)
    before = counts(session)
    monkeypatch.setattr(desk, "ensure_unchanged", lambda *a, **k: None)
    monkeypatch.setattr(desk, "decision_block", lambda *a, **k: "")
    with pytest.raises(Conflict):
        desk.decide(
            session=session,
            staff=officer,
            application_id=application.id,
            action="tolak",
            note="Terlambat.",
            seen_status=view.status,
            seen_position=view.seen_position,
        )
    session.rollback()
    assert counts(session) == before
    session.expire_all()
    assert session.get(Application, application.id).status == "IN_PROCESS"


@pytest.mark.parametrize("second_action", ["setujui", "tolak"])
def test_two_officers_deciding_at_once_one_wins(session, second_action):
    _, application = submitted(session, 1, when=MONDAY)
    officer_id = staff(session, "front_office").id
    barrier = threading.Barrier(2)

    def click(action: str):
        with Session(db.get_engine(), expire_on_commit=False) as s:
            officer = s.get(StaffUser, officer_id)
            view = desk.process_view(session=s, staff=officer, application_id=application.id)
            s.rollback()  # end the read; each officer saw the same file
            barrier.wait()
            try:
                outcome = desk.decide(
                    session=s,
                    staff=officer,
                    application_id=application.id,
                    action=action,
                    note="Catatan.",
                    seen_status=view.status,
                    seen_position=view.seen_position,
                )
                s.commit()
                return outcome.status
            except Conflict:
                s.rollback()
                return "conflict"

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(click, ["setujui", second_action]))
    assert sorted(results).count("conflict") == 1, results
    steps = history(session, application.id)
    assert [s.desk for s in steps].count("front_office") == 1
    assert sum(1 for s in steps if s.ended_at is None) <= 1
    session.expire_all()
    final = session.get(Application, application.id)
    assert final.status == next(r for r in results if r != "conflict")


def test_the_last_desks_approval_issues_the_permit(session, dispatched):
    _, application = submitted(session, 1, when=MONDAY)
    statuses = [decide(session, role, application.id).status for role in DESKS]
    assert statuses == ["IN_PROCESS", "IN_PROCESS", "IN_PROCESS", "IN_PROCESS", "ISSUED"]
    session.expire_all()
    application = session.get(Application, application.id)
    assert application.status == "ISSUED" and application.current_position is None
    assert application.decided_at is not None
    permit = session.exec(select(Permit).where(Permit.application_id == application.id)).one()
    assert permit.code and permit.number
    steps = history(session, application.id)
    assert [s.desk for s in steps] == ["pemohon", *DESKS, "kepala_dinas"]
    assert steps[-1].stage == "IZIN TERBIT" and all(s.ended_at is not None for s in steps)
    view = desk.process_view(session=session, staff=staff(session, "kepala_dinas"), application_id=application.id)
    assert view.permit_code == permit.code and not view.can_decide
    ready = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "permit_ready")).one()
    assert ready.id in dispatched
    assert inbox_numbers(session, "kepala_dinas") == []
