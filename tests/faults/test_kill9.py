"""kill -9 of the app while people submit and upload: after the restart every file is whole
or untouched, numbers stay gap-free, a retry succeeds once, and no orphan file outlives the
cleanup job."""

from __future__ import annotations

import threading
import time

import httpx

from spontan_app.state.permohonan import PermohonanState
from tests.faults.support import (
    SUBMIT,
    assert_numbers_gap_free,
    assert_whole_or_untouched,
    draft,
    factory,
    file_state,
    kill_hard,
    open_draft,
    query,
    restart,
    submitted_ok,
)

PDF = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024) + b"\n%%EOF\n"


def _fire(tabs, spacing: float) -> None:
    """Press Ajukan Permohonan in each tab, one after another, without waiting for answers."""
    for tab in tabs:
        try:
            tab.call(SUBMIT, {}, timeout=spacing)
        except Exception:
            return


def _press_submit(app_server, made: dict, attempts: int = 2):
    """Ajukan Permohonan from a fresh tab; when no answer shows (a loaded machine, a socket
    lost), the applicant reloads and presses again, as a person would. Submitting is
    idempotent, so the second press finds the file already submitted."""
    # Answered: sent on to Beranda, a toast, or a message on the page ("sudah diajukan").
    answered = lambda r: (  # noqa: E731
        r.redirect_path() is not None or bool(r.events) or bool(r.value(PermohonanState, "form_error"))
    )
    for attempt in range(attempts):
        tab = open_draft(app_server, made)
        try:
            reply = tab.call(SUBMIT, {}, until=answered, timeout=60)
            if answered(reply) or attempt == attempts - 1:
                return reply
        except TimeoutError:
            if attempt == attempts - 1:
                raise
        finally:
            tab.close()
    raise AssertionError("unreachable")


def test_kill_9_during_submissions_leaves_each_file_whole_or_untouched(app_server):
    made = [draft(app_server, 921 + i) for i in range(8)]
    for kill_after, batch in ((0.15, made[:4]), (0.6, made[4:])):
        tabs = [open_draft(app_server, m) for m in batch]
        firing = threading.Thread(target=_fire, args=(tabs, 0.05))
        firing.start()
        time.sleep(kill_after)
        kill_hard(app_server)
        firing.join()
        for tab in tabs:
            tab.close()
        restart(app_server)
        for m in batch:
            assert_whole_or_untouched(file_state(app_server, m["id"]))

    before = {m["id"]: file_state(app_server, m["id"]) for m in made}
    # Each applicant presses the button again: drafts go through, submitted files stay as they are.
    for m in made:
        reply = _press_submit(app_server, m)
        after = file_state(app_server, m["id"])
        assert after["status"] == "SUBMITTED"
        if before[m["id"]]["status"] == "SUBMITTED":
            assert after["registration_number"] == before[m["id"]]["registration_number"]
            assert after["steps"] == before[m["id"]]["steps"]
        else:
            assert submitted_ok(reply)
    assert_numbers_gap_free(app_server)


def _slow_upload(app_server, made: dict, requirement: int, results: list) -> None:
    def body():
        for i in range(0, len(PDF), 256 * 1024):
            yield PDF[i : i + 256 * 1024]
            time.sleep(0.05)

    try:
        with httpx.Client(base_url=app_server.url, cookies={"spontan_session": made["token"]}, timeout=30) as web:
            answer = web.post(
                f"/unggah/{made['id']}/{requirement}",
                content=body(),
                headers={"X-Requested-With": "spontan", "X-File-Name": "ktp.pdf", "Content-Type": "application/pdf"},
            )
            results.append(answer.status_code)
    except httpx.HTTPError as exc:  # the server died under it
        results.append(type(exc).__name__)


def _documents(app_server) -> list[dict]:
    return query(app_server, "SELECT id, application_id, storage_name FROM application_document")


def test_kill_9_during_uploads_leaves_no_half_row_and_no_orphan_after_cleanup(app_server):
    made = [draft(app_server, 931 + i) for i in range(3)]
    rows_before = {d["id"] for d in _documents(app_server)}
    results: list = []
    threads = [
        threading.Thread(target=_slow_upload, args=(app_server, m, m["requirements"][0], results)) for m in made
    ]
    for t in threads:
        t.start()
    time.sleep(0.4)  # the bodies are streaming (each takes ~0.6 s)
    kill_hard(app_server)
    for t in threads:
        t.join()
    restart(app_server)

    documents = _documents(app_server)
    new_rows = [d for d in documents if d["id"] not in rows_before]
    # An upload that was cut off left no row; one that finished left a whole one.
    assert len(new_rows) <= sum(1 for r in results if r == 200)
    removed = factory(app_server, "orphans")["removed"]
    stored = set(
        factory(app_server, "stored")["names"]
    )
    referenced = {d["storage_name"] for d in _documents(app_server)}
    assert stored == referenced, (removed, stored ^ referenced)  # every file has its row and every row its file
