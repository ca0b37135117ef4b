"""The wizard's progress: Langkah 1–6 of the manual."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from spontan_app.components.i18n import tr

STEPS = ["bidang", "layanan", "izin", "form", "faskes", "submit"]  # permohonan.step_<name>


def stepper(current: Var[int] | int) -> rx.Component:
    def item(index: int, name: str) -> rx.Component:
        number = index + 1
        done = current > number
        active = current == number
        return rx.el.li(
            rx.el.span(str(number), class_name="step-dot"),
            rx.el.span(tr(f"permohonan.step_{name}"), class_name="step-label"),
            class_name=rx.cond(active, "step active", rx.cond(done, "step done", "step")),
            aria_current=rx.cond(active, "step", None),
        )

    return rx.el.nav(
        rx.el.ol(*[item(i, name) for i, name in enumerate(STEPS)], class_name="stepper"),
        aria_label=tr("permohonan.stepper_label"),
        width="100%",
    )
