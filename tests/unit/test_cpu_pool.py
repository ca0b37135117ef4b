"""bcrypt runs in the low-priority pool: the event loop's thread keeps its priority."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from spontan_app.domain import cpu, passwords


def _where() -> tuple[str, int]:
    return threading.current_thread().name, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
def test_heavy_work_runs_niced_in_its_own_threads_and_the_caller_keeps_its_priority():
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    name, nice = cpu.run_low(_where)
    assert name.startswith("cpu-low") and nice == before + cpu.NICE
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before


def test_heavy_work_called_from_heavy_work_runs_in_place():
    def nested() -> tuple[str, str]:
        return threading.current_thread().name, cpu.run_low(_where)[0]

    outer, inner = cpu.run_low(nested)  # no deadlock even when every pool thread waits
    assert outer.startswith("cpu-low") and inner == outer


def test_passwords_still_hash_and_verify_through_the_pool(monkeypatch):
    used: list[str] = []
    real = cpu.run_low

    def spy(work, *args):
        used.append(getattr(work, "__name__", str(work)))
        return real(work, *args)

    monkeypatch.setattr(passwords, "run_low", spy)
    digest = passwords.hash_password("rahasia-123", rounds=4)
    assert passwords.verify_password("rahasia-123", digest)
    assert not passwords.verify_password("salah-123", digest)
    assert not passwords.verify_password("rahasia-123", None)
    assert used == ["hashpw", "checkpw", "checkpw", "checkpw"]
