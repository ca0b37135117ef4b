"""Browser journeys through the real built app.

Once per test session the app is built and served in production mode on one port
(``reflex run --env prod --single-port``) against its own freshly migrated and seeded
database; Debian's Chromium is driven through Playwright. Any error a page logs fails
the test that caused it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.support import ROOT, ensure_postgres_database

CHROMIUM = os.environ.get("SPONTAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
METRICS_TOKEN = "e2e-scrape-token-0123456789abcdef"
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _e2e_database_url(tmp: Path) -> str:
    url = sa.engine.make_url(os.environ["SPONTAN_DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp / 'e2e.db'}"
    text = url.set(database=f"{url.database}_e2e").render_as_string(hide_password=False)
    ensure_postgres_database(text)
    return text


def _bun_dir() -> str | None:
    local = ROOT / ".tools" / "node_modules" / ".bin"
    if (local / "bun").exists():
        return str(local)
    found = shutil.which("bun")
    return str(Path(found).parent) if found else None


@dataclass
class AppServer:
    url: str
    env: dict[str, str]
    database_url: str
    log_path: Path
    process: subprocess.Popen = field(repr=False)
    app_dir: Path | None = None
    port: int = 0

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


STAGE_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".tools",
    ".web",
    ".states",
    "data",
    "test-results",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "docs",
    "bench",
    "tests",
)


def _stage_app(tmp: Path) -> Path:
    """A copy of the app to build and serve: tests never touch the working tree's .web."""
    target = tmp / "app"
    shutil.copytree(ROOT, target, ignore=STAGE_IGNORE)
    return target


def start_app(tmp: Path, extra_env: dict[str, str] | None = None) -> AppServer:
    """Migrate and seed a fresh database, then build and serve the app on a free port."""
    port = _free_port()
    database_url = _e2e_database_url(tmp)
    env = {
        **os.environ,
        "SPONTAN_ENV": "test",
        "SPONTAN_DATABASE_URL": database_url,
        "SPONTAN_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SPONTAN_UPLOAD_DIR": str(tmp / "uploads"),
        "SPONTAN_CAPTCHA_FIXED": "TEST42",
        "SPONTAN_MAP_TILE_URL": "",  # no tile server is reachable from tests
        # Every browser in these tests comes from 127.0.0.1 (the limit has its own unit test).
        "SPONTAN_REGISTRATIONS_PER_ADDRESS": "1000",
        "SPONTAN_OTP_REQUESTS_PER_ADDRESS": "1000",
        # /metrics is closed unless this bearer token is sent (tests/e2e/test_ops_served.py).
        "SPONTAN_METRICS_TOKEN": METRICS_TOKEN,
        "REFLEX_USE_SYSTEM_BUN": "1",
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    bun = _bun_dir()
    if bun:
        env["PATH"] = bun + os.pathsep + env["PATH"]
    python = sys.executable
    from tests.support import reset_database

    reset_database(database_url)
    app_dir = _stage_app(tmp)
    subprocess.run([python, "-m", "alembic", "upgrade", "head"], cwd=app_dir, env=env, check=True, capture_output=True)
    subprocess.run([python, "-m", "spontan_app.seed"], cwd=app_dir, env=env, check=True, capture_output=True)

    server = AppServer(f"http://127.0.0.1:{port}", env, database_url, tmp / "app.log", None, app_dir, port)
    _launch(server)
    return server


def _launch(server: AppServer) -> None:
    """Start (or start again) the app process of ``server`` and wait until it answers."""
    with server.log_path.open("a") as log:
        reflex = str(Path(sys.executable).with_name("reflex"))
        server.process = subprocess.Popen(
            [
                reflex,
                "run",
                "--env",
                "prod",
                "--single-port",
                "--frontend-port",
                str(server.port),
                "--loglevel",
                "info",
            ],
            cwd=server.app_dir,
            env=server.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process = server.process
    deadline = time.monotonic() + 420
    while True:
        if process.poll() is not None:
            pytest.fail(f"the app exited while starting:\n{server.log_tail()}")
        try:
            if (
                httpx.get(server.url + "/ping", timeout=2).status_code == 200
                and httpx.get(server.url + "/", timeout=5).status_code == 200
            ):
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            stop_app(server)
            pytest.fail(f"the app did not start in time:\n{server.log_tail()}")
        time.sleep(2)


def restart_app(server: AppServer) -> None:
    """A backend restart (deploy, crash): same database, same Redis, new process."""
    stop_app(server)
    _launch(server)


def stop_app(server: AppServer) -> None:
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    """The app with the embedded defaults: console WhatsApp (messages in the outbox)."""
    server = start_app(Path(tempfile.mkdtemp(prefix="spontan-e2e-")))
    yield server
    stop_app(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageErrors:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def response(self, response) -> None:
        if response.status >= 400:
            self.errors.append(f"http {response.status}: {response.url}")

    def page_error(self, error: Exception) -> None:
        self.errors.append(f"pageerror: {error}")


def _new_page(browser: Browser, app_server: AppServer, viewport: dict) -> tuple[Page, PageErrors]:
    context = browser.new_context(
        viewport=viewport, locale="id-ID", timezone_id="Asia/Makassar", base_url=app_server.url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = PageErrors()
    page.on("console", errors.console)
    page.on("pageerror", errors.page_error)
    page.on("response", errors.response)
    return page, errors


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.call_failed = report.failed


def _finish(request, page: Page, errors: PageErrors) -> None:
    if getattr(request.node, "call_failed", False):
        out = ROOT / "test-results"
        out.mkdir(exist_ok=True)
        page.screenshot(path=str(out / f"{request.node.name}.png"), full_page=True)
    page.context.close()
    assert not errors.errors, "the page reported errors:\n" + "\n".join(errors.errors)


@pytest.fixture
def page(request, browser: Browser, app_server: AppServer) -> Iterator[Page]:
    page, errors = _new_page(browser, app_server, DESKTOP)
    yield page
    _finish(request, page, errors)


@pytest.fixture
def phone_page(request, browser: Browser, app_server: AppServer) -> Iterator[Page]:
    page, errors = _new_page(browser, app_server, PHONE)
    yield page
    _finish(request, page, errors)


def open_page(page: Page, path: str) -> Page:
    """Go to ``path`` and wait until the page is connected to the backend (hydrated).

    CI saw one page (PostgreSQL + Redis pass, under load) not hydrate within 30 s, once in
    four runs, not reproduced since: as a person would, the test reloads once, and says so
    in its output; a page that stays unconnected after the reload still fails."""
    page.goto(path)
    try:
        page.wait_for_selector("#spontan-ready", state="attached", timeout=30_000)
    except PlaywrightTimeoutError:
        print(f"open_page: {path} not hydrated after 30 s; reloading once")
        page.reload()
        page.wait_for_selector("#spontan-ready", state="attached", timeout=30_000)
    return page
