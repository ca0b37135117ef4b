"""WhatsApp messages to an applicant follow the applicant's language (``Applicant.language``):
an English applicant reads English, an Indonesian one the messages as they always were."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import select

from spontan_app.domain.models import Applicant, Application, OutgoingMessage
from spontan_app.services import applications, renewals, workflow
from tests import factories as f

MONDAY = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # Monday 01-06-2026, 10:00 WITA


def submitted_in(session, n: int, language: str) -> tuple[Applicant, Application]:
    applicant = f.make_applicant(session, n, language=language)
    draft = f.complete_draft(session, applicant)
    applications.submit(
        session=session,
        applicant=applicant,
        application_id=draft.id,
        submit_key=f"lang-{n}",
        declaration=True,
        now=MONDAY,
    )
    session.commit()
    return applicant, session.get(Application, draft.id)


def body_of(session, applicant: Applicant, kind: str) -> str:
    return session.exec(
        select(OutgoingMessage.body).where(
            OutgoingMessage.kind == kind, OutgoingMessage.to_number == applicant.wa_number
        )
    ).one()


def test_an_english_applicant_is_told_of_a_returned_file_in_english(session, dispatched):
    applicant, application = submitted_in(session, 3401, "en")
    number = application.registration_number
    received = body_of(session, applicant, "application_submitted")
    assert received.startswith("Your ") and "application has been received by DPMPTSP" in received
    assert f"Registration Number: {number}" in received and "Track your file: " in received
    assert "Expected Completion Date: " in received and "Nomor" not in received
    note = "Attach the {site} plan; 100% please"
    workflow.staff_return(
        session=session, staff=f.staff(session, "front_office"), application_id=application.id, note=note
    )
    session.commit()
    body = body_of(session, applicant, "application_returned")
    assert f"number {number}, has been RETURNED for correction." in body
    assert f"\nOfficer's note: {note}\nTrack your file: " in body
    assert "DIKEMBALIKAN" not in body and "Lacak" not in body


def test_an_indonesian_applicant_reads_the_returned_notice_as_before(session, dispatched):
    applicant, application = submitted_in(session, 3402, "id")
    number = application.registration_number
    due = application.due_date.strftime("%d-%m-%Y")
    received = body_of(session, applicant, "application_submitted")
    assert received.startswith("Permohonan ") and received.endswith(f"/lacak?nomor={number}")
    assert f"Anda telah diterima DPMPTSP Kota Balikpapan.\nNomor Pendaftaran: {number}\n" in received
    assert f"Tanggal Perkiraan Jadi: {due}\nLacak berkas: " in received
    workflow.staff_return(
        session=session, staff=f.staff(session, "front_office"), application_id=application.id, note="Foto buram."
    )
    session.commit()
    body = body_of(session, applicant, "application_returned")
    izin_name = f.izin(session, "IPRI-B").name
    assert body.startswith(
        f"Permohonan {izin_name} Nomor {number} DIKEMBALIKAN untuk perbaikan.\nCatatan petugas: Foto buram.\n"
        "Lacak berkas: "
    )


def _issue_all(session, application: Application) -> None:
    for desk in workflow.process_steps(session, application):
        workflow.staff_forward(session=session, staff=f.staff(session, desk.desk), application_id=application.id)
        session.commit()


def test_an_issued_permit_and_its_survey_are_announced_in_the_applicants_language(session, dispatched):
    english, en_file = submitted_in(session, 3403, "en")
    indonesian, id_file = submitted_in(session, 3404, "id")
    _issue_all(session, en_file)
    _issue_all(session, id_file)
    ready = body_of(session, english, "permit_ready")
    assert "has been APPROVED and the permit has been ISSUED." in ready
    assert "\nPermit number: " in ready and "Download the permit from the Home menu." in ready
    assert "Valid until " in ready or "Valid indefinitely" in ready
    assert "TERBIT" not in ready and "Unduh" not in ready
    survey = body_of(session, english, "skm_invite")
    assert survey.startswith("Thank you for using the services of DPMPTSP Kota Balikpapan")
    assert "Public Satisfaction Survey (SKM)" in survey
    ready_id = body_of(session, indonesian, "permit_ready")
    assert "telah DISETUJUI dan izin telah TERBIT.\nNomor izin: " in ready_id
    assert "Unduh izin di menu Beranda. Cek keaslian izin: " in ready_id
    assert "Berlaku sampai " in ready_id or "Berlaku tanpa batas." in ready_id
    assert body_of(session, indonesian, "skm_invite").startswith(
        "Terima kasih telah menggunakan layanan DPMPTSP Kota Balikpapan (Nomor "
    )


def test_a_renewal_reminder_is_written_in_the_holders_language(session, dispatched):
    end = date(2027, 3, 31)
    applicant, _, permit = f.issued(session, 3405, when=MONDAY, valid_until=end)
    applicant.language = "en"
    session.add(applicant)
    session.commit()
    renewals.send_renewal_reminders(session=session, today=date(2027, 3, 1))
    session.commit()
    body = body_of(session, applicant, "renewal_reminder_30")
    assert f"number {permit.number} is valid until 31 Mar 2027 (30 days left)." in body
    assert "Apply for a renewal through the Renewal menu" in body and "hari lagi" not in body
    assert renewals.reminder_text(permit, 30) == (
        f"{permit.izin_name} Nomor {permit.number} berlaku sampai 31-03-2027 (30 hari lagi). Ajukan perpanjangan "
        f"melalui menu Perpanjangan di Beranda SPONTAN: {renewals.get_settings().public_url}/beranda"
    )
