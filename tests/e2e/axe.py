"""axe-core in the browser tests: the npm package's axe.min.js (installed under .tools by
`make setup`) is evaluated in the page and run with the WCAG 2.2 A/AA rules."""

from __future__ import annotations

from functools import cache

from playwright.sync_api import Page

from tests.support import ROOT

AXE_JS = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING = {"serious", "critical"}

_RUN = """async (tags) => {
  const result = await window.axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").split("\\n")[1]),
  }));
}"""


_SETTLED = """() => document.getAnimations().every(
  a => a.playState !== 'running' || (a.effect && a.effect.getTiming().iterations === Infinity))"""


@cache
def _source() -> str:
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} is missing: run `make setup` (npm install axe-core)")
    return AXE_JS.read_text(encoding="utf-8")


def violations(page: Page, impacts: set[str] = BLOCKING) -> list[dict]:
    """axe's WCAG 2.2 AA violations on the page as it is now, of the given impacts.

    Waits until no CSS animation runs: a dialog fading in is checked at its final colours,
    not at the 90 % opacity it has for a frame (axe would blend the overlay into them)."""
    page.wait_for_function(_SETTLED, timeout=10_000)
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(_source() + "\n;true")  # over the DevTools protocol: no CSP applies
    found = page.evaluate(_RUN, WCAG_TAGS)
    return [v for v in found if v["impact"] in impacts]


def describe(found: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found)
