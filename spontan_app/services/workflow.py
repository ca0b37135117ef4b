"""The life of a submitted application: one state machine, one place that changes status.

Every change checks the allowed transition, appends to the step history, writes the
audit entry and queues the applicant's WhatsApp notice in the same transaction; an
illegal transition raises and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.admin.labels import role_label
from spontan_app.domain.enums import APPLICANT_DESK, StaffRole, StepStatus
from spontan_app.domain.enums import ApplicationStatus as S
from spontan_app.domain.models import (
    Applicant,
    Application,
    ApplicationDocument,
    ApplicationStep,
    JenisIzin,
    StaffUser,
    utcnow,
)
from spontan_app.domain.timefmt import to_wita
from spontan_app.domain.workdays import add_working_days, working_days_between
from spontan_app.i18n import format_date, msg, t
from spontan_app.services import audit, calendar, messaging, skm, snapshot
from spontan_app.services.errors import Conflict, DomainError, IllegalTransition, NotFound, PermissionDenied
from spontan_app.services.numbering import allocate_registration_number
from spontan_app.services.ownership import active_staff, owned_application
from spontan_app.services.snapshot import Desk
from spontan_app.settings import get_settings

# action -> statuses it may start from
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "submit": (S.DRAFT.value,),
    "forward": (S.SUBMITTED.value, S.IN_PROCESS.value),
    "return": (S.SUBMITTED.value, S.IN_PROCESS.value),
    "reject": (S.SUBMITTED.value, S.IN_PROCESS.value),
    "issue": (S.APPROVED.value,),
    "resubmit": (S.RETURNED.value,),
    "cancel": (S.SUBMITTED.value, S.IN_PROCESS.value, S.RETURNED.value),
}


def check_transition(status: str, action: str) -> None:
    if status not in TRANSITIONS.get(action, ()):
        raise IllegalTransition(msg("permohonan.action_not_allowed", status=status))


def latest_staff_note(session: Session, application_id: int) -> str:
    step = session.exec(
        select(ApplicationStep)
        .where(
            ApplicationStep.application_id == application_id,
            ApplicationStep.staff_id.is_not(None),
            ApplicationStep.note != "",
        )
        .order_by(ApplicationStep.seq.desc())
    ).first()
    return step.note if step else ""


def open_step(session: Session, application_id: int) -> ApplicationStep | None:
    return session.exec(
        select(ApplicationStep)
        .where(
            ApplicationStep.application_id == application_id,
            ApplicationStep.ended_at.is_(None),
        )
        .order_by(ApplicationStep.seq.desc())
    ).first()


def _next_seq(session: Session, application_id: int) -> int:
    last = session.exec(
        select(ApplicationStep.seq)
        .where(ApplicationStep.application_id == application_id)
        .order_by(ApplicationStep.seq.desc())
    ).first()
    return (last or 0) + 1


def process_steps(session: Session, application: Application) -> list[Desk]:
    """The file's route: the desks of its izin as they were at submission."""
    return snapshot.steps_for(session, application)


def _add_step(
    session: Session,
    application: Application,
    *,
    desk: str,
    stage: str,
    status: str,
    now: datetime,
    note: str = "",
    actor: str = "",
    staff_id: int | None = None,
    closed: bool = False,
    filed_at: datetime | None = None,
) -> ApplicationStep:
    step = ApplicationStep(
        application_id=application.id,
        seq=_next_seq(session, application.id),
        desk=desk,
        stage=stage,
        status=status,
        note=note,
        actor=actor,
        staff_id=staff_id,
        started_at=now,
        ended_at=now if closed else None,
        filed_at=filed_at or application.submitted_at,
    )
    session.add(step)
    session.flush()
    return step


def _close_open(
    session: Session,
    application: Application,
    status: str,
    now: datetime,
    note: str = "",
    actor: str = "",
    staff_id: int | None = None,
) -> None:
    step = open_step(session, application.id)
    if step is not None:
        step.ended_at, step.status = now, status
        if note:
            step.note = note
        if actor:
            step.actor, step.staff_id = actor, staff_id
        session.add(step)


