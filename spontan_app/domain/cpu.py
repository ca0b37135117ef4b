"""A small pool for CPU-heavy work (bcrypt) whose threads run at a lower scheduling
priority than the rest of the process.

Handlers already run their use cases in worker threads, off Reflex's event loop. That
keeps the loop free of the work, but not of the competition for the CPU: twenty logins
at once are twenty bcrypt threads on two cores, and the thread running the event loop
gets a twenty-first of them, so a bystander's quick event waits its turn behind hashes
(p95 31x idle in bench/events.py's probe). Here the hashes run in at most one thread
per core, each niced (Linux keeps a nice value per thread), so the kernel runs the event
loop first whenever it has work and the hashes take the rest. Throughput of logins is
the same (the cores were already full); only who waits changes.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")

NICE = 10  # CFS weight 110 against the loop's 1024: the loop runs ~9x as often when both want a core
_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None


def _lower_priority() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not Linux, or not permitted: run as is
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)


def _get_pool() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=max(1, os.cpu_count() or 1),
                thread_name_prefix="cpu-low",
                initializer=_lower_priority,
            )
        return _pool


def run_low(work: Callable[..., T], *args: object) -> T:
    """``work(*args)`` in a low-priority thread; the caller (already off the event loop)
    waits for it. Called from one of the pool's own threads, it runs in place."""
    if threading.current_thread().name.startswith("cpu-low"):
        return work(*args)
    return _get_pool().submit(work, *args).result()
