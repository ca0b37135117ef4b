"""What an orchestrator and a monitoring system see of the really served app."""

from __future__ import annotations

import re

import httpx

from tests.e2e.conftest import METRICS_TOKEN
from tests.e2e.staff import staff_login


def _scrape(url: str) -> str:
    response = httpx.get(url + "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.text


def _value(text: str, series: str) -> float:
    found = re.search(r"^" + re.escape(series) + r" ([0-9.e+-]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def test_health_and_readiness_of_the_served_app(app_server):
    health = httpx.get(app_server.url + "/healthz", timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    ready = httpx.get(app_server.url + "/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    checks = ready.json()["checks"]
    assert checks["database"]["ok"] and checks["database"]["detail"] == "ok"
    assert checks["storage"]["ok"]
    assert ready.headers["x-request-id"]


def test_metrics_are_closed_to_the_public(app_server):
    response = httpx.get(app_server.url + "/metrics", timeout=10)
    assert response.status_code == 404
    assert "spontan_" not in response.text


def test_a_staff_login_shows_up_in_the_metrics(app_server, page):
    # With Redis the app runs several workers: the login and the scrape may meet different
    # ones, and the counters still add up (multiprocess metrics).
    before = _scrape(app_server.url)
    staff_login(page, "admin")
    after = _scrape(app_server.url)
    ok = 'spontan_logins_total{outcome="ok",who="staff"}'
    assert _value(after, ok) == _value(before, ok) + 1
    handler = re.search(r'spontan_event_duration_seconds_count\{handler="([A-Za-z]+\.[a-z_]+)",outcome="ok"\}', after)
    assert handler, "no handler latency recorded"
    assert _value(after, "spontan_active_websockets") >= 1
    assert 'spontan_db_pool_connections{state="size"}' in after
