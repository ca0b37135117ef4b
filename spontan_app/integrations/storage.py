"""Private file storage: applicants' documents, profile photos and issued permit PDFs.

Two backends behind one interface, chosen by ``SPONTAN_STORAGE_URL``:

- unset (embedded default): the private folder ``SPONTAN_UPLOAD_DIR``; files are written
  atomically (temp file + fsync + rename);
- ``s3://bucket/prefix``: an S3-compatible bucket (AWS S3, MinIO, Ceph…), endpoint and
  keys from ``SPONTAN_S3_*``. With several machines no worker depends on its own disk.

Either way files get random names, are never served by Reflex's public ``/_upload``, and
only routes that check who asks hand them out. Callers use the module functions
(``save``, ``read``, ``delete``, ``stored_files``…) and never see the backend.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from spontan_app.settings import Settings, get_settings

MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
CONTENT_TYPES = {ext: ctype for ctype, ext in EXTENSIONS.items()}
AREAS = frozenset({"photos", "documents", "permits"})  # permits: issued permit PDFs
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]{16,64}\.(pdf|jpg|png)$")


def sniff(data: bytes) -> str | None:
    """Content type from the first bytes (the file name and browser's claim are ignored)."""
    for content_type, signatures in MAGIC.items():
        if any(data.startswith(sig) for sig in signatures):
            return content_type
    return None


class Backend(Protocol):
    """Where the bytes live. ``key`` is ``<area>/<name>``; names are already validated."""

    name: str

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...  # FileNotFoundError when absent

    def remove(self, key: str) -> None: ...  # absent is fine

    def listing(self, area: str) -> dict[str, float]: ...  # name -> last modified (epoch s)

    def probe(self) -> None: ...  # raises unless a write, a read and a delete work


# --------------------------------------------------------------------------- local folder


class LocalBackend:
    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _dir(self, area: str) -> Path:
        path = self.root / area
        path.mkdir(parents=True, exist_ok=True)
        return path

    def path(self, key: str) -> Path:
        area, name = key.split("/", 1)
        return self._dir(area) / name

    def put(self, key: str, data: bytes, content_type: str) -> None:
        target = self.path(key)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def remove(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def listing(self, area: str) -> dict[str, float]:
        found = {}
        for entry in os.scandir(self._dir(area)):
            if entry.is_file() and not entry.name.startswith(".tmp-"):
                with contextlib.suppress(FileNotFoundError):  # removed while we looked
                    found[entry.name] = entry.stat().st_mtime
        return found

    def remove_partials(self, area: str, cutoff: float) -> list[str]:
        """Half-written temporary files (a process killed inside ``put``) older than ``cutoff``."""
        removed = []
        for entry in os.scandir(self._dir(area)):
            if entry.is_file() and entry.name.startswith(".tmp-"):
                with contextlib.suppress(FileNotFoundError):
                    if entry.stat().st_mtime <= cutoff:
                        os.unlink(entry.path)
                        removed.append(entry.name)
        return removed

    def probe(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-probe-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"ok")
            if Path(tmp).read_bytes() != b"ok":
                raise RuntimeError("storage returned other bytes than written")
        finally:
            Path(tmp).unlink(missing_ok=True)


# --------------------------------------------------------------------------- S3-compatible bucket


class S3Backend:
    name = "s3"

    def __init__(self, settings: Settings) -> None:
        import boto3
        from botocore.config import Config

        parts = urlsplit(settings.storage_url or "")
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError("SPONTAN_STORAGE_URL must look like s3://bucket/prefix")
        self.bucket = parts.netloc
        self.prefix = parts.path.strip("/")
        self.client = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id,
            aws_secret_access_key=settings.s3_secret_access_key,
            config=Config(
                s3={"addressing_style": "path"},  # MinIO and most on-premise stores
                connect_timeout=3,
                read_timeout=15,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        )

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type)

    def get(self, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except self.client.exceptions.NoSuchKey:
            raise FileNotFoundError(key) from None
        return response["Body"].read()

    def remove(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def listing(self, area: str) -> dict[str, float]:
        prefix = self._key(f"{area}/")
        found = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                name = item["Key"][len(prefix) :]
                if "/" not in name:
                    found[name] = item["LastModified"].timestamp()
        return found

    def probe(self) -> None:
        key = self._key(f".probe/{secrets.token_hex(8)}")
        self.client.put_object(Bucket=self.bucket, Key=key, Body=b"ok")
        try:
            if self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read() != b"ok":
                raise RuntimeError("storage returned other bytes than written")
        finally:
            self.client.delete_object(Bucket=self.bucket, Key=key)


# --------------------------------------------------------------------------- the chosen backend

_lock = threading.Lock()
_cached: tuple[tuple, Backend] | None = None


def backend() -> Backend:
    """The backend the current settings choose (rebuilt when the settings change)."""
    global _cached
    settings = get_settings()
    key = (
        settings.storage_url,
        str(settings.upload_dir),
        settings.s3_endpoint_url,
        settings.s3_region,
        settings.s3_access_key_id,
        settings.s3_secret_access_key,
    )
    with _lock:
        if _cached is None or _cached[0] != key:
            chosen: Backend = S3Backend(settings) if settings.storage_url else LocalBackend(settings.upload_dir)
            _cached = (key, chosen)
        return _cached[1]


def _key(area: str, name: str) -> str:
    if area not in AREAS:
        raise ValueError(f"unknown storage area {area!r}")
    if not _SAFE_NAME.fullmatch(name or ""):
        raise ValueError("invalid stored file name")
    return f"{area}/{name}"


def root() -> Path:
    """The local folder (the default backend's root)."""
    return Path(get_settings().upload_dir)


def save(area: str, data: bytes, content_type: str) -> str:
    """Write ``data`` under a new random name; returns that name."""
    name = secrets.token_urlsafe(24) + EXTENSIONS[content_type]
    backend().put(_key(area, name), data, content_type)
    return name


def read(area: str, name: str) -> bytes:
    """The stored bytes; FileNotFoundError (an OSError) when absent, ValueError for a bad name."""
    return backend().get(_key(area, name))


def delete(area: str, name: str | None) -> None:
    if name:
        with contextlib.suppress(ValueError):
            backend().remove(_key(area, name))


def stored_files(area: str) -> dict[str, float]:
    """Every stored name in ``area`` with its last-modified time (epoch seconds)."""
    if area not in AREAS:
        raise ValueError(f"unknown storage area {area!r}")
    return backend().listing(area)


def stored_names(area: str) -> set[str]:
    return set(stored_files(area))


def older_than(area: str, cutoff: float) -> set[str]:
    """Names in ``area`` last written at or before ``cutoff`` (epoch seconds)."""
    return {name for name, modified in stored_files(area).items() if modified <= cutoff}


# A write takes seconds; a temporary file this old was left by a process killed mid-write.
PARTIAL_MIN_AGE_SECONDS = 600


def remove_partials(area: str, min_age_seconds: float = PARTIAL_MIN_AGE_SECONDS) -> list[str]:
    """Delete half-written temporary files a killed process left in ``area`` (local folder;
    a bucket's writes are atomic, so it has none). Never younger than ten minutes, so a
    write in progress is never touched."""
    import time

    if area not in AREAS:
        raise ValueError(f"unknown storage area {area!r}")
    chosen = backend()
    if not isinstance(chosen, LocalBackend):
        return []
    return chosen.remove_partials(area, time.time() - max(min_age_seconds, PARTIAL_MIN_AGE_SECONDS))


def path_of(area: str, name: str) -> Path:
    """The file's path in the local folder (local backend only: tests, the backup script)."""
    chosen = backend()
    if not isinstance(chosen, LocalBackend):
        raise RuntimeError("path_of() exists only for the local storage backend")
    return chosen.path(_key(area, name))


def probe() -> None:
    """Readiness: the storage takes a write, gives it back and lets it go."""
    backend().probe()
