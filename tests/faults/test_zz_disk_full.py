"""The document disk fills up: the applicant gets a clear message beside the upload, nothing
is half-written (no row, no partial file), and the same upload works once there is room.
(Named to run last: it mounts a small filesystem over the app's document folder.)"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from spontan_app.services.applications import STORAGE_FAILED
from tests.faults.support import draft, query

PDF = b"%PDF-1.4\n" + b"1" * (600 * 1024) + b"\n%%EOF\n"


@pytest.fixture
def small_disk(app_server):
    """A 1 MiB tmpfs over the documents folder, for the length of one test."""
    folder = Path(app_server.env["SPONTAN_UPLOAD_DIR"]) / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.fail(f"cannot mount a small filesystem here: {mounted.stderr.decode()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _upload(app_server, made: dict) -> httpx.Response:
    with httpx.Client(base_url=app_server.url, cookies={"spontan_session": made["token"]}, timeout=30) as web:
        return web.post(
            f"/unggah/{made['id']}/{made['requirements'][0]}",
            content=PDF,
            headers={"X-Requested-With": "spontan", "X-File-Name": "ktp.pdf", "Content-Type": "application/pdf"},
        )


def _rows(app_server, application_id: int) -> int:
    return query(
        app_server, "SELECT count(*) AS n FROM application_document WHERE application_id = :id", id=application_id
    )[0]["n"]


def test_a_full_disk_gives_a_clear_message_and_leaves_nothing_half_written(app_server, small_disk):
    made = draft(app_server, 971)
    rows = _rows(app_server, made["id"])
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (700 * 1024))  # what is left is less than the upload needs
    files = sorted(os.listdir(small_disk))

    answer = _upload(app_server, made)
    assert answer.status_code == 200 and answer.json() == {"ok": False, "message": STORAGE_FAILED}
    assert _rows(app_server, made["id"]) == rows
    assert sorted(os.listdir(small_disk)) == files  # no partial or temporary file left

    filler.unlink()  # an operator makes room
    again = _upload(app_server, made)
    assert again.json()["ok"] is True
    assert _rows(app_server, made["id"]) == rows + 1
