"""Background jobs, safe to run in every worker and from cron at the same time.

Each job is a function registered with :func:`register`; it claims its work (see
``claims``) so two copies never send the same WhatsApp message or remove the same file
twice. Jobs run in two ways:

- inside each app worker, every ``every`` seconds (``sweep_forever`` in
  ``services/delivery.py``), unless ``SPONTAN_JOBS_IN_WORKERS=false``;
- as a command for cron or a Kubernetes CronJob: ``python -m spontan_app.jobs <name>``
  (``python -m spontan_app.jobs --list`` shows them).

Another module adds a job with::

    from spontan_app.jobs import register

    @register("renewal-reminders", every=3600, description="...")
    def renewal_reminders() -> int: ...   # returns how many things it did
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger("spontan.jobs")


@dataclass
class Job:
    name: str
    run: Callable[[], int]
    every: float  # seconds between runs inside a worker
    description: str = ""
    last_run: float = field(default=0.0)


JOBS: dict[str, Job] = {}
# Modules whose import registers jobs; other features append theirs (the hook list).
JOB_MODULES: list[str] = ["spontan_app.jobs.builtin", "spontan_app.jobs.demo"]


def register(name: str, *, every: float, description: str = "") -> Callable[[Callable[[], int]], Callable[[], int]]:
    def decorate(fn: Callable[[], int]) -> Callable[[], int]:
        JOBS[name] = Job(name, fn, every, description or (fn.__doc__ or "").strip().splitlines()[0])
        return fn

    return decorate


def load() -> dict[str, Job]:
    for module in JOB_MODULES:
        importlib.import_module(module)
    return JOBS


def run(name: str) -> int:
    """Run one job now; returns how many items it handled. Failures are logged and re-raised."""
    from spontan_app.metrics import JOB_RUNS

    job = load()[name]
    started = time.perf_counter()
    try:
        done = job.run()
    except Exception:
        JOB_RUNS.labels(job=name, result="error").inc()
        log.exception("job %s failed", name)
        raise
    JOB_RUNS.labels(job=name, result="ok").inc()
    if done:
        log.info("job %s handled %d item(s) in %.2f s", name, done, time.perf_counter() - started)
    return done


def run_due(now: float | None = None) -> list[str]:
    """Run every job whose interval has passed (the in-worker scheduler); a failing job
    never stops the others."""
    now = time.monotonic() if now is None else now
    ran = []
    for job in list(load().values()):
        if now - job.last_run < job.every:
            continue
        job.last_run = now  # also on failure: retry at the next interval, not in a hot loop
        try:
            run(job.name)
        except Exception:  # noqa: S112 - run() logged it; the other jobs still run
            continue
        ran.append(job.name)
    return ran
