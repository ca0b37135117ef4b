"""The database itself enforces the rules that matter (not only Python)."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

from spontan_app.domain.models import Applicant, Application, JenisIzin, StaffUser


def _applicant(username: str, wa: str) -> Applicant:
    return Applicant(applicant_type="perorangan", username=username, email="a@contoh.id", wa_number=wa)


def test_usernames_and_wa_numbers_are_unique(session):
    session.add(_applicant("6471011234560001", "+6281200000001"))
    session.commit()
    session.add(_applicant("6471011234560001", "+6281200000002"))
    with pytest.raises(sa.exc.IntegrityError):
        session.commit()
    session.rollback()
    session.add(_applicant("6471011234560002", "+6281200000001"))
    with pytest.raises(sa.exc.IntegrityError):
        session.commit()
    session.rollback()
    session.add(StaffUser(username="admin", full_name="Dua", role="admin", password_hash="x"))
    with pytest.raises(sa.exc.IntegrityError):
        session.commit()


def test_registration_numbers_are_unique_and_required_once_submitted(session):
    applicant = _applicant("6471011234560003", "+6281200000003")
    session.add(applicant)
    session.commit()
    izin = session.exec(select(JenisIzin)).first()
    when = datetime(2026, 9, 4, tzinfo=UTC)
    session.add(
        Application(
            applicant_id=applicant.id,
            izin_id=izin.id,
            status="SUBMITTED",
            registration_number="1/SIPD-B/09/2026",
            submitted_at=when,
        )
    )
    session.commit()
    session.add(
        Application(
            applicant_id=applicant.id,
            izin_id=izin.id,
            status="SUBMITTED",
            registration_number="1/SIPD-B/09/2026",
            submitted_at=when,
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        session.commit()
    session.rollback()
    session.add(Application(applicant_id=applicant.id, izin_id=izin.id, status="SUBMITTED"))
    with pytest.raises(sa.exc.IntegrityError):  # a submitted file always has a number
        session.commit()


def test_foreign_keys_are_enforced(session):
    session.add(Application(applicant_id=999_999, izin_id=999_999))
    with pytest.raises(sa.exc.IntegrityError):
        session.commit()


def test_status_values_are_checked(session):
    applicant = _applicant("6471011234560004", "+6281200000004")
    session.add(applicant)
    session.commit()
    izin = session.exec(select(JenisIzin)).first()
    session.add(Application(applicant_id=applicant.id, izin_id=izin.id, status="SELESAI??"))
    with pytest.raises(sa.exc.IntegrityError):
        session.commit()


def test_timestamps_come_back_timezone_aware(session):
    applicant = _applicant("6471011234560005", "+6281200000005")
    session.add(applicant)
    session.commit()
    session.expire_all()
    loaded = session.get(Applicant, applicant.id)
    assert loaded.created_at.tzinfo is not None
