"""The benchmark suite at its smallest: it must run and report, on any machine. It fails on
a broken benchmark (a renamed service, a generator that no longer fits the schema), never
on a slow machine: no timing is asserted."""

from __future__ import annotations

import os

from bench import faskes_search, lists, run
from bench.generate import Sizes, generate
from spontan_app import db
from spontan_app.settings import reset_settings_cache

SMOKE = Sizes(faskes=300, applicants=30, applications=300, busy_files=40)


def test_the_smallest_benchmark_generates_measures_and_reports(tmp_path, migrated):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    before = os.environ["SPONTAN_DATABASE_URL"]
    try:
        info = generate(url, SMOKE, quiet=True)
        assert info["rows"]["faskes"] == 300 and info["rows"]["application"] == 300
        assert info["rows"]["application_step"] > 300 and info["rows"]["application_document"] > 300
        assert generate(url, SMOKE, quiet=True)["seconds"] == info["seconds"]  # reused, not generated again

        search = faskes_search.run(url, rounds=1)
        assert search["rows"] == 300
        assert set(search["kinds"]) >= {"prefix", "infix", "multi-word", "accent", "code", "no-match", "all"}
        summaries = search["summaries"]
        assert summaries["tidak ada yang cocok"].startswith("Menampilkan 0 sampai 0 dari 0 data")
        assert summaries["medika"].startswith("Menampilkan 1 sampai 10 dari ")

        listed = lists.run(url, rounds=1)
        figures = {f["name"]: f for f in listed["figures"]}
        assert listed["busy_applicant_files"] == 40
        assert figures["/beranda list (busy applicant)"]["statements"] <= 7
        assert figures["/beranda list, previous per-row code"]["statements"] > 7  # the baseline still queries per row

        results = {
            "date": "today",
            "machine": run.machine(),
            "size": "smoke",
            "databases": {"SQLite": {"generated": info, "faskes_search": search, "lists": listed}},
        }
        text = run.report(results)
        assert "### Faskes search" in text and "| /beranda list (busy applicant) |" in text
    finally:
        os.environ["SPONTAN_DATABASE_URL"] = before
        reset_settings_cache()
        db.reset_engine()


def _load(js_kb: float, css_kb: float, paint: float, tap: float | None, tapped: bool = True) -> dict:
    return {
        "requests": 30,
        "bytes": {"js": int(js_kb * 1024), "css": int(css_kb * 1024), "other": 7000},
        "total_bytes": int((js_kb + css_kb) * 1024) + 7000,
        "decoded_bytes": 2_500_000,
        "encodings": ["br"],
        "first_paint_ms": paint,
        "first_tap_ms": tap,
        "tapped": tapped,
        "largest": [{"url": "assets/triangle-alert-BQwWiHwN.js", "kind": "js", "bytes": 129_000}],
    }


def test_the_page_report_says_which_target_is_met_and_why_not():
    """The page benchmark itself needs a built app and Chromium (minutes: `python -m bench.pages
    --start`), so only its report is smoke-tested here, from a result of the recorded shape."""
    from bench import pages

    def page(path: str, slow: dict, fast: dict) -> dict:
        return {"path": path, "tap": "a tap", "slow": slow, "fast": fast}

    result = {
        "date": "today",
        "machine": run.machine(),
        "url": "http://127.0.0.1:3000",
        "profile": pages.SLOW,
        "served": {
            "app": {
                "/": page("/", _load(480, 84, 2700, 5300), _load(480, 84, 500, 1200)),
                "/login": page("/login", _load(200, 30, 1200, 1800), _load(200, 30, 300, 600)),
            },
            "nginx": {
                "/": page("/", _load(290, 51, 1400, None, False), _load(290, 51, 400, None, False)),
            },
        },
    }
    text = "\n".join(pages.report(result))
    assert "### Served by the app itself" in text and "### Served by deploy/nginx.conf" in text
    assert "| / (`/`) | 30 | 480.0 | 84.0 |" in text and "| n/a (n/a) |" in text
    assert "- JS on `/` ≤ 300 KB compressed: met (290 KB)." in text  # weight as nginx serves it
    assert "- CSS on `/` ≤ 40 KB compressed: **not met** (51 KB: Radix Themes' components.css" in text
    assert "- /: first paint ≤ 1.5 s met (1400 ms); first tap ≤ 2 s **not met** (5300 ms): a tap works" in text
    assert "- /login: first paint ≤ 1.5 s met (1200 ms); first tap ≤ 2 s met (1800 ms)." in text
    whole = run.report({"date": "today", "machine": run.machine(), "size": "none", "databases": {}, "pages": result})
    assert "## Pages (first load, empty cache, headless Chromium)" in whole


