"""Issue 11 item 16: Bukti Pendaftaran, the receipt PDF after Ajukan Permohonan."""

from __future__ import annotations

import io

import pypdf
import pytest

from spontan_app.services import applications, receipts
from spontan_app.services.errors import NotFound
from tests import factories


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_16_receipt_names_number_izin_dates_and_documents(session):
    applicant, application = factories.submitted(session, 701, name="Rina Bukti")
    filename, data = receipts.receipt_for_owner(session=session, applicant=applicant, application_id=application.id)
    text = _text(data)
    assert data.startswith(b"%PDF")
    assert filename == f"bukti-pendaftaran-{application.registration_number.replace('/', '-')}.pdf"
    assert "BUKTI PENDAFTARAN" in text
    assert application.registration_number in text
    assert "Rina Bukti" in text
    assert application.due_date.strftime("%d-%m-%Y") in text
    assert "Tanggal Perkiraan Jadi" in text and "Diajukan" in text
    for doc in applications.documents_of(session=session, application=application):
        if doc.document_id:
            assert doc.name.split()[0] in text


def test_16_receipt_only_for_the_owner_of_a_submitted_file(session):
    owner, application = factories.submitted(session, 702)
    stranger = factories.make_applicant(session, 703)
    with pytest.raises(NotFound):
        receipts.receipt_for_owner(session=session, applicant=stranger, application_id=application.id)
    draft = factories.complete_draft(session, owner)
    with pytest.raises(NotFound):
        receipts.receipt_for_owner(session=session, applicant=owner, application_id=draft.id)
    with pytest.raises(NotFound):
        receipts.receipt_for_owner(session=session, applicant=owner, application_id="1; drop")
