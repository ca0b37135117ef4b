"""Reports for the heads of office (Kepala Bidang, Kepala Dinas) and the Administrator:
counts, processing times against the promise, overdue files per desk, CSV export.

Counts are sums over ``application_tally`` (files per WITA submission day, izin and
status) and the overdue report over ``desk_load`` (open files per desk, izin and due
date): the database keeps both exact with triggers (migration f7a2b5c4d3e6), so a report
reads a few thousand tally rows, not a million files. Only processing times load rows
(three columns per decided file), because working days and percentiles are computed here."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import APPLICANT_DESK, ApplicationStatus, StaffRole, label_of
from spontan_app.domain.models import (
    Applicant,
    Application,
    ApplicationTally,
    DeskLoad,
    Holiday,
    JenisIzin,
    ProcessStep,
    StaffUser,
)
from spontan_app.domain.timefmt import WITA, format_date, format_datetime, to_wita, today_wita
from spontan_app.domain.workdays import working_days_between
from spontan_app.i18n import msg
from spontan_app.services import audit
from spontan_app.services.admin.access import REPORT_READERS, Page, applicant_name_sql, clamp_paging, require_staff
from spontan_app.services.errors import FieldErrors

S = ApplicationStatus
DECIDED = (S.ISSUED.value, S.REJECTED.value, S.APPROVED.value)
OPEN = tuple(s.value for s in S if s.is_open)
_DENIED = msg("backoffice.err_reports_denied")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ReportFilter:
    izin_id: int | None = None
    status: str | None = None  # an ApplicationStatus value
    date_from: date | None = None  # submission date (WITA), inclusive
    date_to: date | None = None  # inclusive


@dataclass(frozen=True)
class CountRow:
    key: str  # izin id, status value or YYYY-MM
    label: str
    count: int


@dataclass(frozen=True)
class ProcessingStats:
    izin_id: int
    izin_code: str
    izin_name: str
    promised_days: int
    decided: int
    median_days: float
    p95_days: float
    on_time: int
    on_time_share: float  # 0..1


@dataclass(frozen=True)
class OverdueRow:
    desk: str
    desk_label: str
    count: int
    oldest_due: str  # DD-MM-YYYY


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    number: str
    izin: str
    applicant: str
    status: str
    status_label: str
    submitted: str  # DD-MM-YYYY HH:MM:SS WITA
    due_date: str  # DD-MM-YYYY
    desk: str


APPLICATION_COLUMNS: list[tuple[str, str]] = [
    ("number", "Nomor Registrasi"),
    ("izin", "Jenis Izin"),
    ("applicant", "Nama Pemohon"),
    ("status_label", "Status"),
    ("submitted", "Tanggal Pengajuan"),
    ("due_date", "Tanggal Perkiraan Jadi"),
    ("desk", "Posisi Berkas"),
]


# --------------------------------------------------------------------------- filters


def wita_day_start(day: date) -> datetime:
    """The UTC moment a WITA calendar day begins (filters on dates compare timestamps)."""
    return datetime.combine(day, time.min, WITA).astimezone(UTC)


def _check(filters: ReportFilter) -> None:
    errors: dict[str, str] = {}
    if filters.status and filters.status not in {s.value for s in S}:
        errors["status"] = msg("backoffice.err_status_unknown")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors["date_to"] = msg("backoffice.err_date_order")
    if errors:
        raise FieldErrors(errors)


def _where(filters: ReportFilter) -> list[Any]:
    """Submitted files (never drafts) matching the filter."""
    _check(filters)
    where: list[Any] = [Application.status != S.DRAFT.value, Application.submitted_at.is_not(None)]
    if filters.izin_id:
        where.append(Application.izin_id == int(filters.izin_id))
    if filters.status:
        where.append(Application.status == filters.status)
    if filters.date_from:
        where.append(Application.submitted_at >= wita_day_start(filters.date_from))
    if filters.date_to:
        where.append(Application.submitted_at < wita_day_start(filters.date_to + timedelta(days=1)))
    return where


def _tally_where(filters: ReportFilter) -> list[Any]:
    """The tally rows of submitted files matching the filter (the same files as _where)."""
    _check(filters)
    T = ApplicationTally
    where: list[Any] = [T.n > 0]
    if filters.izin_id:
        where.append(T.izin_id == int(filters.izin_id))
    if filters.status:
        where.append(T.status == filters.status)
    if filters.date_from:
        where.append(T.day >= filters.date_from)
    if filters.date_to:
        where.append(T.day <= filters.date_to)
    return where


def _tally_total(session: Session, filters: ReportFilter) -> int:
    found = session.exec(select(sa.func.sum(ApplicationTally.n)).where(*_tally_where(filters))).one()
    return int(found or 0)


def counts_by_izin(*, session: Session, staff: StaffUser, filters: ReportFilter = ReportFilter()) -> list[CountRow]:
    require_staff(session, staff, REPORT_READERS, _DENIED)
    # Sum the tally first, then name the few izin (a join first walks the tally per izin).
    sums = (
        select(ApplicationTally.izin_id, sa.func.sum(ApplicationTally.n).label("files"))
        .where(*_tally_where(filters))
        .group_by(ApplicationTally.izin_id)
        .subquery()
    )
    rows = session.exec(
        select(JenisIzin.id, JenisIzin.name, sums.c.files)
        .join(sums, sums.c.izin_id == JenisIzin.id)
        .order_by(sums.c.files.desc(), JenisIzin.name)
    ).all()
    return [CountRow(str(i), name, int(c)) for i, name, c in rows]


def counts_by_status(*, session: Session, staff: StaffUser, filters: ReportFilter = ReportFilter()) -> list[CountRow]:
    require_staff(session, staff, REPORT_READERS, _DENIED)
    rows = session.exec(
        select(ApplicationTally.status, sa.func.sum(ApplicationTally.n))
        .where(*_tally_where(filters))
        .group_by(ApplicationTally.status)
    ).all()
    order = {s.value: i for i, s in enumerate(S)}
    return [CountRow(s, label_of(S, s), int(c)) for s, c in sorted(rows, key=lambda r: order.get(r[0], 99))]


def _month_of_day(session: Session, column: Any) -> Any:
    """YYYY-MM of a date column."""
    if session.get_bind().dialect.name == "sqlite":
        return sa.func.substr(column, 1, 7)  # dates are stored as YYYY-MM-DD text
    return sa.func.to_char(column, "YYYY-MM")


def counts_by_month(*, session: Session, staff: StaffUser, filters: ReportFilter = ReportFilter()) -> list[CountRow]:
    """Submissions per month (WITA), oldest first."""
    require_staff(session, staff, REPORT_READERS, _DENIED)
    month = _month_of_day(session, ApplicationTally.day).label("month_key")
    rows = session.exec(
        select(month, sa.func.sum(ApplicationTally.n)).where(*_tally_where(filters)).group_by(month).order_by(month)
    ).all()
    return [CountRow(m, m, int(c)) for m, c in rows]


# --------------------------------------------------------------------------- processing time


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (q in 0..1); 0 for no values."""
    if not sorted_values:
        return 0.0
    pos = (len(sorted_values) - 1) * q
    low = int(pos)
    high = min(low + 1, len(sorted_values) - 1)
    return float(sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (pos - low))


