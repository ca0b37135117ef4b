"""`/statistik`: public aggregate numbers (no cell below five files)."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from spontan_app.i18n import format_number
from spontan_app.services import statistics
from spontan_app.state.base import HandlerMixin
from spontan_app.state.lang import LangState


def _pct(share: float | None, lang: str = "id") -> str:
    return "-" if share is None else format_number(share * 100, lang) + "%"


def _num(value: float, lang: str = "id") -> str:
    return format_number(value, lang, decimals=1)


class StatistikState(HandlerMixin, LangState):
    period: str = ""
    issued_total: str = ""
    decided_total: str = ""
    on_time: str = "-"
    per_month: list[dict] = []
    per_bidang: list[dict] = []
    bidang_chart: list[dict] = []  # only bidang with a count that may be shown
    times: list[dict] = []
    ikm: str = ""
    ikm_grade: str = ""
    ikm_responses: int = 0

    @rx.event
    async def load(self):
        result = await self._run(statistics.public_statistics, as_user=False, lang=self.lang)
        if not result.ok:
            return result.events
        s = result.value
        self.period, self.issued_total, self.decided_total = s.period, s.issued_total, s.decided_total
        self.on_time = _pct(s.on_time_share, self.lang)
        self.per_month = [asdict(c) for c in s.per_month]
        self.per_bidang = [asdict(c) for c in s.per_bidang]
        self.bidang_chart = [c for c in self.per_bidang if c["count"] is not None]
        self.times = [
            {
                "izin_code": t.izin_code,
                "izin_name": t.izin_name,
                "decided": t.decided,
                "median": t.median_days,
                "median_text": _num(t.median_days, self.lang),
                "promised_days": t.promised_days,
                "on_time": _pct(t.on_time_share, self.lang),
            }
            for t in s.times
        ]
        if s.ikm is None:
            self.ikm, self.ikm_grade, self.ikm_responses = "", "", 0
        else:
            self.ikm = format_number(s.ikm.ikm, self.lang, decimals=2)
            self.ikm_grade = f"{s.ikm.grade} ({s.ikm.grade_label})"
            self.ikm_responses = s.ikm.responses
        return None