def _notify(session: Session, application: Application, kind: str, body_of: Callable[[str], str]) -> None:
    """Queue the applicant's notice, written in the applicant's language (``body_of(lang)``)."""
    applicant = session.get(Applicant, application.applicant_id)
    if applicant is None or applicant.wa_opt_out:
        return
    lang = applicant.language
    link = f"{get_settings().public_url}/lacak?nomor={application.registration_number}"
    messaging.queue_message(
        session=session,
        to_e164=applicant.wa_number,
        kind=kind,
        body=t("whatsapp.track_link", lang, body=body_of(lang), link=link),
        params={"number": application.registration_number, "link": link},
    )


@dataclass(frozen=True)
class Outcome:
    status: str


def _conclude(
    session: Session,
    application: Application,
    *,
    status: str,
    now: datetime,
    staff: StaffUser,
    action: str,
    notice: tuple[str, str],
    note: Callable[[str], str] | None = None,
    detail: dict | None = None,
    ip: str | None = None,
) -> Outcome:
    """The common tail of a staff decision: new status, the applicant's notice, the audit entry.

    ``notice`` is (message kind, catalogue key); ``{permit_name}`` and ``{number}`` are filled
    in, and ``note(lang)`` (the staff's note, kept as written) is appended on its own line."""
    application.status, application.updated_at = status, now
    session.add(application)
    izin = session.get(JenisIzin, application.izin_id)
    kind, key = notice

    def body_of(lang: str) -> str:
        text = t(key, lang, permit_name=izin.name, number=application.registration_number)
        extra = note(lang) if note else ""
        return text + (f"\n{extra}" if extra else "")

    _notify(session, application, kind, body_of)
    audit.log(session, staff, action, application, ip=ip, **(detail or {}))
    return Outcome(status)


def start_first_desk(
    session: Session,
    application: Application,
    now: datetime,
    *,
    filed_at: datetime | None = None,
    steps: list[Desk] | None = None,
) -> None:
    """Part of submission: the file lands at the first desk of the izin's process
    (``steps``: its route, when the caller has it already)."""
    steps = process_steps(session, application) if steps is None else steps
    if steps:
        first = steps[0]
        _add_step(
            session,
            application,
            desk=first.desk,
            stage=first.stage,
            status=StepStatus.IN_PROGRESS.value,
            now=now,
            filed_at=filed_at,
        )


# --------------------------------------------------------------------------- submission


FIRST_STEP = "Pengajuan Permohonan via Online"


@dataclass(frozen=True)
class Submitted:
    application_id: int
    registration_number: str
    due_date: date
    repeated: bool = False


def submit_draft(
    *, session: Session, applicant: Applicant, application: Application, submit_key: str, now: datetime
) -> Submitted:
    """DRAFT -> SUBMITTED for a draft the caller has checked (``applications.submit``):
    the registration number, the due date, the first history steps, the audit entry and the
    WhatsApp notice, in the caller's transaction.

    Only a draft becomes submitted: a concurrent second submit of the same draft finds no
    row to update, rolls back and gets the first submission's result (``repeated``).

    The number is taken last: its counter row stays locked until the transaction commits
    and every submission of that izin and month queues on it, so only the statements that
    need the number (the file's status and number, the audit entry, the notice) and the
    commit run while it is held."""
    if application.applicant_id != applicant.id:
        raise NotFound(msg("permohonan.application_not_found"))
    check_transition(application.status, "submit")
    izin = session.get(JenisIzin, application.izin_id)
    submitted_day = to_wita(now).date()
    due = calendar.due_date(session=session, start=submitted_day, processing_days=izin.processing_days)
    claimed = session.execute(  # the first write: a concurrent submit of this draft waits here
        sa.update(Application)
        .where(Application.id == application.id, Application.status == S.DRAFT.value)
        .values(updated_at=now)
    )
    if claimed.rowcount != 1:
        application_id = application.id
        session.rollback()
        session.expire_all()
        fresh = owned_application(session, applicant, application_id)
        return Submitted(fresh.id, fresh.registration_number, fresh.due_date, repeated=True)
    taken = snapshot.take(session, izin)
    snapshot.store(session, application.id, taken)
    session.add(
        ApplicationStep(
            application_id=application.id,
            seq=1,
            desk=APPLICANT_DESK,
            stage=FIRST_STEP,
            status=StepStatus.SUBMITTED.value,
            actor=applicant.full_name or applicant.username,
            started_at=now,
            ended_at=now,
            filed_at=now,
        )
    )
    session.flush()
    number = allocate_registration_number(session=session, izin_code=izin.code, when=now)
    session.execute(
        sa.update(Application)
        .where(Application.id == application.id)
        .values(
            status=S.SUBMITTED.value,
            registration_number=number,
            submit_key=submit_key,
            submitted_at=now,
            due_date=due,
            declaration_accepted=True,
            current_position=1,
            updated_at=now,
        )
    )
    # The open step after the number too: its desk's tally row (desk_load, kept by a
    # trigger) is shared by every submission of the day, so it is locked only from here.
    route = [Desk(int(d["position"]), d["desk"], d["stage"]) for d in taken["steps"]]
    start_first_desk(session, application, now, filed_at=now, steps=route)
    audit.log(session, applicant, "submit", application, number=number)
    if not applicant.wa_opt_out:
        link = f"{get_settings().public_url}/lacak?nomor={number}"
        lang = applicant.language
        messaging.queue_message(
            session=session,
            to_e164=applicant.wa_number,
            kind="application_submitted",
            body=t(
                "whatsapp.submitted", lang, permit_name=izin.name, number=number, due=format_date(due, lang), link=link
            ),
            params={"number": number, "link": link},
        )
    application_id = application.id
    session.flush()
    session.expire(application)  # the UPDATE above went past the ORM: read it again when used
    return Submitted(application_id, number, due)


