"""Registration numbers: ``<sequence>/<permit code>/<MM>/<YYYY>``, e.g. ``1/SIPD-B/09/2023``."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d+)/([A-Z0-9][A-Z0-9-]*)/(\d{2})/(\d{4})$")


@dataclass(frozen=True)
class RegistrationNumber:
    sequence: int
    code: str
    month: int
    year: int

    def __str__(self) -> str:
        return f"{self.sequence}/{self.code}/{self.month:02d}/{self.year:04d}"


def format_registration_number(sequence: int, code: str, month: int, year: int) -> str:
    if sequence < 1 or not 1 <= month <= 12:
        raise ValueError("invalid registration number parts")
    return str(RegistrationNumber(sequence, code.upper(), month, year))


def parse_registration_number(text: str) -> RegistrationNumber | None:
    """Parse what a person typed (spaces trimmed, case ignored); None when it is not one."""
    match = _PATTERN.match((text or "").strip().upper().replace(" ", ""))
    if not match:
        return None
    seq, code, month, year = match.groups()
    if not 1 <= int(month) <= 12 or int(seq) < 1:
        return None
    return RegistrationNumber(int(seq), code, int(month), int(year))
