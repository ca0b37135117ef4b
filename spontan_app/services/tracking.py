"""Public tracking (Lacak): what anyone with the registration number may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, select

from spontan_app.domain.enums import APPLICANT_DESK, StaffRole, StepStatus, label_of
from spontan_app.domain.enums import ApplicationStatus as S
from spontan_app.domain.models import Applicant, Application, ApplicationStep, LoginThrottle, Region, utcnow
from spontan_app.domain.regno import parse_registration_number
from spontan_app.domain.timefmt import format_date, format_datetime, to_wita
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


def mask_name(name: str) -> str:
    """What a stranger with a (guessable, sequential) number sees of the applicant's name:
    each word's first letter, e.g. "Ani Peneliti" -> "A** P*******"."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split()) or "-"


def desk_label(desk: str) -> str:
    if desk == APPLICANT_DESK:
        return "Pemohon"
    try:
        return StaffRole(desk).label
    except ValueError:
        return desk


def _sentence(application: Application, current: ApplicationStep | None) -> str:
    status = application.status
    if status == S.RETURNED.value:
        return "Berkas dikembalikan kepada Pemohon untuk PERBAIKAN"
    if status == S.APPROVED.value:
        return "Permohonan DISETUJUI, dokumen izin sedang disiapkan"
    if status == S.ISSUED.value:
        return "Izin telah TERBIT dan dapat diambil/diunduh"
    if status == S.REJECTED.value:
        return "Permohonan DITOLAK"
    if status == S.CANCELLED.value:
        return "Permohonan DIBATALKAN oleh pemohon"
    if current is not None:
        return f"Berkas saat ini berada di {desk_label(current.desk)}, sedang dalam {current.stage}"
    return "Berkas telah diterima"


def status_sentence(*, session: Session, application: Application) -> str:
    current = session.exec(
        select(ApplicationStep)
        .where(
            ApplicationStep.application_id == application.id,
            ApplicationStep.ended_at.is_(None),
        )
        .order_by(ApplicationStep.seq.desc())
    ).first()
    return _sentence(application, current)


def _public_address(session: Session, applicant: Applicant) -> str:
    """For strangers: only the area, never the street."""
    if applicant.kelurahan_id:
        kel = session.get(Region, applicant.kelurahan_id)
        kec = session.get(Region, applicant.kecamatan_id) if applicant.kecamatan_id else None
        return f"Kel. {kel.name}" + (f", Kec. {kec.name}" if kec else "") + " (alamat lengkap disembunyikan)"
    if applicant.kabkota_id:
        kab = session.get(Region, applicant.kabkota_id)
        return f"{kab.name} (alamat lengkap disembunyikan)"
    return "(alamat disembunyikan)"


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
        raise TooManyLookups(f"Terlalu banyak pencarian. Coba lagi dalam {wait} menit.")


def lookup(
    *, session: Session, number: str, viewer: Applicant | None = None, now: datetime | None = None
) -> TrackingView:
    """What the public sees of a file; its owner (``viewer``, when logged in) also sees the address."""
    now = now or utcnow()
    parsed = parse_registration_number(number)
    if parsed is None:
        raise NotFound("Format Nomor Pendaftaran tidak valid. Contoh: 1/SIPD-B/09/2023.")
    application = session.exec(select(Application).where(Application.registration_number == str(parsed))).first()
    if application is None or application.status == S.DRAFT.value:
        raise NotFound(f"Nomor Pendaftaran {parsed} tidak ditemukan.")
    applicant = session.get(Applicant, application.applicant_id)
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
    return TrackingView(
        number=str(parsed),
        applicant_name=(applicant.full_name or applicant.company_name or "-")
        if is_owner
        else mask_name(applicant.full_name or applicant.company_name or "-"),
        address=(applicant.address or "-") if is_owner else _public_address(session, applicant),
        submitted_at=format_datetime(application.submitted_at),
        due_date=format_date(application.due_date),
        status_sentence=_sentence(application, current),
        note=notes[-1] if notes else "",
        holidays=", ".join(f"{format_date(h.day)} ({h.name})" for h in holidays) or "-",
        timeline=[
            TimelineRow(
                i,
                s.stage if s.desk == APPLICANT_DESK else f"{s.stage} — {desk_label(s.desk)}",
                format_datetime(s.started_at),
                format_datetime(s.ended_at),
                label_of(StepStatus, s.status),
            )
            for i, s in enumerate(steps, start=1)
        ],
        is_owner=is_owner,
    )
