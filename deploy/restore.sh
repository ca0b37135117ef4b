#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into the database and storage the current
# settings name (SPONTAN_DATABASE_URL, SPONTAN_STORAGE_URL / SPONTAN_UPLOAD_DIR).
#
#   deploy/restore.sh /backups/spontan-20261130T020000Z
#
# Stop the app workers and jobs first. The target database should be empty (a new
# database); objects that exist are replaced (pg_restore --clean). Afterwards run
# `alembic upgrade head` if the code is newer than the backup, then start the app.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then  # the project's venv when there is one (a checkout), else the image's
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON="$(command -v python3 || command -v python)"; fi
fi

src="${1:?usage: deploy/restore.sh <backup folder>}"
[ -f "$src/BACKUP" ] || { echo "restore.sh: $src is not a SPONTAN backup" >&2; exit 2; }

url="$("$PYTHON" -c 'from spontan_app.settings import Settings; print(Settings().database_url)')"
case "$url" in
  postgresql*)
    [ -f "$src/database.dump" ] || { echo "restore.sh: the backup holds no PostgreSQL dump" >&2; exit 2; }
    pg_url="$(printf '%s' "$url" | sed -E 's#^postgresql\+[a-z0-9]+://#postgresql://#')"
    pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
      --dbname "$pg_url" "$src/database.dump"
    ;;
  sqlite*)
    [ -f "$src/database.sqlite" ] || { echo "restore.sh: the backup holds no SQLite database" >&2; exit 2; }
    "$PYTHON" deploy/storage_sync.py sqlite-restore "$src/database.sqlite"
    ;;
  *)
    echo "restore.sh: unsupported database URL scheme" >&2
    exit 2
    ;;
esac

"$PYTHON" deploy/storage_sync.py upload "$src/files"
echo "restored $src"
