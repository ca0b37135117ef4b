"""Events under load: N simulated users speaking Reflex's socket.io protocol
(tests/rxclient.py: the browser's event names, the ``_rx_state_`` var suffix) against the
real app and, in the same run with the same client code and user counts, against a bare
Reflex app with a no-op event (bench/floor_app: the framework's floor).

The journey of one user (real handler names, each answer checked, a wrong or missing
answer is an error):

1. opens /login (hydrate + on_load draws the captcha) and logs in (bcrypt at the
   production cost, in a worker thread), exchanges the one-time code at /sesi/masuk for
   the cookie, and opens /permohonan/baru with it, as the browser does;
2. ``rounds`` times: the wizard from step 1 (bidang → layanan → izin: each pick answers
   with a redirect, then the page's on_load rebuilds the step), a faskes search
   ("klinik"), then /lacak and a tracking lookup of an unknown number.

Submitting a file needs its documents uploaded first (HTTP uploads, then the submit): it
is not part of this journey. The floor's user sends as many no-op events
as a journey user sends events.

    python -m bench.events --start --users 1 10 50
    python -m bench.events --start --redis redis://127.0.0.1:6379/5 --workers 2 --users 1 10 50 100 200

The server's CPU time per event and RSS per connected user are read from /proc for each
server's process group. With Redis, its round trips per event are the growth of
``INFO commandstats`` over a level (the whole Redis server: other clients of the same
Redis would add theirs). The login probe: one user's cheap event (Status Pemohon on
/login), idle and while 20 other users log in at once (target ≤ 2×).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import summary  # noqa: E402

PASSWORD = "rahasia-beban-bench"
CAPTCHA = "TEST42"
IZIN_CODE = "IPRI-B"
PROBE_LOGINS = 20
EVENTS_PER_ROUND = 10  # nav, pick, nav, pick, nav, pick, nav, search, nav /lacak, track
KNEE_FACTOR = 3.0
APART = ("login", "handoff", "hydrate", "submit")  # reported apart from the event percentiles


# --------------------------------------------------------------------------- pure helpers


def knee(levels: list[dict[str, Any]], key: str = "p99", factor: float = KNEE_FACTOR) -> int | None:
    """The first user count whose ``key`` latency passes ``factor`` × the single-user
    level's (the first level is the reference); None when never passed."""
    if not levels:
        return None
    base = levels[0]["event_ms"][key]
    if not base:
        return None
    return next((lv["users"] for lv in levels[1:] if lv["event_ms"][key] > factor * base), None)


def floor_ratios(levels: list[dict[str, Any]], floor: list[dict[str, Any]], key: str = "p95") -> dict[int, float]:
    """users -> the app's ``key`` latency / the floor's at the same user count."""
    by_users = {lv["users"]: lv["event_ms"][key] for lv in floor}
    return {
        lv["users"]: round(lv["event_ms"][key] / by_users[lv["users"]], 2) for lv in levels if by_users.get(lv["users"])
    }


def redis_calls(info: dict[str, Any]) -> int:
    """Commands Redis has answered, from ``INFO commandstats`` (our own INFO calls left out)."""
    return sum(int(v["calls"]) for k, v in info.items() if k.startswith("cmdstat_") and k != "cmdstat_info")


def handoff_of(reply_events: list[dict[str, Any]]) -> str | None:
    """The one-time code in the login's answer (the script that posts it to /sesi/masuk)."""
    for event in reply_events:
        for value in (event.get("payload") or {}).values():
            found = re.search(r'body:"([^"]+)"', value) if isinstance(value, str) else None
            if found:
                return found.group(1)
    return None


# --------------------------------------------------------------------------- servers


