"""Enum labels the back office shows, in both languages: the desks (staff roles), the
file's status and a step's status. Reflex-free: services return these as ``msg`` Texts
(the Indonesian label, as before) and the page's state shows them with ``self._l``."""

from __future__ import annotations

from spontan_app.domain.enums import (
    APPLICANT_DESK,
    AccountStatus,
    ApplicantType,
    ApplicationStatus,
    Sex,
    StaffRole,
    StepStatus,
)
from spontan_app.i18n import Text, msg

ROLES = tuple(r.value for r in StaffRole)


def role_label(value: str | None) -> Text | str:
    """``Petugas Front Office`` / ``Front Office Officer``; the applicant's turn: ``Pemohon``;
    an unknown value: ``-`` (never raw)."""
    if value == APPLICANT_DESK:
        return msg("admin.role.pemohon")
    return msg(f"admin.role.{value}") if value in ROLES else "-"


def status_label(value: str | None) -> Text | str:
    """A file's status (ApplicationStatus) as staff read it."""
    return msg(f"admin.status.{value}") if value in {s.value for s in ApplicationStatus} else "-"


def step_label(value: str | None) -> Text | str:
    """A history step's status (StepStatus)."""
    return msg(f"admin.step.{value}") if value in {s.value for s in StepStatus} else "-"


def applicant_type_label(value: str | None) -> Text | str:
    return msg(f"admin.applicant_type.{value}") if value in {s.value for s in ApplicantType} else "-"


def account_status_label(value: str | None) -> Text | str:
    return msg(f"admin.account_status.{value}") if value in {s.value for s in AccountStatus} else "-"


def sex_label(value: str | None) -> Text | str:
    return msg(f"admin.sex.{value}") if value in {s.value for s in Sex} else "-"
