"""The state machine of a submitted file, and what public tracking shows of it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from spontan_app.domain.models import Application, ApplicationDocument, ApplicationStep, AuditLog, Holiday, StaffUser
from spontan_app.services import applications, tracking, workflow
from spontan_app.services.errors import DomainError, IllegalTransition, NotFound, PermissionDenied, TooManyLookups
from tests.unit.test_applications import SUBMIT_TIME, complete_draft, make_user, me


def submitted(session, n: int, when: datetime = SUBMIT_TIME) -> tuple[str, Application]:
    token = make_user(session, n)
    draft_id = complete_draft(session, token)
    applications.submit(
        session=session,
        applicant=me(session, token),
        application_id=draft_id,
        submit_key=f"s{n}",
        declaration=True,
        now=when,
    )
    session.commit()
    return token, session.get(Application, draft_id)


def staff(session, role: str) -> StaffUser:
    return session.exec(select(StaffUser).where(StaffUser.role == role)).one()


def steps(session, app_id: int) -> list[tuple[str, str, bool]]:
    rows = session.exec(
        select(ApplicationStep).where(ApplicationStep.application_id == app_id).order_by(ApplicationStep.seq)
    ).all()
    return [(r.stage, r.status, r.ended_at is None) for r in rows]


def test_the_file_walks_every_desk_then_is_approved_and_issued(session):
    _, application = submitted(session, 200)
    desks = ["front_office", "verifikator", "tim_teknis", "kepala_bidang", "kepala_dinas"]
    for index, role in enumerate(desks):
        other = desks[(index + 1) % len(desks)]
        with pytest.raises(PermissionDenied):  # another desk cannot act on it
            workflow.staff_forward(session=session, staff=staff(session, other), application_id=application.id)
        workflow.staff_forward(session=session, staff=staff(session, role), application_id=application.id)
        session.commit()
    session.refresh(application)
    assert application.status == "ISSUED"  # the last desk's approval issues the permit at once
    history = steps(session, application.id)
    assert [s for s, _, _ in history][:3] == [
        "Pengajuan Permohonan via Online",
        "VERIFIKASI BERKAS",
        "VERIFIKASI TEKNIS",
    ]
    assert history[-1][:2] == ("IZIN TERBIT", "ISSUED") and not any(open_ for _, _, open_ in history)
    assert session.exec(
        select(AuditLog).where(AuditLog.entity_id == application.id, AuditLog.action == "forward")
    ).all()


def test_an_illegal_transition_raises_and_changes_nothing(session):
    token, application = submitted(session, 201)
    before = steps(session, application.id)
    with pytest.raises(IllegalTransition):
        workflow.staff_issue(session=session, staff=staff(session, "admin"), application_id=application.id)
    with pytest.raises(IllegalTransition):
        workflow.resubmit(session=session, applicant=me(session, token), application_id=application.id)
    session.rollback()
    workflow.cancel(session=session, applicant=me(session, token), application_id=application.id)
    session.commit()
    with pytest.raises(IllegalTransition):
        workflow.cancel(session=session, applicant=me(session, token), application_id=application.id)
    with pytest.raises(IllegalTransition):
        workflow.staff_forward(session=session, staff=staff(session, "admin"), application_id=application.id)
    session.rollback()
    session.refresh(application)
    assert application.status == "DIBATALKAN" and application.registration_number  # kept, never reused
    assert len(steps(session, application.id)) == len(before) + 1


def test_only_the_owner_cancels_and_only_before_a_decision(session):
    _, application = submitted(session, 202)
    intruder = make_user(session, 203)
    with pytest.raises(NotFound):
        workflow.cancel(session=session, applicant=me(session, intruder), application_id=application.id)
    session.rollback()
    token2, other = submitted(session, 204)
    workflow.staff_reject(
        session=session,
        staff=staff(session, "front_office"),
        application_id=other.id,
        note="Lokasi tidak sesuai tata ruang.",
    )
    session.commit()
    with pytest.raises(IllegalTransition):
        workflow.cancel(session=session, applicant=me(session, token2), application_id=other.id)


def test_returning_stops_the_clock_and_resubmitting_moves_the_due_date(session):
    token, application = submitted(session, 205)
    original_due = application.due_date
    fo = staff(session, "front_office")
    req_id = session.exec(
        select(ApplicationDocument.requirement_id).where(ApplicationDocument.application_id == application.id)
    ).first()
    returned_at = SUBMIT_TIME + timedelta(hours=2)  # Monday
    workflow.staff_return(
        session=session,
        staff=fo,
        application_id=application.id,
        note="KTP buram.",
        flag_requirement_ids=[req_id],
        now=returned_at,
    )
    session.commit()
    assert not workflow.can_edit(session, session.get(Application, application.id))[1]
    with pytest.raises(DomainError):  # the flagged document must be replaced first
        workflow.resubmit(session=session, applicant=me(session, token), application_id=application.id, now=returned_at)
    session.rollback()
    applications.attach_document(
        session=session,
        applicant=me(session, token),
        application_id=application.id,
        requirement_id=req_id,
        data=b"%PDF-1.4 baru",
        filename="ktp-baru.pdf",
    )
    session.commit()
    back = returned_at + timedelta(days=3)  # Thursday: 3 working days held by the applicant
    workflow.resubmit(session=session, applicant=me(session, token), application_id=application.id, now=back)
    session.commit()
    session.refresh(application)
    assert application.status == "SUBMITTED"
    assert application.due_date > original_due
    assert (application.due_date - original_due).days >= 3
    assert steps(session, application.id)[-1] == ("VERIFIKASI BERKAS", "IN_PROGRESS", True)


def test_a_holiday_added_later_moves_open_due_dates(session):
    _, application = submitted(session, 206)
    before = application.due_date
    holiday = Holiday(day=before, name="Cuti bersama (uji)")
    session.add(holiday)
    session.commit()
    try:
        assert workflow.recompute_due_dates(session=session) >= 1
        session.commit()
        session.refresh(application)
        assert application.due_date > before and application.due_date.weekday() < 5
    finally:
        session.delete(holiday)
        session.commit()


def test_public_tracking_masks_the_address_but_the_owner_sees_it(session):
    token, application = submitted(session, 207)
    view = tracking.lookup(session=session, number=application.registration_number)
    assert view.status_sentence == "Berkas saat ini berada di Petugas Front Office, sedang dalam VERIFIKASI BERKAS"
    assert "Jl. Uji" not in view.address
    assert view.timeline[0].stage == "Pengajuan Permohonan via Online"
    owner = tracking.lookup(
        session=session, number=" " + application.registration_number.lower(), viewer=me(session, token)
    )
    assert owner.address == "Jl. Uji No. 1" and owner.is_owner
    with pytest.raises(NotFound, match="tidak ditemukan"):
        tracking.lookup(session=session, number="999/IPRI-B/12/2026")
    with pytest.raises(NotFound, match="Format"):
        tracking.lookup(session=session, number="bukan nomor")


def test_tracking_shows_holidays_of_the_month_and_staff_notes(session):
    _, application = submitted(session, 208)
    workflow.staff_return(
        session=session,
        staff=staff(session, "front_office"),
        application_id=application.id,
        note="Lengkapi desain.",
    )
    session.commit()
    view = tracking.lookup(
        session=session, number=application.registration_number, now=datetime(2026, 12, 10, tzinfo=UTC)
    )
    assert view.note == "Lengkapi desain."
    assert view.status_sentence == "Berkas dikembalikan kepada Pemohon untuk PERBAIKAN"
    assert "25-12-2026" in view.holidays


def test_lookups_are_rate_limited_per_address(session):
    now = datetime(2026, 12, 10, tzinfo=UTC)
    for _ in range(tracking.LOOKUPS_PER_WINDOW):
        tracking.check_rate(session=session, ip="198.51.100.7", now=now)
    with pytest.raises(TooManyLookups):
        tracking.check_rate(session=session, ip="198.51.100.7", now=now)
    tracking.check_rate(session=session, ip="198.51.100.7", now=now + timedelta(minutes=11))  # window passed
    tracking.check_rate(session=session, ip="198.51.100.8", now=now)  # another address is not affected
    assert date(2026, 12, 10)


def test_a_staff_note_with_braces_reaches_the_applicant_verbatim(session):
    _, application = submitted(session, 209)
    note = "Lampirkan {denah} lokasi; 100% sesuai"
    workflow.staff_return(
        session=session, staff=staff(session, "front_office"), application_id=application.id, note=note
    )
    session.commit()
    from spontan_app.domain.models import OutgoingMessage

    body = session.exec(select(OutgoingMessage.body).where(OutgoingMessage.kind == "application_returned")).one()
    assert "DIKEMBALIKAN untuk perbaikan." in body and note in body and application.registration_number in body


def test_a_staff_object_is_trusted_only_for_its_id(session):
    """The service re-reads the staff user: a caller's object claiming another desk, the admin
    role or an active flag changes nothing."""
    _, application = submitted(session, 210)
    verifikator = staff(session, "verifikator")
    forged = StaffUser(id=verifikator.id, username="palsu", full_name="Palsu", role="admin", active=True)
    with pytest.raises(PermissionDenied):  # the file is at the front office; the stored role is verifikator
        workflow.staff_forward(session=session, staff=forged, application_id=application.id)
    for nobody in (StaffUser(id=10**9, username="x", full_name="x", role="admin", active=True), None):
        with pytest.raises(PermissionDenied):
            workflow.staff_reject(session=session, staff=nobody, application_id=application.id, note="x")
    session.rollback()
    session.refresh(application)
    assert application.status == "SUBMITTED"


def test_submission_is_a_checked_transition_of_the_workflow(session):
    token, application = submitted(session, 211)
    assert workflow.TRANSITIONS["submit"] == ("DRAFT",)
    with pytest.raises(IllegalTransition):  # only a draft is submitted, whoever calls
        workflow.submit_draft(
            session=session, applicant=me(session, token), application=application, submit_key="x", now=SUBMIT_TIME
        )
    with pytest.raises(NotFound):  # and only by its owner
        workflow.submit_draft(
            session=session,
            applicant=me(session, make_user(session, 212)),
            application=application,
            submit_key="x",
            now=SUBMIT_TIME,
        )
    session.rollback()
    session.refresh(application)
    assert application.status == "SUBMITTED" and len(steps(session, application.id)) == 2
