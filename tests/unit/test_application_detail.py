"""``applications.detail``: everything the applicant's page of one file shows, in one call."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.models import Application, ApplicationDocument, FormField, JenisIzin, Requirement
from spontan_app.services import applications, snapshot, workflow
from spontan_app.services.errors import NotFound
from tests.factories import complete_draft, izin, make_applicant, staff, submitted


def test_a_draft_shows_its_fields_values_documents_and_location(session):
    applicant = make_applicant(session, 801)
    draft = complete_draft(session, applicant, "IPRI-B")
    view = applications.detail(session=session, applicant=applicant, application_id=draft.id)
    live = izin(session, "IPRI-B")
    assert (view.id, view.status, view.registration_number) == (draft.id, ApplicationStatus.DRAFT.value, "")
    assert (view.izin_name, view.izin_code) == (live.name, live.code)
    assert view.needs_location and not view.needs_faskes and view.faskes is None
    assert [f.key for f in view.fields] == [f.key for f in snapshot.live_fields(session, live.id)]
    values = applications.values_of(session=session, application_id=draft.id)
    assert {f.key: f.value for f in view.fields} == {f.key: values.get(f.key, "") for f in view.fields}
    requirements = snapshot.live_requirements(session, live.id)
    assert [d.requirement_id for d in view.documents] == [r.id for r in requirements]
    assert all(d.document_id and d.file_name.endswith(".pdf") and d.version == 1 for d in view.documents)
    assert (view.lokasi, view.latitude, view.longitude) == ("Simpang Dam, Balikpapan", -1.2401, 116.8702)
    assert view.keterangan == "Data uji" and view.return_note == ""


def test_a_new_draft_lists_every_requirement_without_an_upload(session):
    applicant = make_applicant(session, 802)
    draft = applications.start_draft(session=session, applicant=applicant, izin_id=izin(session, "IPRI-B").id)
    session.commit()
    view = applications.detail(session=session, applicant=applicant, application_id=draft.id)
    assert view.documents and all(d.document_id == 0 and d.file_name == "" for d in view.documents)
    assert view.lokasi == "" and view.latitude is None


def test_the_chosen_faskes_is_part_of_the_detail(session):
    applicant = make_applicant(session, 803)
    draft = complete_draft(session, applicant, "SIPD-B")
    view = applications.detail(session=session, applicant=applicant, application_id=draft.id)
    assert view.needs_faskes
    chosen = session.get(Application, draft.id).faskes_id
    assert view.faskes is not None and view.faskes.id == chosen and view.faskes.nama


@pytest.mark.parametrize("other_id", ["another's", 0, -1, 2**40, "abc", None])
def test_another_applicants_file_or_a_bad_id_is_not_found(session, other_id):
    _owner, application = submitted(session, 804)
    stranger = make_applicant(session, 805)
    application_id = application.id if other_id == "another's" else other_id
    with pytest.raises(NotFound) as raised:
        applications.detail(session=session, applicant=stranger, application_id=application_id)
    assert raised.value.message == "Permohonan tidak ditemukan."


def test_a_submitted_file_is_shown_as_submitted_even_after_the_catalogue_changes(session):
    applicant, application = submitted(session, 806)
    before = applications.detail(session=session, applicant=applicant, application_id=application.id)
    live = izin(session, "IPRI-B")
    live.name = "Nama Baru Izin"
    first_field = session.exec(
        select(FormField).where(FormField.izin_id == live.id, FormField.active.is_(True))
    ).first()
    first_field.label = "Label Baru"
    extra = Requirement(izin_id=live.id, name="Persyaratan Baru", note="", required=True, sort=99)
    session.add_all([live, first_field, extra])
    session.commit()
    try:
        view = applications.detail(session=session, applicant=applicant, application_id=application.id)
        assert (
            view.status == ApplicationStatus.SUBMITTED.value
            and view.registration_number == application.registration_number
        )
        assert view.izin_name == before.izin_name != "Nama Baru Izin"
        assert [f.label for f in view.fields] == [f.label for f in before.fields]
        assert "Label Baru" not in [f.label for f in view.fields]
        assert "Persyaratan Baru" not in [d.name for d in view.documents]
        assert view.submitted_at is not None and view.due_date is not None
        assert view.editable and view.edit_reason == ""  # still at the first desk
    finally:
        session.rollback()
        session.delete(session.get(Requirement, extra.id))
        restored = session.get(JenisIzin, live.id)
        restored.name = before.izin_name
        field_row = session.get(FormField, first_field.id)
        field_row.label = before.fields[0].label
        session.add_all([restored, field_row])
        session.commit()


def test_a_returned_file_carries_the_officers_note_and_the_flagged_document(session):
    applicant, application = submitted(session, 807)
    flagged = session.exec(
        select(ApplicationDocument.requirement_id).where(ApplicationDocument.application_id == application.id)
    ).first()
    workflow.staff_return(
        session=session,
        staff=staff(session, "front_office"),
        application_id=application.id,
        note="KTP buram.",
        flag_requirement_ids=[flagged],
    )
    session.commit()
    view = applications.detail(session=session, applicant=applicant, application_id=application.id)
    assert view.status == ApplicationStatus.RETURNED.value and view.editable
    assert view.return_note == "KTP buram."
    assert [d.requirement_id for d in view.documents if d.flagged] == [flagged]
