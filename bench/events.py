"""Events under load: N simulated users speaking Reflex's socket.io protocol
(tests/rxclient.py) against a running app, each in its own tab (token).

Each user opens /lacak (hydrate + on_load draws a captcha), then alternates a tracking
lookup with a wrong captcha (the error and a new captcha come back) and one with the
right captcha for an unknown number (a database lookup in a worker thread).
Latency is send -> the frame that answers (``until=``), so no quiet wait is counted.

    python -m bench.events --url http://127.0.0.1:3000 --users 1 10 50
    python -m bench.events --start --users 1 10 50      # builds and serves the app itself

The server's CPU time per event and RSS per connected user are read from /proc for the
app's process group when it was started here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import summary  # noqa: E402


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


def _answered(reply: Any) -> bool:
    from spontan_app.state.lacak import LacakState

    return reply.has(LacakState, "errors") or bool(reply.value(LacakState, "form_error"))


async def _user(url: str, rounds: int, captcha: str, out: dict[str, list[float]], errors: list[str]) -> None:
    from spontan_app.state.lacak import LacakState
    from tests.rxclient import AsyncRxClient, full_handler_name

    submit = full_handler_name(LacakState, "submit")
    client = AsyncRxClient(url)
    try:
        hydrated = await client.connect("/lacak", until=lambda r: bool(r.value(LacakState, "captcha_image")))
        if hydrated.timed_out:
            errors.append("hydrate timed out")
            return
        out.setdefault("hydrate", []).append(hydrated.latency_s * 1000)
        for i in range(rounds):
            form = {"nomor": f"{900000 + i}/IPRI-B/01/2001", "captcha": "SALAH" if i % 2 == 0 else captcha}
            reply = await client.call(submit, {"form": form}, until=_answered, timeout=30)
            # The captcha error, "tidak ditemukan", or the per-address lookup limit: all answers.
            if reply.timed_out or not (reply.value(LacakState, "errors") or reply.value(LacakState, "form_error")):
                errors.append(f"submit: {'timeout' if reply.timed_out else 'no error shown'}")
                continue
            out.setdefault("event", []).append(reply.latency_s * 1000)
    except Exception as exc:  # a refused or dropped connection is an error of the run, not a crash
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        await client.close()


async def _level(url: str, users: int, rounds: int, captcha: str, pgid: int | None) -> dict[str, Any]:
    out: dict[str, list[float]] = {}
    errors: list[str] = []
    cpu0, _ = _proc_stats(pgid)
    _, rss0 = _proc_stats(pgid)
    started = time.perf_counter()
    await asyncio.gather(*(_user(url, rounds, captcha, out, errors) for _ in range(users)))
    wall = time.perf_counter() - started
    cpu1, rss1 = _proc_stats(pgid)
    events = len(out.get("event", [])) + len(out.get("hydrate", []))
    return {
        "users": users,
        "events": events,
        "errors": len(errors),
        "error_samples": errors[:5],
        "seconds": round(wall, 2),
        "event_ms": summary(out.get("event", [])),
        "hydrate_ms": summary(out.get("hydrate", [])),
        "server_cpu_ms_per_event": round((cpu1 - cpu0) * 1000 / events, 2) if pgid and events else None,
        "server_rss_mb": round(rss1 / 2**20, 1) if pgid else None,
        "rss_kb_per_user": round((rss1 - rss0) / 1024 / users, 1) if pgid else None,
    }


def run(url: str, users: list[int], *, rounds: int = 10, captcha: str = "TEST42", pgid: int | None = None) -> dict:
    levels = [asyncio.run(_level(url, n, rounds, captcha, pgid)) for n in users]
    single = levels[0]["event_ms"]["p99"] if levels else 0
    knee = next((lv["users"] for lv in levels if single and lv["event_ms"]["p99"] > 3 * single), None)
    return {"url": url, "rounds": rounds, "levels": levels, "knee_users": knee}


def start_app() -> Any:
    """Build and serve the app as the browser tests do (fresh database); returns the server."""
    import tempfile

    os.environ.setdefault("SPONTAN_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/events.db")
    from tests.e2e.conftest import start_app as start

    return start(Path(tempfile.mkdtemp(prefix="spontan-bench-")))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.events")
    parser.add_argument("--url", help="a running app; or --start")
    parser.add_argument("--start", action="store_true", help="build and serve the app here")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    server = start_app() if args.start else None
    try:
        url = server.url if server else args.url
        pgid = server.process.pid if server else None
        print(json.dumps(run(url, args.users, rounds=args.rounds, pgid=pgid), indent=2))
    finally:
        if server is not None:
            from tests.e2e.conftest import stop_app

            stop_app(server)


if __name__ == "__main__":
    main()
