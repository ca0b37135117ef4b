"""Running WhatsApp delivery off the request path: right after a commit, and in a sweep."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

from sqlmodel import Session

from spontan_app.db import get_engine
from spontan_app.services import messaging

log = logging.getLogger("spontan.delivery")
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="wa-delivery")
SWEEP_INTERVAL = 15.0
SWEEP_AGE = timedelta(seconds=20)  # leave fresh messages to the immediate delivery


def deliver_ids(ids: Iterable[int]) -> None:
    for message_id in ids:
        try:
            with Session(get_engine(), expire_on_commit=False) as session:
                messaging.deliver(session=session, message_id=message_id)
        except Exception:  # a broken gateway must not break the caller; the sweep retries
            log.exception("delivery of message %s failed", message_id)


def deliver_soon(ids: Iterable[int]) -> Future | None:
    """Deliver in a worker thread after the caller's transaction has committed.

    A thread pool of our own (not a task on the handler's event loop): Reflex may run a
    handler on a loop that ends with it, and a slow gateway must never hold the page.
    """
    ids = [i for i in ids if i is not None]
    if not ids:
        return None
    return _pool.submit(deliver_ids, ids)


def sweep_once() -> int:
    with Session(get_engine()) as session:
        ids = messaging.pending_ids(session=session, older_than=SWEEP_AGE)
    deliver_ids(ids)
    return len(ids)


def clean_orphans() -> int:
    """Hourly: stored files no row references, and registrations never finished in time."""
    from spontan_app.domain.models import utcnow
    from spontan_app.services.accounts.registration import release_stale_pending
    from spontan_app.services.applications import remove_orphan_files

    with Session(get_engine()) as session:
        removed = len(remove_orphan_files(session=session, min_age_seconds=3600))
        release_stale_pending(session, now=utcnow())
        session.commit()
        return removed


async def sweep_forever() -> None:
    """Lifespan task: whatever a crash or an outage left in the outbox goes out later;
    once an hour, stored files that no document row references are removed."""
    rounds = 0
    while True:
        await asyncio.sleep(SWEEP_INTERVAL)
        rounds += 1
        try:
            await asyncio.to_thread(sweep_once)
            if rounds % int(3600 / SWEEP_INTERVAL) == 1:
                await asyncio.to_thread(clean_orphans)
        except Exception:
            log.exception("outbox sweep failed")
