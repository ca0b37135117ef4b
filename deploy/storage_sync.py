"""Copy every stored file out of SPONTAN's storage into a folder and back, through the
app's own storage interface (local folder or S3 bucket alike), with a SHA-256 manifest.
Also the SQLite side of backup.sh/restore.sh. Used by deploy/backup.sh and restore.sh.

    python deploy/storage_sync.py download <folder>
    python deploy/storage_sync.py upload <folder>
    python deploy/storage_sync.py sqlite-backup <file> | sqlite-restore <file>

For very large buckets a provider tool (`mc mirror`, `aws s3 sync`, `rclone sync`) of the
bucket prefix is faster; the layout is the same: ``<area>/<name>``.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spontan_app.integrations import storage
from spontan_app.settings import get_settings

MANIFEST = "MANIFEST.sha256"


def download(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for area in sorted(storage.AREAS):
        (folder / area).mkdir(exist_ok=True)
        for name in sorted(storage.stored_names(area)):
            data = storage.read(area, name)
            (folder / area / name).write_bytes(data)
            lines.append(f"{hashlib.sha256(data).hexdigest()}  {area}/{name}")
    (folder / MANIFEST).write_text("\n".join(lines) + ("\n" if lines else ""))
    return len(lines)


def upload(folder: Path) -> int:
    entries = [line.split("  ", 1) for line in (folder / MANIFEST).read_text().splitlines() if line]
    for digest, key in entries:
        area, name = key.split("/", 1)
        data = (folder / area / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise SystemExit(f"storage_sync: {key} does not match the manifest; backup damaged")
        content_type = storage.CONTENT_TYPES[Path(name).suffix]
        storage.backend().put(storage._key(area, name), data, content_type)
    return len(entries)


def _sqlite_path() -> Path:
    url = get_settings().database_url
    return Path(url.split(":///", 1)[1])


def sqlite_backup(target: Path) -> None:
    source = sqlite3.connect(_sqlite_path())
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)  # consistent while the app keeps writing
    copy.close()
    source.close()


def sqlite_restore(backup: Path) -> None:
    target_path = _sqlite_path()
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(backup)
    target = sqlite3.connect(target_path)
    with target:
        source.backup(target)
    target.close()
    source.close()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("download", "upload", "sqlite-backup", "sqlite-restore"):
        print(__doc__, file=sys.stderr)
        return 2
    command, path = argv[0], Path(argv[1])
    if command == "download":
        print(f"{download(path)} file(s) copied out of {storage.backend().name} storage", file=sys.stderr)
    elif command == "upload":
        print(f"{upload(path)} file(s) restored into {storage.backend().name} storage", file=sys.stderr)
    elif command == "sqlite-backup":
        sqlite_backup(path)
    else:
        sqlite_restore(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
