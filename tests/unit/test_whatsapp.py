"""WhatsApp Cloud API gateway against a real HTTP server on 127.0.0.1, and outbox delivery."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import select

from spontan_app.domain.enums import MessageStatus
from spontan_app.domain.models import OutgoingMessage
from spontan_app.integrations.whatsapp import CloudGateway, ConsoleGateway, make_gateway
from spontan_app.services import accounts, messaging
from spontan_app.settings import Settings

PHONE_ID = "109876543210"
TOKEN = "test-token-abc"  # a fake credential for the fake server
TO = "+6281234567890"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: dict


@dataclass
class FakeCloudApi:
    """Answers each POST with the next scripted reply; records every request it got.

    A reply is an HTTP status (200 answers with a message id) or ``"slow"``: wait longer
    than the client's timeout before answering 200.
    """

    base_url: str = ""
    script: list = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    slow_seconds: float = 0.5
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_reply(self):
        with self.lock:
            return self.script.pop(0) if self.script else 200


def _handler(api: FakeCloudApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"_raw": raw.decode(errors="replace")}
            with api.lock:
                api.requests.append(Recorded("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                number = len(api.requests)
            reply = api.next_reply()
            if reply == "slow":
                time.sleep(api.slow_seconds)
                reply = 200
            if reply == 200:
                payload = {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                    "messages": [{"id": f"wamid.TEST{number}"}],
                }
            else:
                payload = {"error": {"message": f"scripted {reply}", "code": reply}}
            data = json.dumps(payload).encode()
            try:
                self.send_response(reply)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                pass

    return Handler


@pytest.fixture
def api() -> Iterator[FakeCloudApi]:
    fake = FakeCloudApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/v21.0"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def gateway(api: FakeCloudApi, *, timeout: float = 2.0, delays=(0.01, 0.01)) -> CloudGateway:
    return CloudGateway(api.base_url + "/", PHONE_ID, TOKEN, retry_delays=delays, timeout=timeout)


# --------------------------------------------------------------------------- the gateway


def test_send_posts_a_cloud_api_text_message(api):
    body = "Kode OTP SPONTAN: 123456\nBerlaku 5 menit."
    result = gateway(api).send(TO, body)
    assert result.ok and result.attempts == 1
    assert result.provider_message_id == "wamid.TEST1"
    assert len(api.requests) == 1
    request = api.requests[0]
    assert request.path == f"/v21.0/{PHONE_ID}/messages"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"].startswith("application/json")
    assert request.body["messaging_product"] == "whatsapp"
    assert request.body["to"] == "6281234567890"
    assert request.body["type"] == "text"
    assert request.body["text"]["body"] == body
    assert "123456" in request.body["text"]["body"]


def test_a_link_asks_for_a_preview(api):
    gateway(api).send(TO, "Buka http://localhost:3000/verifikasi/abc")
    assert api.requests[0].body["text"]["preview_url"] is True


def test_server_errors_are_retried_until_one_succeeds(api):
    api.script = [500, 503]
    started = time.monotonic()
    result = gateway(api).send(TO, "Halo")
    assert result.ok and result.attempts == 3
    assert result.provider_message_id == "wamid.TEST3"
    assert len(api.requests) == 3
    assert all(r.body == api.requests[0].body for r in api.requests)
    assert time.monotonic() - started < 2


def test_retries_wait_between_attempts(api):
    api.script = [500, 500]
    started = time.monotonic()
    assert gateway(api, delays=(0.15, 0.15)).send(TO, "Halo").ok
    assert time.monotonic() - started >= 0.3


def test_too_many_requests_is_retried(api):
    api.script = [429]
    result = gateway(api).send(TO, "Halo")
    assert result.ok and result.attempts == 2


def test_gives_up_after_the_last_retry_and_says_it_may_be_retried_later(api):
    api.script = [500, 500, 500, 500]
    result = gateway(api).send(TO, "Halo")
    assert not result.ok and result.retryable
    assert result.attempts == 3 == len(api.requests)
    assert "500" in result.error


def test_a_timeout_is_retried(api):
    api.script = ["slow"]
    api.slow_seconds = 0.6
    result = gateway(api, timeout=0.2).send(TO, "Halo")
    assert result.ok and result.attempts == 2
    assert len(api.requests) == 2


def test_only_timeouts_give_a_retryable_failure(api):
    api.script = ["slow", "slow", "slow"]
    api.slow_seconds = 0.4
    result = gateway(api, timeout=0.1).send(TO, "Halo")
    assert not result.ok and result.retryable
    assert result.error == "timeout"
    assert result.attempts == 3


def test_client_errors_are_not_retried(api):
    api.script = [400, 200]
    result = gateway(api).send(TO, "Halo")
    assert not result.ok and not result.retryable
    assert result.attempts == 1 == len(api.requests)
    assert "HTTP 400" in result.error


def test_an_unreachable_server_is_a_retryable_failure():
    # A port that was free a moment ago: nothing listens there.
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    result = CloudGateway(f"http://127.0.0.1:{port}", PHONE_ID, TOKEN, retry_delays=(0.01,), timeout=1).send(TO, "x")
    assert not result.ok and result.retryable and result.attempts == 2
    assert result.error.startswith("transport")


def test_make_gateway_follows_the_settings(api):
    cloud = make_gateway(
        Settings(wa_provider="cloud", wa_api_url=api.base_url, wa_token=TOKEN, wa_phone_number_id=PHONE_ID)
    )
    assert isinstance(cloud, CloudGateway)
    assert cloud.url == f"{api.base_url}/{PHONE_ID}/messages"
    assert isinstance(make_gateway(Settings(wa_provider="console")), ConsoleGateway)
    with pytest.raises(RuntimeError):
        make_gateway(Settings(wa_provider="cloud", wa_token=None, wa_phone_number_id=PHONE_ID))


# --------------------------------------------------------------------------- outbox delivery


def queued(session, body: str = "Pesan uji") -> int:
    message = messaging.queue_message(session=session, to_e164=TO, kind="test", body=body)
    session.commit()
    return message.id


def fresh(session, message_id: int) -> OutgoingMessage:
    session.expire_all()
    return session.get(OutgoingMessage, message_id)


def test_deliver_records_the_outcome_on_the_outbox_row(session, api):
    message_id = queued(session, "Kode OTP 654321")
    messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    row = fresh(session, message_id)
    assert row.status == MessageStatus.SENT.value
    assert row.attempts == 1
    assert row.provider == "cloud"
    assert row.provider_message_id == "wamid.TEST1"
    assert row.last_error == ""
    assert row.sent_at is not None
    assert api.requests[0].body["text"]["body"] == "Kode OTP 654321"


def test_a_sent_message_is_not_sent_twice(session, api):
    message_id = queued(session)
    messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    assert len(api.requests) == 1
    assert fresh(session, message_id).attempts == 1
    assert messaging.pending_ids(session=session) == []


def test_retries_inside_one_round_are_counted(session, api):
    api.script = [500]
    message_id = queued(session)
    messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    row = fresh(session, message_id)
    assert row.status == MessageStatus.SENT.value
    assert row.attempts == 2


def test_a_failing_round_leaves_the_message_for_the_sweep(session, api):
    api.script = [500] * 3
    message_id = queued(session)
    messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    row = fresh(session, message_id)
    assert row.status == MessageStatus.RETRYING.value
    assert row.attempts == 3
    assert "500" in row.last_error
    assert row.provider_message_id is None and row.sent_at is None
    assert messaging.pending_ids(session=session) == [message_id]
    # The next round works: the row is sent and the old error is cleared.
    messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    row = fresh(session, message_id)
    assert row.status == MessageStatus.SENT.value
    assert row.attempts == 4
    assert row.last_error == ""
    assert row.provider_message_id == "wamid.TEST4"


def test_after_the_last_round_the_message_has_failed(session, api):
    per_round = 2  # one attempt and one retry
    api.script = [500] * (per_round * messaging.MAX_DELIVERY_ROUNDS)
    message_id = queued(session)
    cloud = gateway(api, delays=(0.01,))
    statuses = []
    for _ in range(messaging.MAX_DELIVERY_ROUNDS):
        messaging.deliver(session=session, message_id=message_id, gateway=cloud)
        statuses.append(fresh(session, message_id).status)
    assert statuses == [MessageStatus.RETRYING.value] * (messaging.MAX_DELIVERY_ROUNDS - 1) + [
        MessageStatus.FAILED.value
    ]
    row = fresh(session, message_id)
    assert row.attempts == per_round * messaging.MAX_DELIVERY_ROUNDS
    assert "500" in row.last_error
    # Given up: neither another call nor the sweep sends it again.
    messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    assert len(api.requests) == per_round * messaging.MAX_DELIVERY_ROUNDS
    assert messaging.pending_ids(session=session) == []


def test_a_client_error_fails_the_message_at_once(session, api):
    api.script = [400]
    message_id = queued(session)
    messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    row = fresh(session, message_id)
    assert row.status == MessageStatus.FAILED.value
    assert row.attempts == 1
    assert "HTTP 400" in row.last_error
    messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    assert len(api.requests) == 1


def test_registration_otp_and_link_reach_the_cloud_api(session, api):
    started = accounts.register(
        session=session,
        applicant_type="perorangan",
        identity="6471011234560001",
        wa_number="081234567890",
        email="warga@example.com",
    )
    session.commit()
    otp_ids = session.exec(select(OutgoingMessage.id).where(OutgoingMessage.kind == "otp_register")).all()
    for message_id in otp_ids:
        messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    code = re.findall(r"\b\d{6}\b", api.requests[-1].body["text"]["body"])
    assert len(code) == 1
    assert accounts.verify_registration_otp(session=session, applicant_id=started.applicant_id, code=code[0]).ok
    session.commit()
    link_ids = session.exec(select(OutgoingMessage.id).where(OutgoingMessage.kind == "registration_link")).all()
    for message_id in link_ids:
        messaging.deliver(session=session, message_id=message_id, gateway=gateway(api))
    sent = api.requests[-1].body
    assert sent["to"] == "6281234567890"
    assert re.search(r"/verifikasi/[A-Za-z0-9_\-]{32,}", sent["text"]["body"])
