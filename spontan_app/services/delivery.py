"""Running WhatsApp delivery off the request path: right after a commit, and in a sweep.

Both paths deliver through ``jobs.builtin.deliver_claimed``, which claims the message
first, so the immediate delivery, this worker's sweep and every other worker's sweep
never send one message twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from spontan_app.settings import get_settings

log = logging.getLogger("spontan.delivery")
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="wa-delivery")
SCHEDULER_TICK = 5.0  # seconds between looks at which job is due


def deliver_ids(ids: Iterable[int]) -> None:
    from spontan_app.jobs.builtin import deliver_claimed

    for message_id in ids:
        try:
            deliver_claimed(message_id)
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
    from spontan_app import jobs

    return jobs.run("outbox-sweep")


async def sweep_forever() -> None:
    """Lifespan task: the background jobs (outbox sweep every 15 s, cleanups hourly) run
    in every worker unless SPONTAN_JOBS_IN_WORKERS=false (then cron runs them). The first
    round waits one interval, so a worker that is starting never competes with its boot."""
    if not get_settings().jobs_in_workers:
        log.info("background jobs are not run in this worker (SPONTAN_JOBS_IN_WORKERS=false)")
        return
    import time

    from spontan_app import jobs

    started = time.monotonic()
    for job in jobs.load().values():
        job.last_run = started - job.every + min(job.every, 15.0)  # first run after ≤ 15 s
    while True:
        await asyncio.sleep(SCHEDULER_TICK)
        try:
            await asyncio.to_thread(jobs.run_due)
        except Exception:
            log.exception("background jobs failed")
