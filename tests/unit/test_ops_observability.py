"""Logs an operator can ship without leaking citizens' data, and metrics only they can read."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from spontan_app import logs, metrics, ops_routes
from spontan_app.settings import reset_settings_cache

# --------------------------------------------------------------------------- masking


@pytest.mark.parametrize(
    ("raw", "secret"),
    [
        ("login refused for 3171234567890001", "3171234567890001"),
        ("badan usaha 012345678901234 created", "012345678901234"),
        ("npwp 01.234.567.8-901.234 invalid", "01.234.567.8-901.234"),
        ("send to +6281234567890 failed", "+6281234567890"),
        ("typed 081234567890 on the form", "081234567890"),
        ("wa 6281234567890", "6281234567890"),
        ("Kode OTP SPONTAN Anda: 483920. Jangan berikan kode ini", "483920"),
        ("payload {'otp': '771203'}", "771203"),
        ("link http://x/verifikasi/AbCdEf0123456789xyz", "AbCdEf0123456789xyz"),
        ("password=Rahasia#2026 sent", "Rahasia#2026"),
    ],
)
def test_personal_data_and_secrets_are_masked(raw, secret):
    assert secret not in logs.mask(raw)


def test_operational_facts_stay_readable():
    line = "application 42 moved to submitted at 2026-11-30 06:40:12 on port 3000, 5 rows, 1/IPRI-B/11/2026"
    assert logs.mask(line) == line


def test_masked_number_keeps_enough_to_tell_numbers_apart():
    assert logs.mask("to +6281234567890") == "to +6281*******90"
    assert logs.mask("nik 3171234567890001") == "nik 3171************"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """A JSON handler exactly as configure_logging builds it, writing to a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.MaskingFilter())
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("spontan.test-ops")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield stream
    logger.removeHandler(handler)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_log_line_is_structured_masked_and_carries_the_request_id(captured):
    token = logs.request_id.set("req-abc123")
    try:
        logging.getLogger("spontan.test-ops").info("otp for %s is %s", "+6281234567890", "123456")
    finally:
        logs.request_id.reset(token)
    (entry,) = _lines(captured)
    assert entry["level"] == "INFO" and entry["logger"] == "spontan.test-ops"
    assert entry["request_id"] == "req-abc123"
    assert "+6281234567890" not in entry["msg"] and "123456" not in entry["msg"]
    assert entry["ts"].endswith("+00:00")


def test_exception_text_is_masked_too(captured):
    try:
        raise ValueError("no account for 3171234567890001")
    except ValueError:
        logging.getLogger("spontan.test-ops").exception("lookup failed")
    (entry,) = _lines(captured)
    assert "ValueError" in entry["exc"]
    assert "3171234567890001" not in entry["exc"]


def test_configure_logging_installs_one_handler(monkeypatch):
    root = logging.getLogger()
    before = list(root.handlers)
    monkeypatch.setattr(logs, "_configured_with", None)
    try:
        logs.configure_logging("json", "INFO")
        logs.configure_logging("text", "INFO")
        ours = [h for h in root.handlers if h.get_name() == "spontan"]
        assert len(ours) == 1
        assert not isinstance(ours[0].formatter, logs.JsonFormatter)
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)


def test_http_requests_get_a_request_id_that_reaches_the_logs(captured):
    seen: list[str] = []

    async def hello(_request):
        seen.append(logs.request_id.get())
        logging.getLogger("spontan.test-ops").info("hello")
        return PlainTextResponse("hi")

    app = logs.request_id_layer(Starlette(routes=[Route("/", hello)]))
    with TestClient(app) as client:
        given = client.get("/", headers={"X-Request-ID": "nginx-42"})
        made = client.get("/")
        hostile = client.get("/", headers={"X-Request-ID": "bad id\nwith newline"})
    assert given.headers["x-request-id"] == "nginx-42"
    assert len(made.headers["x-request-id"]) == 16
    assert hostile.headers["x-request-id"] not in ("bad id\nwith newline", "nginx-42")
    assert (
        [e["request_id"] for e in _lines(captured)]
        == seen
        == [
            "nginx-42",
            made.headers["x-request-id"],
            hostile.headers["x-request-id"],
        ]
    )


# --------------------------------------------------------------------------- metrics


