"""Sustained submissions with a 1 MB document each (issue 12, item 4): target ≥ 20 per
second on PostgreSQL on a 2-core machine, registration numbers gap-free.

    python -m bench.submissions                                   # PostgreSQL and SQLite, full
    python -m bench.submissions --size tiny                       # seconds
    python -m bench.submissions --url postgresql+psycopg://postgres@127.0.0.1:5432/spontan_bench_subs

**Every database named is emptied** (a scratch database: ``scratch_url`` derives one from
the benchmark's own URL). What one submission does, through the services the app runs:

1. the upload of each measured document: ``accounts.current_applicant`` (the cookie's
   token) and ``applications.attach_document`` with a 1 MiB PDF body, in one unit of work,
   exactly the work of the ``/unggah`` route once it has read the body (magic-byte check,
   SHA-256, temporary file + fsync + rename, the rows, the audit entry);
2. the wizard's submit event: ``applications.save_draft`` with the whole form, then
   ``applications.submit`` (validation, the registration number from the counter row, the
   due date, the snapshot, the history steps, the audit entry, the WhatsApp notice queued),
   each in its own unit of work as ``HandlerMixin._run`` does.

Set up (not measured): migrated database, reference data as ``bench.generate`` seeds it,
one applicant per submission with a live login session and a complete draft of an izin
(IPRI-B, location and two required documents): its form filled in through
``save_draft``, and the requirements not measured already uploaded (a small PDF). The
WhatsApp delivery that follows a commit is a background job in the app; here it is not
started (the message row is still written).

Workers: ``processes`` × ``threads`` (two app workers, each with its thread pool, as the
compose file runs them) share one queue of drafts. Baseline in the same run, same layout and
count: the floor of one submission's unavoidable work on this machine, writing the same
1 MiB file(s) with fsync and one INSERT + commit on the same database, measured before
and after the submissions (the faster counts). After the run the numbers are checked:
per (izin, month) they are exactly 1..n with the counter row at n, no duplicate, and
every submission left its submitted file, its document row and its stored file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import summary  # noqa: E402

TARGET_PER_SECOND = 20.0
DOCUMENT_BYTES = 1024 * 1024
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/spontan_bench_subs"
DEFAULT_SQLITE = f"sqlite:///{Path(tempfile.gettempdir()) / 'spontan-bench-subs.db'}"
IZIN_CODE = "IPRI-B"  # location and two required documents; the tests' complete draft
_NUMBER = re.compile(r"^(\d+)/(.+)/(\d{2})/(\d{4})$")


@dataclass(frozen=True)
class Config:
    submissions: int  # drafts set up, each submitted once
    processes: int
    threads: int  # per process
    documents: int = 1  # 1 MiB uploads per submission inside the measured path
    max_seconds: float = 180.0  # stop taking new drafts after this (a very slow machine)

    @classmethod
    def named(cls, name: str) -> Config:
        return {
            "tiny": cls(submissions=12, processes=1, threads=2),
            "full": cls(submissions=300, processes=2, threads=4),
        }[name]


def scratch_url(url: str) -> str:
    """A database beside ``url`` for this benchmark (it is emptied): ``<name>_subs`` on
    PostgreSQL, ``<file>-subs.db`` on SQLite."""
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or str(Path(tempfile.gettempdir()) / "spontan-bench.db"))
        return str(parsed.set(database=str(path.with_name(path.stem + "-subs.db"))))
    return parsed.set(database=f"{parsed.database}_subs").render_as_string(hide_password=False)


def pdf_body(size: int = DOCUMENT_BYTES) -> bytes:
    """A PDF-looking body of exactly ``size`` bytes (the app sniffs the magic bytes)."""
    head, tail = b"%PDF-1.4\n", b"\n%%EOF\n"
    filler = (os.urandom(4096) * (size // 4096 + 1))[: size - len(head) - len(tail)]
    return head + filler + tail


# --------------------------------------------------------------------------- set up


def _use(url: str, upload_dir: Path) -> None:
    """Point this process's settings, engine and storage at the benchmark's database and folder."""
    os.environ["SPONTAN_DATABASE_URL"] = url
    os.environ["SPONTAN_UPLOAD_DIR"] = str(upload_dir)
    from spontan_app import db
    from spontan_app.services import messaging
    from spontan_app.settings import reset_settings_cache

    reset_settings_cache()
    db.reset_engine()
    messaging.dispatch = lambda ids: None  # delivery is a background job, not the request


def _prepare(url: str) -> None:
    import sqlalchemy as sa

    from alembic import command
    from bench.generate import _reference_data
    from spontan_app import db
    from tests.support import alembic_config, ensure_postgres_database, reset_database

    if url.startswith("postgresql"):
        ensure_postgres_database(url)
    db.reset_engine()
    reset_database(url)
    command.upgrade(alembic_config(url), "head")
    _reference_data()
    serial = "SERIAL" if url.startswith("postgresql") else "INTEGER"
    with db.get_engine().begin() as conn:
        conn.execute(sa.text(f"CREATE TABLE bench_floor (id {serial} PRIMARY KEY, note VARCHAR(40))"))


def _set_up_drafts(config: Config) -> list[dict[str, Any]]:
    """One applicant per submission, logged in, with a complete draft: returns the jobs."""
    from sqlmodel import select

    from spontan_app.db import session_scope
    from spontan_app.domain.models import JenisIzin, utcnow
    from spontan_app.domain.passwords import hash_password
    from spontan_app.services import applications, login_sessions, snapshot
    from spontan_app.services.accounts._common import SESSION_MAX
    from tests.factories import make_applicant

    small = pdf_body(20_000)
    password_hash = hash_password("Bench#2026pass", rounds=4)
    jobs: list[dict[str, Any]] = []
    with session_scope() as session:
        izin = session.exec(select(JenisIzin).where(JenisIzin.code == IZIN_CODE)).one()
        requirements = [r.id for r in snapshot.live_requirements(session, izin.id)]
    if not 1 <= config.documents <= len(requirements):
        raise ValueError(f"{IZIN_CODE} has {len(requirements)} requirements; documents={config.documents}")
    measured, ahead = requirements[-config.documents :], requirements[: -config.documents]
    batch = 50
    for first in range(0, config.submissions, batch):
        with session_scope() as session:
            for n in range(first, min(first + batch, config.submissions)):
                applicant = make_applicant(session, n, name=f"Pemohon Bench {n}", password_hash=password_hash)
                token = login_sessions.open_session(
                    session, lifetime=SESSION_MAX, ip=None, now=utcnow(), applicant_id=applicant.id
                )
                draft = applications.start_draft(session=session, applicant=applicant, izin_id=izin.id)
                values = {
                    "jenis_kelamin": "Laki-laki",
                    "jumlah": "3",
                    "tanggal_mulai": "2026-12-10",
                    "tanggal_selesai": "2026-12-20",
                    "nomor_hp": f"0812 700{n:05d}",
                }
                form = {
                    "lokasi": "Simpang Dam, Balikpapan",
                    "latitude": "-1.2401",
                    "longitude": "116.8702",
                    "keterangan": "",
                }
                applications.save_draft(
                    session=session,
                    applicant=applicant,
                    application_id=draft.id,
                    data=applications.DraftInput(values=values, draft_step=6, **form),
                )
                for requirement_id in ahead:
                    applications.attach_document(
                        session=session,
                        applicant=applicant,
                        application_id=draft.id,
                        requirement_id=requirement_id,
                        data=small,
                        filename="ktp.pdf",
                    )
                jobs.append({"token": token, "application_id": draft.id, "requirements": measured, "form": form})
    with session_scope() as session:  # what the wizard sends back on submit: the whole form
        for job in jobs:
            job["values"] = applications.values_of(session=session, application_id=job["application_id"])
    return jobs


# --------------------------------------------------------------------------- the measured work


def _submit_one(job: dict[str, Any], body: bytes) -> dict[str, Any]:
    from spontan_app.db import session_scope
    from spontan_app.services import accounts, applications

    t0 = time.monotonic()
    for requirement_id in job["requirements"]:  # POST /unggah/{app}/{req}: one unit of work each
        with session_scope() as session:
            applications.attach_document(
                session=session,
                applicant=accounts.current_applicant(session=session, token=job["token"]),
                application_id=job["application_id"],
                requirement_id=requirement_id,
                data=body,
                filename="surat-permohonan.pdf",
            )
    t1 = time.monotonic()
    data = applications.DraftInput(values=dict(job["values"]), draft_step=6, **job["form"])
    with session_scope() as session:  # PermohonanState.submit: the form is saved first…
        applications.save_draft(
            session=session,
            applicant=accounts.current_applicant(session=session, token=job["token"]),
            application_id=job["application_id"],
            data=data,
        )
    t2 = time.monotonic()
    with session_scope() as session:  # …then submitted in its own transaction
        result = applications.submit(
            session=session,
            applicant=accounts.current_applicant(session=session, token=job["token"]),
            application_id=job["application_id"],
            submit_key=secrets.token_hex(8),
            declaration=True,
        )
    t3 = time.monotonic()
    return {
        "start": t0,
        "end": t3,
        "upload": t1 - t0,
        "save": t2 - t1,
        "submit": t3 - t2,
        "number": result.registration_number,
    }


def _floor_one(job: dict[str, Any], body: bytes) -> dict[str, Any]:
    """The same bytes to disk the same way (temporary file, fsync, rename), one INSERT + commit."""
    import sqlalchemy as sa

    from spontan_app.db import get_engine
    from spontan_app.settings import get_settings

    folder = Path(get_settings().upload_dir) / "floor"
    t0 = time.monotonic()
    for _ in job["requirements"]:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, folder / (secrets.token_urlsafe(24) + ".pdf"))
    with get_engine().begin() as conn:
        conn.execute(sa.text("INSERT INTO bench_floor (note) VALUES (:n)"), {"n": f"app {job['application_id']}"})
    t1 = time.monotonic()
    return {"start": t0, "end": t1}


def _threads(kind: str, jobs: list, threads: int, counter: Any, go: Any, deadline: float) -> dict[str, Any]:
    """Run ``threads`` threads taking jobs from the shared ``counter`` until none is left."""
    work = _submit_one if kind == "submit" else _floor_one
    body = pdf_body()
    records: list[dict[str, Any]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def loop() -> None:
        while True:
            with counter.get_lock():
                index = counter.value
                counter.value += 1
            if index >= len(jobs) or time.monotonic() > deadline:
                return
            try:
                record = work(jobs[index], body)
            except Exception as exc:  # counted and shown, the run goes on
                with lock:
                    errors.append(f"{type(exc).__name__}: {str(exc)[:160]}")
                continue
            with lock:
                records.append(record)

    go.wait()
    used = resource.getrusage(resource.RUSAGE_SELF)
    pool = [threading.Thread(target=loop) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    done = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (done.ru_utime - used.ru_utime) + (done.ru_stime - used.ru_stime)
    return {"records": records, "errors": errors, "cpu_seconds": cpu}


def _process(
    kind, url, upload_dir, jobs, threads, counter, ready, go, out, release, max_seconds
) -> None:  # pragma: no cover
    """A worker process (spawned, like an app worker): its own engine and pool."""
    _use(url, Path(upload_dir))
    from spontan_app.db import session_scope

    with session_scope() as session:  # connect before the clock starts
        session.connection()
    ready.put(os.getpid())
    go.wait()
    out.put(_threads(kind, jobs, threads, counter, go, time.monotonic() + max_seconds))
    release.wait(60)  # keep the database connections (and their CPU counters) until read


def _cpu(database: str | None) -> tuple[int, int, int]:
    """Clock ticks: the machine's busy and total time (/proc/stat), and the CPU time of the
    PostgreSQL backends serving ``database`` on this machine (their title names it; 0 for
    SQLite or a server elsewhere). Backends of other databases are other work."""
    busy = total = server = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        total = sum(fields[:8])
        busy = total - fields[3] - fields[4]  # minus idle and iowait
    if not database:
        return busy, total, 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                if title.startswith("postgres:") and f" {database} " in title:
                    text = (entry / "stat").read_text()
                    rest = text[text.rindex(")") + 2 :].split()
                    server += int(rest[11]) + int(rest[12])  # utime, stime
    return busy, total, server


def _measure(kind: str, url: str, upload_dir: Path, jobs: list, config: Config) -> dict[str, Any]:
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    counter, go, release = ctx.Value("i", 0), ctx.Event(), ctx.Event()
    parts: list[dict[str, Any]] = []
    tick = os.sysconf("SC_CLK_TCK")
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    database = parsed.database if parsed.get_backend_name() == "postgresql" else None
    if config.processes <= 1:
        cpu_before = _cpu(database)
        go.set()
        started = time.monotonic()
        parts.append(_threads(kind, jobs, config.threads, counter, go, started + config.max_seconds))
        cpu_after = _cpu(database)
    else:
        ready, out = ctx.Queue(), ctx.Queue()
        args = (kind, url, str(upload_dir), jobs, config.threads, counter, ready, go, out, release, config.max_seconds)
        procs = [ctx.Process(target=_process, args=args) for _ in range(config.processes)]
        for proc in procs:
            proc.start()
        try:
            for _ in procs:
                ready.get(timeout=120)
            cpu_before = _cpu(database)
            go.set()
            started = time.monotonic()
            parts = [out.get(timeout=config.max_seconds + 300) for _ in procs]
            cpu_after = _cpu(database)
        finally:
            release.set()
            for proc in procs:
                proc.join(timeout=30)
                if proc.is_alive():
                    proc.terminate()
    records = [r for part in parts for r in part["records"]]
    errors = [e for part in parts for e in part["errors"]]
    cpu = sum(part["cpu_seconds"] for part in parts)
    wall = (max(r["end"] for r in records) - started) if records else 0.0
    result: dict[str, Any] = {
        "done": len(records),
        "errors": len(errors),
        "error_kinds": dict(Counter(errors).most_common(3)),
        "seconds": round(wall, 3),
        "per_second": round(len(records) / wall, 2) if wall else 0.0,
        "ms": summary([(r["end"] - r["start"]) * 1000 for r in records]),
        "cpu_ms_each": round(cpu * 1000 / max(len(records), 1), 1),
        # the PostgreSQL backends serving this database (on this machine), per submission
        "server_cpu_ms_each": round((cpu_after[2] - cpu_before[2]) * 1000 / tick / max(len(records), 1), 1),
        # how busy the whole machine was meanwhile, and how much of it was not this benchmark
        "machine_busy_pct": round(100 * (cpu_after[0] - cpu_before[0]) / max(cpu_after[1] - cpu_before[1], 1), 1),
    }
    ours = (cpu + (cpu_after[2] - cpu_before[2]) / tick) / max(wall, 1e-6) / (os.cpu_count() or 1) * 100
    result["others_pct"] = round(max(0.0, result["machine_busy_pct"] - ours), 1)
    if kind == "submit":
        result["phases_ms_p50"] = {
            phase: summary([r[phase] * 1000 for r in records])["p50"] for phase in ("upload", "save", "submit")
        }
        result["numbers"] = [r["number"] for r in records]
    return result


# --------------------------------------------------------------------------- checks


def number_gaps(numbers: list[str], counters: dict[tuple[str, int, int], int]) -> dict[str, Any]:
    """Per (izin, year, month): the sequences must be exactly 1..n and the counter row at n.
    ``counters``: (izin code, year, month) -> last_value."""
    groups: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    malformed = 0
    for number in numbers:
        match = _NUMBER.match(number)
        if match is None:
            malformed += 1
            continue
        seq, code, month, year = match.groups()
        groups[(code, int(year), int(month))].append(int(seq))
    holes = duplicates = 0
    for key, seqs in groups.items():
        duplicates += len(seqs) - len(set(seqs))
        holes += max(max(seqs), counters.get(key, 0)) - len(set(seqs))
    stray = sum(last for key, last in counters.items() if key not in groups)  # numbers given, none stored
    holes += stray
    return {
        "gap_free": not (holes or duplicates or malformed),
        "numbers": len(numbers),
        "groups": {f"{c} {m:02d}/{y}": len(s) for (c, y, m), s in sorted(groups.items())},
        "holes": holes,
        "duplicates": duplicates,
        "malformed": malformed,
    }


def _check(upload_dir: Path, config: Config, numbers: list[str]) -> dict[str, Any]:
    """Gap-free numbers per (izin, month), and every submission's rows and stored file."""
    import sqlalchemy as sa

    from spontan_app.db import get_engine

    with get_engine().connect() as conn:
        stored_numbers = [
            row[0]
            for row in conn.execute(
                sa.text("SELECT registration_number FROM application WHERE registration_number IS NOT NULL")
            )
        ]
        counters = {
            (code, int(year), int(month)): int(last)
            for code, year, month, last in conn.execute(
                sa.text("SELECT izin_code, year, month, last_value FROM registration_counter")
            )
        }
        submitted = conn.execute(sa.text("SELECT count(*) FROM application WHERE status = 'SUBMITTED'")).scalar_one()
        documents = conn.execute(
            sa.text("SELECT count(*) FROM application_document WHERE size = :s AND is_current"),
            {"s": DOCUMENT_BYTES},
        ).scalar_one()
    gaps = number_gaps(stored_numbers, counters)
    folder = upload_dir / "documents"
    files = sum(1 for e in os.scandir(folder) if e.is_file() and e.stat().st_size == DOCUMENT_BYTES)
    expected_docs = len(numbers) * config.documents
    return {
        **gaps,
        "reported_match_stored": sorted(numbers) == sorted(stored_numbers),
        "submitted_files": int(submitted),
        "documents_1mb": int(documents),
        "stored_files_1mb": files,
        "complete": int(submitted) == len(numbers) == len(stored_numbers)
        and int(documents) == expected_docs
        and files == expected_docs,
    }


