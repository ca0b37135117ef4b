"""/readyz follows the database: 503 while PostgreSQL cannot be reached, 200 again once it is
back, with the same engine and pool a worker keeps (no restart of the worker needed).

The real server is never stopped: the engine talks to PostgreSQL through a TCP relay on
loopback. Closing the relay drops the pooled connections and refuses new ones, which is
what a stopped database looks like from the worker; opening it again on the same port is
the database coming back."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.testclient import TestClient

from spontan_app import db, ops_routes
from tests.support import ensure_postgres_database, migrate_fresh

LOCAL_POSTGRES = os.environ.get("SPONTAN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


class Relay:
    """Forwards every connection on ``port`` to ``target``; ``stop()`` cuts them all."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None

    def start(self) -> Relay:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by stop()
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._listener is not None:
            # shutdown() first: a close() alone does not wake the thread blocked in accept(),
            # and the kernel would go on accepting.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


def _reachable(url: sa.engine.URL) -> bool:
    try:
        with socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def postgres_url(migrated: str) -> Iterator[sa.engine.URL]:
    """The suite's PostgreSQL database (CI's second pass), or on the SQLite pass a scratch
    database on the local server, migrated to head."""
    url = sa.engine.make_url(migrated)
    if url.get_backend_name() == "postgresql":
        yield url
        return
    server = sa.engine.make_url(LOCAL_POSTGRES)
    if not _reachable(server):
        pytest.skip(f"no PostgreSQL server at {server.host}:{server.port} (set SPONTAN_TEST_POSTGRES_URL)")
    scratch = server.set(database=f"spontan_readyz_{os.getpid()}")
    text = scratch.render_as_string(hide_password=False)
    ensure_postgres_database(text)
    migrate_fresh(text)
    yield scratch
    admin = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{scratch.database}" WITH (FORCE)'))
    admin.dispose()


def test_readyz_fails_while_the_database_is_unreachable_and_recovers_when_it_is_back(postgres_url, monkeypatch):
    relay = Relay((postgres_url.host or "127.0.0.1", postgres_url.port or 5432)).start()
    through_relay = postgres_url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    engine = db.make_engine(through_relay)  # the worker's own pool settings (pre-ping)
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    monkeypatch.setattr(ops_routes, "CHECK_TIMEOUT", 5.0)
    try:
        with TestClient(Starlette(routes=ops_routes.routes)) as client:
            first = client.get("/readyz")
            assert first.status_code == 200, first.json()
            assert first.json()["checks"]["database"]["ok"]

            relay.stop()  # the database goes away under a pool holding a live connection
            down = client.get("/readyz")
            assert down.status_code == 503
            assert down.json()["status"] == "fail"
            assert "unreachable" in down.json()["checks"]["database"]["detail"]
            assert client.get("/healthz").status_code == 200  # liveness is not affected
            assert client.get("/readyz").status_code == 503  # and it stays down while it is down

            relay.start()  # back on the same address
            back = client.get("/readyz")
            assert back.status_code == 200, back.json()
            assert back.json()["checks"]["database"]["ok"]
    finally:
        relay.stop()
        engine.dispose()
