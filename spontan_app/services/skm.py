"""Survei Kepuasan Masyarakat (SKM) and its index, the IKM (PermenPANRB Nomor 14 Tahun 2017).

The applicant of an issued permit rates nine service elements on a 1..4 scale, once per
application. The IKM is the regulation's weighted mean: the mean score of each element
times the weight 1/9, summed, then converted to 25..100 by multiplying by 25."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.models import SKM_ELEMENTS, Applicant, Application, JenisIzin, SkmResponse, utcnow
from spontan_app.domain.timefmt import to_wita
from spontan_app.i18n import msg, t
from spontan_app.services import messaging, ownership
from spontan_app.services.admin.access import REPORT_READERS, require_staff
from spontan_app.services.errors import Conflict, FieldErrors
from spontan_app.settings import get_settings

# The nine elements (unsur) of PermenPANRB 14/2017, in the regulation's order.
ELEMENTS: list[str] = [
    "Persyaratan",
    "Sistem, Mekanisme, dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Penanganan Pengaduan, Saran dan Masukan",
    "Sarana dan Prasarana",
]
QUESTIONS: list[str] = [
    "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "Bagaimana kemudahan prosedur pelayanan di unit ini?",
    "Bagaimana kecepatan waktu dalam memberikan pelayanan?",
    "Bagaimana kewajaran biaya/tarif dalam pelayanan?",
    "Bagaimana kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
    "Bagaimana kompetensi/kemampuan petugas dalam pelayanan?",
    "Bagaimana perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "Bagaimana kualitas penanganan pengaduan, saran dan masukan?",
    "Bagaimana kualitas sarana dan prasarana (termasuk layanan online)?",
]
SCALE: list[tuple[int, str]] = [(1, "Tidak Baik"), (2, "Kurang Baik"), (3, "Baik"), (4, "Sangat Baik")]
WEIGHT = 1 / SKM_ELEMENTS
CONVERSION = 25
MIN_PUBLIC = 5  # fewer responses than this are never shown publicly

assert len(ELEMENTS) == len(QUESTIONS) == SKM_ELEMENTS


# --------------------------------------------------------------------------- the index


def category(ikm: float) -> tuple[str, str]:
    """(mutu pelayanan, kinerja) of a converted IKM value, per the regulation's table."""
    value = round(ikm, 2)
    if value >= 88.31:
        return "A", "Sangat Baik"
    if value >= 76.61:
        return "B", "Baik"
    if value >= 65.00:
        return "C", "Kurang Baik"
    return "D", "Tidak Baik"


def ikm_of(element_means: list[float]) -> float:
    """Converted IKM (25..100) from the nine per-element mean scores (1..4)."""
    if len(element_means) != SKM_ELEMENTS:
        raise ValueError("nine element means expected")
    return sum(m * WEIGHT for m in element_means) * CONVERSION


@dataclass(frozen=True)
class IkmRow:
    key: str  # izin code, YYYY-Qn or "all"
    label: str
    responses: int
    element_means: list[float]
    ikm: float
    grade: str  # A..D
    grade_label: str


def _row(key: str, label: str, sums: list[int], n: int) -> IkmRow:
    means = [s / n for s in sums]
    value = ikm_of(means)
    grade, grade_label = category(value)
    return IkmRow(key, label, n, means, value, grade, grade_label)


def _columns() -> list[Any]:
    return [getattr(SkmResponse, f"u{i}") for i in range(1, SKM_ELEMENTS + 1)]


def quarter_of(moment: datetime) -> str:
    local = to_wita(moment)
    return f"{local.year}-T{(local.month - 1) // 3 + 1}"


def _aggregate(session: Session, since: datetime | None = None) -> tuple[dict[int, list], dict[str, list], list]:
    """Sums per izin, per quarter (WITA) and overall: [count, [sum u1..u9]]."""
    stmt = select(SkmResponse.izin_id, SkmResponse.submitted_at, *_columns())
    if since is not None:
        stmt = stmt.where(SkmResponse.submitted_at >= since)
    per_izin: dict[int, list] = defaultdict(lambda: [0, [0] * SKM_ELEMENTS])
    per_quarter: dict[str, list] = defaultdict(lambda: [0, [0] * SKM_ELEMENTS])
    overall: list = [0, [0] * SKM_ELEMENTS]
    for izin_id, at, *scores in session.exec(stmt):
        for bucket in (per_izin[izin_id], per_quarter[quarter_of(at)], overall):
            bucket[0] += 1
            bucket[1] = [a + b for a, b in zip(bucket[1], scores, strict=True)]
    return per_izin, per_quarter, overall


@dataclass(frozen=True)
class IkmReport:
    overall: IkmRow | None
    per_izin: list[IkmRow]
    per_quarter: list[IkmRow]


