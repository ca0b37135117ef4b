"""The Radix Themes stylesheet in parts: its tokens, only the colour scales the app uses,
its components and utilities (the package ships them separately for this).

Reflex's RadixThemesPlugin imports ``@radix-ui/themes/styles.css``: every colour scale of
Radix's 31 (≈ 95 KB of the 173 KB of tokens) on every page. The same CSS in parts with the
eight scales used is 38 KB brotli instead of 50 (docs/performance.md, "Pages").
"""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx

ACCENT, GRAY = "indigo", "slate"
# Every colour a page names (color_scheme=…, the theme's accent and gray); gray.css is
# Radix's own neutral, which its components fall back on. tests/unit/test_page_weight.py
# fails when the code names a colour that is not here.
COLORS = ("gray", GRAY, "amber", "blue", "green", ACCENT, "orange", "red")
THEMES = "@radix-ui/themes"


def stylesheets(colors: tuple[str, ...] = COLORS) -> tuple[str, ...]:
    """In the order of Radix's own styles.css: scales, base tokens, components, utilities."""
    return (
        *(f"{THEMES}/tokens/colors/{color}.css" for color in colors),
        f"{THEMES}/tokens/base.css",
        f"{THEMES}/components.css",
        f"{THEMES}/utilities.css",
    )


@dataclasses.dataclass
class RadixThemesInParts(rx.plugins.RadixThemesPlugin):
    """RadixThemesPlugin (theme wrapper, package) importing :func:`stylesheets`."""

    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        return stylesheets() if self.enabled else ()


def theme() -> rx.Component:
    return rx.theme(accent_color=ACCENT, gray_color=GRAY, radius="medium", appearance="light")
