"""What strangers see and what the app stores: masked names on public tracking, typed text
cleaned before it is stored, ids out of range answered as not found."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from spontan_app.domain.models import Application, ApplicationDocument, ApplicationValue
from spontan_app.services import applications, tracking
from spontan_app.services.applications import DraftInput
from spontan_app.services.errors import FieldErrors, NotFound
from tests.factories import PDF, make_applicant, submitted


def test_public_tracking_masks_the_name_for_strangers_and_shows_it_to_the_owner(session):
    owner, application = submitted(session, 931, name="Ani Peneliti")
    stranger = make_applicant(session, 932)
    number = application.registration_number
    assert tracking.lookup(session=session, number=number).applicant_name == "A** P*******"
    assert tracking.lookup(session=session, number=number, viewer=stranger).applicant_name == "A** P*******"
    assert tracking.lookup(session=session, number=number, viewer=owner).applicant_name == "Ani Peneliti"


def _draft_of(session, n):
    owner, application = submitted(session, n)
    draft = applications.start_draft(session=session, applicant=owner, izin_id=application.izin_id)
    session.commit()
    field = applications.fields_of(session=session, izin_id=application.izin_id)[0]
    return owner, draft, field


def _stored(session, draft_id):
    session.expire_all()
    values = applications.values_of(session=session, application_id=draft_id)
    return values, session.get(Application, draft_id)


@pytest.mark.parametrize("bad", ["Reklame\x00", "Reklame \u202etxet", "Rek\u200blame", "\ufeffReklame"])
def test_a_draft_value_with_a_nul_or_bidi_character_is_refused_and_nothing_is_stored(session, bad):
    """Saved on the database in use (PostgreSQL in CI's second pass refuses a NUL outright):
    the applicant gets a message beside the field naming it, never a server error."""
    owner, draft, field = _draft_of(session, 933)
    applications.save_draft(
        session=session, applicant=owner, application_id=draft.id, data=DraftInput(values={field.key: "Awal"})
    )
    session.commit()
    with pytest.raises(FieldErrors) as caught:
        applications.save_draft(
            session=session,
            applicant=owner,
            application_id=draft.id,
            data=DraftInput(values={field.key: bad}, lokasi="Jl. Baru"),
        )
    session.rollback()
    message = caught.value.errors[field.key]
    assert "karakter yang tidak diizinkan" in message and field.label in message
    values, stored = _stored(session, draft.id)
    assert values[field.key] == "Awal" and stored.lokasi == ""  # the refused save wrote nothing


@pytest.mark.parametrize("key", ["lokasi", "keterangan"])
def test_lokasi_and_keterangan_with_control_characters_are_refused_in_a_draft(session, key):
    owner, draft, _ = _draft_of(session, 936)
    with pytest.raises(FieldErrors) as caught:
        applications.save_draft(
            session=session,
            applicant=owner,
            application_id=draft.id,
            data=DraftInput(**{key: "Jl. Sudirman\x00 \u202e21"}),
        )
    session.rollback()
    label = "Lokasi" if key == "lokasi" else "Keterangan"
    assert caught.value.errors[key].startswith(f"{label} berisi karakter yang tidak diizinkan")


def test_draft_text_is_stored_in_nfc_and_multiline_text_keeps_its_lines(session):
    owner, draft, field = _draft_of(session, 937)
    decomposed = "Kafe\u0301 Pa\u0301gi"  # é typed as e + combining accent
    applications.save_draft(
        session=session,
        applicant=owner,
        application_id=draft.id,
        data=DraftInput(values={field.key: decomposed}, lokasi=decomposed, keterangan="Baris satu\nBaris dua\tx"),
    )
    session.commit()
    values, stored = _stored(session, draft.id)
    assert values[field.key] == stored.lokasi == "Kafé Pági"
    assert stored.keterangan == "Baris satu\nBaris dua\tx"


def test_a_form_value_or_lokasi_stored_before_cleaning_is_refused_at_submission(session):
    """Rows written before drafts were cleaned are caught when the file is submitted."""
    owner, draft, field = _draft_of(session, 938)
    session.execute(sa.delete(ApplicationValue).where(ApplicationValue.application_id == draft.id))
    session.add(ApplicationValue(application_id=draft.id, field_key=field.key, value="Reklame \u202etxet"))
    row = session.get(Application, draft.id)
    row.lokasi, row.keterangan = "Jl. \u202eA", "Catatan\u200b"
    session.add(row)
    session.commit()
    errors = applications.validation_errors(session=session, application=row)
    for key in (field.key, "lokasi", "keterangan"):
        assert "karakter yang tidak diizinkan" in errors[key]
    with pytest.raises(FieldErrors):
        applications.submit(
            session=session, applicant=owner, application_id=draft.id, submit_key="hyg-938", declaration=True
        )


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        ("KTP%00.pdf", "KTP.pdf"),
        ("%E2%80%AEfdp.exe", "fdp.exe"),
        ("C:%5Cfakepath%5Cktp.pdf", "ktp.pdf"),
        ("../../ktp%E2%80%8B.pdf", "ktp.pdf"),
        ("Kafe%CC%81.pdf", "Kafé.pdf"),
        ("%00%E2%80%AE", "dokumen"),
    ],
)
def test_an_upload_filename_is_cleaned_not_refused(session, header, shown):
    """/unggah takes the X-File-Name header as the browser sends it (percent-encoded): a NUL,
    a bidi override or a folder never reaches the database or the officer's screen."""
    from urllib.parse import unquote

    owner, draft, _ = _draft_of(session, 939)
    requirement = applications.requirements_for(session=session, application=draft)[0]
    document = applications.attach_document(
        session=session,
        applicant=owner,
        application_id=draft.id,
        requirement_id=requirement.id,
        data=PDF,
        filename=unquote(header),
    )
    session.commit()
    session.expire_all()
    assert session.get(ApplicationDocument, document.id).original_name == shown


def test_a_very_long_upload_filename_keeps_its_extension_within_255_characters(session):
    owner, draft, _ = _draft_of(session, 940)
    requirement = applications.requirements_for(session=session, application=draft)[0]
    document = applications.attach_document(
        session=session,
        applicant=owner,
        application_id=draft.id,
        requirement_id=requirement.id,
        data=PDF,
        filename="\x00" + "a" * 1000 + ".pdf",
    )
    session.commit()
    name = session.get(ApplicationDocument, document.id).original_name
    assert len(name) == 255 and name.endswith("aaa.pdf") and "\x00" not in name


@pytest.mark.parametrize("doc_id", [2**63, -1, 0, "1e9", "abc", None, True])
def test_document_ids_out_of_range_are_not_found(session, doc_id):
    owner = make_applicant(session, 934)
    with pytest.raises(NotFound):
        applications.read_document(session=session, applicant=owner, document_id=doc_id)


def test_a_name_with_nul_is_refused_in_the_profile(session):
    from spontan_app.services import accounts
    from spontan_app.services.accounts import ProfileForm

    owner = make_applicant(session, 935)
    with pytest.raises(FieldErrors) as caught:
        accounts.update_profile(
            session=session,
            applicant=owner,
            form=ProfileForm(full_name="Ani\x00", email="a@contoh.id", phone="081270000935", address="Jl. Uji"),
        )
    assert "karakter yang tidak diizinkan" in caught.value.errors["full_name"]


# --------------------------------------------------------------------------- staff text


def _at_desk(session, n):
    from spontan_app.services import desk
    from tests.factories import staff

    _, application = submitted(session, n)
    officer = staff(session, "front_office")
    view = desk.process_view(session=session, staff=officer, application_id=application.id)
    return desk, officer, application, view


@pytest.mark.parametrize("note", ["Lengkapi KTP\x00", "Lengkapi \u202ePTK", "Lengkapi\u200b KTP"])
def test_a_staff_decision_note_with_control_characters_is_refused_and_nothing_is_decided(session, note):
    desk, officer, application, view = _at_desk(session, 941)
    with pytest.raises(FieldErrors) as caught:
        desk.decide(
            session=session,
            staff=officer,
            application_id=application.id,
            action="kembalikan",
            note=note,
            seen_status=view.status,
            seen_position=view.seen_position,
        )
    session.rollback()
    assert caught.value.errors["catatan"].startswith("Catatan berisi karakter yang tidak diizinkan")
    session.expire_all()
    assert session.get(Application, application.id).status == view.status


def test_a_staff_decision_note_is_stored_in_nfc(session):
    desk, officer, application, view = _at_desk(session, 942)
    desk.decide(
        session=session,
        staff=officer,
        application_id=application.id,
        action="kembalikan",
        note="Foto\u0301 buram\nmohon ulang",
        seen_status=view.status,
        seen_position=view.seen_position,
    )
    session.commit()
    from spontan_app.services import workflow

    assert workflow.latest_staff_note(session, application.id) == "Fotó buram\nmohon ulang"


def test_a_document_review_note_with_a_nul_is_refused_beside_that_document(session):
    desk, officer, application, _ = _at_desk(session, 943)
    document = (
        session.exec(sa.select(ApplicationDocument).where(ApplicationDocument.application_id == application.id))
        .scalars()
        .first()
    )
    with pytest.raises(FieldErrors) as caught:
        desk.review_document(
            session=session, staff=officer, document_id=document.id, verdict="perbaikan", note="Buram\x00"
        )
    session.rollback()
    assert "karakter yang tidak diizinkan" in caught.value.errors[f"review-{document.id}"]
    session.expire_all()
    assert session.get(ApplicationDocument, document.id).review_note == ""


def test_back_office_texts_with_control_characters_are_refused_beside_the_field(session):
    from spontan_app.domain.models import FaskesProposal
    from spontan_app.services.admin import catalogue, holidays, proposals, staff_users
    from tests.unit.admin_helpers import applicant, izin, staff

    admin = staff(session, "admin")
    owner = applicant(session, 9944)
    proposal = FaskesProposal(
        applicant_id=owner.id,
        nama="Klinik X",
        alamat="Jl. X",
        pemilik="P",
        penanggung_jawab="Q",
        kontak="+6281211112222",
    )
    session.add(proposal)
    session.flush()
    session.commit()
    attempts = {
        "reason": lambda: proposals.reject(session=session, staff=admin, proposal_id=proposal.id, reason="Tidak\x00"),
        "note": lambda: catalogue.add_requirement(
            session=session,
            staff=admin,
            izin_id=izin(session).id,
            form=catalogue.RequirementForm(name="Surat Uji", note="Keterangan \u202eabc"),
        ),
        "name": lambda: holidays.add_holiday(session=session, staff=admin, day="2031-03-05", name="Libur\u200b Uji"),
        "full_name": lambda: staff_users.create_staff(
            session=session,
            staff=admin,
            form=staff_users.StaffForm(
                username="petugas.uji",
                full_name="Petugas\x00",
                role="verifikator",
                password="Rahasia#2031x",
                password_confirm="Rahasia#2031x",
            ),
        ),
    }
    for field_name, attempt in attempts.items():
        with pytest.raises(FieldErrors) as caught:
            attempt()
        session.rollback()
        assert "karakter yang tidak diizinkan" in caught.value.errors[field_name], field_name
    session.expire_all()
    assert session.get(FaskesProposal, proposal.id).status == "pending"
