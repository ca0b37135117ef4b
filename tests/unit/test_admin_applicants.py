"""Applicant accounts in the back office."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from spontan_app.domain.models import AuditLog, LoginSession, OutgoingMessage, utcnow
from spontan_app.services.admin import applicants
from spontan_app.services.errors import FieldErrors, PermissionDenied
from tests.unit.admin_helpers import applicant, application, izin, staff


def _login(session, applicant_id: int) -> LoginSession:
    row = LoginSession(
        token_hash=f"a{applicant_id}", applicant_id=applicant_id, expires_at=utcnow() + timedelta(hours=1)
    )
    session.add(row)
    session.flush()
    return row


def test_search_by_number_name_and_whatsapp(session):
    admin = staff(session, "admin")
    a = applicant(session, 9301, full_name="Rudi Hartono")
    b = applicant(session, 9302, full_name=None, applicant_type="badan_usaha", company_name="PT Maju_Jaya")
    session.commit()
    with pytest.raises(PermissionDenied):
        applicants.list_applicants(session=session, staff=staff(session, "kepala_dinas"))

    def ids(query: str) -> list[int]:
        return [v.id for v in applicants.list_applicants(session=session, staff=admin, query=query).rows]

    assert ids("hartono") == [a.id]
    assert ids("maju_jaya") == [b.id] and ids("maju%") == []
    assert ids(a.username) == [a.id]
    assert ids("0812 0000 9302") == [b.id]  # typed as people write it
    assert ids("+6281200009301") == [a.id]
    page = applicants.list_applicants(session=session, staff=admin, page_size=1)
    assert (page.total, len(page.rows), page.pages) == (2, 1, 2)
    assert page.rows[0].name == "PT Maju_Jaya" and page.rows[0].wa_number.startswith("08")


def test_detail_counts_applications(session):
    admin = staff(session, "admin")
    a = applicant(session, 9303)
    permit = izin(session)
    now = datetime(2026, 5, 4, tzinfo=UTC)
    application(session, a, permit, number="T/ADM/AP/1", status="IN_PROCESS", submitted_at=now)
    application(session, a, permit, number="T/ADM/AP/2", status="ISSUED", submitted_at=now)
    application(session, a, permit, number=None, status="DRAFT", submitted_at=None)
    session.commit()
    detail = applicants.get_applicant(session=session, staff=admin, applicant_id=a.id)
    assert (detail.applications, detail.open_applications, detail.summary.status_label) == (2, 1, "Aktif")
    assert not hasattr(detail, "password_hash") and not hasattr(detail.summary, "password_hash")


def test_disable_ends_sessions_and_reactivation_restores_status(session):
    admin = staff(session, "admin")
    a = applicant(session, 9304, status="pending_data")
    login = _login(session, a.id)
    session.commit()
    view = applicants.set_applicant_active(session=session, staff=admin, applicant_id=a.id, active=False)
    session.commit()
    session.refresh(login)
    assert view.status == "disabled" and login.revoked_at is not None
    view = applicants.set_applicant_active(session=session, staff=admin, applicant_id=a.id, active=True)
    assert view.status == "pending_data"


def test_reset_whatsapp_number(session):
    admin = staff(session, "admin")
    a, other = applicant(session, 9305), applicant(session, 9306)
    login = _login(session, a.id)
    session.commit()
    with pytest.raises(FieldErrors) as caught:
        applicants.reset_wa_number(session=session, staff=admin, applicant_id=a.id, new_number="12345")
    assert "wa_number" in caught.value.errors
    with pytest.raises(FieldErrors, match="Periksa") as caught:
        applicants.reset_wa_number(session=session, staff=admin, applicant_id=a.id, new_number=other.wa_number)
    assert "akun lain" in caught.value.errors["wa_number"]
    view = applicants.reset_wa_number(session=session, staff=admin, applicant_id=a.id, new_number="0813-5555-0001")
    session.commit()
    session.refresh(login)
    assert view.wa_number == "081355550001" and login.revoked_at is not None
    notice = session.exec(select(OutgoingMessage).where(OutgoingMessage.to_number == "+6281355550001")).one()
    assert notice.kind == "wa_reset_by_staff"
    entry = session.exec(select(AuditLog).where(AuditLog.action == "reset_applicant_wa")).one()
    assert (entry.actor_id, entry.entity_id, entry.detail["new_ending"]) == (admin.id, a.id, "0001")
