"""Drafts, documents and submission: the rules of the permit wizard, on the service."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app import db
from spontan_app.domain.models import (
    Applicant,
    Application,
    ApplicationDocument,
    ApplicationStep,
    ApplicationValue,
    Faskes,
    JenisIzin,
    OutgoingMessage,
    Requirement,
)
from spontan_app.domain.passwords import hash_password
from spontan_app.domain.workdays import add_working_days
from spontan_app.integrations import storage
from spontan_app.services import accounts, applications, calendar
from spontan_app.services.applications import DraftInput
from spontan_app.services.errors import Conflict, FieldErrors, NotFound
from spontan_app.services.ownership import owned_application
from tests.support import redeem

PDF = b"%PDF-1.4\n" + b"1" * 3000 + b"\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
SUBMIT_TIME = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # Monday 10:00 WITA


def make_user(session: Session, n: int, **extra) -> str:
    """An active applicant; returns a login token."""
    username = f"64710141019{n:05d}"
    session.add(
        Applicant(
            applicant_type="perorangan",
            username=username,
            email=f"u{n}@contoh.id",
            wa_number=f"+62812700{n:05d}",
            password_hash=hash_password("rahasia-123", rounds=4),
            status="active",
            full_name=f"Pemohon {n}",
            sex="L",
            address="Jl. Uji No. 1",
            phone=f"+62812700{n:05d}",
            **extra,
        )
    )
    session.commit()
    result = accounts.login(
        session=session, applicant_type="perorangan", username=username, password="rahasia-123", ip=None
    )
    session.commit()
    assert result.ok
    return redeem(session, result.handoff)


def me(session: Session, token: str) -> Applicant:
    """The applicant behind a login token, resolved as a page does before calling a service."""
    return accounts.current_applicant(session=session, token=token)


def izin(session: Session, code: str) -> JenisIzin:
    return session.exec(select(JenisIzin).where(JenisIzin.code == code)).one()


def complete_draft(session: Session, token: str, code: str = "IPRI-B") -> int:
    """A draft with every required value and document of a reklame insidentil permit."""
    draft = applications.start_draft(session=session, applicant=me(session, token), izin_id=izin(session, code).id)
    session.commit()
    applications.save_draft(
        session=session,
        applicant=me(session, token),
        application_id=draft.id,
        data=DraftInput(
            values={
                "jenis_kelamin": "Laki-laki",
                "jumlah": "3",
                "tanggal_mulai": "2026-12-10",
                "tanggal_selesai": "2026-12-20",
                "nomor_hp": "0812 7000 0001",
            },
            lokasi="Simpang Dam, Balikpapan",
            latitude="-1.2401",
            longitude="116.8702",
        ),
    )
    for req in session.exec(select(Requirement).where(Requirement.izin_id == draft.izin_id)):
        applications.attach_document(
            session=session,
            applicant=me(session, token),
            application_id=draft.id,
            requirement_id=req.id,
            data=PDF,
            filename=f"{req.name}.pdf",
        )
    session.commit()
    return draft.id


def test_a_draft_is_prefilled_from_the_profile(session):
    token = make_user(session, 1)
    draft = applications.start_draft(session=session, applicant=me(session, token), izin_id=izin(session, "SIPD-B").id)
    session.commit()
    values = applications.values_of(session=session, application_id=draft.id)
    assert values["nama_pemohon"] == "Pemohon 1"
    assert values["jenis_kelamin"] == "Laki-laki"
    assert values["nomor_ktp"] == "6471014101900001"
    assert values["nomor_hp"] == "081270000001"
    assert draft.status == "DRAFT" and draft.registration_number is None


def test_another_applicants_draft_is_refused_whatever_the_id(session):
    owner, intruder = make_user(session, 2), make_user(session, 3)
    draft_id = complete_draft(session, owner)
    document = session.exec(select(ApplicationDocument).where(ApplicationDocument.application_id == draft_id)).first()
    with pytest.raises(NotFound):
        applications.save_draft(
            session=session,
            applicant=me(session, intruder),
            application_id=draft_id,
            data=DraftInput(values={"nama_pemohon": "Diganti"}),
        )
    with pytest.raises(NotFound):
        applications.attach_document(
            session=session,
            applicant=me(session, intruder),
            application_id=draft_id,
            requirement_id=document.requirement_id,
            data=PDF,
            filename="x.pdf",
        )
    with pytest.raises(NotFound):
        applications.submit(
            session=session, applicant=me(session, intruder), application_id=draft_id, submit_key="k", declaration=True
        )
    with pytest.raises(NotFound):
        applications.read_document(session=session, applicant=me(session, intruder), document_id=document.id)
    with pytest.raises(NotFound):
        applications.get_owned(session=session, applicant=me(session, intruder), application_id="1 OR 1=1")
    session.rollback()
    assert applications.values_of(session=session, application_id=draft_id)["nama_pemohon"] == "Pemohon 2"


def test_unknown_form_keys_are_not_stored(session):
    token = make_user(session, 4)
    draft = applications.start_draft(session=session, applicant=me(session, token), izin_id=izin(session, "KRK-B").id)
    applications.save_draft(
        session=session,
        applicant=me(session, token),
        application_id=draft.id,
        data=DraftInput(values={"luas_tanah": "120", "is_admin": "1"}),
    )
    session.commit()
    keys = set(session.exec(select(ApplicationValue.field_key).where(ApplicationValue.application_id == draft.id)))
    assert "luas_tanah" in keys and "is_admin" not in keys


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "kosong"),
        (b"MZ\x90\x00 this is an exe renamed to pdf", "tidak didukung"),
        (b"GIF89a....", "tidak didukung"),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), "melebihi batas 5 MB"),
    ],
)
def test_bad_documents_get_a_clear_message_and_are_not_stored(session, data, message):
    token = make_user(session, 5)
    draft = applications.start_draft(session=session, applicant=me(session, token), izin_id=izin(session, "SKP-B").id)
    session.commit()
    req = session.exec(select(Requirement).where(Requirement.izin_id == draft.izin_id)).first()
    before = storage.stored_names("documents")
    with pytest.raises(FieldErrors) as excinfo:
        applications.attach_document(
            session=session,
            applicant=me(session, token),
            application_id=draft.id,
            requirement_id=req.id,
            data=data,
            filename="berkas.pdf",
        )
    assert message in excinfo.value.errors[f"doc-{req.id}"]
    assert storage.stored_names("documents") == before
    assert not session.exec(select(ApplicationDocument).where(ApplicationDocument.application_id == draft.id)).all()


def test_replacing_a_document_keeps_the_earlier_version(session):
    token = make_user(session, 6)
    draft = applications.start_draft(session=session, applicant=me(session, token), izin_id=izin(session, "SKP-B").id)
    req = session.exec(select(Requirement).where(Requirement.izin_id == draft.izin_id)).first()
    first = applications.attach_document(
        session=session,
        applicant=me(session, token),
        application_id=draft.id,
        requirement_id=req.id,
        data=PDF,
        filename="a.pdf",
    )
    second = applications.attach_document(
        session=session,
        applicant=me(session, token),
        application_id=draft.id,
        requirement_id=req.id,
        data=PNG,
        filename="b.png",
    )
    session.commit()
    session.refresh(first)
    assert (first.is_current, second.is_current, second.version, second.content_type) == (False, True, 2, "image/png")
    assert storage.path_of("documents", first.storage_name).exists()
    assert storage.read("documents", second.storage_name) == PNG
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}\.png", second.storage_name)  # generated, not the applicant's name


def test_submission_checks_everything_on_the_server_and_changes_nothing_when_incomplete(session):
    token = make_user(session, 7)
    draft = applications.start_draft(session=session, applicant=me(session, token), izin_id=izin(session, "SIPD-B").id)
    session.commit()
    with pytest.raises(FieldErrors) as excinfo:
        applications.submit(
            session=session, applicant=me(session, token), application_id=draft.id, submit_key="a", declaration=False
        )
    session.rollback()
    errors = excinfo.value.errors
    assert {"nomor_str", "masa_berlaku_str", "praktik_ke", "faskes", "declaration"} <= set(errors)
    assert sum(k.startswith("doc-") for k in errors) == 6
    session.refresh(draft)
    assert draft.status == "DRAFT" and draft.registration_number is None
    assert not session.exec(select(ApplicationStep).where(ApplicationStep.application_id == draft.id)).all()


def test_submission_is_one_transaction_with_number_due_date_history_and_message(session):
    token = make_user(session, 8)
    draft_id = complete_draft(session, token)
    result = applications.submit(
        session=session,
        applicant=me(session, token),
        application_id=draft_id,
        submit_key="k1",
        declaration=True,
        now=SUBMIT_TIME,
    )
    session.commit()
    assert result.registration_number == "1/IPRI-B/12/2026"
    holidays = calendar.holiday_dates(session=session, start=SUBMIT_TIME.date())
    assert result.due_date == add_working_days(SUBMIT_TIME.date(), 2, holidays)
    application = session.get(Application, draft_id)
    assert application.status == "SUBMITTED" and application.due_date == result.due_date
    steps = session.exec(select(ApplicationStep).where(ApplicationStep.application_id == draft_id)).all()
    assert [(s.seq, s.stage, s.status) for s in steps] == [
        (1, "Pengajuan Permohonan via Online", "SUBMITTED"),
        (2, "VERIFIKASI BERKAS", "IN_PROGRESS"),
    ]
    assert applications.values_of(session=session, application_id=draft_id)["nomor_hp"] == "+6281270000001"
    message = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "application_submitted")).one()
    assert "1/IPRI-B/12/2026" in message.body and "/lacak?nomor=1/IPRI-B/12/2026" in message.body
    with pytest.raises(Conflict):  # a submitted application is no longer a draft
        applications.save_draft(
            session=session, applicant=me(session, token), application_id=draft_id, data=DraftInput()
        )


def test_a_retried_submit_creates_one_application_not_two(session):
    token = make_user(session, 9)
    draft_id = complete_draft(session, token)
    first = applications.submit(
        session=session,
        applicant=me(session, token),
        application_id=draft_id,
        submit_key="same",
        declaration=True,
        now=SUBMIT_TIME,
    )
    session.commit()
    again = applications.submit(
        session=session,
        applicant=me(session, token),
        application_id=draft_id,
        submit_key="same",
        declaration=True,
        now=SUBMIT_TIME,
    )
    session.commit()
    assert again.repeated and again.registration_number == first.registration_number
    assert session.exec(select(sa.func.count()).select_from(ApplicationStep)).one() == 2
    assert session.exec(select(sa.func.count()).where(OutgoingMessage.kind == "application_submitted")).one() == 1


def test_a_double_click_racing_itself_gets_one_number(session):
    token = make_user(session, 10)
    draft_id = complete_draft(session, token)
    barrier = threading.Barrier(2)

    def click(_):
        with Session(db.get_engine(), expire_on_commit=False) as s:
            barrier.wait()
            result = applications.submit(
                session=s,
                applicant=me(s, token),
                application_id=draft_id,
                submit_key="dbl",
                declaration=True,
                now=SUBMIT_TIME,
            )
            s.commit()
            return result

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(click, range(2)))
    assert {r.registration_number for r in results} == {"1/IPRI-B/12/2026"}
    assert sorted(r.repeated for r in results) == [False, True]
    assert session.exec(select(sa.func.count()).select_from(ApplicationStep)).one() == 2


def test_fifty_concurrent_submissions_get_gap_free_unique_numbers(session):
    tokens = [make_user(session, 100 + i) for i in range(50)]
    drafts = [complete_draft(session, t) for t in tokens]

    def submit(pair):
        token, draft_id = pair
        with Session(db.get_engine(), expire_on_commit=False) as s:
            result = applications.submit(
                session=s,
                applicant=me(s, token),
                application_id=draft_id,
                submit_key=f"k{draft_id}",
                declaration=True,
                now=SUBMIT_TIME,
            )
            s.commit()
            return result.registration_number

    with ThreadPoolExecutor(max_workers=16) as pool:
        numbers = list(pool.map(submit, zip(tokens, drafts, strict=True)))
    assert len(set(numbers)) == 50
    assert sorted(int(n.split("/")[0]) for n in numbers) == list(range(1, 51))
    assert all(n.endswith("/IPRI-B/12/2026") for n in numbers)


def test_cleanup_removes_unreferenced_files_only(session):
    token = make_user(session, 11)
    draft_id = complete_draft(session, token)
    kept = set(
        session.exec(select(ApplicationDocument.storage_name).where(ApplicationDocument.application_id == draft_id))
    )
    stray = storage.save("documents", PDF, "application/pdf")  # e.g. a crash between file and row
    removed = applications.remove_orphan_files(session=session)
    assert stray in removed and not (kept & set(removed))
    assert kept <= storage.stored_names("documents")


def test_deleting_a_draft_leaves_no_rows(session):
    token = make_user(session, 12)
    draft_id = complete_draft(session, token)
    names = applications.delete_draft(session=session, applicant=me(session, token), application_id=draft_id)
    assert names and set(names) <= storage.stored_names("documents")
    session.commit()  # the files go with the commit, not before
    assert not set(names) & storage.stored_names("documents")
    assert session.get(Application, draft_id) is None
    assert not session.exec(select(ApplicationValue).where(ApplicationValue.application_id == draft_id)).all()


def test_deleting_a_draft_that_rolls_back_keeps_its_files(session):
    token = make_user(session, 14)
    draft_id = complete_draft(session, token)
    names = applications.delete_draft(session=session, applicant=me(session, token), application_id=draft_id)
    session.rollback()
    assert set(names) <= storage.stored_names("documents")
    assert session.get(Application, draft_id) is not None


def test_a_submitted_file_is_no_draft_to_delete(session):
    token = make_user(session, 15)
    draft_id = complete_draft(session, token)
    applications.submit(
        session=session, applicant=me(session, token), application_id=draft_id, submit_key="del-15", declaration=True
    )
    session.commit()
    with pytest.raises(Conflict):
        applications.delete_draft(session=session, applicant=me(session, token), application_id=draft_id)


def test_choosing_a_faskes_requires_an_active_one(session):
    token = make_user(session, 13)
    draft = applications.start_draft(session=session, applicant=me(session, token), izin_id=izin(session, "SIPB-B").id)
    session.commit()
    with pytest.raises(NotFound):
        applications.choose_faskes(
            session=session, applicant=me(session, token), application_id=draft.id, faskes_id=10**9
        )
    faskes = session.exec(select(Faskes)).first()
    applications.choose_faskes(
        session=session, applicant=me(session, token), application_id=draft.id, faskes_id=faskes.id
    )
    session.commit()
    assert session.get(Application, draft.id).faskes_id == faskes.id


@pytest.mark.parametrize("bad_id", [None, "abc", "1 OR 1=1", 2**31, 10**30, -1, 0, 1.5e300, True, [1], {"id": 1}])
def test_ownership_refuses_every_bad_id_with_the_same_not_found(session, bad_id):
    token = make_user(session, 14)
    applicant = me(session, token)
    with pytest.raises(NotFound, match=r"^Permohonan tidak ditemukan\.$"):
        owned_application(session, applicant, bad_id)


def test_ownership_hides_someone_elses_and_missing_applications(session):
    owner, intruder = make_user(session, 15), make_user(session, 16)
    draft = applications.start_draft(session=session, applicant=me(session, owner), izin_id=izin(session, "SKP-B").id)
    session.commit()
    mine, theirs = me(session, owner), me(session, intruder)
    assert owned_application(session, mine, str(draft.id)).id == draft.id
    assert owned_application(session, mine, draft.id, lock=True).id == draft.id
    for applicant, app_id in ((theirs, draft.id), (mine, draft.id + 1000)):
        with pytest.raises(NotFound, match=r"^Permohonan tidak ditemukan\.$"):
            owned_application(session, applicant, app_id)