def processing_times(
    *, session: Session, staff: StaffUser, filters: ReportFilter = ReportFilter()
) -> list[ProcessingStats]:
    """Working days from submission to decision per izin, against its promised days.

    Days the file spent with the applicant for correction are counted too. Each file's
    days are those recorded when it was decided (a holiday declared later does not
    change a past file's figure)."""
    require_staff(session, staff, REPORT_READERS, _DENIED)
    where = [*_where(filters), Application.status.in_(DECIDED), Application.decided_at.is_not(None)]
    days: dict[int, list[int]] = defaultdict(list)
    # Files record their working days when decided: one pass over an index that holds them.
    n = sa.func.count()
    recorded = session.exec(
        select(Application.izin_id, Application.working_days, n)
        .where(*_where(filters), Application.status.in_(DECIDED), Application.working_days.is_not(None))
        .group_by(Application.izin_id, Application.working_days)
    )
    for izin_id, worked, count in recorded:
        days[izin_id].extend([int(worked)] * int(count))
    # Files decided without the record (made outside the ORM): counted here, as before.
    rows = session.exec(
        select(Application.izin_id, Application.submitted_at, Application.decided_at).where(
            *where, Application.working_days.is_(None)
        )
    )
    spans = [(i, to_wita(s).date(), to_wita(d).date()) for i, s, d in rows]
    if spans:
        first, last = min(s for _, s, _ in spans), max(d for _, _, d in spans)
        holidays = set(session.exec(select(Holiday.day).where(Holiday.day >= first, Holiday.day <= last)))
        for izin_id, start, end in spans:
            days[izin_id].append(working_days_between(start, end, holidays))
    if not days:
        return []
    izin = {i.id: i for i in session.exec(select(JenisIzin).where(JenisIzin.id.in_(list(days))))}
    stats = []
    for izin_id, values in days.items():
        values.sort()
        promised = izin[izin_id].processing_days
        on_time = sum(1 for v in values if v <= promised)
        stats.append(
            ProcessingStats(
                izin_id,
                izin[izin_id].code,
                izin[izin_id].name,
                promised,
                len(values),
                percentile(values, 0.5),
                percentile(values, 0.95),
                on_time,
                on_time / len(values),
            )
        )
    return sorted(stats, key=lambda s: s.izin_name)


