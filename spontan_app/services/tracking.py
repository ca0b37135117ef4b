"""Public tracking (Lacak): what anyone with the registration number may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import APPLICANT_DESK, StaffRole
from spontan_app.domain.enums import ApplicationStatus as S
from spontan_app.domain.models import Applicant, Application, ApplicationStep, LoginThrottle, Region, utcnow
from spontan_app.domain.regno import parse_registration_number
from spontan_app.domain.status_guide import guide, step_status_text
from spontan_app.domain.timefmt import to_wita
from spontan_app.i18n import DEFAULT_LANG, format_date, format_datetime, localize, msg
from spontan_app.services import calendar
from spontan_app.services.errors import NotFound, TooManyLookups

LOOKUPS_PER_WINDOW = 30
WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class TimelineRow:
    no: int
    stage: str
    start: str
    end: str
    status: str


@dataclass(frozen=True)
class TrackingView:
    number: str
    applicant_name: str
    address: str
    submitted_at: str
    due_date: str
    status_sentence: str
    note: str
    holidays: str
    timeline: list[TimelineRow] = field(default_factory=list)
    is_owner: bool = False
    status_label: str = ""  # "Diajukan", never the stored code
    status_color: str = "gray"
    next_step: str = ""  # "Yang perlu Anda lakukan: …"


def mask_name(name: str) -> str:
    """What a stranger with a (guessable, sequential) number sees of the applicant's name:
    each word's first letter, e.g. "Ani Peneliti" -> "A** P*******"."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split()) or "-"


def desk_label(desk: str) -> str:
    if desk == APPLICANT_DESK:
        return msg("lacak.applicant")
    try:
        return msg(f"admin.role.{StaffRole(desk).value}")  # the desks' names, one catalogue entry each
    except ValueError:
        return desk


# The steps the portal itself writes (the desks' stages are the office's data, as stored).
SYSTEM_STAGES = {
    "Pengajuan Permohonan via Online": "lacak.stage.submitted",
    "PERBAIKAN OLEH PEMOHON": "lacak.stage.applicant_fix",
    "IZIN TERBIT": "lacak.stage.issued",
    "PEMBATALAN OLEH PEMOHON": "lacak.stage.cancelled",
}


def stage_label(stage: str) -> str:
    return msg(SYSTEM_STAGES[stage]) if stage in SYSTEM_STAGES else stage


# Statuses whose sentence needs no desk: one catalogue entry each, ``lacak.sentence.<NAME>``.
_OUTCOME_SENTENCES = {s.value: s.name for s in (S.RETURNED, S.APPROVED, S.ISSUED, S.REJECTED, S.CANCELLED)}


def sentence(application: Application, current: ApplicationStep | None) -> str:
    """Where the file is, for the applicant: ``current`` is its latest open step, if any."""
    if application.status in _OUTCOME_SENTENCES:
        return msg(f"lacak.sentence.{_OUTCOME_SENTENCES[application.status]}")
    if current is not None:
        return msg("lacak.sentence.at_desk", desk=desk_label(current.desk), stage=current.stage)
    return msg("lacak.sentence.received")


def status_sentence(*, session: Session, application: Application) -> str:
    current = session.exec(
        select(ApplicationStep)
        .where(
            ApplicationStep.application_id == application.id,
            ApplicationStep.ended_at.is_(None),
        )
        .order_by(ApplicationStep.seq.desc())
    ).first()
    return sentence(application, current)


def _public_address(session: Session, applicant: Applicant) -> str:
    """For strangers: only the area, never the street."""
    if applicant.kelurahan_id:
        wanted = [i for i in (applicant.kelurahan_id, applicant.kecamatan_id) if i]
        regions = {r.id: r for r in session.exec(select(Region).where(Region.id.in_(wanted)))}  # one statement
        kel, kec = regions[applicant.kelurahan_id], regions.get(applicant.kecamatan_id)
        if kec:
            return msg("lacak.address.kel_kec", kel=kel.name, kec=kec.name)
        return msg("lacak.address.kel", kel=kel.name)
    if applicant.kabkota_id:
        kab = session.get(Region, applicant.kabkota_id)
        return msg("lacak.address.kab", kab=kab.name)
    return msg("lacak.address.hidden")


