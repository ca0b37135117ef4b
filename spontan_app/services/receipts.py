"""Bukti Pendaftaran: the receipt an applicant downloads after Ajukan Permohonan."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from spontan_app.domain.enums import ApplicationStatus, label_of
from spontan_app.domain.models import Applicant, JenisIzin
from spontan_app.i18n import msg
from spontan_app.integrations.pdf import ReceiptData, render_receipt
from spontan_app.services import applications, permits, snapshot
from spontan_app.services.errors import NotFound
from spontan_app.services.ownership import owned_application
from spontan_app.settings import get_settings


def receipt_for_owner(*, session: Session, applicant: Applicant, application_id: Any) -> tuple[str, bytes]:
    """(file name, PDF) of the caller's own submitted application; a draft, another
    applicant's file or a bad id is "not found"."""
    application = owned_application(session, applicant, application_id)
    if application.status == ApplicationStatus.DRAFT.value or not application.registration_number:
        raise NotFound(msg("beranda.err_receipt_not_ready"))
    owner = session.get(Applicant, application.applicant_id)
    holder, identity_label = permits.holder_of(owner)
    terms = snapshot.izin_terms(session, application)
    izin_name = terms.get("name") or getattr(session.get(JenisIzin, application.izin_id), "name", "")
    documents = [
        (d.name, d.file_name)
        for d in applications.documents_of(session=session, application=application)
        if d.document_id
    ]
    number = application.registration_number
    data = ReceiptData(
        registration_number=number,
        izin_name=izin_name,
        applicant_name=holder,
        identity_label=identity_label,
        identity_number=owner.username,
        submitted_at=application.submitted_at or application.updated_at,
        due_date=application.due_date,
        status_text=label_of(ApplicationStatus, application.status),
        documents=documents,
        tracking_url=f"{get_settings().public_url}/lacak",
    )
    return f"bukti-pendaftaran-{number.replace('/', '-')}.pdf", render_receipt(data)
