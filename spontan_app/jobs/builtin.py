"""The jobs SPONTAN ships with: the outbox sweep, orphan-file cleanup, expired
registrations, lease housekeeping, renewal reminders and due-date recomputation."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from datetime import timedelta

from sqlmodel import Session, select

from spontan_app.db import get_engine
from spontan_app.domain.enums import MessageStatus
from spontan_app.domain.models import OutgoingMessage
from spontan_app.jobs import register
from spontan_app.jobs.claims import leased, purge_lapsed, release, try_lease, uses_row_locks

log = logging.getLogger("spontan.jobs")
SWEEP_AGE = timedelta(seconds=20)  # fresh messages are left to the delivery right after commit
SWEEP_BATCH = 200
# Longer than the slowest delivery (gateway timeouts and retries): a live holder never loses it.
MESSAGE_LEASE = timedelta(minutes=5)
JOB_LEASE = timedelta(minutes=30)
PENDING = (MessageStatus.QUEUED.value, MessageStatus.RETRYING.value)


def deliver_claimed(message_id: int) -> str | None:
    """Deliver one message unless another worker is delivering it right now.

    Returns the message's status afterwards, or None when it was skipped (claimed
    elsewhere, or no longer pending)."""
    from spontan_app.metrics import DELIVERIES
    from spontan_app.services import messaging

    engine = get_engine()
    if uses_row_locks(engine):
        with Session(engine, expire_on_commit=False) as session:
            claimed = session.exec(
                select(OutgoingMessage.id)
                .where(OutgoingMessage.id == message_id, OutgoingMessage.status.in_(PENDING))
                .with_for_update(skip_locked=True)
            ).first()
            if claimed is None:
                return None
            # The row stays locked until deliver() commits the outcome.
            message = messaging.deliver(session=session, message_id=message_id)
    else:
        resource = f"outbox:{message_id}"
        if not try_lease(engine, resource, MESSAGE_LEASE):
            return None
        try:
            with Session(engine, expire_on_commit=False) as session:
                current = session.get(OutgoingMessage, message_id)
                if current is None or current.status not in PENDING:
                    return None
                message = messaging.deliver(session=session, message_id=message_id)
        finally:
            release(engine, resource)
    status = message.status if message is not None else None
    if status:
        DELIVERIES.labels(result=status).inc()
    return status


@register("outbox-sweep", every=15, description="deliver WhatsApp messages a crash or an outage left queued")
def outbox_sweep() -> int:
    from spontan_app.services import messaging

    with Session(get_engine()) as session:
        ids = messaging.pending_ids(session=session, older_than=SWEEP_AGE, limit=SWEEP_BATCH)
    delivered = 0
    for message_id in ids:
        try:
            if deliver_claimed(message_id) is not None:
                delivered += 1
        except Exception:  # one broken message must not stop the batch
            log.exception("delivery of message %s failed", message_id)
    return delivered


@register("orphan-files", every=3600, description="remove stored files no row references (older than 1 h)")
def orphan_files() -> int:
    from spontan_app.services import applications, permits

    engine = get_engine()
    with leased(engine, "job:orphan-files", JOB_LEASE) as mine:
        if not mine:
            return 0
        with Session(engine) as session:
            removed = applications.remove_orphan_files(session=session, min_age_seconds=3600)
            removed += permits.remove_orphan_files(session=session, min_age_seconds=3600)
            removed += remove_orphan_photos(session)
        return len(removed)


def remove_orphan_photos(session: Session, min_age_seconds: float = 3600) -> list[str]:
    """Profile photos no account points at (a crash between the file write and the commit)."""
    import time

    from spontan_app.domain.models import Applicant
    from spontan_app.integrations import storage

    referenced = {name for name in session.exec(select(Applicant.photo_path)) if name}
    orphans = sorted(storage.older_than("photos", time.time() - min_age_seconds) - referenced)
    for name in orphans:
        storage.delete("photos", name)
    return orphans


@register("stale-registrations", every=3600, description="release registrations never finished in time")
def stale_registrations() -> int:
    from spontan_app.domain.models import utcnow
    from spontan_app.services.accounts.registration import release_stale_pending

    engine = get_engine()
    with leased(engine, "job:stale-registrations", JOB_LEASE) as mine:
        if not mine:
            return 0
        with Session(engine) as session:
            released = release_stale_pending(session, now=utcnow())
            session.commit()
        return released


@register("lease-purge", every=3600, description="drop leases of workers that died long ago")
def lease_purge() -> int:
    return purge_lapsed(get_engine())


@register("renewal-reminders", every=3600, description="WhatsApp reminders 90, 30 and 7 days before a permit ends")
def renewal_reminders() -> int:
    """Each (permit, 90/30/7 days) once, however many workers run it (a unique row per reminder)."""
    from spontan_app.services import renewals

    with Session(get_engine()) as session:
        queued = renewals.send_renewal_reminders(session=session)
        session.commit()
    return len(queued)


DUE_DATE_BATCH = 100


def _due_date_batch(session: Session, after: int, row_locks: bool) -> list:
    from spontan_app.domain.models import Application
    from spontan_app.services import workflow

    stmt = (
        select(Application)
        .where(Application.status.in_(workflow.OPEN_FOR_DUE_DATES), Application.id > after)
        .order_by(Application.id)
        .limit(DUE_DATE_BATCH)
    )
    if row_locks:  # rows another run (or a desk's decision) holds are left to it
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.exec(stmt))


@register("due-dates", every=6 * 3600, description="recompute the due dates of open files (holidays, corrections)")
def due_dates() -> int:
    """Due dates of open files follow the holiday list and the finished corrections.

    The holiday screens recompute at once; this job catches up daily, after holidays were
    changed outside the app (a database restore, an import) or a file was missed. Each
    batch of open files is claimed: on PostgreSQL its rows are locked ``FOR UPDATE SKIP
    LOCKED`` until the batch commits (two runs split the files between them); on SQLite a
    lease row lets one run at a time. Returns how many due dates moved."""
    from spontan_app.services import workflow

    engine = get_engine()
    row_locks = uses_row_locks(engine)
    with nullcontext(True) if row_locks else leased(engine, "job:due-dates", JOB_LEASE) as mine:
        if not mine:
            return 0
        changed, after = 0, 0
        while True:
            with Session(engine) as session:
                batch = _due_date_batch(session, after, row_locks)
                if not batch:
                    return changed
                for application in batch:
                    changed += workflow.recompute_due_date(session=session, application=application)
                after = batch[-1].id
                session.commit()  # releases the batch's row locks