def _level(users: int, p95: float, p99: float, errors: int = 0) -> dict:
    return {
        "users": users,
        "events": users * 30,
        "errors": errors,
        "error_samples": [],
        "event_ms": {"n": users * 30, "p50": p95 / 2, "p95": p95, "p99": p99, "max": p99},
        "kinds_ms": {"login": {"n": users, "p50": 300.0, "p95": 400.0, "p99": 450.0, "max": 500.0}},
        "server_cpu_ms_per_event": 2.5,
        "rss_kb_per_user": 120.0,
        "redis_calls_per_event": 4.0,
    }


def test_the_knee_is_the_first_level_whose_p99_passes_three_times_one_users():
    from bench.events import knee

    levels = [_level(1, 5, 10), _level(10, 8, 25), _level(50, 20, 31), _level(100, 40, 90)]
    assert knee(levels) == 50  # 31 > 3 × 10; 25 is not
    assert knee(levels[:2]) is None
    assert knee([]) is None


def test_the_app_is_compared_with_the_floor_at_the_same_user_count():
    from bench.events import floor_ratios

    app = [_level(1, 6, 9), _level(10, 12, 20), _level(50, 40, 60)]
    floor = [_level(1, 3, 4), _level(10, 4, 6)]
    assert floor_ratios(app, floor) == {1: 2.0, 10: 3.0}  # no floor at 50: no ratio


def test_redis_round_trips_leave_out_the_benchmarks_own_info_calls():
    from bench.events import redis_calls

    info = {"cmdstat_get": {"calls": 10}, "cmdstat_set": {"calls": 5}, "cmdstat_info": {"calls": 7}, "other": 1}
    assert redis_calls(info) == 15


def test_the_login_handoff_code_is_read_from_the_answers_script():
    from bench.events import handoff_of
    from spontan_app.state.auth import cookie_login_script

    script = cookie_login_script("kode-sekali-pakai_123", then="/beranda")
    assert handoff_of([{"name": "_call_script", "payload": {"javascript_code": script}}]) == "kode-sekali-pakai_123"
    assert handoff_of([{"name": "_call_script", "payload": {"javascript_code": "1+1"}}]) is None


def test_the_events_report_compares_with_the_floor_and_states_each_target():
    ev = {
        "url": "http://127.0.0.1:3000",
        "journey": "login → wizard → faskes search → /lacak",
        "rounds": 3,
        "redis": True,
        "workers": 2,
        "levels": [
            {**_level(1, 10, 12), "floor_p95_ratio": 2.0},
            {**_level(100, 30, 80), "floor_p95_ratio": 1.2},
            {**_level(200, 90, 300, errors=2), "floor_p95_ratio": 2.5},
        ],
        "floor": [_level(1, 5, 6), _level(100, 25, 40), _level(200, 36, 50)],
        "knee_users": 200,
        "floor_knee_users": None,
        "login_probe": {
            "logins": 20,
            "logins_ok": 20,
            "idle_ms": {"p50": 4.0, "p95": 6.0},
            "during_logins_ms": {"p50": 5.0, "p95": 15.0},
            "probe_timeouts": 0,
            "ratio_p50": 1.25,
            "ratio_p95": 2.5,
        },
    }
    text = "\n".join(run.events_report(ev))
    assert "| 100 | 3000 | 0 | 15.0 | 30.0 | 80.0 | 25.0 | 1.2× | 400 | - | 2.5 | 120.0 | 4.0 |" in text
    assert "Knee (p99 > 3× one user's): app 200, floor not reached." in text
    assert "- p95 at 100 users ≤ 1.5× the floor's: met (1.2×)." in text
    assert "- 0 errors at 200 users with Redis and two workers: **not met** (2)." in text
    assert "2.5× (≤ 2.0×: **not met**)" in text
    assert run.events_report(None)[-2].startswith("Not run in this report")
