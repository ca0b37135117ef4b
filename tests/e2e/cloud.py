"""A fake WhatsApp Cloud API on loopback and an app served against it (module-scoped
fixtures: a module that uses them gets its own app)."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import DESKTOP, AppServer, _finish, _new_page, start_app, stop_app

PHONE_NUMBER_ID = "1234567890"
TOKEN = "test-token"
MESSAGES_PATH = f"/v21.0/{PHONE_NUMBER_ID}/messages"



@dataclass(frozen=True)
class Received:
    path: str
    authorization: str
    body: dict
    status: int


class FakeCloudApi:
    """Answers like the Cloud API; numbers in ``fail_first`` get one 503 before succeeding."""

    def __init__(self, port: int = 0) -> None:
        self.received: list[Received] = []
        self.fail_first: set[str] = set()
        self.hanging = threading.Event()  # set: every request waits (a gateway that never answers)
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                while api.hanging.is_set():  # the client's timeout is what ends this
                    time.sleep(0.2)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {"unparsed": raw.decode(errors="replace")}
                with api._lock:
                    to = body.get("to", "")
                    status = 503 if to in api.fail_first else 200
                    api.fail_first.discard(to)
                    api.received.append(Received(self.path, self.headers.get("Authorization", ""), body, status))
                    count = len(api.received)
                if status == 200:
                    answer = {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.X{count}"}]}
                else:
                    answer = {"error": {"message": "Service temporarily unavailable", "code": 2}}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:  # keep the test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeCloudApi:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def to(self, number: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.body.get("to") == number]

    def wait_for_text(self, number: str, containing: str, count: int = 1, timeout: float = 15) -> str:
        """Text of the ``count``-th message to ``number`` (delivered with 200) containing ``containing``."""
        deadline = time.monotonic() + timeout
        while True:
            texts = [
                r.body.get("text", {}).get("body", "")
                for r in self.to(number)
                if r.status == 200 and containing in r.body.get("text", {}).get("body", "")
            ]
            if len(texts) >= count:
                return texts[count - 1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no message #{count} with {containing!r} to {number}; got {self.to(number)}")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def cloud_api() -> Iterator[FakeCloudApi]:
    api = FakeCloudApi().start()
    yield api
    api.stop()


def _own_redis() -> dict[str, str]:
    """With Redis (CI's second pass) this app keeps its state in a Redis database of its own."""
    extra: dict[str, str] = {}
    redis_url = os.environ.get("SPONTAN_REDIS_URL")
    if redis_url:
        extra["SPONTAN_REDIS_URL"] = str(sa.engine.make_url(redis_url).set(database="5"))
    return extra


@pytest.fixture(scope="module")
def cloud_app(cloud_api: FakeCloudApi) -> Iterator[AppServer]:
    tmp = Path(tempfile.mkdtemp(prefix="spontan-e2e-cloud-"))
    base_url = os.environ["SPONTAN_DATABASE_URL"]
    url = sa.engine.make_url(base_url)
    if url.get_backend_name() != "sqlite":
        # start_app derives "<database>_e2e" from this variable, the database the session's app
        # uses and that start_app resets: this app gets "<database>_cloud_e2e" instead.
        os.environ["SPONTAN_DATABASE_URL"] = url.set(database=f"{url.database}_cloud").render_as_string(
            hide_password=False
        )
    try:
        server = start_app(
            tmp,
            {
                "SPONTAN_WA_PROVIDER": "cloud",
                "SPONTAN_WA_API_URL": f"http://127.0.0.1:{cloud_api.port}/v21.0",
                "SPONTAN_WA_TOKEN": TOKEN,
                "SPONTAN_WA_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
                **_own_redis(),
            },
        )
    finally:
        os.environ["SPONTAN_DATABASE_URL"] = base_url
    yield server
    stop_app(server)


@pytest.fixture
def cloud_page(request, browser: Browser, cloud_app: AppServer) -> Iterator[Page]:
    page, errors = _new_page(browser, cloud_app, DESKTOP)
    yield page
    _finish(request, page, errors)


def _outgoing(database_url: str, to_e164: str) -> list[dict]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT kind, status, attempts, provider, provider_message_id, last_error, body "
                    "FROM outgoing_message WHERE to_number = :n ORDER BY id"
                ),
                {"n": to_e164},
            ).mappings()
            return [dict(r) for r in rows]
    finally:
        engine.dispose()


def _wait_for_row(database_url: str, to_e164: str, kind: str, timeout: float = 15) -> dict:
    """The outbox row of ``kind`` once its delivery has finished (sent or failed)."""
    deadline = time.monotonic() + timeout
    while True:
        rows = [r for r in _outgoing(database_url, to_e164) if r["kind"] == kind]
        if rows and rows[-1]["status"] in ("sent", "failed"):
            return rows[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"{kind} to {to_e164} not delivered: {_outgoing(database_url, to_e164)}")
        time.sleep(0.2)
