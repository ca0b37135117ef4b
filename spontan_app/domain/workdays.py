"""Working-day arithmetic for "Tanggal Perkiraan Jadi".

Pure functions: the caller passes the holidays it knows of.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    From the manual: submitted Monday 04-09-2023 with 5 working days -> Monday 11-09-2023.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def _weekdays_through(day: date) -> int:
    """Mondays to Fridays from 01-01-0001 (a Monday) through ``day``."""
    n = day.toordinal()
    return (n // 7) * 5 + min(n % 7, 5)


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Working days in (start, end]; 0 when end <= start.

    Arithmetic, not a walk over the days: the inbox computes this for files years old on
    every page (a walk cost ~1 ms per old file)."""
    if end <= start:
        return 0
    weekdays = _weekdays_through(end) - _weekdays_through(start)
    off = sum(1 for h in set(holidays) if start < h <= end and h.weekday() < 5)
    return weekdays - off
