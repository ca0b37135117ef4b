"""Private document storage under SPONTAN_UPLOAD_DIR.

Files get random names, are written atomically (temp file + fsync + rename) and are
never served by Reflex's public ``/_upload``; routes that check who asks serve them.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from pathlib import Path

from spontan_app.settings import get_settings

MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
AREAS = frozenset({"photos", "documents", "permits"})  # permits: issued permit PDFs
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]{16,64}\.(pdf|jpg|png)$")


def sniff(data: bytes) -> str | None:
    """Content type from the first bytes (the file name and browser's claim are ignored)."""
    for content_type, signatures in MAGIC.items():
        if any(data.startswith(sig) for sig in signatures):
            return content_type
    return None


def root() -> Path:
    return Path(get_settings().upload_dir)


def _area(area: str) -> Path:
    if area not in AREAS:
        raise ValueError(f"unknown storage area {area!r}")
    path = root() / area
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(area: str, data: bytes, content_type: str) -> str:
    """Write ``data`` under a new random name; returns that name."""
    name = secrets.token_urlsafe(24) + EXTENSIONS[content_type]
    directory = _area(area)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, directory / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return name


def path_of(area: str, name: str) -> Path:
    if not _SAFE_NAME.fullmatch(name or ""):
        raise ValueError("invalid stored file name")
    return _area(area) / name


def read(area: str, name: str) -> bytes:
    return path_of(area, name).read_bytes()


def delete(area: str, name: str | None) -> None:
    if name:
        with contextlib.suppress(ValueError):
            path_of(area, name).unlink(missing_ok=True)


def stored_names(area: str) -> set[str]:
    return {p.name for p in _area(area).iterdir() if p.is_file() and not p.name.startswith(".tmp-")}
