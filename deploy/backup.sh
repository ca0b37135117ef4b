#!/usr/bin/env bash
# Back up SPONTAN: the database and every stored file (documents, photos, permit PDFs).
#
#   deploy/backup.sh /backups            # -> /backups/spontan-20261130T020000Z/
#
# Reads the same settings as the app (SPONTAN_DATABASE_URL, SPONTAN_STORAGE_URL or
# SPONTAN_UPLOAD_DIR, SPONTAN_S3_*). PostgreSQL: pg_dump in custom format (consistent
# snapshot, no locks on writers). SQLite: the online backup API. Files: copied out of the
# bucket or folder with a SHA-256 manifest that restore.sh checks.
#
# Order matters: the database first, then the files. A file written in between has no
# row in the dump and is simply an orphan after a restore (the orphan job removes it);
# a row never points at a file missing from the backup unless the file was deleted later.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then  # the project's venv when there is one (a checkout), else the image's
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON="$(command -v python3 || command -v python)"; fi
fi

dest_root="${1:?usage: deploy/backup.sh <destination folder>}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dest="${dest_root%/}/spontan-${stamp}"
mkdir -p "$dest"
chmod 700 "$dest"  # personal data: readable by the backup operator only

url="$("$PYTHON" -c 'from spontan_app.settings import Settings; print(Settings().database_url)')"
case "$url" in
  postgresql*)
    pg_url="$(printf '%s' "$url" | sed -E 's#^postgresql\+[a-z0-9]+://#postgresql://#')"
    pg_dump --format=custom --no-owner --no-privileges --file "$dest/database.dump" "$pg_url"
    ;;
  sqlite*)
    "$PYTHON" deploy/storage_sync.py sqlite-backup "$dest/database.sqlite"
    ;;
  *)
    echo "backup.sh: unsupported database URL scheme" >&2
    exit 2
    ;;
esac

"$PYTHON" deploy/storage_sync.py download "$dest/files"
printf 'created=%s\ndatabase=%s\n' "$stamp" "${url%%:*}" > "$dest/BACKUP"
echo "$dest"
