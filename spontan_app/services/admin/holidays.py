"""Public holidays (hari libur) kept by the Administrator Sistem. Due dates of open files
are counted in working days, so every change recomputes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from spontan_app.domain.models import Holiday, StaffUser
from spontan_app.domain.timefmt import format_date
from spontan_app.domain.validation import ValidationError, clean_text
from spontan_app.i18n import msg
from spontan_app.services import audit, workflow
from spontan_app.services.admin.access import require_admin
from spontan_app.services.errors import FieldErrors, NotFound

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@dataclass(frozen=True)
class HolidayView:
    id: int
    day: date
    day_text: str  # DD-MM-YYYY
    weekday: str
    name: str


@dataclass(frozen=True)
class HolidayChange:
    holiday: HolidayView
    files_changed: int  # open files whose due date moved


def _view(h: Holiday) -> HolidayView:
    return HolidayView(h.id, h.day, format_date(h.day), WEEKDAYS[h.day.weekday()], h.name)


def _parse_day(value: date | str | None) -> date | None:
    """A date, or text as ISO (YYYY-MM-DD, from a date input) or DD-MM-YYYY."""
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def list_holidays(*, session: Session, staff: StaffUser, year: int) -> list[HolidayView]:
    require_admin(session, staff)
    year = int(year)
    rows = session.exec(
        select(Holiday).where(Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31)).order_by(Holiday.day)
    )
    return [_view(h) for h in rows]


def add_holiday(*, session: Session, staff: StaffUser, day: date | str, name: str) -> HolidayChange:
    admin = require_admin(session, staff)
    errors: dict[str, str] = {}
    parsed = _parse_day(day)
    if parsed is None:
        errors["day"] = msg("backoffice.err_holiday_date")
    elif session.exec(select(Holiday.id).where(Holiday.day == parsed)).first() is not None:
        errors["day"] = msg("backoffice.err_holiday_taken", day=format_date(parsed))
    try:  # NFC; control, bidi-override and invisible characters refused beside the field
        name = clean_text(name, msg("backoffice.libur_note"))
    except ValidationError as exc:
        errors["name"], name = exc.message, ""
    if not name:
        errors.setdefault("name", msg("backoffice.err_holiday_name"))
    elif len(name) > 150:
        errors["name"] = msg("backoffice.err_holiday_name_length")
    if errors:
        raise FieldErrors(errors)
    holiday = Holiday(day=parsed, name=name)
    session.add(holiday)
    session.flush()
    changed = workflow.recompute_due_dates(session=session)
    audit.log(session, admin, "add_holiday", holiday, day=parsed.isoformat(), name=name, files_changed=changed)
    return HolidayChange(_view(holiday), changed)


def remove_holiday(*, session: Session, staff: StaffUser, holiday_id: int) -> HolidayChange:
    admin = require_admin(session, staff)
    holiday = session.get(Holiday, int(holiday_id))
    if holiday is None:
        raise NotFound(msg("backoffice.err_holiday_not_found"))
    view = _view(holiday)
    audit.log(session, admin, "remove_holiday", holiday, day=holiday.day.isoformat(), name=holiday.name)
    session.delete(holiday)
    session.flush()
    changed = workflow.recompute_due_dates(session=session)
    return HolidayChange(view, changed)
