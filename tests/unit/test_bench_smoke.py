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
