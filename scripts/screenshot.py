"""Screenshot pages of a running app at phone and desktop size (docs/screenshots/).

python scripts/screenshot.py http://localhost:3000 / landing /registrasi registrasi
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


def main() -> None:
    base, pairs = sys.argv[1], sys.argv[2:]
    out = Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for path, name in zip(pairs[::2], pairs[1::2], strict=True):
            for size, (w, h) in SIZES.items():
                page = browser.new_page(viewport={"width": w, "height": h})
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                page.screenshot(path=str(out / f"{name}-{size}.png"), full_page=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
