"""Background jobs with several workers: each queued WhatsApp message goes out exactly once,
each orphan file is cleaned by one worker, and a dead worker's claim lapses.

The database is the suite's (SQLite on the embedded pass, PostgreSQL on CI's second pass),
so the concurrent-sweepers proof runs on both engines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app import db, jobs
from spontan_app.domain.models import JobLease, OutgoingMessage, utcnow
from spontan_app.integrations import storage
from spontan_app.jobs import builtin, claims
from tests.support import ROOT

# --------------------------------------------------------------------------- a WhatsApp Cloud API


class CountingApi:
    """Records every message it is asked to send; answers after ``delay`` seconds."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.received: list[str] = []
        self.lock = threading.Lock()
        self.url = ""


@pytest.fixture
def cloud_api() -> Iterator[CountingApi]:
    api = CountingApi(delay=0.08)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            time.sleep(api.delay)  # a real gateway takes a while: the window for a double send
            with api.lock:
                api.received.append(body["text"]["body"])
                number = len(api.received)
            data = json.dumps({"messages": [{"id": f"wamid.{number}"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_address[1]}/v21.0"
    yield api
    server.shutdown()
    server.server_close()


def _queue(session: Session, count: int, *, age: timedelta = timedelta(minutes=2)) -> list[int]:
    rows = [
        OutgoingMessage(
            to_number=f"+62812000{i:05d}",
            kind="notice",
            body=f"Pesan nomor {i}",
            payload={},
            provider="cloud",
            created_at=utcnow() - age,  # old enough for the sweep
        )
        for i in range(count)
    ]
    session.add_all(rows)
    session.commit()
    return [row.id for row in rows]


def _sweeper(api: CountingApi, database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "SPONTAN_DATABASE_URL": database_url,
        "SPONTAN_WA_PROVIDER": "cloud",
        "SPONTAN_WA_API_URL": api.url,
        "SPONTAN_WA_TOKEN": "test-token",
        "SPONTAN_WA_PHONE_NUMBER_ID": "1234",
        "SPONTAN_LOG_FORMAT": "json",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "spontan_app.jobs", "outbox-sweep"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_sweepers_at_once_send_each_queued_message_exactly_once(session, migrated, cloud_api):
    ids = _queue(session, 40)
    first, second = _sweeper(cloud_api, migrated), _sweeper(cloud_api, migrated)
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    for process, (out, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err[-3000:]
    handled = [int(out.strip().rsplit(" ", 1)[-1]) for out, _ in outputs]

    sent = Counter(cloud_api.received)
    assert len(sent) == 40, "every queued message reached the gateway"
    assert max(sent.values()) == 1, f"sent twice: {[b for b, n in sent.items() if n > 1]}"
    assert sum(handled) == 40
    assert min(handled) > 0, f"the sweepers did not overlap ({handled}); the test proved nothing"
    session.expire_all()
    rows = session.exec(select(OutgoingMessage).where(OutgoingMessage.id.in_(ids))).all()
    assert {row.status for row in rows} == {"sent"}
    assert {row.attempts for row in rows} == {1}
    assert session.exec(select(JobLease)).all() == []  # every claim released


def test_a_message_claimed_elsewhere_is_skipped_not_waited_for(session, is_postgres, dispatched):
    (message_id,) = _queue(session, 1)
    engine = db.get_engine()
    if is_postgres:  # another worker is inside its delivery: it holds the row lock
        holder = engine.connect()
        transaction = holder.begin()
        holder.execute(sa.text("SELECT id FROM outgoing_message WHERE id = :id FOR UPDATE"), {"id": message_id})
    else:  # on SQLite the claim is a live lease
        assert claims.try_lease(engine, f"outbox:{message_id}", timedelta(minutes=5), holder="other-worker")
    started = time.monotonic()
    try:
        assert builtin.deliver_claimed(message_id) is None
    finally:
        if is_postgres:
            transaction.rollback()
            holder.close()
        else:
            claims.release(engine, f"outbox:{message_id}", holder="other-worker")
    assert time.monotonic() - started < 5
    session.expire_all()
    assert session.get(OutgoingMessage, message_id).status == "queued"  # left to its holder
    assert builtin.deliver_claimed(message_id) == "sent"  # free again: delivered (console gateway)
    assert builtin.deliver_claimed(message_id) is None  # and never twice


def test_a_dead_workers_lease_lapses(session):
    engine = db.get_engine()
    assert claims.try_lease(engine, "job:test", timedelta(seconds=-1), holder="dead-worker")  # already lapsed
    assert claims.try_lease(engine, "job:test", timedelta(minutes=5), holder="live-worker")
    assert not claims.try_lease(engine, "job:test", timedelta(minutes=5), holder="third-worker")
    claims.release(engine, "job:test", holder="third-worker")  # not the holder: no effect
    assert not claims.try_lease(engine, "job:test", timedelta(minutes=5), holder="third-worker")
    claims.release(engine, "job:test", holder="live-worker")
    assert claims.try_lease(engine, "job:test", timedelta(minutes=5), holder="third-worker")


def _orphan_document() -> str:
    name = storage.save("documents", b"%PDF-1.4 orphan", "application/pdf")
    old = time.time() - 7200  # as if written two hours ago and its row never committed
    os.utime(storage.path_of("documents", name), (old, old))
    return name


def test_orphan_cleanup_runs_in_one_worker_only(session):
    name = _orphan_document()
    engine = db.get_engine()
    assert claims.try_lease(engine, "job:orphan-files", timedelta(minutes=30), holder="other-worker")
    assert jobs.run("orphan-files") == 0  # the other worker is cleaning
    assert name in storage.stored_names("documents")
    claims.release(engine, "job:orphan-files", holder="other-worker")
    assert jobs.run("orphan-files") == 1
    assert name not in storage.stored_names("documents")


def test_other_features_register_jobs_through_the_hook(monkeypatch):
    ran: list[str] = []
    monkeypatch.setattr(jobs, "JOBS", {})  # only this test's jobs
    monkeypatch.setattr(jobs, "JOB_MODULES", [])

    @jobs.register("test-broken", every=60)
    def broken() -> int:
        """always fails"""
        raise RuntimeError("boom")

    @jobs.register("test-reminders", every=60, description="renewal reminders")
    def reminders() -> int:
        ran.append("reminders")
        return 3

    assert jobs.run_due(now=1010.0) == ["test-reminders"]  # the broken one does not stop it
    assert ran == ["reminders"]
    assert jobs.run_due(now=1020.0) == []  # not due again for a minute
    assert jobs.JOBS["test-reminders"].description == "renewal reminders"
    assert jobs.JOBS["test-broken"].description == "always fails"


def test_jobs_command_lists_and_runs(migrated):
    listed = subprocess.run(
        [sys.executable, "-m", "spontan_app.jobs", "--list"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0
    assert {"outbox-sweep", "orphan-files", "stale-registrations"} <= {
        line.split()[0] for line in listed.stdout.splitlines()
    }
    unknown = subprocess.run(
        [sys.executable, "-m", "spontan_app.jobs", "no-such-job"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert unknown.returncode == 2 and "unknown job" in unknown.stderr


# --------------------------------------------------------------------------- two runs at once (threads)


class TwoRuns:
    """Runs one job in two threads released together; records what each run did and
    which files were being worked on by more than one run at the same moment."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.busy: Counter[int] = Counter()  # item -> runs working on it right now
        self.doubled: list[int] = []
        self.spans: list[tuple[float, float]] = []  # (start, end) of each run

    def watch(self, item: int, work):
        with self.lock:
            self.busy[item] += 1
            if self.busy[item] > 1:
                self.doubled.append(item)
        try:
            time.sleep(0.02)  # a real run takes a while: the window for doing a file twice
            return work()
        finally:
            with self.lock:
                self.busy[item] -= 1

    def run(self, job: str) -> list[int]:
        barrier = threading.Barrier(2)
        results: list[int | BaseException] = [0, 0]

        def one(i: int) -> None:
            barrier.wait()
            started = time.monotonic()
            try:
                results[i] = jobs.run(job)
            except BaseException as error:
                results[i] = error
            finally:
                with self.lock:
                    self.spans.append((started, time.monotonic()))

        threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        assert not any(thread.is_alive() for thread in threads), "a run hung"
        assert not [r for r in results if isinstance(r, BaseException)], results
        return results

    @property
    def overlapped(self) -> bool:
        """Each run started before the other one ended."""
        return max(start for start, _ in self.spans) < min(end for _, end in self.spans)


def test_two_due_date_runs_at_once_recompute_each_open_file_once(session, monkeypatch):
    from datetime import date

    from spontan_app.domain.models import Application
    from spontan_app.services import workflow
    from tests import factories as f

    files = [f.submitted(session, 4500 + i)[1] for i in range(12)]
    session.commit()
    right = {a.id: a.due_date for a in files}
    assert all(right.values())
    for application in files:  # as if the holiday list changed behind the app's back
        application.due_date = date(2000, 1, 3)
        session.add(application)
    session.commit()

    runs = TwoRuns()
    real = workflow.recompute_due_date

    def watched(*, session, application):
        return runs.watch(application.id, lambda: real(session=session, application=application))

    monkeypatch.setattr(workflow, "recompute_due_date", watched)
    monkeypatch.setattr(builtin, "DUE_DATE_BATCH", 4)  # several claims per run
    handled = runs.run("due-dates")

    assert runs.overlapped, "the runs did not overlap; the test proved nothing"
    assert runs.doubled == [], f"files recomputed by both runs at once: {runs.doubled}"
    assert sum(handled) == 12, handled  # each stale due date moved exactly once
    session.expire_all()
    now = {a.id: a.due_date for a in session.exec(select(Application).where(Application.id.in_(list(right))))}
    assert now == right
    assert session.exec(select(JobLease)).all() == []  # every claim released
    assert jobs.run("due-dates") == 0  # nothing left to move


def test_due_date_job_is_a_command():
    listed = subprocess.run(
        [sys.executable, "-m", "spontan_app.jobs", "--list"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert "due-dates" in {line.split()[0] for line in listed.stdout.splitlines()}


def test_two_renewal_reminder_runs_at_once_send_each_reminder_once(session, monkeypatch, dispatched):
    from spontan_app.domain.models import RenewalReminder
    from spontan_app.domain.timefmt import today_wita
    from spontan_app.services import messaging
    from tests import factories as f

    end = today_wita() + timedelta(days=7)
    permits = [f.issued(session, 4600 + i, valid_until=end)[2] for i in range(5)]
    session.commit()
    session.execute(sa.delete(OutgoingMessage))  # the issuing notices; only reminders count below
    session.commit()
    dispatched.clear()

    runs = TwoRuns()
    real = messaging.queue_message

    def watched(**kwargs):
        return runs.watch(kwargs["params"]["number"], lambda: real(**kwargs))

    monkeypatch.setattr(messaging, "queue_message", watched)
    handled = runs.run("renewal-reminders")

    assert runs.overlapped, "the runs did not overlap; the test proved nothing"
    assert sum(handled) == 5, handled
    session.expire_all()
    reminders = session.exec(select(RenewalReminder)).all()
    assert sorted((r.permit_id, r.days_before) for r in reminders) == sorted((p.id, 7) for p in permits)
    messages = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "renewal_reminder_7")).all()
    assert len(messages) == 5, "one WhatsApp reminder per permit"
    assert sorted(m.to_number for m in messages) == sorted({m.to_number for m in messages})
    assert {r.message_id for r in reminders} == {m.id for m in messages}
    assert sorted(dispatched) == sorted(m.id for m in messages)  # each handed to delivery once


def test_the_due_date_job_never_counts_an_open_correction_twice(session):
    """The job runs while the applicant corrects a returned file; on resubmission the held
    working days move the due date once, exactly as without the job."""
    from datetime import UTC, datetime

    from spontan_app.domain.models import Application, ApplicationDocument
    from spontan_app.domain.workdays import working_days_between
    from spontan_app.services import applications, calendar, workflow
    from tests.unit.test_workflow_tracking import me, staff, submitted

    today = datetime.now(UTC).replace(hour=2, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday() + 21)  # 10:00 WITA, three weeks ago
    token, application = submitted(session, 4700, when=monday)
    original_due = application.due_date
    req_id = session.exec(
        select(ApplicationDocument.requirement_id).where(ApplicationDocument.application_id == application.id)
    ).first()
    returned_at = monday + timedelta(hours=2)  # the correction is open since, weeks now
    workflow.staff_return(
        session=session,
        staff=staff(session, "front_office"),
        application_id=application.id,
        note="KTP buram.",
        flag_requirement_ids=[req_id],
        now=returned_at,
    )
    session.commit()
    assert jobs.run("due-dates") == 0  # the open correction is not counted yet
    assert jobs.run("due-dates") == 0
    applications.attach_document(
        session=session,
        applicant=me(session, token),
        application_id=application.id,
        requirement_id=req_id,
        data=b"%PDF-1.4 baru",
        filename="ktp-baru.pdf",
    )
    session.commit()
    workflow.resubmit(
        session=session,
        applicant=me(session, token),
        application_id=application.id,
        now=returned_at + timedelta(days=3),
    )
    session.commit()
    session.expire_all()
    due = session.get(Application, application.id).due_date
    holidays = calendar.holiday_dates(session=session, start=original_due)
    assert working_days_between(original_due, due, holidays) == 3  # Monday to Thursday, once
    assert jobs.run("due-dates") == 0  # and the job agrees with it afterwards
