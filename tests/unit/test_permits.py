"""Issued permits: the PDF, its public check, file check, revocation and downloads."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, datetime, timedelta

import pypdf
import pytest
from sqlmodel import select

from spontan_app.domain.models import Applicant, Application, AuditLog, OutgoingMessage, Permit, StaffUser
from spontan_app.integrations import pdf, storage
from spontan_app.services import accounts, permits, workflow
from spontan_app.services.errors import Conflict, FieldErrors, IllegalTransition, NotFound, PermissionDenied
from spontan_app.settings import get_settings
from tests.unit.test_applications import SUBMIT_TIME
from tests.unit.test_workflow_tracking import staff, submitted

DESKS = ["front_office", "verifikator", "tim_teknis", "kepala_bidang", "kepala_dinas"]
ISSUE_TIME = SUBMIT_TIME + timedelta(days=2)  # Wednesday 09-12-2026, 10:00 WITA
GARBAGE_CODES = [
    "",
    " ",
    "x" * 100_000,
    "' OR '1'='1",
    "abc'; DROP TABLE permit; --",
    "%_%_%_%_%_%_%_%_%_%",
    "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘę",
    "😀" * 20,
    "../../etc/passwd",
    "A" * 16 + "\x00",
    None,
    12345,
    ["a"],
]


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def approved(session, n: int) -> tuple[str, Application]:
    """A submitted reklame insidentil application approved but not yet issued: walked through
    every desk but the last, then marked APPROVED (as when issuing failed and is retried)."""
    token, application = submitted(session, n)
    for role in DESKS[:-1]:
        workflow.staff_forward(session=session, staff=staff(session, role), application_id=application.id)
        session.commit()
    session.refresh(application)
    application.status, application.current_position = "APPROVED", None
    session.add(application)
    session.commit()
    return token, application


def test_the_last_desk_approval_issues_the_permit_in_the_same_transaction(session):
    _, application = submitted(session, 890)
    for role in DESKS:
        outcome = workflow.staff_forward(session=session, staff=staff(session, role), application_id=application.id)
        session.commit()
    assert outcome.status == "ISSUED"
    permit = session.exec(select(Permit).where(Permit.application_id == application.id)).one()
    assert permit.number.startswith("503/") and permits.verify(session=session, code=permit.code).status == "valid"


def issued(session, n: int, by: str = "kepala_dinas") -> tuple[str, Application, Permit]:
    token, application = approved(session, n)
    permit = permits.issue_permit(session=session, application=application, staff=staff(session, by), now=ISSUE_TIME)
    session.commit()
    return token, application, permit


def applicant_of(session, token: str) -> Applicant:
    return accounts.current_applicant(session=session, token=token)


# --------------------------------------------------------------------------- the document


def sample_data(**changes) -> pdf.PermitData:
    base = dict(
        number="503/7/SIPD-B/DPMPTSP/12/2026",
        izin_name="Surat Izin Praktik Dokter",
        holder_name="dr. Andi Pratama",
        identity_label="NIK",
        identity_number="6471014101900001",
        check_url="http://localhost:3000/verifikasi-izin/AbCdEfGhIjKlMnOpQrStUvWx",
        valid_from=date(2026, 12, 7),
        valid_until=date(2031, 12, 7),
        issued_at=datetime(2026, 12, 7, 2, tzinfo=UTC),
        signer_name="Dewi Kepala Dinas",
        signer_position=permits.SIGNER_POSITION,
        faskes_name="Klinik Pratama Anugerah Médika",
        faskes_address="Jl. MT Haryono No. 5 Balikpapan",
        values=[("Nomor STR", "STR-123 “baru” — 漢字"), ("Tempat Praktik Ke", "1")],
    )
    return pdf.PermitData(**{**base, **changes})


def test_the_pdf_prints_what_a_permit_must_show():
    data = sample_data()
    document = pdf.render_permit(data)
    assert document.startswith(b"%PDF-")
    assert document == pdf.render_permit(data)  # deterministic: the stored hash means something
    text = text_of(document)
    for expected in (
        "PEMERINTAH KOTA BALIKPAPAN",
        "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU",
        "SURAT IZIN PRAKTIK DOKTER",
        "Nomor: 503/7/SIPD-B/DPMPTSP/12/2026",
        "dr. Andi Pratama",
        "6471014101900001",
        "Klinik Pratama Anugerah Médika",
        "Nomor STR",
        "Berlaku sampai: 07-12-2031",
        "Balikpapan, 07-12-2026",
        "Ditandatangani secara elektronik",
        "Dewi Kepala Dinas",
        data.check_url,
    ):
        assert expected in text, expected
    open_ended = text_of(pdf.render_permit(sample_data(valid_until=None)))
    assert "Berlaku selama memenuhi ketentuan" in open_ended and "Berlaku sampai" not in open_ended


def test_the_qr_code_holds_the_check_url():
    data = sample_data()
    images = pypdf.PdfReader(io.BytesIO(pdf.render_permit(data))).pages[0].images
    assert len(images) == 1
    picture = images[0].image.convert("L")
    matrix = pdf.qr_matrix(data.check_url)
    assert picture.size[0] == (len(matrix) + 2 * pdf.QR_BORDER) * pdf.QR_BOX
    for r, row in enumerate(matrix):  # every module of the embedded image is the URL's module
        for c, dark in enumerate(row):
            centre = ((pdf.QR_BORDER + c) * pdf.QR_BOX + pdf.QR_BOX // 2, (pdf.QR_BORDER + r) * pdf.QR_BOX + 4)
            assert (picture.getpixel(centre) < 128) == dark
    assert pdf.qr_matrix(data.check_url + "x") != matrix


def test_long_and_odd_values_still_render():
    many = [(f"Isian {i}", "panjang " * 80) for i in range(40)]
    document = pdf.render_permit(sample_data(values=many, holder_name="Ñoño \u202e\x07 Ärzte 😀"))
    text = text_of(document)
    assert "Ñoño" in text and sample_data().check_url in text


# --------------------------------------------------------------------------- issuing


def test_issuing_stores_the_signed_pdf_with_its_number_code_and_validity(session):
    _, application, permit = issued(session, 600, by="admin")
    seq = application.registration_number.split("/")[0]
    assert permit.number == f"503/{seq}/IPRI-B/DPMPTSP/12/2026"
    assert permit.holder_name == "Pemohon 600" and permit.izin_name == "Izin Penyelenggaraan Reklame Insidentil"
    assert permit.valid_from == date(2026, 12, 9) and permit.valid_until == date(2027, 1, 9)  # one month
    assert permit.signer_name == "Dewi Kepala Dinas"  # the head of office signs, whoever clicks
    assert permit.signer_position == permits.SIGNER_POSITION
    stored = storage.read("permits", permit.storage_name)
    assert hashlib.sha256(stored).hexdigest() == permit.sha256 and permit.size == len(stored)
    text = text_of(stored)
    for expected in (
        permit.number,
        "Pemohon 600",
        "IZIN PENYELENGGARAAN REKLAME INSIDENTIL",
        "Simpang Dam, Balikpapan",
        "Jumlah Reklame",
        "10-12-2026",  # the form's date, as DD-MM-YYYY
        f"{get_settings().public_url}/verifikasi-izin/{permit.code}",
        "Berlaku sampai: 09-01-2027",
    ):
        assert expected in text, expected
    assert "+62812700" not in text  # the phone number is not printed
    assert session.exec(select(AuditLog).where(AuditLog.action == "permit_issue")).one().entity_id == permit.id


def test_issuing_twice_returns_the_same_permit(session):
    _, application, permit = issued(session, 601)
    files = storage.stored_names("permits")
    again = permits.issue_permit(
        session=session, application=application, staff=staff(session, "kepala_dinas"), now=ISSUE_TIME
    )
    assert again.id == permit.id and again.code == permit.code
    assert storage.stored_names("permits") == files
    assert len(session.exec(select(Permit).where(Permit.application_id == application.id)).all()) == 1


def test_issuing_needs_an_approved_file_and_an_issuing_officer(session):
    _, pending = submitted(session, 602)
    with pytest.raises(IllegalTransition):
        permits.issue_permit(session=session, application=pending, staff=staff(session, "kepala_dinas"), now=ISSUE_TIME)
    _, application = approved(session, 603)
    with pytest.raises(PermissionDenied):
        permits.issue_permit(
            session=session, application=application, staff=staff(session, "verifikator"), now=ISSUE_TIME
        )
    assert not session.exec(select(Permit)).all()


def test_the_permit_notice_carries_the_check_url(session):
    _, _, permit = issued(session, 604)
    notice = permits.permit_notice(permit)
    assert permit.number in notice and f"/verifikasi-izin/{permit.code}" in notice and "09-01-2027" in notice


# --------------------------------------------------------------------------- public check


def test_verify_tells_valid_expired_and_unknown(session):
    _, _, permit = issued(session, 610)
    check = permits.verify(session=session, code=permit.code, today=date(2026, 12, 20))
    assert (check.status, check.title) == ("valid", "Izin Sah")
    assert check.number == permit.number and check.holder_name == "Pemohon 610"
    assert check.issued_on == date(2026, 12, 9) and check.valid_until == date(2027, 1, 9)
    assert permits.verify(session=session, code=f"  {permit.code} ", today=date(2027, 1, 9)).status == "valid"
    expired = permits.verify(session=session, code=permit.code, today=date(2027, 1, 10))
    assert (expired.status, expired.title) == ("expired", "Izin Tidak Berlaku")
    unknown = permits.verify(session=session, code=permit.code[:-1] + ("A" if permit.code[-1] != "A" else "B"))
    assert (unknown.status, unknown.title, unknown.number) == ("unknown", "Izin Tidak Ditemukan", "")


@pytest.mark.parametrize("code", GARBAGE_CODES, ids=range(len(GARBAGE_CODES)))
def test_garbage_codes_are_simply_unknown(session, code):
    assert permits.verify(session=session, code=code).status == "unknown"
    assert permits.check_file(session=session, code=code, data=b"%PDF-1.4") is False


def test_check_file_accepts_only_the_exact_bytes(session):
    _, _, permit = issued(session, 611)
    original = storage.read("permits", permit.storage_name)
    assert permits.check_file(session=session, code=permit.code, data=original) is True
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0x01
    assert permits.check_file(session=session, code=permit.code, data=bytes(changed)) is False
    assert permits.check_file(session=session, code=permit.code, data=original + b"\n") is False
    assert permits.check_file(session=session, code=permit.code, data=b"") is False
    assert permits.check_file(session=session, code="Z" * 24, data=original) is False
    too_big = b"%PDF-" + b"0" * permits.MAX_CHECK_BYTES
    assert permits.check_file(session=session, code=permit.code, data=too_big) is False


# --------------------------------------------------------------------------- revocation


def test_only_the_head_of_office_revokes_with_a_reason(session, dispatched):
    _, application, permit = issued(session, 620)
    for role in ("front_office", "kepala_bidang", "admin"):
        with pytest.raises(PermissionDenied):
            permits.revoke(session=session, staff=staff(session, role), permit_id=permit.id, reason="Pelanggaran.")
    head = staff(session, "kepala_dinas")
    for reason in ("", "   ", None):
        with pytest.raises(FieldErrors) as caught:
            permits.revoke(session=session, staff=head, permit_id=permit.id, reason=reason)
        assert "wajib diisi" in caught.value.errors["reason"]
    with pytest.raises(FieldErrors):
        permits.revoke(session=session, staff=head, permit_id=permit.id, reason="x" * 501)
    for bad_id in ("abc", 10**30, -1, None):
        with pytest.raises(NotFound):
            permits.revoke(session=session, staff=head, permit_id=bad_id, reason="Pelanggaran.")
    session.rollback()
    assert permits.verify(session=session, code=permit.code, today=date(2026, 12, 20)).status == "valid"

    when = datetime(2026, 12, 15, 1, tzinfo=UTC)
    permits.revoke(
        session=session, staff=head, permit_id=str(permit.id), reason="Reklame dipasang di luar titik.", now=when
    )
    session.commit()
    check = permits.verify(session=session, code=permit.code, today=date(2026, 12, 20))
    assert (check.status, check.title) == ("revoked", "Izin Tidak Berlaku")
    assert check.revoked_on == date(2026, 12, 15) and check.revoked_reason == "Reklame dipasang di luar titik."
    entry = session.exec(select(AuditLog).where(AuditLog.action == "permit_revoke")).one()
    assert (entry.actor_id, entry.entity, entry.entity_id) == (head.id, "permit", permit.id)
    notice = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "permit_revoked")).one()
    owner = session.get(Applicant, application.applicant_id)
    assert notice.to_number == owner.wa_number and "DICABUT" in notice.body and notice.id in dispatched
    with pytest.raises(Conflict):
        permits.revoke(session=session, staff=head, permit_id=permit.id, reason="Lagi.")


def test_revoking_respects_whatsapp_opt_out(session):
    _, application, permit = issued(session, 621)
    owner = session.get(Applicant, application.applicant_id)
    owner.wa_opt_out = True
    session.add(owner)
    session.commit()
    permits.revoke(session=session, staff=staff(session, "kepala_dinas"), permit_id=permit.id, reason="Dicabut.")
    session.commit()
    assert not session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "permit_revoked")).all()


# --------------------------------------------------------------------------- downloads


def test_only_the_owner_downloads_the_permit(session):
    token, application, permit = issued(session, 630)
    owner = applicant_of(session, token)
    got, data = permits.download_for_owner(session=session, applicant=owner, application_id=str(application.id))
    assert got.id == permit.id and hashlib.sha256(data).hexdigest() == permit.sha256
    intruder = applicant_of(session, submitted(session, 631)[0])
    with pytest.raises(NotFound):
        permits.download_for_owner(session=session, applicant=intruder, application_id=application.id)
    for bad_id in ("abc", "1 OR 1=1", 10**30, -5, 0, None, True, 2**31):
        with pytest.raises(NotFound):
            permits.download_for_owner(session=session, applicant=owner, application_id=bad_id)
    _, not_issued = approved(session, 632)
    with pytest.raises(NotFound):  # approved but no permit yet
        permits.download_for_owner(session=session, applicant=owner, application_id=not_issued.id)


def test_any_active_officer_downloads_and_an_inactive_one_does_not(session):
    _, application, permit = issued(session, 640)
    officer = staff(session, "verifikator")
    got, data = permits.download_for_staff(session=session, staff=officer, application_id=application.id)
    assert got.id == permit.id and data.startswith(b"%PDF-")
    officer.active = False
    session.add(officer)
    session.commit()
    try:
        with pytest.raises(PermissionDenied):
            permits.download_for_staff(session=session, staff=officer, application_id=application.id)
        with pytest.raises(PermissionDenied):
            permits.download_for_staff(session=session, staff=StaffUser(id=None), application_id=application.id)
    finally:
        officer.active = True
        session.add(officer)
        session.commit()


def test_orphan_permit_files_are_swept(session):
    _, _, permit = issued(session, 650)
    orphan = storage.save("permits", b"%PDF-1.4 orphan", "application/pdf")
    removed = permits.remove_orphan_files(session=session, min_age_seconds=0)
    assert orphan in removed and permit.storage_name not in removed
    assert permit.storage_name in storage.stored_names("permits")