# --------------------------------------------------------------------------- staff


def _staff_at_desk(session: Session, staff: StaffUser, application: Application) -> tuple[StaffUser, Desk]:
    """The stored staff user (re-read, never trusted from the caller), at the file's desk."""
    staff = active_staff(session, staff)
    if staff is None:
        raise PermissionDenied(msg("admin.desk.staff_inactive"))
    steps = {p.position: p for p in process_steps(session, application)}
    desk = steps.get(application.current_position or 0)
    if desk is None:
        raise Conflict(msg("admin.workflow.at_no_desk"))
    if staff.role not in (desk.desk, StaffRole.ADMIN.value):
        raise PermissionDenied(msg("admin.desk.at_desk", desk=role_label(desk.desk)))
    return staff, desk


def _load(session: Session, application_id: int) -> Application:
    application = session.get(Application, int(application_id))
    if application is None or application.status == S.DRAFT.value:
        raise NotFound(msg("admin.desk.application_not_found"))
    return application


def _open_decision(
    session: Session,
    staff: StaffUser,
    application_id: int,
    action: str,
    note: str,
    note_required: str,
    step_status: StepStatus,
    now: datetime,
) -> tuple[Application, StaffUser, Desk]:
    """What a return or a rejection checks first: a note, a legal transition, the right desk;
    then the desk's step is closed with the note."""
    if not (note or "").strip():
        raise DomainError(note_required)
    application = _load(session, application_id)
    check_transition(application.status, action)
    staff, desk = _staff_at_desk(session, staff, application)
    _close_open(session, application, step_status.value, now, note.strip(), staff.full_name, staff.id)
    return application, staff, desk


def staff_forward(
    *,
    session: Session,
    staff: StaffUser,
    application_id: int,
    note: str = "",
    now: datetime | None = None,
    ip: str | None = None,
) -> Outcome:
    """The desk approves its stage; the file moves to the next desk. At the last desk the
    application is approved and its permit is issued in the same transaction."""
    now = now or utcnow()
    application = _load(session, application_id)
    check_transition(application.status, "forward")
    staff, desk = _staff_at_desk(session, staff, application)
    _close_open(session, application, StepStatus.APPROVED.value, now, note, staff.full_name, staff.id)
    steps = process_steps(session, application)
    following = [p for p in steps if p.position > desk.position]
    audit.log(session, staff, "forward", application, ip=ip, desk=desk.position, note=note[:200])
    if following:
        nxt = following[0]
        application.status, application.current_position = S.IN_PROCESS.value, nxt.position
        application.updated_at = now
        session.add(application)
        _add_step(session, application, desk=nxt.desk, stage=nxt.stage, status=StepStatus.IN_PROGRESS.value, now=now)
        return Outcome(application.status)
    application.status, application.current_position, application.decided_at = S.APPROVED.value, None, now
    application.updated_at = now
    session.add(application)
    session.flush()
    return _issue(session, application, staff, now, ip=ip, by_last_desk=True)


