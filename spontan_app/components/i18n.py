"""Texts on pages in the tab's language: ``tr("area.key")`` carries both languages' texts
into the page and shows the one of ``LangState.lang``; a key missing in a catalogue fails
the build (KeyError), so no page ships a hole."""

from __future__ import annotations

import reflex as rx

from spontan_app.i18n import LANGS, catalogue
from spontan_app.state.lang import LangState


def tr(key: str, /, **params: str | rx.Var) -> rx.Var:
    """The text of ``key`` in the tab's language; ``{name}`` placeholders take ``params``
    (plain strings or state vars)."""
    texts = {lang: catalogue(lang)[key] for lang in LANGS}
    if params:
        return rx.cond(LangState.is_en, _fill(texts["en"], params), _fill(texts["id"], params))
    return rx.cond(LangState.is_en, texts["en"], texts["id"])


def _fill(text: str, params: dict[str, str | rx.Var]) -> rx.Var:
    """``"Halo {name}"`` with a var for name -> a string var concatenation."""
    import string

    parts: list[str | rx.Var] = []
    for literal, field, _, _ in string.Formatter().parse(text):
        if literal:
            parts.append(literal)
        if field is not None:
            parts.append(params[field])
    out: rx.Var = rx.Var.create("")
    for part in parts:
        out = out + (part if isinstance(part, rx.Var) else rx.Var.create(part))
    return out


def lang_switch() -> rx.Component:
    """The header's language switch: names the other language, in that language."""
    return rx.button(
        rx.icon("languages", size=16, aria_hidden="true"),
        rx.el.span(tr("common.language_switch"), class_name="hide-on-phone"),
        variant="ghost",
        color_scheme="gray",
        size="2",
        lang=rx.cond(LangState.is_en, "id", "en"),
        aria_label=tr("common.language_switch_label"),
        on_click=LangState.switch_lang,
        class_name="lang-switch",
    )
