"""An ASGI layer in front of every page and route: limits that act before a request body is
read, and the security headers of every response.

- Upload paths refuse a declared ``Content-Length`` over their limit at once, and stop a
  body that streams past it (chunked uploads lie about nothing they declare).
- Reflex's own ``/_upload`` (used only for the profile photo) is closed to requests
  without a valid applicant login session, and to requests naming any event handler but
  the one that accepts files (``ProfilState.upload_photo``): 404 before the body is read.
- HTML pages get a Content-Security-Policy whose script hashes are computed from the
  page's own inline scripts (Reflex's prerendered pages carry a few), so no other inline
  script runs; every response gets nosniff, a Referrer-Policy, a Permissions-Policy,
  frame-ancestors 'none' (documents previewed in the back office: 'self'), and HSTS when
  the public URL is https.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import gzip
import hashlib
import re
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from spontan_app.i18n import LANG_COOKIE, normalize_lang, t
from spontan_app.settings import get_settings

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MB = 1024 * 1024
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
MAX_HTML_TO_HASH = 2 * MB


def upload_limits() -> list[tuple[str, int]]:
    """(path prefix, byte limit) of every path that takes a request body worth limiting."""
    document = get_settings().max_upload_mb * MB + 64 * 1024
    return [
        ("/unggah/", document),
        ("/_upload", 6 * MB),  # profile photo (the handler re-checks 5 MB)
        ("/periksa-izin/", 10 * MB + 64 * 1024),
        ("/admin/faskes/impor", 5 * MB + 64 * 1024),
    ]


def _limit_for(path: str) -> int | None:
    for prefix, limit in upload_limits():
        if path.startswith(prefix):
            return limit
    return None


class TooLarge(Exception):
    pass


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def content_security_policy(script_hashes: list[str]) -> str:
    settings = get_settings()
    public = urlsplit(settings.public_url)
    ws = f"{'wss' if public.scheme == 'https' else 'ws'}://{public.netloc}"
    tiles = _origin(
        settings.map_tile_url.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0")
    )
    hashes = " ".join(f"'{h}'" for h in script_hashes)
    return "; ".join(
        [
            "default-src 'self'",
            # Reflex applies some server-sent events with eval() (scripts, callbacks): without
            # 'unsafe-eval' uploads and redirects break. Inline <script> stays hash-only.
            f"script-src 'self' 'unsafe-eval' {hashes}".strip(),
            "style-src 'self' 'unsafe-inline'",  # Radix and emotion write style attributes
            f"img-src 'self' data: blob: {tiles}".strip(),
            "font-src 'self' data:",
            f"connect-src 'self' {ws}",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _hashes(html: bytes) -> list[str]:
    found = []
    for body in _INLINE_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        found.append(f"sha256-{digest}")
    return sorted(set(found))


@functools.cache
def upload_handlers() -> frozenset[str]:
    """The event handlers that accept files through Reflex's ``/_upload`` (the names the
    browser sends in ``Reflex-Event-Handler``). Our documents go through ``/unggah``."""
    from spontan_app.state.profil import ProfilState

    return frozenset({f"{ProfilState.get_full_name()}.upload_photo"})


def _has_valid_applicant_session(cookie_header: str) -> bool:
    from spontan_app.db import session_scope
    from spontan_app.services import accounts
    from spontan_app.services.errors import PermissionDenied
    from spontan_app.state.auth import SESSION_COOKIE

    cookies = SimpleCookie()
    try:
        cookies.load(cookie_header)
    except Exception:  # a malformed Cookie header is no session
        return False
    token = cookies[SESSION_COOKIE].value if SESSION_COOKIE in cookies else ""
    if not token:
        return False
    try:
        with session_scope() as session:
            accounts.current_applicant(session=session, token=token)
    except PermissionDenied:
        return False
    return True


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _lang_of(headers: dict[str, str]) -> str:
    """The tab's language from its ``spontan_lang`` cookie (plain answers follow it)."""
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == LANG_COOKIE:
            return normalize_lang(value)
    return "id"


class SecurityMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        limit = _limit_for(path) if scope.get("method") in ("POST", "PUT", "PATCH") else None
        too_large = t("common.file_too_large", _lang_of(headers), mb=(limit or 0) // MB)
        if limit is not None:
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                await _plain(send, 413, too_large)
                return
            if path.startswith("/_upload"):
                if headers.get("reflex-event-handler", "") not in upload_handlers():
                    await _plain(send, 404, "Not Found")  # no handler of ours takes files this way
                    return
                if not await asyncio.to_thread(_has_valid_applicant_session, headers.get("cookie", "")):
                    await _plain(send, 401, t("common.login_first", _lang_of(headers)))
                    return
            receive = self._limited(receive, limit, exceeded := {"yes": False})
        else:
            exceeded = {"yes": False}
        started = swallowing = False

        async def guarded_send(message: Message) -> None:
            # A body cut off mid-stream surfaces in the app as an error; answer 413 instead.
            nonlocal started, swallowing
            if swallowing:
                return
            if message["type"] == "http.response.start":
                started = True
                if exceeded["yes"]:
                    swallowing = True
                    await _plain(send, 413, too_large)
                    return
            await send(message)

        try:
            await self.app(scope, receive, self._with_headers(path, guarded_send))
        except TooLarge:
            if not started:
                await _plain(send, 413, too_large)

    @staticmethod
    def _limited(receive: Receive, limit: int, exceeded: dict[str, bool]) -> Receive:
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded["yes"] = True
                    raise TooLarge
            return message

        return limited

    @staticmethod
    def _with_headers(path: str, send: Send) -> Send:
        https = get_settings().public_url.startswith("https://")
        pending: dict[str, Any] = {}

        def common(existing: dict[bytes, bytes]) -> list[tuple[bytes, bytes]]:
            extra = {
                b"x-content-type-options": b"nosniff",
                b"referrer-policy": b"same-origin",
                b"permissions-policy": b"camera=(), microphone=(), geolocation=(), payment=(), usb=()",
                b"cross-origin-opener-policy": b"same-origin",
            }
            if b"content-security-policy" not in existing:
                extra[b"x-frame-options"] = b"DENY"
            else:
                extra[b"x-frame-options"] = b"SAMEORIGIN"
            if https:
                extra[b"strict-transport-security"] = b"max-age=31536000; includeSubDomains"
            return [(k, v) for k, v in extra.items() if k not in existing]

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                existing = {k.lower(): v for k, v in headers}
                if message.get("status") == 304:
                    # Not Modified: the browser keeps the cached page's headers, and its policy
                    # (with that page's script hashes) must not be replaced by one without them.
                    await send(message)
                    return
                content_type = existing.get(b"content-type", b"").decode("latin-1")
                if "text/html" in content_type and b"content-security-policy" not in existing:
                    # Hold the start until the body is known: the policy lists its scripts' hashes.
                    pending["start"], pending["body"] = {**message, "headers": headers}, b""
                    return
                headers += common(existing)
                if b"content-security-policy" not in existing:
                    headers.append((b"content-security-policy", content_security_policy([]).encode()))
                await send({**message, "headers": headers})
                return
            if message["type"] == "http.response.pathsend" and "start" in pending:
                # A static page sent straight from disk: read it to hash its scripts.
                message = {"type": "http.response.body", "body": Path(message["path"]).read_bytes()}
            if message["type"] == "http.response.body" and "start" in pending:
                pending["body"] += message.get("body", b"")
                if message.get("more_body") and len(pending["body"]) < MAX_HTML_TO_HASH:
                    return
                start, body = pending.pop("start"), pending.pop("body")
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                existing = {k.lower(): v for k, v in headers}
                headers += common(existing)
                html = body
                if existing.get(b"content-encoding", b"").lower() == b"gzip":
                    try:
                        html = gzip.decompress(body)
                    except (OSError, EOFError):
                        html = b""
                headers.append((b"content-security-policy", content_security_policy(_hashes(html)).encode()))
                if not message.get("more_body"):
                    headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body, "more_body": message.get("more_body", False)})
                return
            await send(message)

        return wrapped


def security_layer(app: ASGIApp) -> ASGIApp:
    """For ``rx.App(api_transformer=[…, security_layer])``."""
    return SecurityMiddleware(app)