def staff_return(
    *,
    session: Session,
    staff: StaffUser,
    application_id: int,
    note: str,
    flag_requirement_ids: list[int] | None = None,
    now: datetime | None = None,
    ip: str | None = None,
) -> Outcome:
    """Back to the applicant for correction, with a note; the due-date clock stops."""
    now = now or utcnow()
    application, staff, desk = _open_decision(
        session,
        staff,
        application_id,
        "return",
        note,
        msg("admin.workflow.return_note_required"),
        StepStatus.RETURNED,
        now,
    )
    for document in session.exec(
        select(ApplicationDocument).where(
            ApplicationDocument.application_id == application.id, ApplicationDocument.is_current.is_(True)
        )
    ):
        flagged = document.requirement_id in set(flag_requirement_ids or [])
        document.flagged, document.flag_note = flagged, (note.strip()[:500] if flagged else "")
        session.add(document)
    _add_step(
        session,
        application,
        desk=APPLICANT_DESK,
        stage="PERBAIKAN OLEH PEMOHON",
        status=StepStatus.RETURNED.value,
        now=now,
        note=note.strip(),
    )
    return _conclude(
        session,
        application,
        status=S.RETURNED.value,
        now=now,
        staff=staff,
        action="return",
        notice=("application_returned", "whatsapp.returned"),
        note=lambda lang: t("whatsapp.returned_note", lang, note=note.strip()),
        detail={"desk": desk.position, "flagged": flag_requirement_ids or []},
        ip=ip,
    )


def staff_reject(
    *,
    session: Session,
    staff: StaffUser,
    application_id: int,
    note: str,
    now: datetime | None = None,
    ip: str | None = None,
) -> Outcome:
    now = now or utcnow()
    application, staff, _ = _open_decision(
        session,
        staff,
        application_id,
        "reject",
        note,
        msg("admin.workflow.reject_reason_required"),
        StepStatus.REJECTED,
        now,
    )
    application.current_position, application.decided_at = None, now
    return _conclude(
        session,
        application,
        status=S.REJECTED.value,
        now=now,
        staff=staff,
        action="reject",
        notice=("application_rejected", "whatsapp.rejected"),
        note=lambda lang: t("whatsapp.rejected_note", lang, note=note.strip()),
        ip=ip,
    )


def staff_issue(
    *, session: Session, staff: StaffUser, application_id: int, now: datetime | None = None, ip: str | None = None
) -> Outcome:
    """Issue the permit of an approved application by hand (e.g. after a failure while issuing)."""
    now = now or utcnow()
    application = _load(session, application_id)
    check_transition(application.status, "issue")
    staff = active_staff(session, staff)
    if staff is None or staff.role not in (
        StaffRole.KEPALA_DINAS.value,
        StaffRole.ADMIN.value,
        StaffRole.FRONT_OFFICE.value,
    ):
        raise PermissionDenied(msg("admin.workflow.may_not_issue"))
    return _issue(session, application, staff, now, ip=ip)


def _issue(
    session: Session,
    application: Application,
    staff: StaffUser,
    now: datetime,
    *,
    ip: str | None = None,
    by_last_desk: bool = False,
) -> Outcome:
    """APPROVED -> ISSUED: the signed permit PDF, the history step, the notice with its link."""
    from spontan_app.services import permits

    check_transition(application.status, "issue")
    permit = permits.issue_permit(
        session=session, application=application, staff=staff, now=now, by_last_desk=by_last_desk
    )
    _add_step(
        session,
        application,
        desk=staff.role,
        stage="IZIN TERBIT",
        status=StepStatus.ISSUED.value,
        now=now,
        actor=staff.full_name,
        staff_id=staff.id,
        closed=True,
    )
    outcome = _conclude(
        session,
        application,
        status=S.ISSUED.value,
        now=now,
        staff=staff,
        action="issue",
        notice=("permit_ready", "whatsapp.issued"),
        note=lambda lang: permits.permit_notice(permit, lang),
        ip=ip,
    )
    skm.invite(session, application)  # the satisfaction survey, after the permit notice
    return outcome


# --------------------------------------------------------------------------- applicant


def can_edit(session: Session, application: Application) -> tuple[bool, str]:
    """Ubah is allowed while the file is still with the first desk, or when it was returned."""
    if application.status == S.RETURNED.value:
        return True, ""
    if application.status == S.SUBMITTED.value and (application.current_position or 1) == 1:
        return True, ""
    reasons = {
        S.IN_PROCESS.value: "beranda.edit_in_process",
        S.APPROVED.value: "beranda.edit_approved",
        S.ISSUED.value: "beranda.edit_issued",
        S.REJECTED.value: "beranda.edit_rejected",
        S.CANCELLED.value: "beranda.edit_cancelled",
    }
    return False, msg(reasons.get(application.status, "beranda.edit_locked"))