# --------------------------------------------------------------------------- desks


def _desk_expr() -> Any:
    """The desk a file sits at: the applicant while returned, else its current process step."""
    return sa.case((Application.status == S.RETURNED.value, APPLICANT_DESK), else_=ProcessStep.desk)


def _join_step(stmt: Any) -> Any:
    return stmt.join(
        ProcessStep,
        sa.and_(
            ProcessStep.izin_id == Application.izin_id,
            ProcessStep.position == sa.func.coalesce(Application.current_position, 1),
        ),
        isouter=True,
    )


def desk_label(desk: str | None) -> str:
    if desk == APPLICANT_DESK:
        return "Pemohon (perbaikan berkas)"
    return label_of(StaffRole, desk) if desk else "-"


def overdue_by_desk(
    *, session: Session, staff: StaffUser, today: date | None = None, izin_id: int | None = None
) -> list[OverdueRow]:
    """Open files past their due date, grouped by the desk holding them (its open step:
    the applicant's while returned for correction); most first."""
    require_staff(session, staff, REPORT_READERS, _DENIED)
    today = today or today_wita()
    n = sa.func.sum(DeskLoad.n)
    stmt = select(DeskLoad.desk, n, sa.func.min(DeskLoad.due_date)).where(DeskLoad.due_date < today, DeskLoad.n > 0)
    if izin_id:
        stmt = stmt.where(DeskLoad.izin_id == int(izin_id))
    rows = session.exec(stmt.group_by(DeskLoad.desk).order_by(n.desc(), DeskLoad.desk)).all()
    return [OverdueRow(d or "", desk_label(d), int(c), format_date(oldest)) for d, c, oldest in rows]


# --------------------------------------------------------------------------- application lists


def _application_rows(session: Session, filters: ReportFilter, offset: int, limit: int | None) -> list[ApplicationRow]:
    desk = _desk_expr()
    stmt = _join_step(
        select(
            Application.id,
            Application.registration_number,
            JenisIzin.name,
            applicant_name_sql(),
            Application.status,
            Application.submitted_at,
            Application.due_date,
            sa.case((Application.status.in_(OPEN), desk), else_=None),
        )
        .select_from(Application)
        .join(JenisIzin, JenisIzin.id == Application.izin_id)
        .join(Applicant, Applicant.id == Application.applicant_id)
    )
    stmt = stmt.where(*_where(filters)).order_by(Application.submitted_at.desc(), Application.id.desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        ApplicationRow(
            i,
            num or "",
            izin,
            name,
            st,
            label_of(S, st),
            format_datetime(sub),
            format_date(due),
            desk_label(d) if d else "-",
        )
        for i, num, izin, name, st, sub, due, d in session.exec(stmt)
    ]


def list_applications(
    *, session: Session, staff: StaffUser, filters: ReportFilter = ReportFilter(), page: int = 1, page_size: int = 20
) -> Page[ApplicationRow]:
    """Submitted files matching the filter, newest first."""
    require_staff(session, staff, REPORT_READERS, _DENIED)
    page, size, offset = clamp_paging(page, page_size)
    return Page(_application_rows(session, filters, offset, size), _tally_total(session, filters), page, size)


def export_applications_csv(*, session: Session, staff: StaffUser, filters: ReportFilter = ReportFilter()) -> bytes:
    """Every file matching the filter, as a CSV for Excel."""
    require_staff(session, staff, REPORT_READERS, _DENIED)
    rows = list(_application_rows(session, filters, 0, None))
    # A bulk read of personal data: who exported how many files, with which filter.
    audit.log(session, staff, "export_csv", None, rows=len(rows), filters=_filter_detail(filters))
    return csv_of(rows, APPLICATION_COLUMNS)


def _filter_detail(filters: ReportFilter) -> dict[str, str]:
    """The export's filter for the audit trail (dates as ISO text; empty ones left out)."""
    return {k: str(v) for k, v in vars(filters).items() if v not in (None, "", ())}


# --------------------------------------------------------------------------- CSV


def _cell(value: Any) -> Any:
    """Text that Excel would run as a formula gets a leading quote (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, str) and len(value) > 1 and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _get(row: Any, key: str) -> Any:
    return row.get(key) if isinstance(row, dict) else getattr(row, key, None)


def csv_of(rows: Iterable[Any], columns: Sequence[tuple[str, str]], delimiter: str = ";") -> bytes:
    """UTF-8 with a BOM (Excel then reads it as UTF-8); ``columns`` is (attribute, heading).

    ``;`` is the list separator of Excel in Indonesian settings; any cell holding it, a
    quote or a line break is quoted by the csv module."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([heading for _, heading in columns])
    for row in rows:
        writer.writerow([_cell(_get(row, key)) for key, _ in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
