"""Form pieces shared by the account pages (login, registration, password reset, profile)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var

from spontan_app.components.forms import Label, choice_field, text_field
from spontan_app.components.i18n import tr
from spontan_app.domain.enums import ApplicantType

APPLICANT_TYPES: list[tuple[str, Label]] = [
    (ApplicantType.PERORANGAN.value, tr("accounts.type_perorangan")),
    (ApplicantType.BADAN_USAHA.value, tr("accounts.type_badan_usaha")),
]
APPLICANT_TYPE_VALUES = tuple(value for value, _ in APPLICANT_TYPES)
USERNAME_HINT = tr("accounts.username_hint")


def applicant_type_field(legend: Label, name: str, errors: Var, *, value: Var, on_change: Any) -> rx.Component:
    """Perorangan / Badan Usaha as radio buttons (Status Pemohon, Jenis Pemohon)."""
    return choice_field(legend, name, errors, APPLICANT_TYPES, value=value, on_change=on_change)


def otp_field(errors: Var, *, hint: Label | None = None, one_time_code: bool = True) -> rx.Component:
    """The six-digit ``Kode OTP`` input (``otp`` in the form)."""
    props: dict[str, Any] = {"input_mode": "numeric", "max_length": 6}
    if one_time_code:
        props["autocomplete"] = "one-time-code"
    if hint is not None:
        props["hint"] = hint
    return text_field(tr("accounts.otp_label"), "otp", errors, **props)
