"""Shared pieces of the fault tests: drafts made by the app's own services, the rows a
file leaves behind, a hard kill and a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable

import sqlalchemy as sa

from spontan_app.state.permohonan import PermohonanState
from tests.e2e.conftest import AppServer, _launch
from tests.factories import answer_of
from tests.rxclient import RxClient, full_handler_name
from tests.support import ROOT

SUBMIT = full_handler_name(PermohonanState, "submit")
DECLARE = full_handler_name(PermohonanState, "set_declaration")


def factory(app_server: AppServer, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.factories", *args],
        cwd=ROOT,
        env=app_server.env,
        check=True,
        capture_output=True,
        text=True,
    )
    return answer_of(out.stdout)


def draft(app_server: AppServer, n: int, izin: str = "IPRI-B") -> dict:
    return factory(app_server, "draft", "--n", str(n), "--izin", izin)


def page_of(application_id: int) -> str:
    return f"/permohonan/{application_id}?id={application_id}"


def open_draft(app_server: AppServer, made: dict, timeout: float = 60) -> RxClient:
    """A tab on the draft's page, declaration ticked, ready to press Ajukan Permohonan (or,
    when the page could not load the file, showing its message)."""
    tab = RxClient(app_server.url, cookies={"spontan_session": made["token"]})
    loaded = lambda r: bool(r.value(PermohonanState, "app_id") or r.value(PermohonanState, "form_error"))  # noqa: E731
    tab.connect(page_of(made["id"]), until=loaded, timeout=timeout)
    if tab.value(PermohonanState, "app_id"):
        tab.call(DECLARE, {"checked": True}, until=lambda r: r.has(PermohonanState, "declaration"))
    return tab


def submitted_ok(reply) -> bool:
    return reply.redirect_path() == "/beranda"


def query(app_server: AppServer, sql: str, **params) -> list[dict]:
    engine = sa.create_engine(app_server.database_url)
    try:
        with engine.connect() as conn:
            return [dict(row) for row in conn.execute(sa.text(sql), params).mappings()]
    finally:
        engine.dispose()


def file_state(app_server: AppServer, application_id: int) -> dict:
    row = query(
        app_server,
        "SELECT status, registration_number, submitted_at, due_date, "
        "EXISTS (SELECT 1 FROM application_snapshot s WHERE s.application_id = application.id) AS has_snapshot "
        "FROM application WHERE id = :id",
        id=application_id,
    )[0]
    row["steps"] = query(
        app_server, "SELECT count(*) AS n FROM application_step WHERE application_id = :id", id=application_id
    )[0]["n"]
    return row


def assert_whole_or_untouched(state: dict) -> None:
    """A draft with nothing of a submission, or a submission with everything."""
    if state["status"] == "DRAFT":
        assert state["registration_number"] is None and state["submitted_at"] is None, state
        assert state["steps"] == 0 and not state["has_snapshot"], state
    else:
        assert state["status"] == "SUBMITTED", state
        assert state["registration_number"] and state["submitted_at"] and state["due_date"], state
        assert state["has_snapshot"] and state["steps"] >= 1, state


def assert_numbers_gap_free(app_server: AppServer, izin: str = "IPRI-B") -> list[int]:
    """Every number of this izin and month is used once, and none is skipped."""
    numbers = [
        r["registration_number"]
        for r in query(
            app_server,
            "SELECT registration_number FROM application WHERE registration_number LIKE :pattern",
            pattern=f"%/{izin}/%",
        )
    ]
    by_month: dict[str, list[int]] = {}
    for number in numbers:
        sequence, _, month, year = number.split("/")
        by_month.setdefault(f"{month}/{year}", []).append(int(sequence))
    for sequences in by_month.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1)), sorted(sequences)
    return sorted(n for s in by_month.values() for n in s)


def kill_hard(app_server: AppServer) -> None:
    """SIGKILL to the whole app (no shutdown hooks, no flushing, as a power cut)."""
    os.killpg(app_server.process.pid, signal.SIGKILL)
    app_server.process.wait(timeout=30)


def restart(app_server: AppServer) -> None:
    _launch(app_server)


def eventually(check: Callable[[], bool], timeout: float = 30, every: float = 0.5) -> bool:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return check()
