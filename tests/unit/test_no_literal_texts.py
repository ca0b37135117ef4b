"""Issue 14: no literal user-facing text left in the pages (applicant and back office) and
components —
every text comes from the catalogues (``tr(key)``), so the English page has no Indonesian
hole. Reads the source: a positional string that reads as words, or a string given as a
text attribute (placeholder, aria_label, title, alt, label), is a finding."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support import ROOT

SCOPE = [
    *sorted((ROOT / "spontan_app" / "pages").glob("*.py")),
    *sorted((ROOT / "spontan_app" / "components").glob("*.py")),
    *sorted((ROOT / "spontan_app" / "admin").rglob("*.py")),
]
TEXT_ATTRIBUTES = {"placeholder", "aria_label", "title", "alt", "label", "content", "description"}
# Not language: the portal's and the office's names, units and symbols, and the words the
# manual's Indonesian screens already print in English (the same in both catalogues).
NOT_TEXT = re.compile(
    r"^(SPONTAN|DPMPTSP( Kota Balikpapan)?|WITA|DEMO|Email|Username|Password|Latitude|Longitude|OK|Cancel"
    r"|PDF|JPG|PNG|User Account|Personal Information)$"
)
# Calls whose string arguments are never shown as text.
NOT_SHOWN = {"icon", "get", "startswith", "endswith", "replace", "format", "join", "split", "script",
             "call_script", "redirect", "match", "compile", "Var", "create", "cond_class"}  # fmt: skip


def reads_as_text(value: str) -> bool:
    value = value.strip().rstrip(":").strip()
    if not re.search(r"[A-Za-z]", value) or NOT_TEXT.match(value):
        return False
    if value.startswith(("/", "#", "var(", "data:", "http", ".", "rt-", "@")) or "{" in value:
        return False
    if re.fullmatch(r"[a-z0-9_\-:.\[\]=\" ]+", value):  # ids, classes, CSS values, event names
        return False
    return " " in value or value[:1].isupper()


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _name(node.func) in NOT_SHOWN or _name(node.func).startswith("_"):
            continue
        candidates = [a for a in node.args] + [k.value for k in node.keywords if k.arg in TEXT_ATTRIBUTES]
        for arg in candidates:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and id(arg) not in docstrings:
                if reads_as_text(arg.value):
                    found.append(f"{path.relative_to(ROOT)}:{arg.lineno}: {arg.value!r}")
            elif isinstance(arg, ast.JoinedStr):
                literal = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
                if reads_as_text(literal):
                    found.append(f"{path.relative_to(ROOT)}:{arg.lineno}: f-string {literal!r}")
    return found


def test_the_pages_take_every_text_from_the_catalogues():
    left = [line for path in SCOPE for line in findings(path)]
    assert left == [], "texts not in the catalogues:\n" + "\n".join(left)


def test_the_check_sees_a_literal_text():
    assert reads_as_text("Ajukan Permohonan") and reads_as_text("Masuk")
    assert not reads_as_text("native-select") and not reads_as_text("/beranda") and not reads_as_text("SPONTAN")
