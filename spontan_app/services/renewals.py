"""Renewals (Perpanjangan): reminders before a permit ends, and a renewal draft prefilled
from the old application whose documents the applicant may reuse, one by one.

`send_renewal_reminders(session=…, today=…)` is the job: run it once a day (or more often;
each reminder is recorded and never sent twice):

    python -m spontan_app.services.renewals [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.models import (
    Applicant,
    Application,
    ApplicationDocument,
    ApplicationValue,
    JenisIzin,
    Permit,
    Renewal,
    RenewalReminder,
    Requirement,
    utcnow,
)
from spontan_app.domain.timefmt import today_wita
from spontan_app.i18n import DEFAULT_LANG, msg, t
from spontan_app.i18n import format_date as i18n_date
from spontan_app.integrations import storage
from spontan_app.services import applications, audit, messaging, ownership, permits, snapshot
from spontan_app.services.errors import Conflict, NotFound
from spontan_app.settings import get_settings

REMINDER_DAYS = (90, 30, 7)  # days before the permit's end
RENEWAL_WINDOW_DAYS = max(REMINDER_DAYS)  # Perpanjangan is offered from this many days before
_DONE = (ApplicationStatus.CANCELLED.value, ApplicationStatus.REJECTED.value)


# --------------------------------------------------------------------------- reminders


def _renewal_under_way(session: Session, application_id: int) -> bool:
    """A renewal of this file was submitted (and is not cancelled or rejected)."""
    stmt = (
        select(Application.id)
        .join(Renewal, Renewal.application_id == Application.id)
        .where(
            Renewal.previous_id == application_id,
            Application.status != ApplicationStatus.DRAFT.value,
            Application.status.not_in(_DONE),
        )
    )
    return session.exec(stmt).first() is not None


def reminder_due(days_left: int) -> int | None:
    """The reminder (90, 30 or 7) whose time has come, the most urgent one; None otherwise.

    A run that missed a day still sends it; a permit issued with 20 days left gets only
    the 30-day reminder, never a late "90 days" one."""
    if days_left < 0:
        return None
    reached = [d for d in REMINDER_DAYS if days_left <= d]
    return min(reached) if reached else None


def reminder_text(permit: Permit, days_left: int, lang: str = DEFAULT_LANG) -> str:
    link = f"{get_settings().public_url}/beranda"
    return t(
        "whatsapp.renewal_reminder",
        lang,
        permit_name=permit.izin_name,
        number=permit.number,
        date=i18n_date(permit.valid_until, lang),
        days=days_left,
        link=link,
    )


def send_renewal_reminders(*, session: Session, today: date | None = None) -> list[RenewalReminder]:
    """Queue the WhatsApp reminders due today, each (permit, 90/30/7) exactly once.

    Idempotent across runs and safe when two runs overlap: the reminder row is written
    first under a unique key, in a savepoint, and only the run that wrote it queues the
    message. The caller commits (messages go out after the commit)."""
    today = today or today_wita()
    horizon = today + timedelta(days=RENEWAL_WINDOW_DAYS)
    rows = session.exec(
        select(Permit, Application, Applicant)
        .join(Application, Application.id == Permit.application_id)
        .join(Applicant, Applicant.id == Application.applicant_id)
        .where(
            Permit.revoked_at.is_(None),
            Permit.valid_until.is_not(None),
            Permit.valid_until >= today,
            Permit.valid_until <= horizon,
            Application.status == ApplicationStatus.ISSUED.value,
        )
        .order_by(Permit.valid_until, Permit.id)
    ).all()
    sent: list[RenewalReminder] = []
    for permit, application, applicant in rows:
        days_left = (permit.valid_until - today).days
        due = reminder_due(days_left)
        if due is None or _renewal_under_way(session, application.id):
            continue
        exists = session.exec(
            select(RenewalReminder.id).where(RenewalReminder.permit_id == permit.id, RenewalReminder.days_before == due)
        ).first()
        if exists is not None:
            continue
        reminder = RenewalReminder(permit_id=permit.id, days_before=due, sent_on=today)
        try:
            with session.begin_nested():
                session.add(reminder)
                session.flush()
        except sa.exc.IntegrityError:
            continue  # another run wrote it a moment ago
        if not applicant.wa_opt_out:
            message = messaging.queue_message(
                session=session,
                to_e164=applicant.wa_number,
                kind=f"renewal_reminder_{due}",
                body=reminder_text(permit, days_left, applicant.language),
                params={"number": permit.number, "days": days_left},
            )
            reminder.message_id = message.id
            session.add(reminder)
        sent.append(reminder)
    session.flush()
    return sent


# --------------------------------------------------------------------------- Perpanjangan


def renewable_until(permit: Permit | None, today: date) -> date | None:
    """The end of a permit that may be renewed now (within the window, not revoked)."""
    if permit is None or permit.revoked_at is not None or permit.valid_until is None:
        return None
    return permit.valid_until if (permit.valid_until - today).days <= RENEWAL_WINDOW_DAYS else None


def renewable_for(
    *, session: Session, applicant: Applicant, today: date | None = None, lang: str = DEFAULT_LANG
) -> dict[int, str]:
    """application id -> permit end (DD-MM-YYYY; in ``lang``) of the owner's permits that may
    be renewed."""
    today = today or today_wita()
    rows = session.exec(
        select(Application.id, Permit)
        .join(Permit, Permit.application_id == Application.id)
        .where(Application.applicant_id == applicant.id, Application.status == ApplicationStatus.ISSUED.value)
    ).all()
    out: dict[int, str] = {}
    for app_id, permit in rows:
        end = renewable_until(permit, today)
        if end is not None:
            out[app_id] = i18n_date(end, lang)
    return out


def renewal_izin(session: Session, izin_id: int) -> int:
    """The izin a renewal is filed under: the catalogue's Perpanjangan of the same permit
    (code ``X-P`` beside ``X-B``) when it is offered, else the same izin again."""
    izin = session.get(JenisIzin, izin_id)
    if izin is not None and izin.code.endswith("-B"):
        twin = session.exec(
            select(JenisIzin).where(JenisIzin.code == izin.code[:-2] + "-P", JenisIzin.active.is_(True))
        ).first()
        if twin is not None:
            return twin.id
    return izin_id


def _open_renewal_draft(session: Session, previous_id: int) -> Application | None:
    return session.exec(
        select(Application)
        .join(Renewal, Renewal.application_id == Application.id)
        .where(Renewal.previous_id == previous_id, Application.status == ApplicationStatus.DRAFT.value)
    ).first()


def start_renewal(
    *, session: Session, applicant: Applicant, application_id: Any, today: date | None = None
) -> Application:
    """Perpanjangan: a draft of the matching Perpanjangan izin (or the same izin), its values
    copied from the old application where the fields match.

    Only the owner, only for an issued permit within the renewal window; a second click
    opens the draft already started."""
    today = today or today_wita()
    old = ownership.owned_application(session, applicant, application_id)
    permit = session.exec(select(Permit).where(Permit.application_id == old.id)).first()
    if old.status != ApplicationStatus.ISSUED.value or renewable_until(permit, today) is None:
        raise Conflict(msg("beranda.err_renewal_window", days=RENEWAL_WINDOW_DAYS))
    existing = _open_renewal_draft(session, old.id)
    if existing is not None:
        return existing
    if _renewal_under_way(session, old.id):
        raise Conflict(msg("beranda.err_renewal_filed"))
    str_ended = _str_ended(session, old.id, today)
    draft = applications.start_draft(session=session, applicant=applicant, izin_id=renewal_izin(session, old.izin_id))
    live = {f.key for f in snapshot.live_fields(session, draft.izin_id)}
    mine = {
        v.field_key: v
        for v in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == draft.id))
    }
    for value in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == old.id)):
        if value.field_key not in live or not value.value:
            continue
        if value.field_key == permits.STR_END_FIELD and str_ended:
            continue  # the old STR has ended (or ends the old permit): the applicant states the new one
        row = mine.get(value.field_key) or ApplicationValue(application_id=draft.id, field_key=value.field_key)
        row.value = value.value
        session.add(row)
    draft.lokasi, draft.latitude, draft.longitude = old.lokasi, old.latitude, old.longitude
    draft.keterangan, draft.faskes_id = old.keterangan, old.faskes_id
    draft.updated_at = utcnow()
    session.add(draft)
    session.add(Renewal(application_id=draft.id, previous_id=old.id))
    session.flush()
    audit.log(session, applicant, "start_renewal", draft, previous=old.id, permit=permit.number)
    return draft


@dataclass(frozen=True)
class ReusableDocument:
    requirement_id: int
    requirement: str
    document_id: int  # the old application's document
    file_name: str
    uploaded: str
    reused: bool  # the draft already has a document for this requirement


@dataclass(frozen=True)
class RenewalView:
    draft_id: int
    izin_name: str
    previous_number: str
    documents: list[ReusableDocument]


def _renewal(session: Session, applicant: Applicant, draft_id: Any) -> tuple[Application, Application]:
    draft = ownership.owned_application(session, applicant, draft_id)
    link = session.exec(select(Renewal).where(Renewal.application_id == draft.id)).first()
    previous = session.get(Application, link.previous_id) if link else None
    if previous is None or previous.applicant_id != applicant.id:
        raise NotFound(msg("beranda.err_application_not_found"))
    return draft, previous


def _str_ended(session: Session, previous_id: int, today: date) -> bool:
    """Whether the STR the old form states is no longer valid for a renewal: past ``today``,
    or ending no later than the old permit (which it capped: the new one would end there too)."""
    end = permits.str_end(session, previous_id)
    if end is None:
        return False
    permit_end = session.exec(select(Permit.valid_until).where(Permit.application_id == previous_id)).first()
    return end < today or (permit_end is not None and end <= permit_end)


def renewal_view(
    *, session: Session, applicant: Applicant, draft_id: Any, lang: str = DEFAULT_LANG, today: date | None = None
) -> RenewalView:
    """The old documents still valid for the renewal draft, and which are already reused.

    Offered: a document whose requirement the renewal izin still asks for (by requirement,
    or by name when the catalogue renumbered them). Not offered: the STR when the old
    form's "Masa Berlaku STR" is past (``today``, WITA) or ended the old permit: it no
    longer proves a registration for the renewed permit."""
    draft, previous = _renewal(session, applicant, draft_id)
    str_ended = _str_ended(session, previous.id, today or today_wita())
    requirements = snapshot.live_requirements(session, draft.izin_id)
    by_id = {r.id: r for r in requirements}
    by_name = {r.name.strip().lower(): r for r in requirements}
    have = applications.current_documents(session=session, application_id=draft.id)
    old_docs = applications.current_documents(session=session, application_id=previous.id)
    names = {r.id: r.name for r in session.exec(select(Requirement).where(Requirement.id.in_(list(old_docs))))}
    documents = []
    for req_id, doc in old_docs.items():
        target = by_id.get(req_id) or by_name.get(names.get(req_id, "").strip().lower())
        if target is None:
            continue  # the renewal does not ask for it
        if str_ended and (permits.is_str_requirement(target.name) or permits.is_str_requirement(names.get(req_id))):
            continue  # the STR has ended
        documents.append(
            ReusableDocument(
                target.id, target.name, doc.id, doc.original_name, i18n_date(doc.uploaded_at, lang), target.id in have
            )
        )
    izin = session.get(JenisIzin, draft.izin_id)
    return RenewalView(
        draft.id,
        izin.name if izin else "",
        previous.registration_number or "",
        sorted(documents, key=lambda d: (by_id[d.requirement_id].sort, d.requirement_id)),
    )


def reuse_document(
    *, session: Session, applicant: Applicant, draft_id: Any, document_id: Any, today: date | None = None
) -> ApplicationDocument:
    """Gunakan Lagi: the applicant confirmed one old document; it is copied into the draft
    (checked again like any upload). Only a document ``renewal_view`` offers (still valid)."""
    draft, previous = _renewal(session, applicant, draft_id)
    view = renewal_view(session=session, applicant=applicant, draft_id=draft.id, today=today)
    doc_id = ownership.parse_id(document_id)
    match = next((d for d in view.documents if d.document_id == doc_id), None)
    old = session.get(ApplicationDocument, doc_id) if match else None
    if match is None or old is None or old.application_id != previous.id:
        raise NotFound(msg("beranda.err_document_not_found"))
    data = storage.read("documents", old.storage_name)
    return applications.attach_document(
        session=session,
        applicant=applicant,
        application_id=draft.id,
        requirement_id=match.requirement_id,
        data=data,
        filename=old.original_name,
    )


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m spontan_app.services.renewals")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (WITA); default today")
    args = parser.parse_args(argv)
    from spontan_app.db import session_scope
    from spontan_app.services import delivery

    # Deliver in this process, synchronously, after the commit (the app's sweep retries
    # whatever fails here).
    ids: list[int] = []
    messaging.dispatch = ids.extend
    with session_scope() as session:
        sent = send_renewal_reminders(session=session, today=args.today)
        count = len(sent)
    delivery.deliver_ids(ids)
    print(f"renewal reminders queued: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
