"""Two languages: Indonesian (the default) and English.

Every text a user reads comes from one catalogue per language:
``spontan_app/i18n/locales/<lang>/<area>.json``, flat keys ``"<area>.<name>"``, the same keys
in both languages (``tests/unit/test_i18n.py`` fails on a key missing in either).

- Pages: ``spontan_app.components.i18n.tr(key)`` puts both texts in the page and shows the
  one of the tab's language (no round trip when the language is switched).
- Services: ``msg(key, **params)`` is the Indonesian text (a ``str``, so logs, tests and
  the back office read it as before) that remembers its key; the state that shows it calls
  ``localize(value, lang)`` (``HandlerMixin._run`` does this for every error).
- WhatsApp: ``t(key, applicant.language, **params)``.
- Dates and numbers: ``format_date`` / ``format_number`` / ``format_money`` per language.

Reflex-free: domain and services import this module.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("id", "en")
DEFAULT_LANG = "id"
LANG_COOKIE = "spontan_lang"
LANG_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
LOCALES = Path(__file__).parent / "locales"


def normalize_lang(value: object) -> str:
    text = str(value or "").strip().lower()[:5]
    return text if text in LANGS else DEFAULT_LANG


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All texts of ``lang``; a key defined twice (in two area files) is an error."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALES / lang).glob("*.json")):
        texts = json.loads(path.read_text(encoding="utf-8"))
        twice = set(merged) & set(texts)
        if twice:
            raise ValueError(f"{path}: keys defined in another file too: {sorted(twice)}")
        merged.update(texts)
    return merged


def t(key: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` placeholders filled in. A key missing
    in English falls back to Indonesian (the test suite makes sure none is)."""
    texts = catalogue(normalize_lang(lang))
    text = texts.get(key)
    if text is None:
        text = catalogue(DEFAULT_LANG)[key]  # KeyError: a key in no catalogue is a bug
    return text.format(**{k: localize(v, lang) for k, v in params.items()}) if params else text


class Text(str):
    """An Indonesian text that remembers its catalogue key, so a state can show it in the
    tab's language: ``localize(Text(...), "en")``."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, /, **params: Any) -> Text:
        made = super().__new__(cls, t(key, DEFAULT_LANG, **params))
        made.key, made.params = key, params
        return made

    def __reduce__(self):  # pickles (Redis state, worker processes) as itself
        return (_remake, (self.key, self.params))


def _remake(key: str, params: dict[str, Any]) -> Text:
    return Text(key, **params)


msg = Text


class Joined(str):
    """Several messages shown as one (``" ".join``), each still localizable."""

    parts: tuple[Any, ...]

    def __new__(cls, parts: Any, /, sep: str = " ") -> Joined:
        parts = tuple(parts)
        made = super().__new__(cls, sep.join(parts))
        made.parts, made.sep = parts, sep
        return made

    def __reduce__(self):
        return (Joined, (self.parts, self.sep))


def localize(value: Any, lang: str) -> Any:
    """``value`` with every ``Text`` in it rendered in ``lang`` (dicts and lists walked)."""
    if isinstance(value, Text):
        return t(value.key, lang, **value.params)
    if isinstance(value, Joined):
        return value.sep.join(localize(part, lang) for part in value.parts)
    if isinstance(value, dict):
        return {k: localize(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(localize(v, lang) for v in value)
    return value


# ---------------------------------------------------------------------------- formats

MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}  # fmt: skip


def format_long_date(value: date | datetime | None, lang: str = DEFAULT_LANG) -> str:
    """``30 November 2026`` / ``November 30, 2026``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        from spontan_app.domain.timefmt import to_wita

        value = to_wita(value).date()
    lang = normalize_lang(lang)
    month = MONTHS[lang][value.month - 1]
    return f"{month} {value.day}, {value.year}" if lang == "en" else f"{value.day} {month} {value.year}"


def format_date(value: date | datetime | None, lang: str = DEFAULT_LANG) -> str:
    """Indonesian ``30-11-2026`` (the contract's format); English ``30 Nov 2026``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        from spontan_app.domain.timefmt import to_wita

        value = to_wita(value).date()
    if normalize_lang(lang) == "en":
        return f"{value.day} {MONTHS['en'][value.month - 1][:3]} {value.year}"
    return value.strftime("%d-%m-%Y")


def format_datetime(value: datetime | None, lang: str = DEFAULT_LANG) -> str:
    if value is None:
        return ""
    from spontan_app.domain.timefmt import to_wita

    local = to_wita(value)
    return f"{format_date(local.date(), lang)} {local:%H:%M:%S}"


def format_number(value: float | int, lang: str = DEFAULT_LANG, decimals: int = 0) -> str:
    """``1.234.567,5`` in Indonesian, ``1,234,567.5`` in English."""
    text = f"{value:,.{decimals}f}"
    if normalize_lang(lang) == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_money(amount: float | int | None, lang: str = DEFAULT_LANG) -> str:
    """``Rp 150.000`` / ``Rp 150,000``; a free izin: ``Rp 0 (Gratis)`` / ``Rp 0 (Free)``."""
    if not amount:
        return t("common.free_cost", lang)
    return "Rp " + format_number(int(amount), lang)
