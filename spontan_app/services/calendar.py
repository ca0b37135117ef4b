"""Holidays kept by the back office and the due dates derived from them."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from spontan_app.domain.models import Holiday
from spontan_app.domain.workdays import add_working_days


def holidays_between(*, session: Session, start: date, end: date) -> list[Holiday]:
    stmt = select(Holiday).where(Holiday.day >= start, Holiday.day <= end).order_by(Holiday.day)
    return list(session.exec(stmt))


def holiday_dates(*, session: Session, start: date, years_ahead: int = 2) -> set[date]:
    end = date(start.year + years_ahead, 12, 31)
    return {h.day for h in holidays_between(session=session, start=start, end=end)}


def due_date(*, session: Session, start: date, processing_days: int) -> date:
    return add_working_days(start, processing_days, holiday_dates(session=session, start=start))


def holidays_in_month(*, session: Session, year: int, month: int) -> list[Holiday]:
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1)
    return [h for h in holidays_between(session=session, start=first, end=last) if h.day < last]
