"""What an applicant reads about a file's status, wherever it is shown (/beranda, the
detail page, /lacak): a plain label, what they must do next, the badge colour, and whether
a due date still means anything. One table, so the screens cannot disagree.

Labels and sentences are ``msg`` texts (Indonesian strs that remember their key): a state
shows them in the tab's language with ``self._l(...)``; ``status_label(value, lang)`` gives
one status's label in a language directly."""

from __future__ import annotations

from dataclasses import dataclass

from spontan_app.domain.enums import ApplicationStatus as S
from spontan_app.domain.enums import StepStatus
from spontan_app.i18n import DEFAULT_LANG, Text, msg, t

NEXT_STEP_PREFIX = "Yang perlu Anda lakukan: "


@dataclass(frozen=True)
class StatusGuide:
    label: str
    next_step: str  # the sentence after NEXT_STEP_PREFIX
    color: str  # Radix colour of the status badge
    shows_due_date: bool  # Tanggal Perkiraan Jadi applies only while the office works on it

    @property
    def next_step_line(self) -> str:
        return msg("public.next_step_line", step=self.next_step) if self.next_step else ""


def _label(status: S) -> Text:
    return msg(f"public.status.{status.name}")


def _next(name: str) -> Text:
    return msg(f"public.next.{name}")


_WAIT = _next("WAIT")

_GUIDES: dict[str, StatusGuide] = {
    S.DRAFT.value: StatusGuide(_label(S.DRAFT), _next("DRAFT"), "amber", False),
    S.SUBMITTED.value: StatusGuide(_label(S.SUBMITTED), _next("SUBMITTED"), "blue", True),
    S.IN_PROCESS.value: StatusGuide(_label(S.IN_PROCESS), _WAIT, "blue", True),
    S.RETURNED.value: StatusGuide(_label(S.RETURNED), _next("RETURNED"), "orange", True),
    S.APPROVED.value: StatusGuide(_label(S.APPROVED), _next("APPROVED"), "green", False),
    S.ISSUED.value: StatusGuide(_label(S.ISSUED), _next("ISSUED"), "green", False),
    S.REJECTED.value: StatusGuide(_label(S.REJECTED), _next("REJECTED"), "red", False),
    # Cancelled must not look active: grey, no due date, nothing left to do.
    S.CANCELLED.value: StatusGuide(_label(S.CANCELLED), _next("CANCELLED"), "gray", False),
}

_UNKNOWN = StatusGuide("-", "", "gray", False)


def guide(status: str | None) -> StatusGuide:
    """The guide of a stored status; an unknown value shows a dash, never the raw code."""
    return _GUIDES.get(status or "", _UNKNOWN)


def status_label(value: str | None, lang: str = DEFAULT_LANG) -> str:
    """An application status's label in ``lang`` ("Diajukan" / "Submitted"); unknown: "-"."""
    try:
        return t(f"public.status.{S(value).name}", lang)
    except ValueError:
        return "-"


def step_status_text(value: str | None) -> str:
    """A timeline step's status label ("Sedang Diproses") as a ``msg`` text; unknown: "-"."""
    try:
        return msg(f"lacak.step.{StepStatus(value).name}")
    except ValueError:
        return "-"


def step_status_label(value: str | None, lang: str = DEFAULT_LANG) -> str:
    """A timeline step's status label in ``lang`` ("Sedang Diproses" / "In progress")."""
    try:
        return t(f"lacak.step.{StepStatus(value).name}", lang)
    except ValueError:
        return "-"
