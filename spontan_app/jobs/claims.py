"""Claims on background work, so N workers (or N cron runs) never do the same thing twice.

- One outbox message: on PostgreSQL the row itself is locked with ``FOR UPDATE SKIP
  LOCKED`` for as long as its delivery runs (a second sweeper skips it and, once it is
  committed, no longer sees it as pending). SQLite has no row locks: there a lease row
  in ``job_lease`` is the claim.
- Open files whose due dates are recomputed: on PostgreSQL each batch of rows is locked
  ``FOR UPDATE SKIP LOCKED`` until it commits; on SQLite a lease row on the whole run.
- A whole job run (orphan-file cleanup, stale registrations): a lease row on both
  databases. Renewal reminders need no claim: each (permit, days) row has a unique key
  and only the run that wrote it queues the message.

A lease lapses at ``expires_at``, so a worker killed mid-run blocks nobody for longer
than the lease.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from spontan_app.domain.models import JobLease, utcnow

HOLDER = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
_lease = JobLease.__table__


def try_lease(engine: Engine, resource: str, ttl: timedelta, holder: str = HOLDER) -> bool:
    """Take the lease on ``resource`` if nobody holds it (or the holder's lease lapsed)."""
    now = utcnow()
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(_lease).values(resource=resource, holder=holder, expires_at=now + ttl))
        return True
    except sa.exc.IntegrityError:
        pass
    with engine.begin() as conn:  # taken: only a lapsed lease may be taken over
        taken = conn.execute(
            sa.update(_lease)
            .where(_lease.c.resource == resource, _lease.c.expires_at < now)
            .values(holder=holder, expires_at=now + ttl)
        )
        return taken.rowcount == 1


def release(engine: Engine, resource: str, holder: str = HOLDER) -> None:
    with engine.begin() as conn:
        conn.execute(sa.delete(_lease).where(_lease.c.resource == resource, _lease.c.holder == holder))


@contextmanager
def leased(engine: Engine, resource: str, ttl: timedelta) -> Iterator[bool]:
    """``with leased(engine, "job:x", ttl) as mine: if mine: ...`` (released on exit)."""
    mine = try_lease(engine, resource, ttl)
    try:
        yield mine
    finally:
        if mine:
            release(engine, resource)


def purge_lapsed(engine: Engine, older_than: timedelta = timedelta(hours=1)) -> int:
    """Lease rows of holders that died long ago (housekeeping)."""
    with engine.begin() as conn:
        return conn.execute(sa.delete(_lease).where(_lease.c.expires_at < utcnow() - older_than)).rowcount


def uses_row_locks(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
