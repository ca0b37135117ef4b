"""An attacker with a plain HTTP client against the served app: another applicant's files,
forged and missing logins, other origins, oversize bodies, odd ids, missing headers."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

import httpx
import pytest

from spontan_app.state.profil import ProfilState
from tests.factories import answer_of
from tests.rxclient import RxClient, full_handler_name
from tests.support import ROOT

pytestmark = pytest.mark.e2e

EVIL = "http://evil.example"
PHOTO_HANDLER = full_handler_name(ProfilState, "upload_photo")


def _made(app_server, n: int) -> dict:
    args = [sys.executable, "-m", "tests.factories", "submitted", "--n", str(n), "--with-login"]
    out = subprocess.run(args, cwd=ROOT, env=app_server.env, check=True, capture_output=True, text=True)
    return answer_of(out.stdout)


@pytest.fixture(scope="module")
def two_applicants(app_server) -> tuple[dict, dict]:
    return _made(app_server, 801), _made(app_server, 802)


def _raw(app_server, request: str) -> int:
    """Send ``request`` (headers only) on a plain socket; the status code of the answer."""
    parts = urlsplit(app_server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as raw:
        raw.sendall(request.replace("{host}", parts.netloc).encode())
        answer = raw.recv(4096)
    return int(answer.split(b"\r\n", 1)[0].split()[1])


def _websocket_handshake(app_server, origin: str) -> int:
    key = base64.b64encode(os.urandom(16)).decode()
    return _raw(
        app_server,
        "GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\n\r\n",
    )


def _client(app_server, token: str = "", **kwargs) -> httpx.Client:
    cookies = {"spontan_session": token} if token else {}
    return httpx.Client(base_url=app_server.url, cookies=cookies, timeout=30, **kwargs)


def test_an_applicant_reads_their_own_document_and_not_anothers(app_server, two_applicants):
    alice, bob = two_applicants
    with _client(app_server, alice["token"]) as web:
        own = web.get(f"/dokumen/{alice['documents'][0]}")
        assert own.status_code == 200 and own.content.startswith(b"%PDF")
        for doc_id in bob["documents"]:
            theirs = web.get(f"/dokumen/{doc_id}")
            assert theirs.status_code == 404 and b"%PDF" not in theirs.content
        assert web.get(f"/izin/{bob['id']}").status_code == 404  # and no permit of theirs


def test_no_login_a_forged_login_and_a_staff_route_with_an_applicant_login(app_server, two_applicants):
    alice, _ = two_applicants
    document = alice["documents"][0]
    with _client(app_server) as web:
        assert web.get(f"/dokumen/{document}").status_code == 401
    with _client(app_server, "forged-" + alice["token"][7:]) as web:
        assert web.get(f"/dokumen/{document}").status_code == 401
    with httpx.Client(base_url=app_server.url, cookies={"spontan_staff": alice["token"]}) as web:
        assert web.get(f"/admin/dokumen/{document}").status_code == 401  # an applicant token is no staff login


@pytest.mark.parametrize("doc_id", ["99999999999999999999", "-1", "0", "1e3", "%00", "1%20OR%201=1"])
def test_odd_document_ids_are_not_found_never_a_server_error(app_server, two_applicants, doc_id):
    alice, _ = two_applicants
    with _client(app_server, alice["token"]) as web:
        assert web.get(f"/dokumen/{doc_id}").status_code == 404


def test_another_origin_gets_no_cors_answer_for_private_routes(app_server, two_applicants):
    alice, _ = two_applicants
    with _client(app_server, alice["token"]) as web:
        read = web.get(f"/dokumen/{alice['documents'][0]}", headers={"Origin": EVIL})
        assert "access-control-allow-origin" not in read.headers
        preflight = web.options(
            f"/unggah/{alice['id']}/1",
            headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"},
        )
        assert preflight.headers.get("access-control-allow-origin") != EVIL
        own = web.get(f"/dokumen/{alice['documents'][0]}", headers={"Origin": app_server.url})
        assert own.headers.get("access-control-allow-origin") in (None, app_server.url)


def test_a_websocket_from_another_origin_is_refused(app_server):
    assert _websocket_handshake(app_server, app_server.url) == 101  # the app's own pages connect
    assert _websocket_handshake(app_server, EVIL) != 101


def test_an_oversize_upload_is_refused_before_its_body_is_read(app_server, two_applicants):
    alice, _ = two_applicants
    sent = {"bytes": 0}

    def body():
        chunk = b"0" * (1024 * 1024)
        for _ in range(200):  # 200 MB if nobody stops it
            sent["bytes"] += len(chunk)
            yield chunk

    started = time.monotonic()
    # A declared gigabyte: answered at once, without waiting for the body.
    declared = _raw(
        app_server,
        f"POST /unggah/{alice['id']}/1 HTTP/1.1\r\nHost: {{host}}\r\nContent-Length: {1024**3}\r\n"
        f"X-Requested-With: spontan\r\nCookie: spontan_session={alice['token']}\r\n\r\n",
    )
    assert declared == 413
    with _client(app_server, alice["token"]) as web:
        try:
            streamed = web.post(f"/unggah/{alice['id']}/1", content=body(), headers={"X-Requested-With": "spontan"})
            assert streamed.status_code == 413
        except httpx.HTTPError:
            pass  # the server may close the connection on the oversize stream: also a refusal
    assert sent["bytes"] < 100 * 1024 * 1024
    assert time.monotonic() - started < 60


def test_reflex_upload_endpoint_is_closed_without_a_login(app_server):
    with httpx.Client(base_url=app_server.url, timeout=30) as web:
        answer = web.post(
            "/_upload",
            files={"files": ("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * 1000, "image/png")},
            headers={"Reflex-Client-Token": "made-up", "Reflex-Event-Handler": PHOTO_HANDLER},
        )
        assert answer.status_code == 401


def test_reflex_upload_endpoint_takes_no_handler_but_the_profile_photo(app_server, two_applicants):
    """Even logged in, /_upload reaches only the one handler that accepts files: any other
    handler name (one of ours that takes no file, or a made-up one) is not found."""
    alice, _ = two_applicants
    other = full_handler_name(ProfilState, "load")
    with _client(app_server, alice["token"]) as web:
        for handler in (other, "x.upload_photo", ""):
            answer = web.post(
                "/_upload",
                files={"files": ("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * 1000, "image/png")},
                headers={"Reflex-Client-Token": "made-up", "Reflex-Event-Handler": handler},
            )
            assert answer.status_code == 404, handler


def test_an_oversize_body_to_reflex_upload_is_refused_before_it_is_read(app_server, two_applicants):
    """The issue's attack on /_upload: a declared gigabyte is answered at once (with or
    without a login), and a body streamed past the limit by a logged-in tab is cut off."""
    alice, _ = two_applicants
    head = (
        "POST /_upload HTTP/1.1\r\nHost: {host}\r\nContent-Length: %d\r\n"
        "Content-Type: multipart/form-data; boundary=b0undary\r\nReflex-Client-Token: made-up\r\n"
        f"Reflex-Event-Handler: {PHOTO_HANDLER}\r\n" % 1024**3
    )
    started = time.monotonic()
    assert _raw(app_server, head + "\r\n") == 413
    assert _raw(app_server, head + f"Cookie: spontan_session={alice['token']}\r\n\r\n") == 413
    assert time.monotonic() - started < 10  # answered without waiting for a gigabyte

    sent = {"bytes": 0}

    def body():
        part = (
            b'--b0undary\r\nContent-Disposition: form-data; name="files"; filename="foto.png"\r\n'
            b"Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n"
        )
        sent["bytes"] += len(part)
        yield part
        chunk = b"0" * (1024 * 1024)
        for _ in range(200):  # 200 MB if nobody stops it
            sent["bytes"] += len(chunk)
            yield chunk

    with RxClient(app_server.url, cookies={"spontan_session": alice["token"]}) as tab:
        tab.connect("/profil", until=lambda r: bool(r.value(ProfilState, "user_name")))
        with _client(app_server, alice["token"]) as web:
            try:
                streamed = web.post(
                    "/_upload",
                    content=body(),
                    headers={
                        "Content-Type": "multipart/form-data; boundary=b0undary",
                        "Reflex-Client-Token": tab.token,
                        "Reflex-Event-Handler": PHOTO_HANDLER,
                    },
                )
                assert streamed.status_code == 413
            except httpx.HTTPError:
                pass  # the server may close the connection on the oversize stream: also a refusal
    assert sent["bytes"] < 100 * 1024 * 1024
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("path", ["/", "/login/", "/registrasi/", "/lacak/", "/admin/login/"])
def test_every_page_sends_the_security_headers(app_server, path):
    with httpx.Client(base_url=app_server.url, timeout=30) as web:
        page = web.get(path)
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    script_src = csp.split("script-src")[1].split(";")[0]
    assert "'unsafe-inline'" not in script_src and "'sha256-" in script_src
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    assert "camera=()" in page.headers["permissions-policy"]


def test_private_files_are_never_cached_or_sniffed(app_server, two_applicants):
    alice, _ = two_applicants
    with _client(app_server, alice["token"]) as web:
        own = web.get(f"/dokumen/{alice['documents'][0]}")
    assert "no-store" in own.headers["cache-control"]
    assert own.headers["x-content-type-options"] == "nosniff"