def check_rate(*, session: Session, ip: str | None, now: datetime | None = None) -> None:
    """At most LOOKUPS_PER_WINDOW lookups per address per window (the captcha is the other half)."""
    if not ip:
        return
    now = now or utcnow()
    row = session.get(LoginThrottle, f"lacak:{ip}")
    if row is None:
        row = LoginThrottle(key=f"lacak:{ip}", failures=0, updated_at=now)
    if row.updated_at + WINDOW < now:
        row.failures, row.updated_at = 0, now
    row.failures += 1
    session.add(row)
    if row.failures > LOOKUPS_PER_WINDOW:
        wait = int((row.updated_at + WINDOW - now).total_seconds() // 60) + 1
        raise TooManyLookups(msg("lacak.too_many", wait=wait))


@lru_cache(maxsize=1)
def _file_and_applicant():
    """A file by its number with its applicant, one statement built once. Parameter: number."""
    return (
        select(Application, Applicant)
        .join(Applicant, Applicant.id == Application.applicant_id)
        .where(Application.registration_number == sa.bindparam("number", type_=sa.String))
    )


def lookup(
    *,
    session: Session,
    number: str,
    viewer: Applicant | None = None,
    now: datetime | None = None,
    lang: str = DEFAULT_LANG,
) -> TrackingView:
    """What the public sees of a file; its owner (``viewer``, when logged in) also sees the address.
    Dates are written for ``lang``; texts are ``msg`` texts the state shows in the tab's language."""
    now = now or utcnow()
    parsed = parse_registration_number(number)
    if parsed is None:
        raise NotFound(msg("lacak.bad_number"))
    found = session.exec(_file_and_applicant(), params={"number": str(parsed)}).first()
    if found is None or found[0].status == S.DRAFT.value:
        raise NotFound(msg("lacak.not_found", number=str(parsed)))
    application, applicant = found
    is_owner = viewer is not None and viewer.id == applicant.id
    steps = list(
        session.exec(
            select(ApplicationStep)
            .where(ApplicationStep.application_id == application.id)
            .order_by(ApplicationStep.seq)
        )
    )
    current = next((s for s in reversed(steps) if s.ended_at is None), None)
    notes = [s.note for s in steps if s.note and s.staff_id is not None]  # what staff wrote
    today = to_wita(now).date()
    holidays = calendar.holidays_in_month(session=session, year=today.year, month=today.month)
    status = guide(application.status)
    return TrackingView(
        number=str(parsed),
        applicant_name=(applicant.full_name or applicant.company_name or "-")
        if is_owner
        else mask_name(applicant.full_name or applicant.company_name or "-"),
        address=(applicant.address or "-") if is_owner else _public_address(session, applicant),
        submitted_at=format_datetime(application.submitted_at, lang),
        # A cancelled, rejected or finished file has no date to wait for.
        due_date=format_date(application.due_date, lang) if status.shows_due_date else "",
        status_sentence=sentence(application, current),
        note=notes[-1] if notes else "",
        holidays=", ".join(f"{format_date(h.day, lang)} ({h.name})" for h in holidays) or "-",
        timeline=[
            TimelineRow(
                i,
                stage_label(s.stage)
                if s.desk == APPLICANT_DESK
                else f"{localize(stage_label(s.stage), lang)} — {localize(desk_label(s.desk), lang)}",
                format_datetime(s.started_at, lang),
                format_datetime(s.ended_at, lang),
                step_status_text(s.status),
            )
            for i, s in enumerate(steps, start=1)
        ],
        is_owner=is_owner,
        status_label=status.label,
        status_color=status.color,
        next_step=status.next_step_line,
    )