def _sample(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


class _Result:
    def __init__(self, ok: bool, error=None):
        self.ok, self.error = ok, error


def submit(*, session=None):  # a stand-in with the real use case's module and name
    return None


submit.__module__ = "spontan_app.services.applications"


class FakeState:
    @metrics.observed
    async def _run(self, use_case, /, **arguments):
        self.seen_id = logs.request_id.get()
        return _Result(True)

    async def ajukan(self):
        return await self._run(submit)


@pytest.mark.asyncio
async def test_handler_latency_and_submissions_are_counted_per_handler():
    before_count = _sample("spontan_event_duration_seconds_count", handler="FakeState.ajukan", outcome="ok")
    before_sub = _sample("spontan_submissions_total", kind="new")
    state = FakeState()
    result = await state.ajukan()
    assert result.ok
    assert _sample("spontan_event_duration_seconds_count", handler="FakeState.ajukan", outcome="ok") == before_count + 1
    assert _sample("spontan_submissions_total", kind="new") == before_sub + 1
    assert state.seen_id != "-"  # each event has its own id in the logs
    assert logs.request_id.get() == "-"


def test_refused_logins_are_counted_as_refused():
    from spontan_app.services.errors import DomainError
    from spontan_app.services.staff_sessions import login

    before = _sample("spontan_logins_total", who="staff", outcome="refused")
    metrics.record_use_case("StaffLogin.masuk", login, _Result(False, DomainError("x")), 0.2)
    assert _sample("spontan_logins_total", who="staff", outcome="refused") == before + 1


@pytest.fixture
def metrics_client(migrated, monkeypatch) -> Iterator[TestClient]:
    monkeypatch.delenv("SPONTAN_METRICS_TOKEN", raising=False)
    monkeypatch.delenv("SPONTAN_METRICS_ALLOW", raising=False)
    reset_settings_cache()
    with TestClient(Starlette(routes=ops_routes.routes)) as client:
        yield client
    monkeypatch.undo()
    reset_settings_cache()


def test_metrics_are_closed_to_the_public_by_default(metrics_client):
    response = metrics_client.get("/metrics")
    assert response.status_code == 404
    assert "spontan_" not in response.text


def test_metrics_open_with_the_bearer_token_only(metrics_client, monkeypatch, session, dispatched):
    from spontan_app.services import messaging

    monkeypatch.setenv("SPONTAN_METRICS_TOKEN", "s3cret-scrape-token-0123456789")
    reset_settings_cache()
    messaging.queue_message(session=session, to_e164="+6281234567890", kind="otp", body="Kode 123456")
    session.commit()
    wrong = metrics_client.get("/metrics", headers={"Authorization": "Bearer nope"})
    right = metrics_client.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape-token-0123456789"})
    assert wrong.status_code == 404
    assert right.status_code == 200
    assert right.headers["content-type"].startswith("text/plain")
    assert 'spontan_outbox_messages{status="queued"} 1.0' in right.text
    assert "spontan_db_pool_connections" in right.text
    assert "spontan_event_duration_seconds" in right.text
    assert "+6281234567890" not in right.text


@pytest.mark.parametrize(
    ("client", "allow", "expected"),
    [
        ("127.0.0.1", "127.0.0.1", True),
        ("10.1.2.3", "127.0.0.1, 10.0.0.0/8", True),
        ("192.168.1.5", "127.0.0.1,10.0.0.0/8", False),
        ("127.0.0.1", "", False),
        ("testclient", "127.0.0.1", False),
        ("::1", "::1", True),
    ],
)
def test_metrics_allow_list(client, allow, expected):
    assert ops_routes._address_allowed(client, allow) is expected


def test_production_refuses_a_guessable_metrics_token(monkeypatch):
    from spontan_app.settings import Settings

    for key, value in {
        "SPONTAN_ENV": "production",
        "SPONTAN_WA_PROVIDER": "cloud",
        "SPONTAN_WA_TOKEN": "t",
        "SPONTAN_WA_PHONE_NUMBER_ID": "1",
        "SPONTAN_SECRET_KEY": "x" * 48,
        "SPONTAN_METRICS_TOKEN": "metrics",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SPONTAN_CAPTCHA_FIXED", raising=False)
    assert any("SPONTAN_METRICS_TOKEN" in p for p in Settings().production_problems())
    monkeypatch.setenv("SPONTAN_METRICS_TOKEN", "k" * 40)
    assert Settings().production_problems() == []


_WORKER = """
import sys
from spontan_app import metrics
for _ in range(int(sys.argv[1])):
    metrics.LOGINS.labels(who="staff", outcome="ok").inc()
metrics.SOCKETS.set(int(sys.argv[2]))
"""
_SCRAPE = """
from spontan_app import metrics
assert metrics.MULTIPROC_DIR
print(metrics.exposition()[0].decode())
"""


def test_several_workers_add_up_in_one_scrape(tmp_path):
    """With PROMETHEUS_MULTIPROC_DIR (rxconfig.py sets one per run) two worker processes'
    counters and socket counts add up in a scrape answered by a third process."""
    import os
    import subprocess
    import sys

    from tests.support import ROOT

    shared = tmp_path / "metrics"  # the collector reads every *.db file in it: nothing else there
    shared.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(shared), "SPONTAN_DATABASE_URL": f"sqlite:///{tmp_path}/m.db"}
    for logins, sockets in [(2, 3), (5, 4)]:
        subprocess.run([sys.executable, "-c", _WORKER, str(logins), str(sockets)], env=env, cwd=ROOT, check=True)
    text = subprocess.run(
        [sys.executable, "-c", _SCRAPE], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    assert 'spontan_logins_total{outcome="ok",who="staff"} 7.0' in text
    # Both workers have exited: a live-sum gauge keeps only live processes' values when told
    # (mark_process_dead); without it the last values still add up.
    assert "spontan_active_websockets 7.0" in text