def cancel(*, session: Session, applicant: Applicant, application_id: int, now: datetime | None = None) -> Outcome:
    """Batalkan: kept in history as DIBATALKAN; the number is never reused."""
    now = now or utcnow()
    application = owned_application(session, applicant, application_id)
    check_transition(application.status, "cancel")
    _close_open(
        session,
        application,
        StepStatus.CANCELLED.value,
        now,
        "Dibatalkan oleh pemohon",
        applicant.full_name or applicant.username,
    )
    _add_step(
        session,
        application,
        desk=APPLICANT_DESK,
        stage="PEMBATALAN OLEH PEMOHON",
        status=StepStatus.CANCELLED.value,
        now=now,
        actor=applicant.full_name or "",
        closed=True,
    )
    application.status, application.current_position, application.decided_at = S.CANCELLED.value, None, now
    application.updated_at = now
    session.add(application)
    audit.log(session, applicant, "cancel", application)
    return Outcome(application.status)


def resubmit(*, session: Session, applicant: Applicant, application_id: int, now: datetime | None = None) -> Outcome:
    """After a correction: back to the desk that returned it; the held days move the due date."""
    now = now or utcnow()
    application = owned_application(session, applicant, application_id)
    check_transition(application.status, "resubmit")
    flagged = session.exec(
        select(ApplicationDocument).where(
            ApplicationDocument.application_id == application.id,
            ApplicationDocument.is_current.is_(True),
            ApplicationDocument.flagged.is_(True),
        )
    ).all()
    if flagged:
        raise DomainError(msg("beranda.err_flagged_documents"))
    held = open_step(session, application.id)
    returned_at = held.started_at if held else now
    _close_open(session, application, StepStatus.RESUBMITTED.value, now, actor=applicant.full_name or "")
    start_day, end_day = to_wita(returned_at).date(), to_wita(now).date()
    holidays = calendar.holiday_dates(session=session, start=start_day)
    paused = working_days_between(start_day, end_day, holidays)
    if application.due_date and paused:
        application.due_date = add_working_days(application.due_date, paused, holidays)
    desk = {p.position: p for p in process_steps(session, application)}.get(application.current_position or 1)
    if desk is not None:
        _add_step(session, application, desk=desk.desk, stage=desk.stage, status=StepStatus.IN_PROGRESS.value, now=now)
    application.status = S.SUBMITTED.value if (application.current_position or 1) == 1 else S.IN_PROCESS.value
    application.updated_at = now
    session.add(application)
    audit.log(session, applicant, "resubmit", application, paused_days=paused)
    return Outcome(application.status)


OPEN_FOR_DUE_DATES = (S.SUBMITTED.value, S.IN_PROCESS.value, S.RETURNED.value)


def recompute_due_dates(*, session: Session) -> int:
    """After the holiday list changes: due dates of open files follow (from submission)."""
    changed = 0
    for application in session.exec(select(Application).where(Application.status.in_(OPEN_FOR_DUE_DATES))):
        changed += recompute_due_date(session=session, application=application)
    return changed


def recompute_due_date(*, session: Session, application: Application) -> bool:
    """One open file's due date from its submission, the holidays and the days it waited
    on the applicant in finished corrections. A correction still open is left to
    ``resubmit``, which adds its days once: recomputing (the daily job, a holiday change)
    while the applicant is correcting never counts them twice. True when it moved."""
    izin = session.get(JenisIzin, application.izin_id)
    start = to_wita(application.submitted_at).date()
    due = calendar.due_date(session=session, start=start, processing_days=izin.processing_days)
    paused = sum(
        working_days_between(
            to_wita(s.started_at).date(),
            to_wita(s.ended_at).date(),
            calendar.holiday_dates(session=session, start=start),
        )
        for s in session.exec(
            select(ApplicationStep).where(
                ApplicationStep.application_id == application.id,
                ApplicationStep.desk == APPLICANT_DESK,
                ApplicationStep.status.in_([StepStatus.RETURNED.value, StepStatus.RESUBMITTED.value]),
                ApplicationStep.ended_at.is_not(None),
            )
        )
    )
    if paused:
        due = add_working_days(due, paused, calendar.holiday_dates(session=session, start=start))
    if due == application.due_date:
        return False
    application.due_date = due
    session.add(application)
    return True
