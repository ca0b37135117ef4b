"""Back-office helpers for browser tests: staff login, files made by tests/factories.py."""

from __future__ import annotations

import subprocess
import sys

from playwright.sync_api import Page

from tests.e2e.conftest import AppServer, open_page
from tests.e2e.helpers import CAPTCHA, expect_path
from tests.factories import answer_of
from tests.support import ROOT, fresh_n

STAFF_PASSWORD = "Spontan#2026"
DESKS = ["frontoffice", "verifikator", "timteknis", "kabid", "kadis"]


def staff_login(page: Page, username: str, password: str = STAFF_PASSWORD) -> None:
    open_page(page, "/admin/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Masuk").click()
    expect_path(page, "/admin")
    page.wait_for_selector("#spontan-ready", state="attached")


def submitted_file(app_server: AppServer, n: int, izin: str = "IPRI-B", name: str | None = None) -> dict:
    """An applicant and a submitted file, written by the app's own services into its database
    and upload folder (tests/factories.py run with the app's environment)."""
    args = [sys.executable, "-m", "tests.factories", "submitted", "--n", str(fresh_n(n)), "--izin", izin]
    if name:
        args += ["--name", name]
    out = subprocess.run(args, cwd=ROOT, env=app_server.env, capture_output=True, text=True)
    assert out.returncode == 0, f"tests.factories failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}"
    return answer_of(out.stdout)