def _proc_stats(pgid: int | None) -> tuple[float, int]:
    """(CPU seconds, RSS bytes) of every process in ``pgid``; zeros when unknown."""
    if not pgid:
        return 0.0, 0
    ticks, rss, page = os.sysconf("SC_CLK_TCK"), 0, os.sysconf("SC_PAGE_SIZE")
    cpu = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:
                continue
            cpu += (int(fields[11]) + int(fields[12])) / ticks
            rss += int((entry / "statm").read_text().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
    return cpu, rss


@dataclass
class Served:
    """A server this module started (or a URL it was given: no pgid)."""

    url: str
    pgid: int | None = None
    database_url: str | None = None
    redis_url: str | None = None
    app_dir: Path | None = None
    env: dict[str, str] | None = field(default=None, repr=False)
    stop_fn: Any = field(default=None, repr=False)

    def stop(self) -> None:
        if self.stop_fn is not None:
            self.stop_fn()
            self.stop_fn = None


def _flush(redis_url: str | None) -> None:
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url)
        client.flushdb()  # only the database number of the URL: ours
        client.close()


def start_app(redis_url: str | None = None, workers: int = 1) -> Served:
    """Build and serve the app as the browser tests do (fresh database, prod mode)."""
    if not os.environ.get("SPONTAN_DATABASE_URL"):
        os.environ["SPONTAN_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/events.db"
    from tests.e2e.conftest import start_app as start
    from tests.e2e.conftest import stop_app

    _flush(redis_url)
    extra = {"GRANIAN_WORKERS": str(workers)}
    if redis_url:
        extra["SPONTAN_REDIS_URL"] = redis_url
    server = start(Path(tempfile.mkdtemp(prefix="spontan-bench-")), extra_env=extra)
    return Served(
        server.url,
        server.process.pid,
        server.database_url,
        redis_url,
        server.app_dir,
        server.env,
        lambda: (stop_app(server), _flush(redis_url)),
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def start_floor(redis_url: str | None = None, workers: int = 1) -> Served:
    """bench/floor_app served by ``reflex run --env prod`` (backend only: the socket is all
    the load generator talks to) from a temporary copy, with the app's Redis/worker setup."""
    import httpx

    tmp = Path(tempfile.mkdtemp(prefix="spontan-floor-"))
    app_dir = tmp / "floor_app"
    shutil.copytree(ROOT / "bench" / "floor_app", app_dir, ignore=shutil.ignore_patterns(".web", "__pycache__"))
    port = _free_port()
    _flush(redis_url)
    env = {
        **os.environ,
        "GRANIAN_WORKERS": str(workers),
        "BENCH_FLOOR_REDIS_URL": redis_url or "",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("SPONTAN_REDIS_URL", None)
    env.pop("REFLEX_REDIS_URL", None)
    log = (tmp / "floor.log").open("a")
    reflex = str(Path(sys.executable).with_name("reflex"))
    process = subprocess.Popen(
        [
            reflex,
            "run",
            "--env",
            "prod",
            "--backend-only",
            "--backend-host",
            "127.0.0.1",
            *("--backend-port", str(port)),
            *("--loglevel", "info"),
        ],
        cwd=app_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the floor app exited:\n{(tmp / 'floor.log').read_text()[-3000:]}")
        try:
            if httpx.get(url + "/ping", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            _kill_group(process)
            raise RuntimeError("the floor app did not start in time")
        time.sleep(1)
    return Served(
        url, process.pid, None, redis_url, None, None, lambda: (_kill_group(process), log.close(), _flush(redis_url))
    )


def _prepare(count: int, drafts: int) -> dict[str, Any]:
    """Inside the app's environment (its database and upload folder): ``count`` active
    applicants sharing one production-cost bcrypt hash, the first ``drafts`` of them with a
    complete draft of IPRI-B (values and documents through the services, as
    tests/factories.py makes them), ready to be submitted."""
    from sqlmodel import Session

    from spontan_app.db import get_engine
    from spontan_app.domain.passwords import hash_password
    from spontan_app.services import messaging
    from tests.factories import complete_draft, make_applicant

    messaging.dispatch = lambda ids: None  # leave messages to the served app's sweep
    digest = hash_password(PASSWORD)
    made: dict[str, int] = {}
    with Session(get_engine(), expire_on_commit=False) as session:
        applicants = [make_applicant(session, i, password_hash=digest) for i in range(count)]
        for applicant in applicants[:drafts]:
            made[applicant.username] = complete_draft(session, applicant, IZIN_CODE).id
    names = [a.username for a in applicants]
    return {"names": names, "drafts": made}


def prepare(server: Served, count: int, drafts: int) -> dict[str, Any]:
    """``_prepare`` run as a program with the app's environment."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.events", "--prepare", str(count), str(drafts)],
        cwd=ROOT,
        env=server.env,
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("PREPARED "))
    return json.loads(line.removeprefix("PREPARED "))


def izin_path(database_url: str, code: str = IZIN_CODE) -> tuple[int, int, int]:
    from sqlmodel import Session

    from spontan_app.db import make_engine
    from spontan_app.services import catalogue_public

    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            return catalogue_public.locate(session=session, code=code)
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- users


class Samples:
    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def add(self, kind: str, reply: Any, ok: bool) -> bool:
        if reply.timed_out or not ok:
            self.errors.append(f"{kind}: {'timeout' if reply.timed_out else 'wrong answer'}")
            return False
        self.ms.setdefault(kind, []).append(reply.latency_s * 1000)
        return True

    def events(self) -> list[float]:
        """Every event's latency but the logins' and page loads' (reported apart)."""
        return [v for k, vs in self.ms.items() if k not in APART for v in vs]


async def _floor_user(url: str, events: int, out: Samples) -> None:
    from tests.rxclient import AsyncRxClient

    client = AsyncRxClient(url)
    state = "reflex___state____state.floor_app___floor_app____floor_state"
    try:
        reply = await client.connect("/", until=lambda r: r.has(state, "count"))
        if not out.add("hydrate", reply, True):
            return
        for i in range(events):
            reply = await client.call(f"{state}.noop", {}, until=lambda r: r.has(state, "count"), timeout=60)
            out.add("noop", reply, reply.value(state, "count") == i + 1)
    except Exception as exc:  # a refused or dropped connection is an error of the run, not a crash
        out.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        await client.close()


async def _login(url: str, username: str, out: Samples) -> str | None:
    """Log in through /login as the browser does; the session cookie's value."""
    import httpx

    from spontan_app.state.login import LoginState
    from tests.rxclient import AsyncRxClient, full_handler_name

    tab = AsyncRxClient(url)
    try:
        reply = await tab.connect("/login", until=lambda r: bool(r.value(LoginState, "captcha_image")), timeout=120)
        if not out.add("hydrate", reply, True):
            return None
        form = {"username": username, "password": PASSWORD, "captcha": CAPTCHA}
        reply = await tab.call(
            full_handler_name(LoginState, "submit"),
            {"form": form},
            until=lambda r: "sesi/masuk" in str(r.events) or bool(r.value(LoginState, "form_error")),
            timeout=180,
        )
        code = handoff_of(reply.events)
        if not out.add("login", reply, code is not None):
            return None
    finally:
        await tab.close()
    started = time.perf_counter()
    try:
        async with httpx.AsyncClient(base_url=url, timeout=120) as web:
            headers = {"Origin": url, "Content-Type": "text/plain"}
            answer = await web.post("/sesi/masuk", content=code, headers=headers)
    except httpx.HTTPError as exc:
        out.errors.append(f"handoff: {type(exc).__name__}")
        return None
    token = answer.cookies.get("spontan_session")
    if answer.status_code != 200 or not token:
        out.errors.append(f"handoff: HTTP {answer.status_code}")
        return None
    out.ms.setdefault("handoff", []).append((time.perf_counter() - started) * 1000)
    return token


async def _submit(client: Any, draft_id: int, out: Samples) -> None:
    """Open the complete draft, tick the declaration, press Ajukan Permohonan."""
    from spontan_app.state.permohonan import PermohonanState
    from tests.rxclient import full_handler_name

    reply = await client.navigate(
        f"/permohonan/{draft_id}?id={draft_id}",
        until=lambda r: bool(r.value(PermohonanState, "app_id") or r.value(PermohonanState, "form_error")),
        timeout=60,
    )
    if not out.add("draft", reply, reply.value(PermohonanState, "app_id") == draft_id):
        return
    reply = await client.call(
        full_handler_name(PermohonanState, "set_declaration"),
        {"checked": True},
        until=lambda r: r.has(PermohonanState, "declaration"),
        timeout=60,
    )
    out.add("draft", reply, reply.value(PermohonanState, "declaration") is True)
    reply = await client.call(
        full_handler_name(PermohonanState, "submit"),
        {},
        until=lambda r: r.redirect_path() is not None or bool(r.value(PermohonanState, "form_error")),
        timeout=180,
    )
    out.add("submit", reply, reply.redirect_path() == "/beranda")


async def _journey_user(
    url: str, username: str, rounds: int, path: tuple[int, int, int], draft_id: int | None, out: Samples
) -> None:
    from spontan_app.state.faskes_dialog import FaskesDialogState
    from spontan_app.state.lacak import LacakState
    from spontan_app.state.wizard import WizardState
    from tests.rxclient import AsyncRxClient, full_handler_name

    bidang_id, layanan_id, izin_id = path
    try:
        token = await _login(url, username, out)
        if token is None:
            return
        client = AsyncRxClient(url, cookies={"spontan_session": token})
        try:
            reply = await client.connect(
                "/permohonan/baru", until=lambda r: bool(r.value(WizardState, "bidang")), timeout=120
            )
            if not out.add("hydrate", reply, True):
                return
            step = lambda r: r.has(WizardState, "step")  # noqa: E731
            for i in range(rounds):
                reply = await client.navigate("/permohonan/baru", until=step, timeout=60)
                out.add("wizard", reply, reply.value(WizardState, "step") == 1)
                for handler, arg, want in (
                    ("pick_bidang", bidang_id, lambda r: r.value(WizardState, "step") == 2),
                    ("pick_layanan", layanan_id, lambda r: r.value(WizardState, "step") == 3),
                    ("pick_izin", izin_id, lambda r: r.value(WizardState, "izin_id") == izin_id),
                ):
                    argname = handler.removeprefix("pick_") + "_id"
                    reply = await client.call(
                        full_handler_name(WizardState, handler),
                        {argname: arg},
                        until=lambda r: r.redirect_path() is not None,
                        timeout=60,
                    )
                    target = reply.redirect_path()
                    if not out.add("wizard", reply, bool(target)):
                        break
                    reply = await client.navigate(target, until=step, timeout=60)
                    out.add("wizard", reply, want(reply))
                reply = await client.call(
                    full_handler_name(FaskesDialogState, "search"),
                    {"value": "klinik"},
                    until=lambda r: r.has(FaskesDialogState, "summary"),
                    timeout=60,
                )
                out.add("search", reply, bool(reply.value(FaskesDialogState, "summary")))
                reply = await client.navigate(
                    "/lacak", until=lambda r: bool(r.value(LacakState, "captcha_image")), timeout=60
                )
                out.add("track", reply, True)
                form = {"nomor": f"{900000 + i}/IPRI-B/01/2001", "captcha": CAPTCHA}
                reply = await client.call(
                    full_handler_name(LacakState, "submit"),
                    {"form": form},
                    until=lambda r: r.has(LacakState, "errors") or bool(r.value(LacakState, "form_error")),
                    timeout=60,
                )
                # "tidak ditemukan", or the per-address lookup limit: both are answers.
                shown = reply.value(LacakState, "errors") or reply.value(LacakState, "form_error")
                out.add("track", reply, bool(shown))
                if i == 0 and draft_id:
                    await _submit(client, draft_id, out)
        finally:
            await client.close()
    except Exception as exc:  # a refused or dropped connection is an error of the run, not a crash
        out.errors.append(f"{type(exc).__name__}: {exc}")


# --------------------------------------------------------------------------- levels


def _redis_info(redis_url: str | None) -> dict[str, Any] | None:
    if not redis_url:
        return None
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return client.info("commandstats")
    finally:
        client.close()


async def _measured(users: int, pgid: int | None, redis_url: str | None, work) -> dict[str, Any]:
    """Run ``work`` (a coroutine function of a Samples) for a level, with the server's CPU,
    peak RSS and Redis commands around it."""
    out = Samples()
    cpu0, rss0 = _proc_stats(pgid)
    info0 = _redis_info(redis_url)
    peak = [rss0]
    done = asyncio.Event()

    async def sample_rss() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _proc_stats(pgid)[1])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), 0.5)

    sampler = asyncio.create_task(sample_rss()) if pgid else None
    client_cpu0, started = time.process_time(), time.perf_counter()
    await work(out)
    wall, client_cpu = time.perf_counter() - started, time.process_time() - client_cpu0
    done.set()
    if sampler:
        await sampler
    cpu1, _ = _proc_stats(pgid)
    info1 = _redis_info(redis_url)
    events = sum(len(v) for v in out.ms.values())
    return {
        "users": users,
        "events": events,
        "errors": len(out.errors),
        "error_samples": sorted(set(out.errors))[:5],
        "seconds": round(wall, 2),
        "event_ms": summary(out.events()),
        "kinds_ms": {k: summary(v) for k, v in sorted(out.ms.items())},
        "server_cpu_ms_per_event": round((cpu1 - cpu0) * 1000 / events, 2) if pgid and events else None,
        "server_rss_mb": round(peak[0] / 2**20, 1) if pgid else None,
        "rss_kb_per_user": round((peak[0] - rss0) / 1024 / users, 1) if pgid else None,
        "client_cpu_s": round(client_cpu, 2),
        "redis_calls_per_event": (
            round((redis_calls(info1) - redis_calls(info0)) / events, 2) if info0 is not None and events else None
        ),
    }


def floor_level(server: Served, users: int, events: int) -> dict[str, Any]:
    async def work(out: Samples) -> None:
        await asyncio.gather(*(_floor_user(server.url, events, out) for _ in range(users)))

    return asyncio.run(_measured(users, server.pgid, server.redis_url, work))


def journey_level(
    server: Served,
    users: int,
    rounds: int,
    names: list[str],
    path: tuple[int, int, int],
    drafts: dict[str, int] | None = None,
) -> dict[str, Any]:
    """``users`` journeys at once; a user whose account has a draft left submits it."""
    drafts = drafts if drafts is not None else {}

    async def work(out: Samples) -> None:
        await asyncio.gather(
            *(_journey_user(server.url, name, rounds, path, drafts.pop(name, None), out) for name in names[:users])
        )

    return asyncio.run(_measured(users, server.pgid, server.redis_url, work))


async def _login_probe(url: str, names: list[str], probes: int = 20) -> dict[str, Any]:
    """One bystander's cheap event, idle and while ``len(names)`` users log in at once."""
    from spontan_app.state.login import LoginState
    from tests.rxclient import AsyncRxClient, full_handler_name

    set_status = full_handler_name(LoginState, "set_status")
    drawn = lambda r: bool(r.value(LoginState, "captcha_image"))  # noqa: E731
    bystander = AsyncRxClient(url)
    await bystander.connect("/login", until=drawn, timeout=60)
    flips = [0]

    async def probe() -> float | None:
        flips[0] += 1
        value = "badan_usaha" if flips[0] % 2 else "perorangan"
        reply = await bystander.call(set_status, {"value": value}, until=lambda r: r.has(LoginState, "status_pemohon"))
        return None if reply.timed_out else reply.latency_s * 1000

    try:
        for _ in range(5):  # warm up
            await probe()
        idle = [ms for ms in [await probe() for _ in range(probes)] if ms is not None]
        tabs = [AsyncRxClient(url) for _ in names]
        await asyncio.gather(*(t.connect("/login", until=drawn, timeout=120) for t in tabs))
        submit = full_handler_name(LoginState, "submit")

        async def login(name: str, tab: AsyncRxClient) -> bool:
            form = {"username": name, "password": PASSWORD, "captcha": CAPTCHA}
            reply = await tab.call(submit, {"form": form}, until=lambda r: "sesi/masuk" in str(r.events), timeout=180)
            await tab.close()
            return not reply.timed_out

        logins = asyncio.gather(*(login(n, t) for n, t in zip(names, tabs, strict=True)))
        busy: list[float] = []
        timeouts = 0
        while not logins.done():
            ms = await probe()
            if ms is None:
                timeouts += 1
            else:
                busy.append(ms)
        ok = await logins
    finally:
        await bystander.close()
    idle_s, busy_s = summary(idle), summary(busy)
    return {
        "logins": len(names),
        "logins_ok": sum(ok),
        "idle_ms": idle_s,
        "during_logins_ms": busy_s,
        "probe_timeouts": timeouts,
        "ratio_p50": round(busy_s["p50"] / idle_s["p50"], 2) if idle_s["p50"] else None,
        "ratio_p95": round(busy_s["p95"] / idle_s["p95"], 2) if idle_s["p95"] else None,
    }


def run(
    users: list[int],
    *,
    rounds: int = 3,
    redis_url: str | None = None,
    workers: int = 1,
    app: Served | None = None,
    floor: bool = True,
    probe: bool = True,
    submit: bool = True,
    quiet: bool = False,
) -> dict[str, Any]:
    """Build and serve the app (unless ``app`` is given: it must have its database_url)
    and the floor app; run each user count against the floor, then the app."""
    if workers > 1 and not redis_url:
        raise ValueError("several workers share the state only through Redis (--redis)")
    ours = app is None
    app = app or start_app(redis_url, workers)
    floor_server = None
    try:
        if not (app.database_url and app.env):
            raise ValueError("the journey needs the app's database and environment (accounts are made there)")
        # Each level logs in its own accounts (the next ones), each with one draft to submit.
        total = sum(users)
        made = prepare(app, total + (PROBE_LOGINS if probe else 0) + 1, total if submit else 0)
        names, drafts = made["names"], made["drafts"]
        path = izin_path(app.database_url)
        floor_server = start_floor(redis_url and _other_db(redis_url), workers) if floor else None
        # One unrecorded user through each first: imports, caches and the first connections
        # of every worker are not counted against the first level.
        if floor_server:
            floor_level(floor_server, max(workers, 1), EVENTS_PER_ROUND)
        journey_level(app, 1, 1, names[-1:], path)
        levels, floors, used = [], [], 0
        for n in users:
            if floor_server:
                floors.append(floor_level(floor_server, n, rounds * EVENTS_PER_ROUND))
            levels.append(journey_level(app, n, rounds, names[used : used + n], path, drafts))
            used += n
            if not quiet:
                f = floors[-1]["event_ms"]["p95"] if floors else "-"
                lv = levels[-1]
                print(
                    f"{n} users: p95 {lv['event_ms']['p95']} ms (floor {f}), errors {lv['errors']}",
                    file=sys.stderr,
                )
        probe_names = names[used : used + PROBE_LOGINS]
        login_probe = asyncio.run(_login_probe(app.url, probe_names)) if probe else None
    finally:
        if floor_server:
            floor_server.stop()
        if ours:
            app.stop()
    ratios = floor_ratios(levels, floors)
    for lv in levels:
        lv["floor_p95_ratio"] = ratios.get(lv["users"])
    return {
        "url": app.url,
        "journey": "login → wizard (bidang → layanan → izin) → faskes search → /lacak"
        + (" → submit of a complete draft (first round)" if submit else ""),
        "rounds": rounds,
        "redis": bool(redis_url),
        "workers": workers,
        "levels": levels,
        "floor": floors,
        "knee_users": knee(levels),
        "floor_knee_users": knee(floors) if floors else None,
        "login_probe": login_probe,
    }


def _other_db(redis_url: str) -> str:
    """The floor's Redis: the next database number after the app's."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(redis_url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1}"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.events")
    parser.add_argument("--start", action="store_true", help="build and serve the app and the floor here")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--rounds", type=int, default=3, help="journey rounds per user after its login")
    parser.add_argument("--redis", default=None, help="redis://127.0.0.1:6379/5 (the floor uses db+1)")
    parser.add_argument("--workers", type=int, default=1, help="backend workers (more than 1 needs --redis)")
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--no-probe", action="store_true")
    parser.add_argument("--no-submit", action="store_true", help="no draft submissions in the journey")
    parser.add_argument("--json", default=None, help="also write the result here")
    parser.add_argument("--prepare", nargs=2, type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:  # inside the app's environment (see prepare())
        print("PREPARED " + json.dumps(_prepare(*args.prepare)))
        return
    if not args.start:
        parser.error("--start is required (the journey makes its accounts in the app's database)")
    result = run(
        args.users,
        rounds=args.rounds,
        redis_url=args.redis,
        workers=args.workers,
        floor=not args.no_floor,
        probe=not args.no_probe,
        submit=not args.no_submit,
    )
    text = json.dumps(result, indent=2)
    if args.json:
        Path(args.json).write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