def report(*, session: Session, staff) -> IkmReport:
    """The back office's IKM: overall, per izin and per quarter (heads of office, admin)."""
    require_staff(session, staff, REPORT_READERS, msg("backoffice.err_skm_denied"))
    per_izin, per_quarter, overall = _aggregate(session)
    names = {i.id: i for i in session.exec(select(JenisIzin))}
    izin_rows = [
        _row(names[i].code, f"{names[i].code} — {names[i].name}", sums, n) for i, (n, sums) in per_izin.items()
    ]
    quarter_rows = [_row(q, q.replace("-T", " Triwulan "), sums, n) for q, (n, sums) in sorted(per_quarter.items())]
    total = _row("all", "Semua layanan", overall[1], overall[0]) if overall[0] else None
    return IkmReport(total, sorted(izin_rows, key=lambda r: r.key), quarter_rows)


def public_ikm(*, session: Session, since: datetime | None = None) -> IkmRow | None:
    """The overall IKM for the public page, or None below ``MIN_PUBLIC`` responses."""
    _, _, overall = _aggregate(session, since)
    if overall[0] < MIN_PUBLIC:
        return None
    return _row("all", "Semua layanan", overall[1], overall[0])


def response_count(*, session: Session) -> int:
    return int(session.exec(select(sa.func.count(SkmResponse.id))).one())


# --------------------------------------------------------------------------- the survey


def survey_link(application_id: int) -> str:
    return f"{get_settings().public_url}/survei/{application_id}"


def invite(session: Session, application: Application) -> None:
    """The WhatsApp invitation, queued in the issuing transaction (sent after its commit)."""
    applicant = session.get(Applicant, application.applicant_id)
    if applicant is None or applicant.wa_opt_out:
        return
    link = survey_link(application.id)
    messaging.queue_message(
        session=session,
        to_e164=applicant.wa_number,
        kind="skm_invite",
        body=t("whatsapp.skm_invite", applicant.language, number=application.registration_number, link=link),
        params={"number": application.registration_number, "link": link},
    )


def _answered(session: Session, application_id: int) -> bool:
    return session.exec(select(SkmResponse.id).where(SkmResponse.application_id == application_id)).first() is not None


@dataclass(frozen=True)
class SurveyView:
    application_id: int
    number: str
    izin_name: str
    answered: bool


def survey_for(*, session: Session, applicant: Applicant, application_id: Any) -> SurveyView:
    """The survey of the owner's issued application (NotFound for anything else)."""
    application = ownership.owned_application(session, applicant, application_id)
    if application.status != ApplicationStatus.ISSUED.value:
        raise Conflict(msg("beranda.err_survey_after_issue"))
    izin = session.get(JenisIzin, application.izin_id)
    return SurveyView(
        application.id,
        application.registration_number or "",
        izin.name if izin else "",
        _answered(session, application.id),
    )


def pending_for(*, session: Session, applicant: Applicant) -> list[SurveyView]:
    """The owner's issued applications that wait for a survey (the invitation on /beranda)."""
    stmt = (
        select(Application, JenisIzin.name)
        .join(JenisIzin, JenisIzin.id == Application.izin_id)
        .outerjoin(SkmResponse, SkmResponse.application_id == Application.id)
        .where(
            Application.applicant_id == applicant.id,
            Application.status == ApplicationStatus.ISSUED.value,
            SkmResponse.id.is_(None),
        )
        .order_by(Application.decided_at.desc(), Application.id.desc())
        .limit(5)
    )
    return [SurveyView(a.id, a.registration_number or "", name, False) for a, name in session.exec(stmt)]


def submit(
    *,
    session: Session,
    applicant: Applicant,
    application_id: Any,
    scores: dict[str, Any],
    suggestion: str = "",
    now: datetime | None = None,
) -> SkmResponse:
    """Kirim Survei: nine answers 1..4 for the owner's issued application, once."""
    view = survey_for(session=session, applicant=applicant, application_id=application_id)
    if view.answered:
        raise Conflict(msg("beranda.err_survey_answered"))
    errors: dict[str, str] = {}
    values: dict[str, int] = {}
    for i in range(1, SKM_ELEMENTS + 1):
        raw = str((scores or {}).get(f"u{i}", "")).strip()
        if raw not in {"1", "2", "3", "4"}:
            errors[f"u{i}"] = msg("beranda.err_survey_pick")
        else:
            values[f"u{i}"] = int(raw)
    if errors:
        raise FieldErrors(errors)
    application = session.get(Application, view.application_id)
    response = SkmResponse(
        application_id=view.application_id,
        izin_id=application.izin_id,
        suggestion=(suggestion or "").strip()[:1000],
        submitted_at=now or utcnow(),
        **values,
    )
    session.add(response)
    try:
        session.flush()  # the unique application_id settles a double submit
    except sa.exc.IntegrityError as exc:
        raise Conflict(msg("beranda.err_survey_answered")) from exc
    return response
