"""The staff desks: who is at which desk, the inbox of each desk, the processing view of
one file and the per-document review. Decisions themselves live in ``workflow``.

Every function takes the acting ``staff`` user and re-loads it: an inactive account or
another desk's officer gets ``PermissionDenied`` whatever the page showed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.admin.labels import role_label, status_label, step_label
from spontan_app.domain.enums import ApplicationStatus, StaffRole
from spontan_app.domain.models import (
    Applicant,
    Application,
    ApplicationDocument,
    ApplicationStep,
    ApplicationValue,
    DeskLoad,
    Faskes,
    FormField,
    JenisIzin,
    Permit,
    Requirement,
    StaffUser,
    utcnow,
)
from spontan_app.domain.timefmt import to_wita, today_wita
from spontan_app.domain.validation import ValidationError, clean_text
from spontan_app.domain.workdays import working_days_between
from spontan_app.i18n import DEFAULT_LANG, format_date, format_datetime, msg
from spontan_app.integrations import storage
from spontan_app.services import audit, calendar, ownership, snapshot
from spontan_app.services.errors import Conflict, FieldErrors, NotFound, PermissionDenied

DECIDING_ROLES = tuple(r.value for r in StaffRole if r is not StaffRole.ADMIN)
OPEN_STATUSES = (ApplicationStatus.SUBMITTED.value, ApplicationStatus.IN_PROCESS.value)
REVIEW_OK, REVIEW_FIX = "sesuai", "perbaikan"


def active_staff(session: Session, staff: StaffUser | int) -> StaffUser:
    """The acting staff user, re-read from the database (never trust the caller's copy)."""
    staff_id = staff.id if isinstance(staff, StaffUser) else staff
    fresh = session.get(StaffUser, staff_id) if staff_id else None
    if fresh is None or not fresh.active:
        raise PermissionDenied(msg("admin.desk.staff_inactive"))
    return fresh


def require_role(session: Session, staff: StaffUser, *roles: str) -> StaffUser:
    fresh = active_staff(session, staff)
    if fresh.role not in roles:
        raise PermissionDenied(msg("admin.desk.not_authorised"))
    return fresh


def parse_id(value: object, what: str = "application") -> int:
    """Ids arrive from the browser: anything that is not a sane positive int is 'not found'
    (``what``: "application" or "document")."""
    number = ownership.parse_id(value)
    if number is None:
        raise NotFound(msg(f"admin.desk.{what}_not_found"))
    return number


# --------------------------------------------------------------------------- inbox


@dataclass(frozen=True)
class InboxFilter:
    query: str = ""
    izin_id: int | None = None
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    desk: str = ""  # admin and kepala dinas may look at any desk; others see their own


@dataclass(frozen=True)
class InboxRow:
    id: int
    number: str
    applicant: str
    izin: str
    stage: str
    status: str
    submitted: str
    due: str
    days_used: int
    days_allowed: int
    overdue: bool


@dataclass(frozen=True)
class DeskCount:
    desk: str
    label: str
    waiting: int
    overdue: int


def _desk_for(staff: StaffUser, wanted: str) -> str:
    if staff.role in (StaffRole.ADMIN.value, StaffRole.KEPALA_DINAS.value) and wanted:
        if wanted not in DECIDING_ROLES:
            raise NotFound(msg("admin.desk.desk_not_found"))
        return wanted
    if staff.role == StaffRole.ADMIN.value:
        return StaffRole.FRONT_OFFICE.value
    return staff.role


def desk_counts(*, session: Session, staff: StaffUser, today: date | None = None) -> list[DeskCount]:
    """Files waiting at each desk (the officer's own first), with how many are overdue."""
    staff = active_staff(session, staff)
    today = today or today_wita()
    # desk_load: open steps per desk, izin and due date, kept by the database's triggers.
    rows = session.exec(
        select(
            DeskLoad.desk,
            sa.func.sum(DeskLoad.n),
            sa.func.sum(sa.case((DeskLoad.due_date < today, DeskLoad.n), else_=0)),
        )
        .where(DeskLoad.n > 0)
        .group_by(DeskLoad.desk)
    ).all()
    found = {desk: (int(n), int(late or 0)) for desk, n, late in rows}
    desks = sorted(DECIDING_ROLES, key=lambda d: (d != staff.role, list(DECIDING_ROLES).index(d)))
    return [DeskCount(d, role_label(d), *found.get(d, (0, 0))) for d in desks]


# What an inbox row shows (whole ORM rows of four tables cost more than the SQL).
_INBOX_COLUMNS = (
    Application.id,
    Application.registration_number,
    Application.status,
    Application.submitted_at,
    Application.due_date,
    ApplicationStep.stage,
    JenisIzin.name,
    JenisIzin.processing_days,
    sa.func.coalesce(
        sa.func.nullif(Applicant.full_name, ""),
        sa.func.nullif(Applicant.company_name, ""),
        Applicant.username,
    ),
)


def _shown(stmt, desk):
    """``stmt`` joined to the file's open step at ``desk`` (a value or a bind parameter),
    its izin and its applicant."""
    return (
        stmt.join(ApplicationStep, ApplicationStep.application_id == Application.id)
        .join(JenisIzin, JenisIzin.id == Application.izin_id)
        .join(Applicant, Applicant.id == Application.applicant_id)
        .where(ApplicationStep.desk == desk, ApplicationStep.ended_at.is_(None))
    )


def _desk_total(desk):
    """Open files at ``desk`` (a value or a bind parameter): its rows' sum in desk_load."""
    return select(sa.func.coalesce(sa.func.sum(DeskLoad.n), 0)).where(DeskLoad.desk == desk)


@lru_cache(maxsize=1)
def _desk_page_statement():
    """An unfiltered desk's page as one statement, built once (its subquery costs more Python
    to build than the database takes to run): one walk of the open-step index (desk,
    filed_at, application_id) that stops at the page, the rows, and the desk's row sum in
    desk_load. Parameters: desk, skip, take."""
    desk = sa.bindparam("desk", type_=sa.String)
    total_of_all = _desk_total(desk)
    on_page = (
        select(ApplicationStep.application_id)
        .where(ApplicationStep.desk == desk, ApplicationStep.ended_at.is_(None))
        .order_by(ApplicationStep.filed_at, ApplicationStep.application_id)
        .offset(sa.bindparam("skip", type_=sa.Integer))
        .limit(sa.bindparam("take", type_=sa.Integer))
        .subquery()
    )
    stmt = _shown(select(*_INBOX_COLUMNS, ApplicationStep.filed_at, total_of_all.scalar_subquery()), desk)
    return stmt.join(on_page, on_page.c.application_id == Application.id)


def inbox(
    *,
    session: Session,
    staff: StaffUser,
    filters: InboxFilter | None = None,
    page: int = 1,
    per_page: int = 20,
    today: date | None = None,
    lang: str = DEFAULT_LANG,
) -> tuple[list[InboxRow], int, str]:
    """Files whose open step is at the desk, oldest first. Returns (rows, total, desk).

    Three statements whatever the page size (the officer re-read, the page with its rows and
    the total, the holidays; four for a search), and none of them sorts the whole desk. An
    unfiltered desk's page is one walk of the open-step index (desk, filed_at,
    application_id) and its total the desk's row sum in ``desk_load`` (open steps per
    desk, kept by triggers; an open step at a staff desk means an open file); a filtered
    page walks the files oldest first (index on submitted_at) and probes the open-step
    index for each. A search of 3 characters or more starts from its matches (the name
    index finds the applicants, a range of the unique index the numbers) and probes the
    open-step index (desk, application_id) for each of their files; a shorter one walks
    the desk's open steps; its page and total are one statement, its rows another."""
    staff = active_staff(session, staff)
    filters = filters or InboxFilter()
    desk = _desk_for(staff, filters.desk)
    today = today or today_wita()
    at_desk = (
        select(ApplicationStep.id)
        .where(
            ApplicationStep.application_id == Application.id,
            ApplicationStep.desk == desk,
            ApplicationStep.ended_at.is_(None),
        )
        .exists()
    )
    where = [at_desk, Application.status.in_(OPEN_STATUSES)]
    if filters.izin_id:
        where.append(Application.izin_id == filters.izin_id)
    if filters.status in OPEN_STATUSES:
        where.append(Application.status == filters.status)
    if filters.date_from:
        where.append(Application.submitted_at >= _start_of(filters.date_from))
    if filters.date_to:
        where.append(Application.submitted_at < _start_of(filters.date_to, next_day=True))
    query = " ".join((filters.query or "").split())[:100]
    filtered = bool(filters.izin_id or filters.status or filters.date_from or filters.date_to or query)
    matched = None
    if query:
        # The files matching the name or number whose open step is at this desk (an open
        # step means an open file: where[:2] holds already), with the step's filing moment.
        base = (
            select(ApplicationStep.application_id, ApplicationStep.filed_at)
            .join(Application, Application.id == ApplicationStep.application_id)
            .where(ApplicationStep.desk == desk, ApplicationStep.ended_at.is_(None), *where[2:])
        )
        if len(query) >= NAME_INDEX_MIN:
            # From the matches to the desk: the applicants the name index finds, their
            # files (index on applicant_id), each probed in the open-step index (desk,
            # application_id); numbers from a range of their unique index.
            named, number, owner = _matching(session, query)
            by_name = base.join(Applicant, Applicant.id == owner).where(*named)
            matched = sa.union(by_name, base.where(number)).subquery()
        else:
            # Too short for the trigram indexes: matched while walking the desk's open
            # steps oldest first (its index), never every open file of the office.
            lowered = query.lower()
            matched = (
                base.join(Applicant, Applicant.id == Application.applicant_id)
                .where(
                    sa.or_(
                        Application.registration_number.startswith(query, autoescape=True),
                        sa.func.lower(Applicant.full_name).contains(lowered, autoescape=True),
                        sa.func.lower(Applicant.company_name).contains(lowered, autoescape=True),
                    )
                )
                .subquery()
            )
    page = max(1, int(page))
    if matched is not None:
        # One statement gives the page and the count (a window over every match).
        found_ids = session.execute(
            select(matched.c.application_id, sa.func.count().over())
            .order_by(matched.c.filed_at, matched.c.application_id)
            .offset((page - 1) * per_page)
            .limit(per_page)
        ).all()
        if found_ids or page == 1:
            total = found_ids[0][1] if found_ids else 0
        else:  # past the last page: count alone
            total = session.exec(select(sa.func.count()).select_from(matched)).one()
    if matched is not None:
        ids = [row[0] for row in found_ids]
        rows = []
        if ids:
            found = session.exec(_shown(select(*_INBOX_COLUMNS), desk).where(Application.id.in_(ids))).all()
            order = {app_id: i for i, app_id in enumerate(ids)}
            rows = sorted(found, key=lambda r: order[r[0]])
    else:
        # One statement: the page's files (a walk that stops at the page), their rows and the total.
        if filtered:
            total_of_all = select(sa.func.count(Application.id)).where(*where).correlate(None)
            ids_stmt = select(Application.id.label("application_id")).where(*where)
            ids_stmt = ids_stmt.order_by(Application.submitted_at, Application.id)
            on_page = ids_stmt.offset((page - 1) * per_page).limit(per_page).subquery()
            stmt = _shown(select(*_INBOX_COLUMNS, ApplicationStep.filed_at, total_of_all.scalar_subquery()), desk)
            found = session.exec(stmt.join(on_page, on_page.c.application_id == Application.id)).all()
        else:
            params = {"desk": desk, "skip": (page - 1) * per_page, "take": per_page}
            found = session.exec(_desk_page_statement(), params=params).all()
        # The walk's order, put back here rather than by a sort in the statement (whose plan
        # would then sort after the joins): (submitted_at, id) filtered, (filed_at, id) not.
        by = (lambda r: (r[3], r[0])) if filtered else (lambda r: (r[-2], r[0]))
        rows = [row[:-2] for row in sorted(found, key=by)]
        # An empty page (past the last one, or an empty desk): the total alone.
        total = found[0][-1] if found else session.exec(total_of_all if filtered else _desk_total(desk)).one()
    holidays = calendar.holiday_dates(session=session, start=date(today.year - 1, 1, 1), years_ahead=3)
    result = []
    for app_id, number, status, submitted_at, due_date, stage, izin_name, processing_days, who in rows:
        used = working_days_between(to_wita(submitted_at).date(), today, holidays)
        result.append(
            InboxRow(
                id=app_id,
                number=number or "",
                applicant=who,
                izin=izin_name,
                stage=stage,
                status=status_label(status),
                submitted=format_date(submitted_at, lang),
                due=format_date(due_date, lang),
                days_used=used,
                days_allowed=processing_days,
                overdue=bool(due_date and due_date < today),
            )
        )
    return result, int(total), desk


def _start_of(day: date, next_day: bool = False) -> datetime:
    from datetime import time, timedelta

    from spontan_app.domain.timefmt import WITA

    moment = datetime.combine(day + timedelta(days=1 if next_day else 0), time.min, tzinfo=WITA)
    return moment


# Trigram indexes (migration 3c9d1e7a5b20) find a text of 3 characters or more.
NAME_INDEX_MIN = 3
# SQLite compares text byte by byte (BINARY), so q <= number < q + _TOP holds exactly the
# numbers starting with q and the unique index answers it.
_TOP = "\U0010ffff"


def _matching(
    session: Session, query: str
) -> tuple[list[sa.ColumnElement[bool]], sa.ColumnElement[bool], sa.ColumnElement[int]]:
    """The conditions on a file's applicant (joined on the third value) whose name or company name holds
    ``query`` in any case, answered by the name index, and on a file's number starting
    with it, a range of the number's unique index.

    The trigram index narrows (on SQLite it also folds non-ASCII case); ``lower(...) LIKE``
    and the number's ``LIKE 'q%'`` decide, exactly as the desk's walk always did. On
    SQLite the LIKE is only tested for the files found at the desk, not for every
    applicant the index gives."""
    lowered = query.lower()
    pattern = "%" + lowered.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
    named = sa.or_(
        sa.func.lower(Applicant.full_name).like(pattern, escape="/"),
        sa.func.lower(Applicant.company_name).like(pattern, escape="/"),
    )
    conditions, owner = [named], Application.applicant_id
    if session.get_bind().dialect.name == "sqlite":
        # Joined on ``applicant_id + 0``: SQLite then does not carry the index's answer
        # over to applicant.id and read every matching applicant before the desk.
        owner = Application.applicant_id + 0
        # An FTS5 phrase: the text in double quotes, its own quotes doubled.
        phrase = '"' + query.replace('"', '""') + '"'
        names = sa.text("SELECT rowid FROM applicant_names_fts WHERE applicant_names_fts MATCH :q")
        conditions.insert(0, Application.applicant_id.in_(names.bindparams(q=phrase)))
    # Numbers are written in capitals; SQLite's LIKE ignores case, so "2/ipri" finds
    # "2/IPRI-B/..." there as it always did (PostgreSQL's LIKE then turns it down).
    number = Application.registration_number
    by_number = number.startswith(query, autoescape=True)
    if session.get_bind().dialect.name != "sqlite":
        # PostgreSQL: LIKE 'q%' through the text_pattern_ops index, right under any
        # collation (a range on the unique index would follow the collation's order).
        return conditions, by_number, owner
    ranges = [sa.and_(number >= q, number < q + _TOP) for q in sorted({query, query.upper()})]
    return conditions, sa.and_(sa.or_(*ranges), by_number), owner


# --------------------------------------------------------------------------- processing view


@dataclass(frozen=True)
class DocumentView:
    id: int
    requirement: str
    file_name: str
    content_type: str
    size_kb: int
    version: int
    review: str
    review_note: str
    is_pdf: bool


@dataclass(frozen=True)
class HistoryRow:
    no: int
    stage: str
    desk: str
    actor: str
    start: str
    end: str
    status: str
    note: str


@dataclass
class ProcessView:
    id: int
    number: str
    status: str
    status_label: str
    izin: str
    izin_code: str
    applicant_name: str
    applicant_identity: str
    applicant_wa: str
    submitted: str
    due: str
    stage: str
    desk: str
    desk_label: str
    can_decide: bool
    decide_reason: str
    seen_position: int
    values: list[tuple[str, str]] = field(default_factory=list)
    lokasi: str = ""
    latitude: float | None = None
    longitude: float | None = None
    keterangan: str = ""
    faskes: list[tuple[str, str]] = field(default_factory=list)
    documents: list[DocumentView] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    permit_code: str = ""
    permit_revoked: bool = False
    permit_id: int = 0
    permit_number: str = ""
    can_revoke: bool = False


def _load_submitted(session: Session, application_id: object) -> Application:
    application = session.get(Application, parse_id(application_id))
    if application is None or application.status == ApplicationStatus.DRAFT.value:
        raise NotFound(msg("admin.desk.application_not_found"))
    return application


def _open_step(session: Session, application_id: int) -> ApplicationStep | None:
    return session.exec(
        select(ApplicationStep)
        .where(ApplicationStep.application_id == application_id, ApplicationStep.ended_at.is_(None))
        .order_by(ApplicationStep.seq.desc())
    ).first()


def decision_block(staff: StaffUser, application: Application, step: ApplicationStep | None) -> str:
    """Why this officer may not decide the file now ("" when they may)."""
    if staff.role == StaffRole.ADMIN.value:
        return msg("admin.desk.admin_does_not_decide")
    if application.status not in OPEN_STATUSES or step is None:
        return msg("admin.desk.not_waiting")
    if step.desk != staff.role:
        desk = role_label(step.desk) if step.desk in DECIDING_ROLES else msg("admin.role.pemohon")
        return msg("admin.desk.at_desk", desk=desk)
    return ""


def _labels(session: Session, application: Application) -> dict[str, str]:
    snap_fields = snapshot.data_of(session, application).get("fields")
    if snap_fields:
        return {f["key"]: f["label"] for f in snap_fields}
    rows = session.exec(select(FormField).where(FormField.izin_id == application.izin_id).order_by(FormField.sort))
    return {f.key: f.label for f in rows}


def process_view(
    *, session: Session, staff: StaffUser, application_id: object, lang: str = DEFAULT_LANG
) -> ProcessView:
    """Everything an officer needs to decide one file, in one call (dates in ``lang``)."""
    staff = active_staff(session, staff)
    application = _load_submitted(session, application_id)
    izin = session.get(JenisIzin, application.izin_id)
    applicant = session.get(Applicant, application.applicant_id)
    step = _open_step(session, application.id)
    labels = _labels(session, application)
    values = {
        v.field_key: v.value
        for v in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == application.id))
    }
    documents = session.exec(
        select(ApplicationDocument, Requirement)
        .join(Requirement, Requirement.id == ApplicationDocument.requirement_id)
        .where(ApplicationDocument.application_id == application.id, ApplicationDocument.is_current.is_(True))
        .order_by(Requirement.sort, Requirement.id)
    ).all()
    steps = session.exec(
        select(ApplicationStep).where(ApplicationStep.application_id == application.id).order_by(ApplicationStep.seq)
    ).all()
    faskes = session.get(Faskes, application.faskes_id) if application.faskes_id else None
    permit = session.exec(select(Permit).where(Permit.application_id == application.id)).first()
    block = decision_block(staff, application, step)
    return ProcessView(
        id=application.id,
        number=application.registration_number or "",
        status=application.status,
        status_label=status_label(application.status),
        izin=izin.name,
        izin_code=izin.code,
        applicant_name=applicant.full_name or applicant.company_name or "",
        applicant_identity=applicant.username,
        applicant_wa=applicant.wa_number,
        submitted=format_datetime(application.submitted_at, lang),
        due=format_date(application.due_date, lang),
        stage=step.stage if step else "",
        desk=step.desk if step else "",
        desk_label=_desk_name(step.desk) if step else "",
        can_decide=block == "",
        decide_reason=block,
        seen_position=application.current_position or 0,
        values=[(labels[k], values.get(k) or "-") for k in labels],
        lokasi=application.lokasi,
        latitude=application.latitude,
        longitude=application.longitude,
        keterangan=application.keterangan,
        faskes=[]
        if faskes is None
        else [
            (msg("admin.desk.faskes_name"), faskes.nama),
            (msg("admin.desk.faskes_address"), faskes.alamat),
            (msg("admin.desk.faskes_owner"), faskes.pemilik or "-"),
            (msg("admin.desk.faskes_responsible"), faskes.penanggung_jawab or "-"),
        ],
        documents=[
            DocumentView(
                d.id,
                r.name,
                d.original_name,
                d.content_type,
                max(1, d.size // 1024),
                d.version,
                d.review,
                d.review_note,
                d.content_type == "application/pdf",
            )
            for d, r in documents
        ],
        history=[
            HistoryRow(
                i,
                s.stage,
                _desk_name(s.desk),
                s.actor or "-",
                format_datetime(s.started_at, lang),
                format_datetime(s.ended_at, lang),
                step_label(s.status),
                s.note,
            )
            for i, s in enumerate(steps, start=1)
        ],
        permit_code=permit.code if permit else "",
        permit_revoked=bool(permit and permit.revoked_at),
        permit_id=permit.id if permit else 0,
        permit_number=permit.number if permit else "",
        can_revoke=bool(permit and not permit.revoked_at and staff.role == StaffRole.KEPALA_DINAS.value),
    )


def _desk_name(desk: str) -> str:
    label = role_label(desk)
    return desk if label == "-" else label


# --------------------------------------------------------------------------- documents


def review_document(
    *,
    session: Session,
    staff: StaffUser,
    document_id: object,
    verdict: str,
    note: str = "",
    now: datetime | None = None,
) -> ApplicationDocument:
    """Sesuai / Perlu Perbaikan for one document, by the officer at the file's desk."""
    staff = active_staff(session, staff)
    document = session.get(ApplicationDocument, parse_id(document_id, "document"))
    if document is None or not document.is_current:
        raise NotFound(msg("admin.desk.document_not_found"))
    application = _load_submitted(session, document.application_id)
    block = decision_block(staff, application, _open_step(session, application.id))
    if block:
        raise PermissionDenied(block)
    if verdict not in (REVIEW_OK, REVIEW_FIX):
        raise FieldErrors({f"review-{document.id}": msg("admin.desk.choose_verdict")})
    note = _clean_note(note, f"review-{document.id}")[:500]
    document.review, document.review_note = verdict, note if verdict == REVIEW_FIX else ""
    document.reviewed_by, document.reviewed_at = staff.id, now or utcnow()
    session.add(document)
    audit.log(session, staff, "review_document", application, document=document.id, verdict=verdict)
    return document


def _clean_note(note: str | None, field: str) -> str:
    """A staff note is shown to the applicant and stored: NFC, and control, bidi-override or
    invisible characters refused beside the note (a NUL would fail on PostgreSQL)."""
    try:
        return clean_text(note, msg("admin.proses.note"), multiline=True)
    except ValidationError as exc:
        raise FieldErrors({field: exc.message}) from None


def flagged_requirements(*, session: Session, application_id: int) -> list[int]:
    """Requirements whose current document the desk marked Perlu Perbaikan."""
    return list(
        session.exec(
            select(ApplicationDocument.requirement_id).where(
                ApplicationDocument.application_id == application_id,
                ApplicationDocument.is_current.is_(True),
                ApplicationDocument.review == REVIEW_FIX,
            )
        )
    )


def read_document(*, session: Session, staff: StaffUser, document_id: object) -> tuple[ApplicationDocument, bytes]:
    """Any active officer may read a submitted file's documents (never a draft's)."""
    active_staff(session, staff)
    document = session.get(ApplicationDocument, parse_id(document_id, "document"))
    if document is None:
        raise NotFound(msg("admin.desk.document_not_found"))
    application = _load_submitted(session, document.application_id)
    data = storage.read("documents", document.storage_name)
    # Reads of personal data are audited too (UU PDP): who opened which document.
    audit.log(session, staff, "view_document", application, document=document.id)
    return document, data


def ensure_unchanged(application: Application, seen_status: str, seen_position: int) -> None:
    """The page's view is stale: another officer decided first."""
    if application.status != seen_status or (application.current_position or 0) != seen_position:
        raise Conflict(msg("admin.desk.decided_by_other"))


# --------------------------------------------------------------------------- decisions

ACTIONS = ("setujui", "kembalikan", "tolak")


def claim(session: Session, application_id: int, seen_status: str, seen_position: int, now: datetime) -> None:
    """The first write of a decision: only the officer whose view is current gets the file.

    A guarded UPDATE (not a read-then-write): of two officers deciding at once, the second
    waits for the first's commit and then matches no row, so the history never shows a
    double step."""
    claimed = session.execute(
        sa.update(Application)
        .where(
            Application.id == application_id,
            Application.status == seen_status,
            sa.func.coalesce(Application.current_position, 0) == seen_position,
        )
        .values(updated_at=now)
    ).rowcount
    if claimed != 1:
        raise Conflict(msg("admin.desk.decided_by_other"))


def decide(
    *,
    session: Session,
    staff: StaffUser,
    application_id: object,
    action: str,
    note: str = "",
    seen_status: str,
    seen_position: int,
    ip: str | None = None,
    now: datetime | None = None,
):
    """Setujui / Kembalikan / Tolak from the processing page (one transaction)."""
    from spontan_app.services import workflow

    now = now or utcnow()
    staff = active_staff(session, staff)
    app_id = parse_id(application_id)
    if action not in ACTIONS:
        raise NotFound(msg("admin.desk.unknown_action"))
    note = _clean_note(note, "catatan")
    if action in ("kembalikan", "tolak") and not note:
        raise FieldErrors({"catatan": msg(f"admin.desk.note_required_{action}")})
    application = _load_submitted(session, app_id)
    ensure_unchanged(application, seen_status, int(seen_position or 0))
    block = decision_block(staff, application, _open_step(session, app_id))
    if block:
        raise PermissionDenied(block)
    claim(session, app_id, seen_status, int(seen_position or 0), now)
    if action == "setujui":
        return workflow.staff_forward(session=session, staff=staff, application_id=app_id, note=note, now=now, ip=ip)
    if action == "kembalikan":
        flagged = flagged_requirements(session=session, application_id=app_id)
        return workflow.staff_return(
            session=session, staff=staff, application_id=app_id, note=note, flag_requirement_ids=flagged, now=now, ip=ip
        )
    return workflow.staff_reject(session=session, staff=staff, application_id=app_id, note=note, now=now, ip=ip)
