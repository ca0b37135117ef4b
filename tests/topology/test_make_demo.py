"""`make demo` on a fresh clone: the one command a vendor runs to show SPONTAN.

The repository is cloned into a temporary folder and `make demo` runs there as a person
would type it (its own SQLite database and files under data/, the DEMO banner, Kotak Pesan
Demo, demo staff accounts). Only the installed tools are borrowed from this checkout
(.venv and .tools, which `make setup` would otherwise download again): their
requirements files are dated back so that make sees them as up to date.

Run: python -m pytest tests/topology/test_make_demo.py
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, _free_port, open_page
from tests.e2e.staff import CAPTCHA, staff_login
from tests.support import ROOT


def _clone(target: Path) -> None:
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    for tool in (".venv", ".tools"):
        (target / tool).symlink_to(ROOT / tool)
    for name in ("requirements.txt", "requirements-dev.txt", "Makefile"):
        os.utime(target / name, (0, 0))  # older than .venv/.installed: make installs nothing


def _wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 480) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`make demo` exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            if httpx.get(url + "/ping", timeout=2).status_code == 200 and httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(2)
    pytest.fail(f"`make demo` did not serve {url} in time:\n{log.read_text(errors='replace')[-4000:]}")


def test_make_demo_serves_a_public_demo_from_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "spontan"
    _clone(clone)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPONTAN_")}
    # A fixed captcha answer lets the test log in as staff; everything else is the default.
    env.update(PORT=str(port), SPONTAN_PUBLIC_URL=url, SPONTAN_CAPTCHA_FIXED=CAPTCHA, PYTHONUNBUFFERED="1")
    log = tmp_path / "make-demo.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["make", "demo"], cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for(url, process, log)
        # Its own database under data/, migrated and seeded by the command itself.
        assert (clone / "data" / "demo.db").stat().st_size > 0
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport=DESKTOP, locale="id-ID", base_url=url)
                context.set_default_timeout(30_000)
                page = context.new_page()
                open_page(page, "/")
                expect(page.get_by_role("complementary", name="Mode demo")).to_be_visible()
                open_page(page, "/demo/pesan")
                expect(page.get_by_role("heading", name="Kotak Pesan Demo")).to_be_visible()
                # The demo staff accounts are listed for visitors (UI-CONTRACT) and work; the
                # seeded files fill the desk.
                open_page(page, "/admin/login")
                for username in ("frontoffice", "verifikator", "timteknis", "kabid", "kadis", "admin"):
                    expect(page.get_by_text(username, exact=True)).to_be_visible()
                staff_login(page, "frontoffice")
                number = re.compile(r"^\d+\/[A-Z]+-B\/\d{2}\/\d{4}$")
                expect(page.get_by_role("link", name=number).first).to_be_visible()
            finally:
                browser.close()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
