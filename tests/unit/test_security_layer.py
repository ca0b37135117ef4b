"""The ASGI security layer: limits before the body is read, headers on every response."""

from __future__ import annotations

import base64
import hashlib

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from spontan_app.security import content_security_policy, security_layer, upload_handlers

PAGE = b"<html><head><script>window.a=1</script><script src='/x.js'></script></head><body>hi</body></html>"
read_bytes: list[int] = []


async def page(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE)


async def upload(request: Request) -> JSONResponse:
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
    read_bytes.append(total)
    return JSONResponse({"ok": True, "bytes": total})


async def framed(request: Request) -> PlainTextResponse:
    return PlainTextResponse("pdf", headers={"Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'"})


def static_page(tmp_dir):
    from starlette.staticfiles import StaticFiles

    (tmp_dir / "index.html").write_bytes(PAGE)
    return StaticFiles(directory=tmp_dir, html=True)


def client() -> TestClient:
    app = Starlette(
        routes=[
            Route("/", page),
            Route("/unggah/1/2", upload, methods=["POST"]),
            Route("/_upload", upload, methods=["POST"]),
            Route("/admin/dokumen/1", framed),
        ]
    )
    return TestClient(security_layer(app))


def test_pages_get_a_csp_that_allows_only_their_own_inline_scripts():
    response = client().get("/")
    assert response.status_code == 200 and response.content == PAGE
    csp = response.headers["content-security-policy"]
    expected = base64.b64encode(hashlib.sha256(b"window.a=1").digest()).decode()
    assert f"'sha256-{expected}'" in csp
    script_src = csp.split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in script_src  # an injected <script> does not run
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "camera=()" in response.headers["permissions-policy"]
    assert int(response.headers["content-length"]) == len(PAGE)


def test_a_route_that_sets_its_own_policy_keeps_it_and_may_be_framed_by_the_site():
    response = client().get("/admin/dokumen/1")
    assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'self'"
    assert response.headers["x-frame-options"] == "SAMEORIGIN"


def test_a_declared_oversize_upload_is_refused_before_the_body_is_read():
    read_bytes.clear()
    big = b"0" * (6 * 1024 * 1024)
    response = client().post("/unggah/1/2", content=big)
    assert response.status_code == 413 and "terlalu besar" in response.text
    assert read_bytes == []  # the handler never ran


def test_a_chunked_upload_is_cut_off_past_the_limit():
    read_bytes.clear()

    def chunks():
        for _ in range(100):
            yield b"0" * (256 * 1024)  # 25 MB in all, no Content-Length

    response = client().post("/unggah/1/2", content=chunks())
    assert response.status_code == 413
    assert read_bytes == []


def test_a_small_upload_passes():
    response = client().post("/unggah/1/2", content=b"%PDF-1.4 small")
    assert response.status_code == 200 and response.json()["bytes"] == 14


def test_reflex_upload_needs_a_login_session(session):
    photo = {"reflex-event-handler": next(iter(upload_handlers()))}
    response = client().post("/_upload", content=b"x" * 10, headers={"cookie": "spontan_session=forged", **photo})
    assert response.status_code == 401
    assert client().post("/_upload", content=b"x", headers=photo).status_code == 401


def test_reflex_upload_takes_only_the_photo_handler_even_with_a_login(session):
    from tests.factories import login_token, make_applicant

    token = login_token(session, make_applicant(session, 951))
    session.commit()
    read_bytes.clear()
    logged_in = {"cookie": f"spontan_session={token}"}
    for handler in ("", "x.upload_photo", "state.spontan_app___state___permohonan____permohonan_state.submit"):
        answer = client().post("/_upload", content=b"x" * 10, headers={**logged_in, "reflex-event-handler": handler})
        assert answer.status_code == 404, handler
    assert read_bytes == []  # refused before the route ran
    photo = {**logged_in, "reflex-event-handler": next(iter(upload_handlers()))}
    assert client().post("/_upload", content=b"x" * 10, headers=photo).json()["bytes"] == 10


def test_hsts_only_for_https(monkeypatch):
    assert "strict-transport-security" not in client().get("/").headers
    monkeypatch.setenv("SPONTAN_PUBLIC_URL", "https://spontan.balikpapan.go.id")
    from spontan_app.settings import reset_settings_cache

    reset_settings_cache()
    try:
        response = client().get("/")
        assert "max-age=" in response.headers["strict-transport-security"]
        assert "wss://spontan.balikpapan.go.id" in content_security_policy([])
    finally:
        monkeypatch.delenv("SPONTAN_PUBLIC_URL")
        reset_settings_cache()


def test_a_static_page_sent_from_disk_gets_its_hashes_too(tmp_path):
    from starlette.routing import Mount

    from spontan_app.security import SecurityMiddleware

    app = Starlette(routes=[Mount("/", static_page(tmp_path))])
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/index.html",
        "raw_path": b"/index.html",
        "query_string": b"",
        "headers": [],
        "extensions": {"http.response.pathsend": {}},  # as uvicorn offers it
        "http_version": "1.1",
        "scheme": "http",
        "server": ("t", 80),
        "root_path": "",
    }
    import asyncio

    asyncio.run(SecurityMiddleware(app)(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = dict(start["headers"])
    expected = base64.b64encode(hashlib.sha256(b"window.a=1").digest()).decode()
    assert f"'sha256-{expected}'".encode() in headers[b"content-security-policy"]
    assert b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body") == PAGE


def test_not_modified_keeps_the_cached_pages_policy(tmp_path):
    from starlette.routing import Mount

    app = Starlette(routes=[Mount("/", static_page(tmp_path))])
    web = TestClient(security_layer(app))
    first = web.get("/index.html")
    again = web.get("/index.html", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304
    assert "content-security-policy" not in again.headers  # the cached one, with its hashes, stays
