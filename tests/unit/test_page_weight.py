"""What each page makes the browser download: its own parts, only the icons it shows, and
Radix's stylesheet with only the colour scales the pages name.

Reflex compiles a page's memoized parts into a module named after the page function's
Python module. The shared shells (``template``, ``admin_page``) wrap each page in a function
of their own; left with the shell's module, every page's parts (the statistics charts, the
uploads, the faskes dialog…) landed in one module all pages imported.

An ``rx.icon`` given a Var renders lucide's ``DynamicIcon``, whose import map puts every
lucide icon (≈ 1,700 modules, 126 KB brotli) in a chunk that every page loaded
(docs/performance.md, "Pages"). ``spontan_app.components.icons`` draws the same choice
with static icons; these tests keep every registered page that way.
"""

from __future__ import annotations

import re
from typing import get_args

import reflex as rx
from reflex_base.registry import RegistrationContext
from reflex_components_radix.themes.base import LiteralAccentColor

from spontan_app import spontan_app  # noqa: F401  (registers every page)
from spontan_app.components import theme
from spontan_app.components.icons import callout_cond, icon_cond
from tests.support import ROOT


def _pages() -> list[tuple[str, object]]:
    return [
        (kwargs.get("route", fn.__name__), fn) for fn, kwargs in RegistrationContext.ensure_context().decorated_pages
    ]


def _lucide_imports(component: rx.Component) -> set[str]:
    """The lucide modules ``component`` imports: ``/dynamic.mjs`` or ``/dist/esm/icons/<name>.mjs``."""
    return {
        imp.package_path
        for lib, imps in component._get_all_imports().items()
        if lib.startswith("lucide-react")
        for imp in imps
    }


def _dynamic_icon_imports(component: rx.Component) -> list[str]:
    return sorted(path for path in _lucide_imports(component) if "dynamic" in path)


def test_no_page_renders_a_dynamic_icon():
    pages = _pages()
    assert len(pages) > 25
    found = {route: libs for route, fn in pages if (libs := _dynamic_icon_imports(fn()))}
    assert found == {}


def test_the_check_sees_a_dynamic_icon_and_the_helpers_avoid_it():
    ok = rx.Var.create(True)
    assert _dynamic_icon_imports(rx.box(rx.icon(rx.cond(ok, "file-check", "file-x"))))
    assert _dynamic_icon_imports(rx.callout("x", icon=rx.cond(ok, "file-check", "file-x")))
    assert not _dynamic_icon_imports(rx.box(icon_cond(ok, "file-check", "file-x")))
    static = callout_cond("x", ok, "file-check", "file-x")
    assert not _dynamic_icon_imports(static)
    assert _lucide_imports(static) == {"/dist/esm/icons/file-check.mjs", "/dist/esm/icons/file-x.mjs"}


def test_every_page_compiles_its_parts_into_its_own_module():
    shells = {"spontan_app.components.layout", "spontan_app.admin.layout", "spontan_app.components.nav"}
    modules = {route: fn.__module__ for route, fn in _pages()}
    assert {route: module for route, module in modules.items() if module in shells} == {}
    assert modules["/"] == "spontan_app.pages.landing"
    assert modules["/admin/faskes"] == "spontan_app.admin.pages.faskes"


# Radix's accent colours (Reflex's list) and its five tinted grays.
RADIX_COLORS = {*get_args(LiteralAccentColor), "mauve", "slate", "sage", "olive", "sand"}


def colors_named(source: str) -> set[str]:
    """Radix colour names a Python or CSS text uses: as a whole string literal or a var(--name-n)."""
    quoted = {name for name in re.findall(r"""["']([a-z]+)["']""", source) if name in RADIX_COLORS}
    variables = {name for name in re.findall(r"var\(--([a-z]+)-a?\d+", source) if name in RADIX_COLORS}
    return quoted | variables


def test_the_stylesheet_has_every_colour_the_pages_name():
    sources = [*sorted((ROOT / "spontan_app").rglob("*.py")), ROOT / "assets" / "styles.css", ROOT / "rxconfig.py"]
    named = {
        name: sorted(str(p.relative_to(ROOT)) for p in sources if name in colors_named(p.read_text()))
        for name in RADIX_COLORS
    }
    missing = {name: where for name, where in named.items() if where and name not in theme.COLORS}
    assert missing == {}
    imported = theme.stylesheets()
    for color in theme.COLORS:
        assert f"@radix-ui/themes/tokens/colors/{color}.css" in imported
    assert imported[-3:] == (
        "@radix-ui/themes/tokens/base.css",
        "@radix-ui/themes/components.css",
        "@radix-ui/themes/utilities.css",
    )


def test_the_colour_check_sees_a_colour():
    assert colors_named('rx.badge("x", color_scheme="tomato")') == {"tomato"}
    assert colors_named(".x { color: var(--crimson-a9); }") == {"crimson"}
    assert colors_named('rx.text("gray matter")') == set()
