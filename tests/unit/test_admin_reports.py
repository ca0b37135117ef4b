"""Reports: counts, processing times, overdue desks, CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

from spontan_app.domain.models import Application, AuditLog, ProcessStep
from spontan_app.services.admin import reports
from spontan_app.services.admin.reports import ReportFilter
from spontan_app.services.errors import FieldErrors, PermissionDenied
from tests.unit.admin_helpers import applicant, application, izin, staff


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def files(session):
    permit = izin(session)
    owner = applicant(session, 9401, full_name='=Budi; "Ali"')

    def add(n, status, submitted, **kw):
        return application(session, owner, permit, number=f"T/ADM/R/{n}", status=status, submitted_at=submitted, **kw)

    # Tue 18-05-2027 -> Fri 21-05-2027 with Thu 20-05 (Waisak) a holiday: 2 working days.
    add(1, "ISSUED", utc(2027, 5, 18, 2), decided_at=utc(2027, 5, 21, 3))
    # Mon 07-06-2027 -> Fri 02-07-2027: 19 working days, late for any promise below that.
    add(2, "REJECTED", utc(2027, 6, 7, 2), decided_at=utc(2027, 7, 2, 3))
    add(3, "IN_PROCESS", utc(2027, 7, 1, 2), due_date=date(2027, 7, 5), position=2)
    add(4, "RETURNED", utc(2027, 7, 1, 3), due_date=date(2027, 7, 2), position=3)
    # 30-06 17:00 UTC is 01-07 01:00 WITA: July in the office's calendar.
    add(5, "SUBMITTED", utc(2027, 6, 30, 17), due_date=date(2027, 9, 1))
    application(session, owner, permit, number=None, status="DRAFT", submitted_at=None)
    session.commit()
    return permit


def test_only_heads_and_admin_read_reports(session):
    for role in ("front_office", "verifikator", "tim_teknis"):
        with pytest.raises(PermissionDenied):
            reports.counts_by_status(session=session, staff=staff(session, role))
    for role in ("kepala_bidang", "kepala_dinas", "admin"):
        assert reports.counts_by_status(session=session, staff=staff(session, role)) == []


def test_counts_per_izin_status_and_wita_month(session, files):
    kabid = staff(session, "kepala_bidang")
    assert [(r.key, r.count) for r in reports.counts_by_izin(session=session, staff=kabid)] == [(str(files.id), 5)]
    by_status = reports.counts_by_status(session=session, staff=kabid)
    assert [(r.label, r.count) for r in by_status] == [
        ("Diajukan", 1),
        ("Diproses", 1),
        ("Perlu Perbaikan", 1),
        ("Ditolak", 1),
        ("Izin Terbit", 1),
    ]
    assert [(r.key, r.count) for r in reports.counts_by_month(session=session, staff=kabid)] == [
        ("2027-05", 1),
        ("2027-06", 1),
        ("2027-07", 3),
    ]
    july = ReportFilter(date_from=date(2027, 7, 1), date_to=date(2027, 7, 31))
    assert sum(r.count for r in reports.counts_by_izin(session=session, staff=kabid, filters=july)) == 3
    assert reports.counts_by_month(session=session, staff=kabid, filters=ReportFilter(status="ISSUED"))[0].key == (
        "2027-05"
    )
    with pytest.raises(FieldErrors):
        reports.counts_by_izin(
            session=session, staff=kabid, filters=ReportFilter(date_from=date(2027, 2, 1), date_to=date(2027, 1, 1))
        )


def test_processing_times_against_the_promise(session, files):
    [stats] = reports.processing_times(session=session, staff=staff(session, "kepala_dinas"))
    assert (stats.decided, stats.median_days, stats.promised_days) == (2, 10.5, files.processing_days)
    assert stats.p95_days == pytest.approx(2 + 17 * 0.95)
    assert stats.on_time == sum(1 for d in (2, 19) if d <= files.processing_days)
    assert reports.percentile([1, 2, 3, 4], 0.5) == 2.5 and reports.percentile([], 0.9) == 0.0
    # Each file recorded its working days when decided (2 and 19: Waisak is not one) ...
    recorded = session.exec(select(Application.working_days).where(Application.decided_at.is_not(None))).all()
    assert sorted(recorded) == [2, 19]
    # ... and a file decided outside the ORM (no record) is counted the same way.
    session.execute(sa.text("UPDATE application SET working_days = NULL"))
    session.commit()
    assert reports.processing_times(session=session, staff=staff(session, "kepala_dinas")) == [stats]


def test_overdue_files_per_desk(session, files):
    steps = {p.position: p.desk for p in session.exec(select(ProcessStep).where(ProcessStep.izin_id == files.id))}
    rows = reports.overdue_by_desk(session=session, staff=staff(session, "admin"), today=date(2027, 8, 1))
    assert sorted((r.desk, r.count, r.oldest_due) for r in rows) == sorted(
        [(steps[2], 1, "05-07-2027"), ("pemohon", 1, "02-07-2027")]
    )
    assert reports.overdue_by_desk(session=session, staff=staff(session, "admin"), today=date(2027, 7, 2)) == []


def test_application_list_and_csv_export(session, files):
    kadis = staff(session, "kepala_dinas")
    page = reports.list_applications(session=session, staff=kadis, page_size=2)
    assert (page.total, page.pages, len(page.rows)) == (5, 3, 2)
    first = page.rows[0]
    assert (first.number, first.status_label, first.submitted) == (
        "T/ADM/R/4",
        "Perlu Perbaikan",
        "01-07-2027 11:00:00",
    )
    assert first.desk.startswith("Pemohon")
    data = reports.export_applications_csv(session=session, staff=kadis, filters=ReportFilter(status="ISSUED"))
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert table[0][0] == "Nomor Registrasi" and len(table) == 2
    assert table[1][:4] == ["T/ADM/R/1", files.name, '\'=Budi; "Ali"', "Izin Terbit"]
    assert table[1][6] == "-"
    assert b'"\'=Budi; ""Ali"""' in data  # the ; and quotes are quoted, the formula defused
    # The export is in the audit trail: who took how many files, with which filter.
    entry = session.exec(select(AuditLog).where(AuditLog.action == "export_csv")).one()
    assert (entry.actor_id, entry.detail) == (kadis.id, {"rows": 1, "filters": {"status": "ISSUED"}})
