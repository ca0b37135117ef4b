"""Captcha images and audio drawn on our own server with the ``captcha`` package
(ImageCaptcha, AudioCaptcha); no third-party service.

A challenge is kept server-side only (a backend-only state var): the browser gets the
PNG and an opaque audio link, never the answer. Answers are case-insensitive, single
use, and expire. Codes are digits: AudioCaptcha speaks them, and a phone offers its
number pad.

The audio link carries the answer encrypted and authenticated with the app's secret key
(HMAC-SHA256 as the keystream and as the tag), so any worker can serve it without shared
storage, and nobody without the key can read or forge one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from captcha.audio import AudioCaptcha
from captcha.image import ImageCaptcha

from spontan_app.domain.models import utcnow

ALPHABET = "23456789"  # no 0/1: under the distortion they read as O/I/7
LENGTH = 6
TTL = timedelta(minutes=5)
_NONCE, _TAG = 16, 16


@dataclass(frozen=True)
class Challenge:
    answer: str
    expires_at: datetime

    def matches(self, attempt: str, now: datetime | None = None) -> bool:
        if (now or utcnow()) > self.expires_at:
            return False
        return hmac.compare_digest(self.answer.upper(), (attempt or "").strip().upper())


def new_challenge(fixed: str | None = None) -> Challenge:
    answer = fixed or "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return Challenge(answer=answer, expires_at=utcnow() + TTL)


@lru_cache(maxsize=4)
def _image_captcha(width: int, height: int) -> ImageCaptcha:
    # Glyphs sized to the box: the package's defaults (42-56 px) are drawn for 60 px high.
    size = max(20, int(height * 0.8))
    return ImageCaptcha(width=width, height=height, font_sizes=(size - 6, size - 2, size))


@lru_cache(maxsize=1)
def _audio_captcha() -> AudioCaptcha:
    return AudioCaptcha()  # the package's own voices: digits and A-Z


def render_png(text: str, width: int = 180, height: int = 56) -> bytes:
    """A greyscale PNG: the image travels in the page's state (websocket, Redis), and one
    grey channel is ~3.5 KB and encodes in a quarter of the time of RGB's ~9 KB, for the
    same dark-on-light glyphs (bench/NOTES.md, "Captcha image")."""
    # Dark glyphs on a light ground: the package's random colours can be too faint to read.
    rng = secrets.SystemRandom()
    ink = (rng.randint(10, 60), rng.randint(30, 80), rng.randint(90, 150), 255)
    image = _image_captcha(width, height).generate_image(text, bg_color=(236, 242, 250), fg_color=ink)
    out = io.BytesIO()
    image.convert("L").save(out, format="png")
    return out.getvalue()


def render_wav(text: str) -> bytes:
    """The code spoken, with noise between the characters (CPU work: call it off the event loop)."""
    return bytes(_audio_captcha().generate(text.upper()))


def data_uri(text: str) -> str:
    return "data:image/png;base64," + base64.b64encode(render_png(text)).decode()


def _keys(secret: str) -> tuple[bytes, bytes]:
    root = hmac.new(secret.encode(), b"spontan captcha audio", hashlib.sha256).digest()
    return (
        hmac.new(root, b"stream", hashlib.sha256).digest(),
        hmac.new(root, b"tag", hashlib.sha256).digest(),
    )


def audio_token(challenge: Challenge, secret: str) -> str:
    """An opaque, URL-safe token naming this challenge's audio until it expires."""
    payload_bytes = f"{int(challenge.expires_at.timestamp())}:{challenge.answer}".encode()[:32]
    stream_key, tag_key = _keys(secret)
    nonce = secrets.token_bytes(_NONCE)
    stream = hmac.new(stream_key, nonce, hashlib.sha256).digest()
    body = bytes(a ^ b for a, b in zip(payload_bytes, stream, strict=False))
    tag = hmac.new(tag_key, nonce + body, hashlib.sha256).digest()[:_TAG]
    return base64.urlsafe_b64encode(nonce + body + tag).decode().rstrip("=")


def answer_of_token(token: str, secret: str, now: datetime | None = None) -> str | None:
    """The answer an ``audio_token`` stands for; None when forged, garbled or expired."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError):
        return None
    if not _NONCE + 3 <= len(raw) <= _NONCE + 32 + _TAG:
        return None
    nonce, body, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
    stream_key, tag_key = _keys(secret)
    if not hmac.compare_digest(tag, hmac.new(tag_key, nonce + body, hashlib.sha256).digest()[:_TAG]):
        return None
    stream = hmac.new(stream_key, nonce, hashlib.sha256).digest()
    expires, _, answer = bytes(a ^ b for a, b in zip(body, stream, strict=False)).decode().partition(":")
    if not expires.isdigit() or (now or utcnow()).timestamp() > int(expires) or not answer:
        return None
    return answer
