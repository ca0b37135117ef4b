"""What strangers see and what the app stores: masked names on public tracking, typed text
cleaned before it is stored, ids out of range answered as not found."""

from __future__ import annotations

import pytest

from spontan_app.services import applications, tracking
from spontan_app.services.applications import DraftInput
from spontan_app.services.errors import FieldErrors, NotFound
from tests.factories import make_applicant, submitted


def test_public_tracking_masks_the_name_for_strangers_and_shows_it_to_the_owner(session):
    owner, application = submitted(session, 931, name="Ani Peneliti")
    stranger = make_applicant(session, 932)
    number = application.registration_number
    assert tracking.lookup(session=session, number=number).applicant_name == "A** P*******"
    assert tracking.lookup(session=session, number=number, viewer=stranger).applicant_name == "A** P*******"
    assert tracking.lookup(session=session, number=number, viewer=owner).applicant_name == "Ani Peneliti"


def test_a_form_value_with_a_bidi_override_is_refused_at_submission(session):
    owner, application = submitted(session, 933)
    draft = applications.start_draft(session=session, applicant=owner, izin_id=application.izin_id)
    session.commit()
    field = applications.fields_of(session=session, izin_id=application.izin_id)[0]
    applications.save_draft(
        session=session,
        applicant=owner,
        application_id=draft.id,
        data=DraftInput(values={field.key: "Reklame \u202etxet"}),
    )
    errors = applications.validation_errors(session=session, application=draft)
    assert "karakter yang tidak diizinkan" in errors[field.key]


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
