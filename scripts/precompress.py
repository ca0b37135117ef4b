"""Precompress the exported frontend for nginx's brotli_static / gzip_static: a ``.br`` and a
``.gz`` beside every text file worth compressing (deploy/nginx.conf serves them as they are).

    python scripts/precompress.py .web/build/client

Run at build time (Dockerfile, CI's topology build) after ``reflex export``. Idempotent:
a twin newer than its file is kept.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import brotli

SUFFIXES = {".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt", ".xml", ".webmanifest", ".map"}
MIN_BYTES = 1024  # nginx's gzip_min_length / brotli_min_length


def precompress(folder: Path) -> tuple[int, int, int]:
    """Returns (files, bytes before, brotli bytes)."""
    files = before = after = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in SUFFIXES:
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        mtime = path.stat().st_mtime
        for suffix, squeeze in (
            (".br", lambda d: brotli.compress(d, quality=11)),
            (".gz", lambda d: gzip.compress(d, compresslevel=9, mtime=0)),
        ):
            twin = path.with_name(path.name + suffix)
            if twin.exists() and twin.stat().st_mtime >= mtime:
                packed_size = twin.stat().st_size
            else:
                packed = squeeze(data)
                twin.write_bytes(packed)
                packed_size = len(packed)
            if suffix == ".br":
                after += packed_size
        files += 1
        before += len(data)
    return files, before, after


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: python scripts/precompress.py <exported client folder>", file=sys.stderr)
        return 2
    files, before, after = precompress(Path(argv[0]))
    print(f"precompressed {files} files: {before / 1024:,.0f} KiB -> {after / 1024:,.0f} KiB brotli")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
