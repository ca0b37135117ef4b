"""One logging configuration for the app, the jobs and the migrations.

- Structured: with ``SPONTAN_LOG_FORMAT=json`` (the production default) every record is
  one JSON object per line (``ts``, ``level``, ``logger``, ``msg``, ``request_id``, ``exc``),
  ready for a log shipper; ``text`` is for a developer's terminal.
- Correlated: ``request_id`` is the ``X-Request-ID`` of an HTTP request (nginx passes its
  own; otherwise one is made up) or a fresh id per state event, so every line one click
  caused can be found together.
- No personal data: :class:`MaskingFilter` sits on the handler, so whatever any library
  logs, NIK/NPWP numbers, WhatsApp numbers, OTP codes and verification links are masked
  before a line is written.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import sys
from datetime import UTC, datetime
from typing import Any

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("spontan_request_id", default="-")

# Longest first: a 16-digit NIK must not be half-eaten by the phone or OTP pattern.
_MASKS: list[tuple[re.Pattern[str], Any]] = [
    # Verification and reset links carry a bearer token in the path.
    (re.compile(r"(/verifikasi/)[A-Za-z0-9_-]{8,}"), r"\1[disembunyikan]"),
    # NPWP written with punctuation: 12.345.678.9-012.345(.000)
    (re.compile(r"\b\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}(?:\.\d{3})?\b"), "[NPWP]"),
    # NIK (16 digits) and NPWP (15/16 digits) as stored.
    (re.compile(r"(?<![\d.])\d{15,16}(?![\d.])"), lambda m: m.group()[:4] + "*" * (len(m.group()) - 4)),
    # Indonesian mobile numbers: +628…, 628…, 08… (E.164 as stored, or as typed).
    (
        re.compile(r"(?<![\w+])(?:\+?62|0)8\d{7,12}(?!\d)"),
        lambda m: m.group()[:5] + "*" * (len(m.group()) - 7) + m.group()[-2:],
    ),
    # Named secrets: otp=123456, "password": "…", token=…
    (
        re.compile(r"""(?i)\b(otp|kode|code|password|passwd|token|secret)(["']?\s*[:=]\s*["']?)[^\s"',}&]+"""),
        r"\1\2***",
    ),
    # A bare 6-digit group is what an OTP looks like.
    (re.compile(r"(?<![\d.:/-])\d{6}(?!\d|[.:/-]\d)"), "******"),
]


def mask(text: str) -> str:
    """``text`` with personal data and secrets masked (see the patterns above)."""
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


class MaskingFilter(logging.Filter):
    """Masks the formatted message (and any exception text) of every record it passes,
    and stamps the record with the current request id."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken %-format is still logged, as written
            message = str(record.msg)
        record.msg, record.args = mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        record.exc_info = None if record.exc_text else record.exc_info
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        if record.exc_text:
            entry["exc"] = record.exc_text
        elif record.exc_info:
            entry["exc"] = mask(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Loggers that servers configure with handlers of their own: their lines go through ours.
_ADOPTED = ("uvicorn", "uvicorn.error", "uvicorn.access", "granian", "granian.access", "alembic", "sqlalchemy")
_configured_with: tuple[str, str] | None = None


def configure_logging(fmt: str | None = None, level: str | None = None) -> None:
    """Install the one handler on the root logger (idempotent; settings decide by default)."""
    global _configured_with
    if fmt is None or level is None:
        from spontan_app.settings import get_settings

        settings = get_settings()
        fmt = fmt or settings.log_format or ("json" if settings.is_production else "text")
        level = level or settings.log_level
    if _configured_with == (fmt, level):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(MaskingFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    handler.set_name("spontan")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "spontan"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in _ADOPTED:
        adopted = logging.getLogger(name)
        adopted.handlers.clear()
        adopted.propagate = True
    for name in ("alembic", "sqlalchemy"):  # their INFO is chatter (readiness reads the scripts)
        logging.getLogger(name).setLevel(logging.WARNING)
    _configured_with = (fmt, level)


# --------------------------------------------------------------------------- request ids

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def new_id() -> str:
    return secrets.token_hex(8)


def request_id_layer(app: Any) -> Any:
    """ASGI layer: every HTTP request and websocket gets a request id (the proxy's
    ``X-Request-ID`` when it is sane), echoed in the response's ``X-Request-ID``."""

    async def layer(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await app(scope, receive, send)
            return
        given = ""
        for key, value in scope.get("headers", []):
            if key.lower() == b"x-request-id":
                given = value.decode("latin-1")
                break
        rid = given if _SAFE_ID.fullmatch(given) else new_id()
        token = request_id.set(rid)

        async def send_with_id(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", rid.encode())]}
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            request_id.reset(token)

    return layer
