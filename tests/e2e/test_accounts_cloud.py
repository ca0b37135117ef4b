"""The Perorangan journey with the WhatsApp Cloud API provider, against a fake Cloud API.

A second app is built and served with ``SPONTAN_WA_PROVIDER=cloud`` pointing at a local
HTTP server that records every message; the OTP and the link are read from what that
server received, exactly as a phone would get them.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DESKTOP, AppServer, _finish, _new_page, open_page, start_app, stop_app
from tests.e2e.helpers import CAPTCHA, expect_path, link_path, otp_from

PHONE_NUMBER_ID = "1234567890"
TOKEN = "test-token"
MESSAGES_PATH = f"/v21.0/{PHONE_NUMBER_ID}/messages"

NIK = "6471016203920003"
WA = "081255500201"
WA_E164 = "+6281255500201"


@dataclass(frozen=True)
class Received:
    path: str
    authorization: str
    body: dict
    status: int


class FakeCloudApi:
    """Answers like the Cloud API; numbers in ``fail_first`` get one 503 before succeeding."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.fail_first: set[str] = set()
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
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

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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


def test_perorangan_journey_over_the_cloud_api_survives_a_503(
    cloud_page: Page, cloud_app: AppServer, cloud_api: FakeCloudApi
):
    page, db, to = cloud_page, cloud_app.database_url, WA_E164.lstrip("+")
    # The gateway is briefly down for this number: the first request gets a 503.
    cloud_api.fail_first.add(to)

    # 2. Registrasi Akun.
    open_page(page, "/registrasi")
    page.get_by_label("Nomor Identitas").fill(NIK)
    page.get_by_label("No WA").fill(WA)
    page.get_by_label("Email").fill("awan@contoh.id")
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_label("Kode OTP")).to_be_visible()

    # The OTP arrives anyway: the 503 was retried.
    otp_text = cloud_api.wait_for_text(to, "Kode OTP")
    code = otp_from(otp_text)
    first, second = cloud_api.to(to)[:2]
    assert (first.status, second.status) == (503, 200)
    assert first.body == second.body  # the same message again, not a new code
    for request in (first, second):
        assert request.path == MESSAGES_PATH
        assert request.authorization == f"Bearer {TOKEN}"
        assert request.body["messaging_product"] == "whatsapp"
        assert request.body["to"] == "6281255500201"
    otp_row = _wait_for_row(db, WA_E164, "otp_register")
    assert otp_row["status"] == "sent", otp_row
    assert otp_row["attempts"] >= 2, otp_row
    assert otp_row["provider"] == "cloud"
    assert otp_row["provider_message_id"].startswith("wamid.X")

    page.get_by_label("Kode OTP").fill(code)
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_role("heading", name="Registrasi Berhasil")).to_be_visible()

    # 3. The link, as received by the phone: within seconds of the screen saying it was sent, not
    # only when the outbox sweep (every 15 s, for messages older than 20 s) comes round.
    expect(page.get_by_text("Kami telah mengirim tautan verifikasi ke WhatsApp")).to_be_visible()
    link_text = cloud_api.wait_for_text(to, "/verifikasi/", timeout=10)
    assert code not in link_text
    link = link_path(link_text)
    link_row = _wait_for_row(db, WA_E164, "registration_link")
    assert (link_row["status"], link_row["attempts"]) == ("sent", 1), link_row
    open_page(page, link)
    page.get_by_role("button", name="Lengkapi Data").click()
    page.get_by_label("Password", exact=True).fill("rahasia-awan-1")
    page.get_by_label("Ketik Ulang Password").fill("rahasia-awan-1")
    page.get_by_label("Nama Lengkap").fill("Awan Cloud Uji")
    page.get_by_label("Kecamatan").select_option(label="Balikpapan Kota")
    page.get_by_label("Kelurahan").select_option(label="Klandasan Ilir")
    page.get_by_label("Alamat").fill("Jl. Jenderal Sudirman No. 5")
    page.get_by_label("Tempat Lahir").fill("Samarinda")
    page.get_by_label("Tanggal Lahir").fill("1992-03-22")
    page.get_by_label("Perempuan").check()
    page.get_by_role("button", name="Selesaikan Registrasi").click()
    expect_path(page, "/login")

    # 4. Login.
    page.get_by_label("Username").fill(NIK)
    page.get_by_label("Password").fill("rahasia-awan-1")
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Masuk").click()
    expect_path(page, "/beranda")
    expect(page.get_by_role("heading", name="Selamat datang, Awan Cloud Uji")).to_be_visible()

    # Nothing went to the console outbox path: every message to this number left through the API.
    assert {r["provider"] for r in _outgoing(db, WA_E164)} == {"cloud"}
    assert len(cloud_api.to(to)) == 3  # 503 + OTP, then the link

    # Lupa password over the Cloud API too: the code arrives through the API, the old password ends.
    page.get_by_role("button", name="Keluar").click()
    open_page(page, "/lupa-password")
    page.get_by_label("Username").fill(NIK)
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Kirim Kode OTP").click()
    page.get_by_label("Kode OTP").fill(otp_from(cloud_api.wait_for_text(to, "reset password", timeout=10)))
    page.get_by_role("button", name="Verifikasi").click()
    page.get_by_label("Password Baru").fill("rahasia-awan-2")
    page.get_by_label("Ketik Ulang Password").fill("rahasia-awan-2")
    page.get_by_role("button", name="Simpan Password").click()
    expect_path(page, "/login")
    page.get_by_label("Username").fill(NIK)
    page.get_by_label("Password").fill("rahasia-awan-2")
    page.get_by_label("Kode Unik").fill(CAPTCHA)
    page.get_by_role("button", name="Masuk").click()
    expect_path(page, "/beranda")
    # After delivery the outbox keeps no usable code.
    assert all(not re.search(r"\b\d{6}\b", r["body"]) for r in _outgoing(db, WA_E164) if r["status"] == "sent")
