"""Issue 14: no literal user-facing text left in the pages (applicant and back office) and
components —
every text comes from the catalogues (``tr(key)``), so the English page has no Indonesian
hole. Reads the source: a positional string that reads as words, or a string given as a
text attribute (placeholder, aria_label, title, alt, label), is a finding.

The same holds for the services, the domain and the integrations: an error they raise is shown
to the user, so it carries ``msg(key)`` (which the state renders in the tab's language), never
a literal Indonesian text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from spontan_app.services import errors
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


SERVICE_SCOPE = [
    *sorted((ROOT / "spontan_app" / "services").rglob("*.py")),
    *sorted((ROOT / "spontan_app" / "domain").rglob("*.py")),
    *sorted((ROOT / "spontan_app" / "integrations").rglob("*.py")),
]
# Every error a service raises (``spontan_app/services/errors.py``, ValidationError included).
ERROR_CLASSES = set(errors.__all__)


def _literal_text(node: ast.AST) -> str | None:
    """What a user would read if ``node`` were raised as is: a string with a space (a word is
    a key or a code, a sentence is a text) or any f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value:
        return repr(node.value[:70])
    if isinstance(node, ast.JoinedStr):
        return "f-string " + repr("".join(v.value for v in node.values if isinstance(v, ast.Constant))[:70])
    return None


def error_findings(source: str, where: str) -> list[str]:
    """Each error class called with a literal text, directly or as a value of a field dict."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node.func) not in ERROR_CLASSES:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            values = [v for v in arg.values if v is not None] if isinstance(arg, ast.Dict) else [arg]
            for value in values:
                text = _literal_text(value)
                if text is not None:
                    found.append(f"{where}:{node.lineno}: {_name(node.func)}({text})")
    return found


def test_the_services_raise_every_error_text_from_the_catalogues():
    left = [
        line
        for path in SERVICE_SCOPE
        for line in error_findings(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert left == [], "errors raised with a literal text instead of msg(key):\n" + "\n".join(left)


def test_the_error_check_sees_a_literal_text():
    source = (
        "raise NotFound('Izin tidak ditemukan.')\n"
        "raise FieldErrors({'photo': f'Dimensi {w} terlalu besar.'})\n"
        "raise PermissionDenied(msg('admin.desk.staff_inactive'))\n"
        "raise ValidationError('nik', msg('accounts.nik_invalid'))\n"
    )
    assert error_findings(source, "x.py") == [
        "x.py:1: NotFound('Izin tidak ditemukan.')",
        "x.py:2: FieldErrors(f-string 'Dimensi  terlalu besar.')",
    ]
