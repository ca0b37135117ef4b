"""Icons whose choice depends on the state, without shipping the whole icon set.

``rx.icon`` given a Var (``rx.cond(ok, "a", "b")``) renders lucide's ``DynamicIcon``,
whose import map pulls every lucide icon (≈ 1,700 modules, 126 KB brotli) into the chunk
that every page loads. A condition over two fixed names is two static icons instead.
"""

from __future__ import annotations

import reflex as rx


def icon_cond(condition: rx.Var | bool, if_true: str, if_false: str, **props) -> rx.Component:
    """``if_true`` or ``if_false`` (lucide names, Python strings) as static icons."""
    return rx.cond(condition, rx.icon(if_true, **props), rx.icon(if_false, **props))


def callout_cond(text: str | rx.Var, condition: rx.Var | bool, if_true: str, if_false: str, **props) -> rx.Component:
    """``rx.callout`` whose icon is ``if_true`` or ``if_false`` after ``condition``."""
    return rx.callout.root(
        rx.callout.icon(icon_cond(condition, if_true, if_false)),
        rx.callout.text(text),
        **props,
    )
