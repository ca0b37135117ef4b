"""Who may act on what: the one check that an application id sent by a browser is the
caller's own, and the stored state of a staff user passed in by a caller.

A Reflex event or an HTTP request can carry any id; whatever is wrong with it (not a
number, out of range, no such row, someone else's), the answer is the same ``NotFound``,
so nobody learns which applications exist.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from spontan_app.domain.models import Applicant, Application, StaffUser
from spontan_app.i18n import msg
from spontan_app.services.errors import NotFound

MAX_ID = 2**31 - 1  # an INTEGER column: a larger id cannot exist (and PostgreSQL would refuse it)


def parse_id(value: Any) -> int | None:
    """The id as an int, or None when it is not one (wrong type, garbage, out of range)."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 1 <= number <= MAX_ID else None


def owned_application(
    session: Session, applicant: Applicant, application_id: Any, *, lock: bool = False
) -> Application:
    """The applicant's own application, or NotFound (never saying why).

    ``lock`` takes a row lock on PostgreSQL (a submission must not race itself)."""
    app_id = parse_id(application_id)
    if app_id is None:
        raise NotFound(msg("permohonan.application_not_found"))
    stmt = select(Application).where(Application.id == app_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    application = session.exec(stmt).first()
    if application is None or application.applicant_id != applicant.id:
        raise NotFound(msg("permohonan.application_not_found"))
    return application


def active_staff(session: Session, staff: StaffUser | None) -> StaffUser | None:
    """The staff user as stored, if still active; None otherwise.

    Only the passed object's id is used: its role and active flag are read again here."""
    staff_id = parse_id(getattr(staff, "id", None))
    if staff_id is None:
        return None
    stored = session.get(StaffUser, staff_id)
    return stored if stored is not None and stored.active else None
