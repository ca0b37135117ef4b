"""One command for the benchmark suite; writes docs/performance.md and docs/bench/results.json.

    python -m bench.run                          # SQLite, full volumes (generated once, then reused)
    python -m bench.run --size tiny              # seconds: the smoke configuration
    python -m bench.run --postgres postgresql+psycopg://postgres@127.0.0.1:5432/spontan_bench
    python -m bench.run --events                 # also build and serve the app, N users over socket.io
    python -m bench.run --events --events-redis redis://127.0.0.1:6379/5 --events-workers 2 --users 1 10 50 100 200
    python -m bench.run --pages                  # also build and serve the app, page weight in Chromium
    python -m bench.run --merge docs/bench/results.json --pages-json pages.json   # re-render with new pages

Every figure is printed beside a baseline measured in the same run (these machines are
shared and noisy): the naive scan for the faskes search, the database floor and the
previous code for the lists, one user for the event load.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEARCH_TARGET_MS, SEARCH_TARGET_RATIO = 10.0, 20.0


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError, StopIteration):
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    try:
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        memory = 0
    return {
        "cpus": os.cpu_count(),
        "cpu": model or platform.processor(),
        "memory_mb": memory,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }


def run_suite(
    urls: dict[str, tuple[str, str]],
    size: str,
    *,
    rounds: int,
    events: dict | None = None,
    pages: dict | None = None,
    submissions: bool | dict = False,
    quiet: bool = False,
) -> dict[str, Any]:
    """``urls``: database label -> (URL, size name)."""
    from bench import faskes_search, lists
    from bench.generate import Sizes, generate

    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "size": ", ".join(f"{name}: {db_size}" for name, (_, db_size) in urls.items()),
        "databases": {},
    }
    for name, (url, db_size) in urls.items():
        if db_size == "existing":  # whatever bench.generate left there
            from bench.generate import _meta
            from spontan_app.db import make_engine

            engine = make_engine(url)
            info = _meta(engine) or {}
            engine.dispose()
        else:
            info = generate(url, Sizes.named(db_size), quiet=quiet)
        results["databases"][name] = {
            "generated": info,
            "faskes_search": faskes_search.run(url, rounds=max(1, rounds // 4)),
            "lists": lists.run(url, rounds=rounds),
        }
    if submissions is True:  # each database's scratch twin (<name>_subs), emptied: never the generated data
        from bench import submissions as subs

        scratch = {name: subs.scratch_url(url) for name, (url, _) in urls.items()}
        results["submissions"] = subs.run_all(scratch, "tiny" if size == "tiny" else "full")
    elif submissions:
        results["submissions"] = submissions
    if events is not None:
        results["events"] = events
    if pages is not None:
        results["pages"] = pages
    return results


# --------------------------------------------------------------------------- report


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def report(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = [
        "# Performance",
        "",
        f"Measured {results['date']} at commit `{m['commit']}` by `python -m bench.run` "
        f"(volumes: `{results['size']}`). Machine: {m['cpus']} CPUs ({m['cpu']}), "
        f"{m['memory_mb']:,} MB RAM, Python {m['python']}, load average at the start "
        f"{m['load_average']} (shared with other work: absolute times are noisy, the ratios "
        "against baselines measured in the same run are the figures to compare). "
        "CPU columns are the benchmark process's own CPU time, which machine load inflates less.",
        "",
        "Regenerate: `make bench` (or `python -m bench.run --postgres URL --events --pages`); the data "
        "is generated once by `bench/generate.py` and reused.",
        "",
    ]
    for db, data in results["databases"].items():
        g = data["generated"]
        rows = g.get("rows", {})
        out += [
            f"## {db}",
            "",
            f"Data: {g['faskes']:,} faskes, {g['applicants']:,} applicants, {g['applications']:,} applications "
            f"({rows.get('application_step', 0):,} history steps, {rows.get('application_document', 0):,} "
            f"document rows); generated in {g.get('seconds', '?')} s.",
            "",
            "### Faskes search (Pencarian Faskes)",
            "",
            f"Target: p95 ≤ {SEARCH_TARGET_MS:g} ms and ≥ {SEARCH_TARGET_RATIO:g}× faster than the naive scan.",
            "",
            "| query kind | queries | p95 ms | p95 CPU ms | naive p95 ms | naive/index | target |",
            "|---|---|---:|---:|---:|---:|---|",
        ]
        fs = data["faskes_search"]
        for kind, e in fs["kinds"].items():
            ok = e["index_wall"]["p95"] <= SEARCH_TARGET_MS and e["ratio_p95"] >= SEARCH_TARGET_RATIO
            why = "" if ok else (" (ratio)" if e["index_wall"]["p95"] <= SEARCH_TARGET_MS else " (p95)")
            if not ok and e["index_cpu"]["p95"] <= SEARCH_TARGET_MS and e["index_wall"]["p95"] > SEARCH_TARGET_MS:
                why += "; CPU p95 within target: waiting for a CPU"
            queries = ", ".join(f"`{q}`" for q in e["queries"]) if kind != "all" else "all of them"
            out.append(
                f"| {kind} | {queries} | {e['index_wall']['p95']:.2f} | {e['index_cpu']['p95']:.2f} | "
                f"{e['naive_wall']['p95']:.1f} | {e['ratio_p95']:.1f}× | {_met(ok)}{why} |"
            )
        sample = next(iter(fs["summaries"].items()), None)
        if sample:
            out += ["", f"The page still tells the truth, e.g. `{sample[0]}` → “{sample[1]}”."]
        out += [
            "",
            "### Lists and reports",
            "",
            f"{data['lists']['applications']:,} applications; the busy applicant has "
            f"{data['lists']['busy_applicant_files']} files. Floor = `SELECT 1` through a session "
            "in the same run; statements = SQL statements one call sends.",
            "",
            "| what | statements | p50 ms | p95 ms | p95 CPU ms | p95 / floor | target | |",
            "|---|---:|---:|---:|---:|---:|---|---|",
        ]
        floor = next((f["p95"] for f in data["lists"]["figures"] if f["kind"] == "floor"), 0.0)
        for f in data["lists"]["figures"]:
            target = f"≤ {f['target_ms']:g} ms" if f["target_ms"] else "baseline"
            verdict = _met(f["p95"] <= f["target_ms"]) if f["target_ms"] else ""
            if f["target_ms"] and f["p95"] > f["target_ms"] and floor > f["target_ms"] / 2:
                verdict += " (machine saturated: the floor alone took " + f"{floor:.0f} ms)"
            out.append(
                f"| {f['name']} | {f['statements']} | {f['p50']:.2f} | {f['p95']:.2f} | {f['cpu_p95']:.2f} | "
                f"{f['floor_ratio_p95']:.0f}× | {target} | {verdict} |"
            )
        out.append("")
    out += events_report(results.get("events"))
    if results.get("submissions"):
        from bench import submissions as subs

        out += [*subs.markdown(results["submissions"]), ""]
    if results.get("pages"):
        from bench import pages as page_bench

        out += page_bench.report(results["pages"])
    else:
        out += [
            "## Pages (first load, empty cache, headless Chromium)",
            "",
            "Not run in this report (`python -m bench.run --pages`).",
        ]
    out += ["", Path(ROOT / "bench" / "NOTES.md").read_text() if (ROOT / "bench" / "NOTES.md").exists() else ""]
    return "\n".join(out).rstrip() + "\n"


FLOOR_TARGET_RATIO, PROBE_TARGET_RATIO = 1.5, 2.0


def _cell(value: Any, fmt: str = "{}") -> str:
    return "-" if value is None else fmt.format(value)


def events_report(ev: dict[str, Any] | None) -> list[str]:
    """The "Events under load" section from a result of ``bench.events.run``."""
    out = ["## Events under load (socket.io, tests/rxclient.py)", ""]
    if not ev:
        return [*out, "Not run in this report (`python -m bench.run --events`).", ""]
    if "floor" not in ev:  # a result of the former /lacak-only generator
        out.append(f"App at {ev['url']}; /lacak only. Knee: {ev.get('knee_users') or 'not reached'}.")
        return [*out, ""]
    mode = f"Redis, {ev['workers']} worker(s)" if ev["redis"] else f"memory state, {ev['workers']} worker(s)"
    floors = {f["users"]: f for f in ev["floor"]}
    out += [
        f"App: {mode}, prod mode. Each simulated user: {ev['journey']}; {ev['rounds']} rounds after one login "
        "(bcrypt at the production cost). The floor is a bare Reflex app (bench/floor_app: one page, one no-op "
        "event) served the same way and driven by the same client code, user counts and number of events, "
        "level by level in the same run. Latency = send → the frame that answers; the percentiles leave out "
        "page loads, logins and submissions (their p95 apart). The drafts submitted were completed beforehand "
        "through the services (documents included): uploads are not measured here.",
        "",
        "| users | events | errors | p50 ms | p95 ms | p99 ms | floor p95 ms | p95 / floor | login p95 ms | "
        "submit p95 ms | server CPU ms/event | RSS KB/user | Redis calls/event |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for lv in ev["levels"]:
        e, fl = lv["event_ms"], floors.get(lv["users"])
        login = lv.get("kinds_ms", {}).get("login", {}).get("p95")
        submit = lv.get("kinds_ms", {}).get("submit", {}).get("p95")
        out.append(
            f"| {lv['users']} | {lv['events']} | {lv['errors']} | {e['p50']:.1f} | {e['p95']:.1f} | {e['p99']:.1f} | "
            f"{_cell(fl and fl['event_ms']['p95'], '{:.1f}')} | {_cell(lv.get('floor_p95_ratio'), '{:.1f}×')} | "
            f"{_cell(login, '{:.0f}')} | {_cell(submit, '{:.0f}')} | {_cell(lv['server_cpu_ms_per_event'])} | "
            f"{_cell(lv['rss_kb_per_user'])} | {_cell(lv.get('redis_calls_per_event'))} |"
        )
    if floors:
        out += [
            "",
            "Floor alone: "
            + "; ".join(
                f"{f['users']} users p95 {f['event_ms']['p95']:.1f} ms, {f['errors']} errors, "
                f"{_cell(f['server_cpu_ms_per_event'])} CPU ms/event"
                + (
                    f", {f['redis_calls_per_event']} Redis calls/event"
                    if f.get("redis_calls_per_event") is not None
                    else ""
                )
                for f in ev["floor"]
            )
            + ".",
        ]
    out += [
        "",
        f"Knee (p99 > 3× one user's): app {ev['knee_users'] or 'not reached'}, "
        f"floor {ev.get('floor_knee_users') or 'not reached'}.",
    ]
    at100 = next((lv for lv in ev["levels"] if lv["users"] == 100), None)
    if at100 and at100.get("floor_p95_ratio") is not None:
        ok = at100["floor_p95_ratio"] <= FLOOR_TARGET_RATIO
        out.append(f"- p95 at 100 users ≤ {FLOOR_TARGET_RATIO}× the floor's: {_met(ok)} ({at100['floor_p95_ratio']}×).")
    at200 = next((lv for lv in ev["levels"] if lv["users"] == 200), None)
    if at200:
        setup = "Redis and two workers" if ev["redis"] and ev["workers"] >= 2 else f"{mode} (not the target's setup)"
        out.append(f"- 0 errors at 200 users with {setup}: {_met(at200['errors'] == 0)} ({at200['errors']}).")
    probe = ev.get("login_probe")
    if probe:
        ok = probe["ratio_p95"] is not None and probe["ratio_p95"] <= PROBE_TARGET_RATIO
        out.append(
            f"- One user's event (Status Pemohon on /login) during {probe['logins']} simultaneous logins "
            f"({probe['logins_ok']} answered): p50 {probe['during_logins_ms']['p50']:.1f} ms vs idle "
            f"{probe['idle_ms']['p50']:.1f} ms, p95 {probe['during_logins_ms']['p95']:.1f} vs "
            f"{probe['idle_ms']['p95']:.1f} ms: {probe['ratio_p95']}× (≤ {PROBE_TARGET_RATIO}×: {_met(ok)}); "
            f"{probe['probe_timeouts']} probe timeouts."
        )
    errors = [s for lv in ev["levels"] for s in lv.get("error_samples", [])]
    if errors:
        out.append(f"- Error samples: {'; '.join(sorted(set(errors))[:5])}.")
    return [*out, ""]


def plots(results: dict[str, Any], folder: Path) -> list[str]:
    """PNG plots when matplotlib is installed (optional)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    made = []
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for db, data in results["databases"].items():
        kinds = [k for k in data["faskes_search"]["kinds"] if k != "all"]
        ax.plot(kinds, [data["faskes_search"]["kinds"][k]["index_wall"]["p95"] for k in kinds], "o-", label=db)
    ax.axhline(SEARCH_TARGET_MS, color="red", linestyle="--", label="target")
    ax.set_ylabel("p95 ms")
    ax.set_title("Faskes search p95 per query kind")
    ax.legend()
    fig.tight_layout()
    fig.savefig(folder / "faskes_search_p95.png")
    made.append("faskes_search_p95.png")
    if results.get("events"):
        fig, ax = plt.subplots(figsize=(7, 3.5))
        levels = results["events"]["levels"]
        for key in ("p50", "p95", "p99"):
            ax.plot([lv["users"] for lv in levels], [lv["event_ms"][key] for lv in levels], "o-", label=f"app {key}")
        floor = results["events"].get("floor") or []
        if floor:
            ax.plot([f["users"] for f in floor], [f["event_ms"]["p95"] for f in floor], "s--", label="floor p95")
        if results["events"].get("knee_users"):
            ax.axvline(results["events"]["knee_users"], color="grey", linestyle=":", label="knee (p99 > 3× 1 user)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title("Event latency vs simulated users")
        ax.set_xlabel("simulated users")
        ax.set_ylabel("event latency ms")
        ax.legend(fontsize="small")
        fig.tight_layout()
        fig.savefig(folder / "events_latency.png")
        made.append("events_latency.png")
    return made


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.run")
    parser.add_argument("--size", default="full", choices=["tiny", "small", "medium", "full", "existing"])
    parser.add_argument("--postgres-size", default=None, choices=["tiny", "small", "medium", "full"])
    parser.add_argument("--sqlite", default=None, help="SQLite URL (default data/bench/<size>.db; none: skip)")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL"), help="a scratch PG database")
    parser.add_argument("--events", action="store_true", help="build and serve the app; N users over socket.io")
    parser.add_argument("--events-redis", default=None, help="redis://127.0.0.1:6379/5: the app on Redis")
    parser.add_argument("--events-workers", type=int, default=1, help="backend workers (more needs --events-redis)")
    parser.add_argument("--events-json", default=None, help="include a result of `python -m bench.events` instead")
    parser.add_argument("--pages", action="store_true", help="build and serve the app; page weight in Chromium")
    parser.add_argument("--pages-url", default=None, help="a running app for the page benchmark instead")
    parser.add_argument("--pages-json", default=None, help="include a result of `python -m bench.pages --json`")
    parser.add_argument("--no-submissions", action="store_true", help="skip sustained submissions (1 MB each)")
    parser.add_argument("--submissions-json", default=None, help="include a result of `python -m bench.submissions`")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--out", default=str(ROOT / "docs"))
    parser.add_argument("--merge", nargs="+", default=None, help="render one report from results.json files")
    args = parser.parse_args(argv)
    if args.merge:
        parts = [json.loads(Path(p).read_text()) for p in args.merge]
        results = {**parts[0], "databases": {}}
        for part in parts:
            results["databases"].update(part["databases"])
            results["events"] = results.get("events") or part.get("events")
            results["pages"] = results.get("pages") or part.get("pages")
            results["submissions"] = results.get("submissions") or part.get("submissions")
        if args.pages_json:
            results["pages"] = json.loads(Path(args.pages_json).read_text())
        results["size"] = "; ".join(p["size"] for p in parts)
        _write(results, Path(args.out))
        return
    urls = {}
    if args.sqlite != "none":
        urls["SQLite"] = (args.sqlite or f"sqlite:///{ROOT / 'data' / 'bench' / f'{args.size}.db'}", args.size)
    if args.postgres:
        urls["PostgreSQL"] = (args.postgres, args.postgres_size or args.size)
    events = json.loads(Path(args.events_json).read_text()) if args.events_json else None
    pages = json.loads(Path(args.pages_json).read_text()) if args.pages_json else None
    if args.events or args.pages or args.pages_url:
        from bench import events as ev
        from bench import pages as page_bench

        server = ev.start_app(args.events_redis, args.events_workers) if (args.events or args.pages) else None
        try:
            if args.events:
                events = ev.run(args.users, app=server, redis_url=args.events_redis, workers=args.events_workers)
            if args.pages or args.pages_url:
                # On the same app as the event load (it adds only its own applicant).
                url = server.url if server and args.pages else args.pages_url
                ours = server is not None and args.pages
                pages = page_bench.run(
                    url,
                    database_url=server.database_url if ours else None,
                    client_dir=server.app_dir / ".web" / "build" / "client" if ours else None,
                )
        finally:
            if server is not None:
                server.stop()
    subs_result: bool | dict = not args.no_submissions
    if args.submissions_json:
        subs_result = json.loads(Path(args.submissions_json).read_text())
    results = run_suite(urls, args.size, rounds=args.rounds, events=events, pages=pages, submissions=subs_result)
    _write(results, Path(args.out))


def _write(results: dict[str, Any], out: Path) -> None:
    (out / "bench").mkdir(parents=True, exist_ok=True)
    (out / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    results["plots"] = plots(results, out / "bench")
    text = report(results)
    for name in results["plots"]:
        text += f"\n![{name}](bench/{name})\n"
    (out / "performance.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
