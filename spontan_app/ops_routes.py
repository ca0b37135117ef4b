"""Operator routes: ``/healthz`` (the process answers), ``/readyz`` (it can serve: database,
Redis, storage, migrations at head) and ``/metrics`` (Prometheus, closed unless a setting
opens it).

Every check that touches the network runs in a worker thread with a time limit, so a
database that hangs never holds Reflex's event loop and the probe still answers.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import time
from collections.abc import Callable
from functools import lru_cache

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from spontan_app.settings import PROJECT_ROOT, get_settings

log = logging.getLogger("spontan.ops")
CHECK_TIMEOUT = 3.0
NO_STORE = {"Cache-Control": "no-store"}


# --------------------------------------------------------------------------- checks (blocking)


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    """The head revision(s) of the migrations shipped with this code."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def check_database() -> str:
    """One round trip, and the schema's revision equal to the code's head."""
    from spontan_app.db import get_engine

    with get_engine().connect() as conn:
        conn.execute(sa.text("SELECT 1"))
        try:
            current = {row[0] for row in conn.execute(sa.text("SELECT version_num FROM alembic_version"))}
        except sa.exc.DBAPIError:
            raise RuntimeError("database has no alembic_version table; run `alembic upgrade head`") from None
    heads = migration_heads()
    if current != set(heads):
        raise RuntimeError(
            f"migrations not at head (database {sorted(current)}, code {sorted(heads)}); run `alembic upgrade head`"
        )
    return "ok"


def check_redis() -> str:
    url = get_settings().redis_url
    if not url:
        return "not configured"
    import redis

    client = redis.Redis.from_url(url, socket_timeout=CHECK_TIMEOUT, socket_connect_timeout=CHECK_TIMEOUT)
    try:
        if not client.ping():
            raise RuntimeError("redis did not answer PING")
    finally:
        client.close()
    return "ok"


def check_storage() -> str:
    from spontan_app.integrations import storage

    storage.probe()
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "redis": check_redis,
    "storage": check_storage,
}


async def _run_check(name: str, check: Callable[[], str]) -> dict[str, object]:
    started = time.perf_counter()
    try:
        detail = await asyncio.wait_for(asyncio.to_thread(check), timeout=CHECK_TIMEOUT)
        ok = True
    except TimeoutError:
        ok, detail = False, f"no answer within {CHECK_TIMEOUT:.0f} s"
    except Exception as exc:  # every failure is a "not ready", never a crash of the probe
        ok, detail = False, _describe(exc)
    if not ok:
        log.warning("readiness check %s failed: %s", name, detail)
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _describe(exc: Exception) -> str:
    # The class and first line only: no connection strings or passwords in a public answer.
    if isinstance(exc, RuntimeError):
        return str(exc).splitlines()[0][:200]
    if isinstance(exc, sa.exc.DBAPIError):
        return f"database unreachable ({type(exc.orig).__name__})"
    return type(exc).__name__


# --------------------------------------------------------------------------- routes


def metrics_allowed(request: Request) -> bool:
    """``/metrics`` is closed unless a setting opens it: a bearer token
    (``SPONTAN_METRICS_TOKEN``) or the client's address in ``SPONTAN_METRICS_ALLOW``."""
    settings = get_settings()
    if settings.metrics_token:
        given = request.headers.get("authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), settings.metrics_token.encode()):
            return True
    client = request.client.host if request.client else ""
    return bool(client) and _address_allowed(client, settings.metrics_allow)


def _address_allowed(client: str, allow: str) -> bool:
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    for entry in (part.strip() for part in allow.split(",")):
        if not entry:
            continue
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            log.warning("SPONTAN_METRICS_ALLOW entry %r is not an address or network", entry)
    return False


async def metrics(request: Request) -> Response:
    if not metrics_allowed(request):
        # 404, not 403: to the public there is nothing here.
        return Response("Not Found", status_code=404, media_type="text/plain")
    from spontan_app.metrics import exposition

    body, content_type = await asyncio.to_thread(exposition)  # the scrape reads the database
    return Response(body, media_type=content_type, headers=NO_STORE)


async def healthz(_request: Request) -> Response:
    """Liveness: the process runs its event loop. Touches nothing else on purpose, so a
    database outage never makes an orchestrator kill healthy workers."""
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


async def readyz(_request: Request) -> Response:
    """Readiness: 200 when every dependency answers, 503 (with which one failed) otherwise."""
    try:  # read once per process (files on disk), outside the timed database check
        await asyncio.to_thread(migration_heads)
    except Exception:
        log.exception("cannot read the migration scripts")
    names = list(CHECKS)
    results = await asyncio.gather(*(_run_check(name, CHECKS[name]) for name in names))
    checks = dict(zip(names, results, strict=True))
    ready = all(result["ok"] for result in results)
    return JSONResponse(
        {"status": "ok" if ready else "fail", "checks": checks},
        status_code=200 if ready else 503,
        headers=NO_STORE,
    )


routes = [
    Route("/healthz", healthz, methods=["GET", "HEAD"]),
    Route("/readyz", readyz, methods=["GET", "HEAD"]),
    Route("/metrics", metrics),
]
