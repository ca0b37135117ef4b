"""Who may use the back office: each service re-loads the acting staff user and checks
the role, because any browser can call any handler with any arguments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from spontan_app.domain.enums import StaffRole
from spontan_app.domain.models import Applicant, StaffUser
from spontan_app.i18n import msg
from spontan_app.services.errors import PermissionDenied

T = TypeVar("T")

ADMIN_ONLY: tuple[str, ...] = (StaffRole.ADMIN.value,)
REPORT_READERS: tuple[str, ...] = (
    StaffRole.ADMIN.value,
    StaffRole.KEPALA_DINAS.value,
    StaffRole.KEPALA_BIDANG.value,
)
AUDIT_READERS: tuple[str, ...] = (StaffRole.ADMIN.value, StaffRole.KEPALA_DINAS.value)
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 200


def require_staff(
    session: Session,
    staff: StaffUser | None,
    roles: Iterable[str],
    message: str = msg("backoffice.err_denied_page"),
) -> StaffUser:
    """The fresh, active row of the acting staff user, or PermissionDenied."""
    fresh = session.get(StaffUser, getattr(staff, "id", None)) if getattr(staff, "id", None) else None
    if fresh is None or not fresh.active:
        raise PermissionDenied(msg("backoffice.err_staff_inactive"))
    if fresh.role not in tuple(roles):
        raise PermissionDenied(message)
    return fresh


def require_admin(session: Session, staff: StaffUser | None) -> StaffUser:
    return require_staff(session, staff, ADMIN_ONLY, msg("backoffice.err_admin_only"))


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a filtered list and how many rows match in all."""

    rows: list[T]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def clamp_paging(page: int, page_size: int) -> tuple[int, int, int]:
    """(page, page_size, offset) within sane bounds, whatever the browser sent."""
    page = max(1, int(page or 1))
    size = min(MAX_PAGE_SIZE, max(1, int(page_size or DEFAULT_PAGE_SIZE)))
    return page, size, (page - 1) * size


def like_pattern(term: str) -> str:
    """A LIKE pattern matching ``term`` anywhere, with its wildcards escaped (escape='\\')."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def applicant_name(applicant: Applicant | None) -> str:
    """The name staff know an applicant by: the person, else the company, else the username."""
    if applicant is None:
        return "-"
    return applicant.full_name or applicant.company_name or applicant.username


def applicant_name_sql() -> sa.ColumnElement[str]:
    """The same name, computed in SQL (for lists that join the applicant)."""
    return sa.func.coalesce(Applicant.full_name, Applicant.company_name, Applicant.username)
