"""The submissions benchmark at its smallest, on SQLite: it must set up real drafts, submit
them through the services, check the numbers and report. It fails on a broken benchmark (a
renamed service, a draft the services no longer accept, a number check that lies), never
on a slow machine: no timing is asserted."""

from __future__ import annotations

import os

from bench import submissions
from spontan_app.services import messaging


def test_tiny_submissions_all_land_with_gap_free_numbers_and_report(tmp_path, migrated):
    before = os.environ["SPONTAN_DATABASE_URL"], os.environ["SPONTAN_UPLOAD_DIR"], messaging.dispatch
    url = f"sqlite:///{tmp_path / 'subs.db'}"
    config = submissions.Config.named("tiny")

    result = submissions.run(url, "tiny")

    s, checks = result["submissions"], result["checks"]
    n = config.submissions
    assert s["errors"] == 0, s["error_kinds"]
    assert s["done"] == n and s["ms"]["n"] == n
    assert checks["numbers"] == n and checks["submitted_files"] == n
    assert checks["documents_1mb"] == n * config.documents and checks["stored_files_1mb"] == n * config.documents
    assert checks["gap_free"] and checks["holes"] == 0 and checks["duplicates"] == 0
    assert checks["reported_match_stored"] and checks["complete"]
    assert sum(checks["groups"].values()) == n and all(g.startswith("IPRI-B ") for g in checks["groups"])
    assert result["floor"]["done"] == n and result["floor"]["errors"] == 0
    assert result["floor_ratio"] is not None and result["floor_ratio"] > 0
    # the process is left as it was found
    assert (os.environ["SPONTAN_DATABASE_URL"], os.environ["SPONTAN_UPLOAD_DIR"], messaging.dispatch) == before

    lines = submissions.markdown(result)
    assert lines[0] == "## Submissions"
    row = next(line for line in lines if line.startswith("| SQLite |"))
    assert f"yes ({n} numbers)" in row and "| yes |" in row

    # The same figures as a PostgreSQL run that missed the target: the section says so and why.
    missed = {**result, "database": "PostgreSQL", "target_met": False}
    text = "\n".join(submissions.markdown(missed))
    assert "| **not met** |" in text and "**PostgreSQL: target not met.**" in text
    assert "| met |" in "\n".join(submissions.markdown({**missed, "target_met": True}))


def test_the_number_check_finds_holes_duplicates_and_a_counter_ahead():
    """The check itself, or the benchmark's "gap-free" would mean nothing."""
    key = ("IPRI-B", 2026, 12)
    good = ["1/IPRI-B/12/2026", "3/IPRI-B/12/2026", "2/IPRI-B/12/2026", "1/SKP-P/01/2027"]
    counters = {key: 3, ("SKP-P", 2027, 1): 1}
    assert submissions.number_gaps(good, counters)["gap_free"]
    assert submissions.number_gaps(good, counters)["groups"] == {"IPRI-B 12/2026": 3, "SKP-P 01/2027": 1}

    hole = submissions.number_gaps([n for n in good if n != "2/IPRI-B/12/2026"], counters)
    assert not hole["gap_free"] and hole["holes"] == 1
    twice = submissions.number_gaps([*good, "2/IPRI-B/12/2026"], {**counters, key: 4})
    assert not twice["gap_free"] and twice["duplicates"] == 1 and twice["holes"] == 1
    ahead = submissions.number_gaps(good, {**counters, key: 5})  # numbers taken, never stored
    assert not ahead["gap_free"] and ahead["holes"] == 2
    lost = submissions.number_gaps(good, {**counters, ("KRK-B", 2026, 12): 2})  # a counter with no file at all
    assert not lost["gap_free"] and lost["holes"] == 2
    assert not submissions.number_gaps([*good, "IPRI-B-7"], counters)["gap_free"]  # not a number
