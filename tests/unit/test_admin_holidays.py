"""Holidays move the due dates of open files."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from spontan_app.domain.models import AuditLog
from spontan_app.services import workflow
from spontan_app.services.admin import holidays
from spontan_app.services.errors import FieldErrors, PermissionDenied
from tests.unit.admin_helpers import applicant, application, izin, staff


def test_adding_and_removing_a_holiday_moves_due_dates(session):
    admin = staff(session, "admin")
    permit = izin(session)
    owner = applicant(session, 9201)
    submitted = datetime(2031, 3, 3, 2, 0, tzinfo=UTC)  # Monday 10:00 WITA
    open_file = application(session, owner, permit, number="T/ADM/HOL/1", status="IN_PROCESS", submitted_at=submitted)
    workflow.recompute_due_dates(session=session)
    session.commit()
    before = open_file.due_date
    with pytest.raises(PermissionDenied):
        holidays.add_holiday(session=session, staff=staff(session, "kepala_dinas"), day="2031-03-04", name="X")
    with pytest.raises(FieldErrors) as caught:
        holidays.add_holiday(session=session, staff=admin, day="31-02-2031", name="")
    assert set(caught.value.errors) == {"day", "name"}
    added = holidays.add_holiday(session=session, staff=admin, day="04-03-2031", name="Libur Uji")
    session.commit()
    try:
        assert added.files_changed == 1 and added.holiday.weekday == "Selasa"
        session.refresh(open_file)
        assert (open_file.due_date - before).days in (1, 3)  # one working day later
        with pytest.raises(FieldErrors, match="Periksa"):
            holidays.add_holiday(session=session, staff=admin, day=date(2031, 3, 4), name="Lagi")
        assert [h.name for h in holidays.list_holidays(session=session, staff=admin, year=2031)] == ["Libur Uji"]
    finally:
        removed = holidays.remove_holiday(session=session, staff=admin, holiday_id=added.holiday.id)
        session.commit()
    assert removed.files_changed == 1
    session.refresh(open_file)
    assert open_file.due_date == before
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "holiday")).all()
    assert actions == ["add_holiday", "remove_holiday"]
