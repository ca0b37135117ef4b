"""Form pieces shared by the account pages (login, registration, password reset, profile)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var

from spontan_app.components.forms import choice_field, text_field
from spontan_app.domain.enums import ApplicantType

APPLICANT_TYPES = [(ApplicantType.PERORANGAN.value, "Perorangan"), (ApplicantType.BADAN_USAHA.value, "Badan Usaha")]
APPLICANT_TYPE_VALUES = tuple(value for value, _ in APPLICANT_TYPES)
USERNAME_HINT = "NIK (perorangan) atau NPWP (badan usaha)."


def applicant_type_field(legend: str, name: str, errors: Var, *, value: Var, on_change: Any) -> rx.Component:
    """Perorangan / Badan Usaha as radio buttons (Status Pemohon, Jenis Pemohon)."""
    return choice_field(legend, name, errors, APPLICANT_TYPES, value=value, on_change=on_change)


def otp_field(errors: Var, *, hint: str | None = None, one_time_code: bool = True) -> rx.Component:
    """The six-digit ``Kode OTP`` input (``otp`` in the form)."""
    props: dict[str, Any] = {"input_mode": "numeric", "max_length": 6}
    if one_time_code:
        props["autocomplete"] = "one-time-code"
    if hint is not None:
        props["hint"] = hint
    return text_field("Kode OTP", "otp", errors, **props)
