"""Form pieces shared by the account pages (login, registration, password reset, profile)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import Var

from spontan_app.components.forms import Label, choice_field, select_field, text_field
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


def searchable_select_field(
    label: Label,
    name: str,
    errors: Var,
    groups: Var,
    *,
    value: Var,
    on_change: Any,
    query: Var,
    on_query: Any,
    matches: Var,
    search_label: Label,
    search_hint: Label,
    found: Label,
    none_found: Label,
    hint: Label | None = None,
) -> rx.Component:
    """A long grouped <select> (the 513 kabupaten/kota of Luar Wilayah) with a search box
    above it that narrows its options to the names holding the typed words, anywhere in
    the name. The select stays the form's control (``name``), so what is submitted is
    unchanged; the box only filters it, and says how many options are left."""
    search_id = f"{name}-search"
    return rx.vstack(
        rx.box(
            # The label wraps the box (no id: Reflex's form would collect a control by its id).
            rx.el.label(
                rx.el.span(search_label, class_name="field-label"),
                rx.input(
                    type="search",
                    default_value=query,
                    on_change=lambda v: on_query(v).debounce(250),
                    autocomplete="off",
                    aria_controls=name,
                    aria_describedby=f"{search_id}-hint {search_id}-status",
                    # Owned by no form: Enter here filters, it does not submit the form
                    # around it, and the words typed are not part of what is submitted.
                    custom_attrs={"form": f"{search_id}-standalone"},
                    width="100%",
                ),
                class_name="field",
            ),
            rx.text(search_hint, id=f"{search_id}-hint", size="1", color_scheme="gray"),
            rx.text(
                rx.cond(matches > 0, found, none_found),
                id=f"{search_id}-status",
                role="status",
                size="1",
                weight="medium",
            ),
            class_name="field",
        ),
        select_field(label, name, errors, groups, grouped=True, value=value, on_change=on_change, hint=hint),
        spacing="2",
        width="100%",
    )
