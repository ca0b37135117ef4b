"""`/statistik`: public aggregate numbers (no count below five files, shown or derivable)."""

from __future__ import annotations

from dataclasses import asdict

import reflex as rx

from spontan_app.i18n import format_number, t
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
    median: str = "-"
    on_time: str = "-"
    per_month: list[dict] = []
    per_bidang: list[dict] = []
    month_chart: list[dict] = []  # the shown rows, without the folded "other" row
    bidang_chart: list[dict] = []
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
        self.period, self.issued_total = s.period, s.issued_total
        self.on_time = _pct(s.on_time_share, self.lang)
        self.median = "-" if s.median_days is None else _num(s.median_days, self.lang)
        self.per_month = [asdict(c) for c in s.per_month]
        self.per_bidang = [asdict(c) for c in s.per_bidang]
        self.month_chart = [c for c in self.per_month if c["key"] != statistics.OTHER]
        self.bidang_chart = [c for c in self.per_bidang if c["key"] != statistics.OTHER]
        # Medians and shares only: a count of decided files per izin, set against the
        # issued counts per bidang, could give a count below five by subtraction.
        self.times = [
            {
                "izin_code": row.izin_code,
                "izin_name": row.izin_name,
                "median": row.median_days,
                "median_text": _num(row.median_days, self.lang),
                "promised_days": row.promised_days,
                "on_time": _pct(row.on_time_share, self.lang),
            }
            for row in s.times
        ]
        if s.ikm is None:
            self.ikm, self.ikm_grade, self.ikm_responses = "", "", 0
        else:
            self.ikm = format_number(s.ikm.ikm, self.lang, decimals=2)
            self.ikm_grade = f"{s.ikm.grade} ({t(f'backoffice.grade_{s.ikm.grade}', self.lang)})"
            self.ikm_responses = s.ikm.responses
        return None
