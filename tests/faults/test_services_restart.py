"""The database and Redis go away under running submissions: the app comes back by itself
(pool pre-ping), users see at worst a message that asks them to try again, and no file is
lost or submitted twice."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time

import pytest
import sqlalchemy as sa

from spontan_app.state.base import RETRY_MESSAGE
from spontan_app.state.beranda import BerandaState
from spontan_app.state.permohonan import PermohonanState
from tests.faults.support import (
    SUBMIT,
    assert_numbers_gap_free,
    assert_whole_or_untouched,
    draft,
    eventually,
    file_state,
    open_draft,
)
from tests.rxclient import RxClient


def _outage(database_url: str, seconds: float) -> None:
    """PostgreSQL: a restart of the server. SQLite: another process holding the database
    locked (the embedded engine's outage: every writer must wait or give up)."""
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        conn = sqlite3.connect(url.database, timeout=5)
        conn.execute("BEGIN EXCLUSIVE")
        time.sleep(seconds)
        conn.rollback()
        conn.close()
        return
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop", "-m", "fast"], check=True)
    time.sleep(seconds)
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True)


def _submit_until_done(app_server, made: dict, messages: list[str]) -> None:
    """An applicant who keeps trying until it goes through: on any message they load the
    page again and press Ajukan Permohonan once more."""
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        try:  # the test's own look at the database fails while the database is away
            if file_state(app_server, made["id"])["status"] == "SUBMITTED":
                return
        except sa.exc.OperationalError:
            time.sleep(1)
            continue
        try:
            tab = open_draft(app_server, made, timeout=20)
        except Exception as exc:
            messages.append(f"load: {type(exc).__name__}")
            time.sleep(1)
            continue
        try:
            if not tab.value(PermohonanState, "app_id"):  # the page showed its error instead of the form
                messages.append(tab.value(PermohonanState, "form_error") or "load: empty page")
                continue
            reply = tab.call(
                SUBMIT,
                {},
                until=lambda r: r.redirect_path() is not None or bool(r.value(PermohonanState, "form_error")),
                timeout=60,
            )
            if reply.redirect_path() == "/beranda":
                return
            messages.append(tab.value(PermohonanState, "form_error") or str(reply.events))
        finally:
            tab.close()
        time.sleep(1)


def test_a_database_outage_during_submissions_loses_nothing_and_doubles_nothing(app_server):
    made = [draft(app_server, 941 + i) for i in range(6)]
    messages: list[str] = []
    users = [threading.Thread(target=_submit_until_done, args=(app_server, m, messages)) for m in made[:3]]
    for user in users:
        user.start()
    outage = threading.Thread(target=_outage, args=(app_server.database_url, 4))
    outage.start()
    time.sleep(0.5)
    late = [threading.Thread(target=_submit_until_done, args=(app_server, m, messages)) for m in made[3:]]
    for user in late:  # these press the button while the database is away
        user.start()
    for thread in [*users, outage, *late]:
        thread.join()

    for m in made:
        state = file_state(app_server, m["id"])
        assert state["status"] == "SUBMITTED", (m, state, messages)
        assert_whole_or_untouched(state)
    assert_numbers_gap_free(app_server)
    # What people saw while it was away: nothing but the ask to try again.
    assert all(m == RETRY_MESSAGE or m.startswith("load:") for m in messages), messages
    print(f"\nduring the outage users saw: {sorted(set(messages))}")


def _redis(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["redis-cli", "-h", "127.0.0.1", *args], capture_output=True, text=True, timeout=10)


def test_a_redis_restart_keeps_people_logged_in(app_server):
    if not app_server.env.get("SPONTAN_REDIS_URL"):
        pytest.skip("Redis is the PostgreSQL + Redis pass's state store (CI pass 2)")
    made = draft(app_server, 951)
    cookie = {"spontan_session": made["token"]}
    has_rows = lambda r: bool(r.value(BerandaState, "rows"))  # noqa: E731
    with RxClient(app_server.url, cookies=cookie) as tab:
        tab.connect("/beranda", until=has_rows)
        _redis("shutdown", "nosave")
        time.sleep(1)
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
        )
        assert eventually(lambda: _redis("ping").stdout.strip() == "PONG", timeout=20)
        # The open tab navigates on: its state was in Redis and is gone, its login is not.
        reply = tab.navigate("/beranda", until=has_rows, timeout=60)
        assert reply.redirect_path() is None and tab.value(BerandaState, "rows")
    with RxClient(app_server.url, cookies=cookie) as fresh:  # and a new tab just works
        assert fresh.connect("/beranda", until=has_rows, timeout=60).redirect_path() is None