# --------------------------------------------------------------------------- entry points


def run(
    url: str, size: str = "full", *, config: Config | None = None, label: str = "", quiet: bool = True
) -> dict[str, Any]:
    """Empty ``url``, set up, measure the floor, the submissions, the floor again; check the
    numbers. Restores the process's database and upload settings afterwards."""
    import sqlalchemy as sa

    config = config or Config.named(size)
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    backend = sa.engine.make_url(url).get_backend_name()
    from spontan_app.services import messaging

    saved = {key: os.environ.get(key) for key in ("SPONTAN_DATABASE_URL", "SPONTAN_UPLOAD_DIR")}
    dispatch = messaging.dispatch
    upload_dir = Path(tempfile.mkdtemp(prefix="spontan-bench-subs-", dir=_upload_parent()))
    (upload_dir / "floor").mkdir()
    try:
        _use(url, upload_dir)
        t0 = time.monotonic()
        _prepare(url)
        jobs = _set_up_drafts(config)
        say(f"[submissions] {backend}: {len(jobs)} drafts set up in {time.monotonic() - t0:.1f} s")
        floor_before = _measure("floor", url, upload_dir, jobs, config)
        from spontan_app import db

        db.reset_engine()  # the parent's pool is not used by the measured workers
        measured = _measure("submit", url, upload_dir, jobs, config)
        say(f"[submissions] {backend}: {measured['per_second']}/s, errors {measured['errors']}")
        floor_after = _measure("floor", url, upload_dir, jobs, config)
        numbers = measured.pop("numbers")
        checks = _check(upload_dir, config, numbers)
        floor = max((floor_before, floor_after), key=lambda f: f["per_second"])
        return {
            "database": label or {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(backend, backend),
            "config": asdict(config),
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "submissions": measured,
            "floor": floor,
            "floor_runs_per_second": [floor_before["per_second"], floor_after["per_second"]],
            "floor_ratio": round(floor["per_second"] / measured["per_second"], 2) if measured["per_second"] else None,
            "checks": checks,
            "target_per_second": TARGET_PER_SECOND,
            "target_met": measured["per_second"] >= TARGET_PER_SECOND and checks["gap_free"] and not measured["errors"],
        }
    finally:
        from spontan_app import db
        from spontan_app.settings import reset_settings_cache

        db.reset_engine()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reset_settings_cache()
        messaging.dispatch = dispatch
        shutil.rmtree(upload_dir, ignore_errors=True)


def _upload_parent() -> str:
    """Scratch files on the disk the app writes to (never a RAM disk, where fsync is free)."""
    return os.environ.get("SPONTAN_BENCH_UPLOAD_PARENT") or tempfile.gettempdir()


def run_all(urls: dict[str, str], size: str = "full", *, config: Config | None = None, quiet: bool = True) -> dict:
    """``urls``: label -> scratch database URL (emptied). The shape ``markdown`` renders."""
    config = config or Config.named(size)
    return {
        "size": size,
        "databases": {label: run(url, size, config=config, label=label, quiet=quiet) for label, url in urls.items()},
    }


# --------------------------------------------------------------------------- report


def markdown(result: dict[str, Any]) -> list[str]:
    """Lines of the "## Submissions" section of docs/performance.md."""
    databases = result["databases"] if "databases" in result else {result["database"]: result}
    first = next(iter(databases.values()))
    c = first["config"]
    out = [
        "## Submissions",
        "",
        f"Issue 12 item 4: sustained submissions, each storing a {DOCUMENT_BYTES // 1048576} MB PDF "
        f"({c['documents']} per submission) through `applications.attach_document` (the `/unggah` "
        "route's work) and then the wizard's submit (`save_draft`, then `submit`, which takes the "
        f"registration number), {c['processes']} processes × {c['threads']} threads "
        f"({c['submissions']} drafts, one per applicant) on {first['cpus']} CPUs; "
        "`python -m bench.submissions`. Floor = the same file(s) written with fsync plus one "
        "INSERT + commit on the same database, same workers and count, measured in the same run "
        f"(the faster of a run before and one after). Target: ≥ {TARGET_PER_SECOND:g} per second "
        "on PostgreSQL, numbers gap-free.",
        "",
        "| Database | Submissions/s | p50 ms | p95 ms | Errors | Upload / save / submit p50 ms | "
        "CPU ms each (app + PostgreSQL) | Floor/s | Floor ÷ measured | Numbers gap-free | All landed | Target |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---|---|---|",
    ]
    for name, data in databases.items():
        s, f, k = data["submissions"], data["floor"], data["checks"]
        phases = " / ".join(f"{v:.0f}" for v in s["phases_ms_p50"].values())
        gap = (
            f"yes ({k['numbers']} numbers)"
            if k["gap_free"]
            else f"**no** ({k['holes']} holes, {k['duplicates']} duplicates)"
        )
        out.append(
            f"| {name} | {s['per_second']:.1f} | {s['ms']['p50']:.0f} | {s['ms']['p95']:.0f} | {s['errors']} | "
            f"{phases} | {s['cpu_ms_each']:.0f} + {s['server_cpu_ms_each']:.0f} | {f['per_second']:.1f} | "
            f"{data['floor_ratio'] or 0:.1f}× | {gap} | "
            f"{'yes' if k['complete'] else '**no**'} | {_target(data)} |"
        )
    out += [
        "",
        "While measuring, the machine was "
        + ", ".join(
            f"{d['submissions']['machine_busy_pct']:.0f}% busy ({d['submissions']['others_pct']:.0f}% other work) "
            f"for {n}"
            for n, d in databases.items()
        )
        + "; the floor and the CPU per submission are the figures to compare between runs.",
    ]
    for name, data in databases.items():
        s = data["submissions"]
        if s["errors"]:
            out += ["", f"{name} errors: " + "; ".join(f"`{e}` × {n}" for e, n in s["error_kinds"].items())]
        if not data["target_met"] and data["database"] == "PostgreSQL":
            out += ["", f"**{name}: target not met.** {_why(data)}"]
    return [*out, ""]


def _target(data: dict[str, Any]) -> str:
    if data["database"] != "PostgreSQL":
        return "(second figure)"
    return "met" if data["target_met"] else "**not met**"


def _why(data: dict[str, Any]) -> str:
    """The reason, from the figures: CPU, the machine's floor, or the numbers."""
    s, cpus = data["submissions"], data["cpus"] or 1
    if not data["checks"]["gap_free"] or not data["checks"]["complete"]:
        return "Numbers or documents are wrong (see the checks in results.json): fix before measuring."
    cpu_each = s["cpu_ms_each"] + s["server_cpu_ms_each"]
    ceiling = cpus * 1000 / max(cpu_each, 1e-6)
    left = ceiling * max(0.0, 1 - s["others_pct"] / 100)
    if data["floor"]["per_second"] < TARGET_PER_SECOND:
        return (
            f"The machine's own floor (write + fsync + one commit) reaches only {data['floor']['per_second']:.1f}/s "
            "in this run: the disk or the shared machine bounds it, rerun when idle."
        )
    phases = s["phases_ms_p50"]
    slowest = max(phases, key=phases.get)
    if left < TARGET_PER_SECOND * 1.2:
        return (
            f"CPU: one submission costs {cpu_each:.0f} ms of CPU ({s['cpu_ms_each']:.0f} in the app, "
            f"{s['server_cpu_ms_each']:.0f} in PostgreSQL), which caps {cpus} idle CPUs near {ceiling:.0f}/s; other "
            f"work took {s['others_pct']:.0f}% of the machine during the run, leaving room for ≈ {left:.0f}/s. "
            "Next step: fewer statements per submission (each costs CPU on both sides: the session lookup is "
            "repeated in each of the four units of work, and validation reads the catalogue again), and rerun "
            "on an idle machine."
        )
    return (
        f"Waiting, not CPU: one submission costs {cpu_each:.0f} ms of CPU (≈ {ceiling:.0f}/s on {cpus} CPUs) but "
        f"`{slowest}` takes {phases[slowest]:.0f} ms p50; submissions of one izin and month queue on the "
        "registration counter's row lock until commit. Next step: `python -m bench.submissions --profile` and "
        "fewer statements between taking the number and the commit."
    )


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.submissions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", action="append", help="scratch database (emptied); repeat for several")
    parser.add_argument("--size", default="full", choices=["tiny", "full"])
    parser.add_argument("--submissions", type=int)
    parser.add_argument("--processes", type=int)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--documents", type=int)
    parser.add_argument("--json", type=Path, help="also write the result here")
    parser.add_argument("--profile", action="store_true", help="one process under cProfile; prints the top")
    args = parser.parse_args(argv)
    config = Config.named(args.size)
    overrides = {k: getattr(args, k) for k in ("submissions", "processes", "threads", "documents")}
    config = replace(config, **{k: v for k, v in overrides.items() if v is not None})
    urls = args.url or [DEFAULT_POSTGRES, DEFAULT_SQLITE]
    if args.profile:
        _profile(urls[0], replace(config, processes=1))
        return
    labels = {}
    for url in urls:
        label = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
        labels[label if label not in labels else url] = url
    result = run_all(labels, args.size, config=config, quiet=False)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    print("\n".join(markdown(result)))


def _profile(url: str, config: Config) -> None:
    """The measured submissions in this process under cProfile (threads: only the main one
    is profiled, so threads=1 is forced); prints the top of the cumulative list."""
    import cProfile
    import pstats

    config = replace(config, threads=1)
    upload_dir = Path(tempfile.mkdtemp(prefix="spontan-bench-subs-", dir=_upload_parent()))
    (upload_dir / "floor").mkdir()
    try:
        _use(url, upload_dir)
        _prepare(url)
        jobs = _set_up_drafts(config)
        body = pdf_body()
        profiler = cProfile.Profile()
        started = time.monotonic()
        profiler.enable()
        for job in jobs:
            _submit_one(job, body)
        profiler.disable()
        took = time.monotonic() - started
        print(f"{len(jobs)} submissions, one thread, {len(jobs) / took:.1f}/s under the profiler")
        with contextlib.redirect_stdout(sys.stdout):
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    finally:
        shutil.rmtree(upload_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
