"""Issue 11 item 15: the review summary shows dates as DD-MM-YYYY and one way of writing a phone."""

from __future__ import annotations

from spontan_app.state.permohonan import shown_value


def test_15_review_summary_dates_are_dd_mm_yyyy():
    assert shown_value("date", "2029-12-31") == "31-12-2029"
    assert shown_value("date", "") == "-"
    assert shown_value("date", "bukan tanggal") == "bukan tanggal"


def test_15_review_summary_phones_are_written_one_way():
    for typed in ("+6281255500011", "6281255500011", "081255500011", "0812-5550-0011"):
        assert shown_value("phone", typed) == "0812-5550-0011"
    assert shown_value("text", "Apa adanya") == "Apa adanya"
