"""Prometheus metrics of every worker, served at ``/metrics`` (see ``ops_routes``).

With several workers (Redis state: ``reflex run --env prod`` starts one per core) each
process writes its counters to files in ``PROMETHEUS_MULTIPROC_DIR`` (rxconfig.py makes a
fresh one per run unless the operator sets it) and a scrape, whichever worker answers it,
adds them up (prometheus_client's multiprocess mode). Without the variable the counters
live in the process.

Counted in the process:
- ``spontan_event_duration_seconds{handler,outcome}``: every state handler's use case
  (``HandlerMixin._run``), wall time including the database work in the worker thread;
- ``spontan_submissions_total{kind}``, ``spontan_logins_total{who,outcome}``;
- ``spontan_outbox_deliveries_total{result}``, ``spontan_job_runs_total{job,result}``.

- ``spontan_active_websockets``: browser tabs connected, summed over live workers (each
  worker refreshes its own count every few seconds in a lifespan task).

Read at scrape time (so every worker reports the same truth from the database):
outbox backlog and failures, and the DB connection pool of the worker that answers.
A scrape runs in a worker thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client import values as _values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from spontan_app.logs import new_id, request_id

log = logging.getLogger("spontan.metrics")
REGISTRY = CollectorRegistry(auto_describe=True)

EVENT_SECONDS = Histogram(
    "spontan_event_duration_seconds",
    "Time a state handler spent in its use case (unit of work), by handler and outcome.",
    ["handler", "outcome"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=REGISTRY,
)
SUBMISSIONS = Counter(
    "spontan_submissions_total", "Applications submitted (new or resubmitted).", ["kind"], registry=REGISTRY
)
LOGINS = Counter("spontan_logins_total", "Login attempts by who and outcome.", ["who", "outcome"], registry=REGISTRY)
DELIVERIES = Counter(
    "spontan_outbox_deliveries_total", "WhatsApp delivery attempts by result.", ["result"], registry=REGISTRY
)
JOB_RUNS = Counter(
    "spontan_job_runs_total", "Background job runs by job and result.", ["job", "result"], registry=REGISTRY
)
SOCKETS = Gauge(
    "spontan_active_websockets",
    "Browser tabs connected (all live workers).",
    multiprocess_mode="livesum",
    registry=REGISTRY,
)
SOCKETS_REFRESH_SECONDS = 2.0
# prometheus_client picks its value store when first imported: files when this variable
# was set then (every worker writes its own), memory otherwise.
MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR") if _values.ValueClass is not _values.MutexValue else None

# (module tail, function name) of a use case -> what it counts as.
_SUBMISSIONS = {("applications", "submit"): "new", ("applications", "save_and_resubmit"): "resubmit"}
_LOGINS = {("sessions", "login"): "applicant", ("staff_sessions", "login"): "staff"}


def _use_case_key(use_case: Any) -> tuple[str, str]:
    module = getattr(use_case, "__module__", "") or ""
    return module.rsplit(".", 1)[-1], getattr(use_case, "__name__", "?")


def _outcome(result: Any) -> str:
    if result is None:
        return "exception"
    if result.ok:
        return "ok"
    error = result.error
    name = type(error).__name__ if error is not None else "DomainError"
    return {
        "FieldErrors": "invalid",
        "ValidationError": "invalid",
        "NotLoggedIn": "logged_out",
        "PermissionDenied": "denied",
        "RateLimited": "rate_limited",
        "TooManyLookups": "rate_limited",
    }.get(name, "refused")


def record_use_case(handler: str, use_case: Any, result: Any, seconds: float) -> None:
    outcome = _outcome(result)
    EVENT_SECONDS.labels(handler=handler, outcome=outcome).observe(seconds)
    key = _use_case_key(use_case)
    if key in _SUBMISSIONS and outcome == "ok":
        SUBMISSIONS.labels(kind=_SUBMISSIONS[key]).inc()
    if key in _LOGINS:
        LOGINS.labels(who=_LOGINS[key], outcome="ok" if outcome == "ok" else "refused").inc()


def observed(run: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator for ``HandlerMixin._run``: an event id for the logs, latency and outcome
    for the metrics. The handler's name is the calling frame's (the handler awaits ``_run``)."""

    @functools.wraps(run)
    async def wrapper(self: Any, use_case: Callable[..., Any], /, **kwargs: Any) -> Any:
        caller = sys._getframe(1)  # the handler coroutine awaiting us
        handler = f"{type(self).__name__}.{caller.f_code.co_name}" if caller else type(self).__name__
        token = request_id.set(new_id())
        started = time.perf_counter()
        result = None
        try:
            result = await run(self, use_case, **kwargs)
            return result
        finally:
            try:
                record_use_case(handler, use_case, result, time.perf_counter() - started)
            except Exception:  # metrics never break a handler
                log.exception("recording metrics failed")
            request_id.reset(token)

    return wrapper


