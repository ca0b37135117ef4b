"""Captcha images drawn on our own server (Pillow); no third-party service.

A challenge is kept server-side only (a backend-only state var): the browser gets the
PNG, never the answer. Answers are case-insensitive, single use, and expire.
"""

from __future__ import annotations

import base64
import hmac
import io
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from spontan_app.domain.models import utcnow

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LENGTH = 5
TTL = timedelta(minutes=5)
_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


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
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def render_png(text: str, width: int = 180, height: int = 56) -> bytes:
    rng = secrets.SystemRandom()
    image = Image.new("RGB", (width, height), (236, 242, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(6):  # background strokes
        draw.line(
            [(rng.randint(0, width), rng.randint(0, height)), (rng.randint(0, width), rng.randint(0, height))],
            fill=(rng.randint(120, 200), rng.randint(120, 200), rng.randint(150, 220)),
            width=2,
        )
    step = (width - 20) // max(len(text), 1)
    for index, char in enumerate(text):
        glyph = Image.new("RGBA", (40, 50), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (6, 4), char, font=_font(34), fill=(rng.randint(10, 60), rng.randint(30, 80), rng.randint(90, 150))
        )
        glyph = glyph.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC, expand=False)
        image.paste(glyph, (10 + index * step + rng.randint(-2, 2), rng.randint(0, 8)), glyph)
    for _ in range(120):  # speckles
        draw.point((rng.randint(0, width - 1), rng.randint(0, height - 1)), fill=(90, 100, 130))
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def data_uri(text: str) -> str:
    return "data:image/png;base64," + base64.b64encode(render_png(text)).decode()
