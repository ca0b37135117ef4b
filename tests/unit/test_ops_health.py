"""/healthz and /readyz as an orchestrator sees them: 200 when the worker can serve,
503 naming the dependency that is down."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.testclient import TestClient

from spontan_app import db, ops_routes
from spontan_app.settings import reset_settings_cache


@pytest.fixture
def client(migrated) -> Iterator[TestClient]:
    with TestClient(Starlette(routes=ops_routes.routes)) as c:
        yield c


@pytest.fixture
def setting(monkeypatch):
    def apply(name: str, value: str) -> None:
        monkeypatch.setenv(name, value)
        reset_settings_cache()

    yield apply
    monkeypatch.undo()
    reset_settings_cache()


def test_healthz_answers_without_touching_the_database(client, monkeypatch):
    def broken():
        raise AssertionError("liveness must not need the database")

    monkeypatch.setattr(db, "get_engine", broken)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_on_a_migrated_database(client):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["storage"]["ok"]
    assert response.headers["cache-control"] == "no-store"


def test_readyz_fails_when_the_database_is_unreachable(client, monkeypatch):
    dead = sa.create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1})
    monkeypatch.setattr(db, "get_engine", lambda: dead)
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert not body["checks"]["database"]["ok"]
    assert "unreachable" in body["checks"]["database"]["detail"]
    assert "nobody" not in response.text  # no connection string in a public answer
    assert body["checks"]["storage"]["ok"]  # the others are still reported


def test_readyz_fails_when_migrations_are_behind_the_code(client, monkeypatch):
    monkeypatch.setattr(ops_routes, "migration_heads", lambda: frozenset({"ffffffffffff"}))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "alembic upgrade head" in response.json()["checks"]["database"]["detail"]


def test_migration_heads_are_the_shipped_head(migrated):
    from alembic.script import ScriptDirectory

    from tests.support import alembic_config

    expected = set(ScriptDirectory.from_config(alembic_config(migrated)).get_heads())
    assert set(ops_routes.migration_heads()) == expected


def test_readyz_fails_when_redis_is_configured_but_down(client, setting):
    setting("SPONTAN_REDIS_URL", "redis://127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert not response.json()["checks"]["redis"]["ok"]


def test_readyz_fails_when_storage_is_not_writable(client, setting, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the upload folder should be")
    setting("SPONTAN_UPLOAD_DIR", str(blocker))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert not response.json()["checks"]["storage"]["ok"]


def test_a_hanging_dependency_is_a_timeout_not_a_hung_probe(client, monkeypatch):
    monkeypatch.setattr(ops_routes, "CHECK_TIMEOUT", 0.3)
    monkeypatch.setitem(ops_routes.CHECKS, "database", lambda: time.sleep(3) or "ok")
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert "no answer" in response.json()["checks"]["database"]["detail"]