# --------------------------------------------------------------------------- read at scrape time


class StateCollector(Collector):
    """Outbox backlog/failures from the database, the answering worker's pool."""

    def collect(self) -> Iterable[GaugeMetricFamily]:
        yield from self._outbox()
        yield from self._pool()

    @staticmethod
    def _outbox() -> Iterable[GaugeMetricFamily]:
        import sqlalchemy as sa

        from spontan_app.db import get_engine
        from spontan_app.domain.models import OutgoingMessage

        table = OutgoingMessage.__table__
        try:
            with get_engine().connect() as conn:
                rows = conn.execute(sa.select(table.c.status, sa.func.count()).group_by(table.c.status)).all()
                oldest = conn.execute(
                    sa.select(sa.func.min(table.c.created_at)).where(table.c.status.in_(["queued", "retrying"]))
                ).scalar()
        except Exception as exc:
            log.warning("outbox metrics unavailable: %s", type(exc).__name__)
            return
        counts = {status: n for status, n in rows}
        backlog = GaugeMetricFamily(
            "spontan_outbox_messages", "WhatsApp outbox rows by status (queued+retrying = backlog).", labels=["status"]
        )
        for status in ("queued", "retrying", "sent", "failed"):
            backlog.add_metric([status], counts.get(status, 0))
        yield backlog
        age = GaugeMetricFamily("spontan_outbox_oldest_pending_seconds", "Age of the oldest undelivered message.")
        if oldest is not None:
            from spontan_app.domain.models import utcnow

            now = utcnow()
            if oldest.tzinfo is None:
                now = now.replace(tzinfo=None)
            age.add_metric([], max((now - oldest).total_seconds(), 0.0))
        else:
            age.add_metric([], 0.0)
        yield age

    @staticmethod
    def _pool() -> Iterable[GaugeMetricFamily]:
        from spontan_app.db import get_engine

        pool = get_engine().pool
        family = GaugeMetricFamily("spontan_db_pool_connections", "This worker's DB connection pool.", labels=["state"])
        for state in ("size", "checkedout", "checkedin", "overflow"):
            value = getattr(pool, state, None)
            if callable(value):
                family.add_metric([state], float(value()))
        yield family


def _count_sockets() -> int | None:
    """Tabs connected to this worker, or None outside a running app."""
    module = sys.modules.get("spontan_app.spontan_app")
    namespace = getattr(getattr(module, "app", None), "event_namespace", None)
    return None if namespace is None else len(namespace.sid_to_token)


async def refresh_socket_gauge_forever() -> None:
    """A lifespan task of each worker: its own tab count into the (summed) gauge."""
    while True:
        try:
            count = _count_sockets()
            if count is not None:
                SOCKETS.set(count)
        except Exception:  # the gauge never takes the worker down
            log.debug("socket count failed", exc_info=True)
        await asyncio.sleep(SOCKETS_REFRESH_SECONDS)


REGISTRY.register(StateCollector())


def exposition() -> tuple[bytes, str]:
    """The text format of every metric (blocking: call it in a worker thread)."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    count = _count_sockets()
    if count is not None:
        SOCKETS.set(count)  # the answering worker's own count is always fresh
    directory = MULTIPROC_DIR
    if directory is None:
        return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=directory)  # every worker's files, summed
    registry.register(StateCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
