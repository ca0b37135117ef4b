"""Private files in the local folder or in an S3-compatible bucket: same behaviour, and with
the bucket nothing lands on a worker's own disk. The S3 side runs against a real S3 server
on loopback (moto's server mode, started here as a subprocess)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest
from sqlmodel import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from spontan_app import ops_routes
from spontan_app.domain.models import Requirement
from spontan_app.integrations import storage
from spontan_app.services import applications
from spontan_app.settings import reset_settings_cache
from tests.factories import PDF, izin, make_applicant

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BUCKET = "spontan-docs"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory) -> Iterator[str]:
    """moto's S3 server on a loopback port, for as long as this module's tests run."""
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"},
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(url + "/moto-api/", timeout=1)
            break
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("moto server did not start:\n" + log.read_text()[-2000:])
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def _s3_client(endpoint: str):
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )


@pytest.fixture
def use_s3(s3_server, monkeypatch, tmp_path) -> Iterator[object]:
    """Settings that put files into a fresh bucket under a prefix; the local folder is a
    new empty one, to show that nothing is written there."""
    client = _s3_client(s3_server)
    bucket = f"{BUCKET}-{time.monotonic_ns()}"
    client.create_bucket(Bucket=bucket)
    for name, value in {
        "SPONTAN_STORAGE_URL": f"s3://{bucket}/balikpapan",
        "SPONTAN_S3_ENDPOINT_URL": s3_server,
        "SPONTAN_S3_ACCESS_KEY_ID": "test",
        "SPONTAN_S3_SECRET_ACCESS_KEY": "test",
        "SPONTAN_UPLOAD_DIR": str(tmp_path / "local-must-stay-empty"),
    }.items():
        monkeypatch.setenv(name, value)
    reset_settings_cache()
    client.bucket = bucket
    yield client
    monkeypatch.undo()
    reset_settings_cache()


@pytest.fixture(params=["local", "s3"])
def any_backend(request, tmp_path, monkeypatch) -> Iterator[str]:
    if request.param == "s3":
        request.getfixturevalue("use_s3")
    else:
        monkeypatch.setenv("SPONTAN_UPLOAD_DIR", str(tmp_path / "uploads"))
        reset_settings_cache()
    yield request.param
    monkeypatch.undo()
    reset_settings_cache()


def test_save_read_list_delete_on_both_backends(any_backend):
    assert storage.backend().name == any_backend
    name = storage.save("documents", PDF, "application/pdf")
    other = storage.save("permits", PDF, "application/pdf")
    assert name.endswith(".pdf") and name != other
    assert storage.read("documents", name) == PDF
    assert storage.stored_names("documents") == {name}  # areas are separate
    assert storage.older_than("documents", time.time() + 60) == {name}
    assert storage.older_than("documents", time.time() - 3600) == set()  # just written
    storage.delete("documents", name)
    assert storage.stored_names("documents") == set()
    with pytest.raises(FileNotFoundError):  # an OSError: the routes answer 404
        storage.read("documents", name)
    with pytest.raises(ValueError):
        storage.read("documents", "../../etc/passwd")
    storage.probe()


def test_documents_go_to_the_bucket_not_the_workers_disk(use_s3, session, tmp_path):
    applicant = make_applicant(session, 901)
    draft = applications.start_draft(session=session, applicant=applicant, izin_id=izin(session, "IPRI-B").id)
    requirement = session.exec(select(Requirement).where(Requirement.izin_id == draft.izin_id)).first()
    document = applications.attach_document(
        session=session,
        applicant=applicant,
        application_id=draft.id,
        requirement_id=requirement.id,
        data=PDF,
        filename="ktp.pdf",
    )
    session.commit()

    stored = use_s3.get_object(Bucket=use_s3.bucket, Key=f"balikpapan/documents/{document.storage_name}")
    assert stored["Body"].read() == PDF
    assert stored["ContentType"] == "application/pdf"
    local = tmp_path / "local-must-stay-empty"
    assert not local.exists() or not any(p.is_file() for p in local.rglob("*"))

    # Another worker (a fresh client, same settings) reads it back for its owner.
    storage._cached = None
    _, data = applications.read_document(session=session, applicant=applicant, document_id=document.id)
    assert data == PDF


def test_orphan_cleanup_in_the_bucket_keeps_referenced_files(use_s3, session):
    applicant = make_applicant(session, 902)
    draft = applications.start_draft(session=session, applicant=applicant, izin_id=izin(session, "IPRI-B").id)
    requirement = session.exec(select(Requirement).where(Requirement.izin_id == draft.izin_id)).first()
    kept = applications.attach_document(
        session=session,
        applicant=applicant,
        application_id=draft.id,
        requirement_id=requirement.id,
        data=PDF,
        filename="a.pdf",
    )
    session.commit()
    orphan = storage.save("documents", PNG, "image/png")  # its row never committed
    assert applications.remove_orphan_files(session=session, min_age_seconds=3600) == []  # too young
    assert applications.remove_orphan_files(session=session, min_age_seconds=0) == [orphan]
    keys = {o["Key"] for o in use_s3.list_objects_v2(Bucket=use_s3.bucket).get("Contents", [])}
    assert keys == {f"balikpapan/documents/{kept.storage_name}"}


def test_readyz_reports_an_unreachable_bucket(migrated, monkeypatch):
    monkeypatch.setenv("SPONTAN_STORAGE_URL", "s3://nowhere/prefix")
    monkeypatch.setenv("SPONTAN_S3_ENDPOINT_URL", f"http://127.0.0.1:{_free_port()}")
    monkeypatch.setenv("SPONTAN_S3_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("SPONTAN_S3_SECRET_ACCESS_KEY", "test")
    monkeypatch.setattr(ops_routes, "CHECK_TIMEOUT", 10.0)
    reset_settings_cache()
    try:
        with TestClient(Starlette(routes=ops_routes.routes)) as client:
            response = client.get("/readyz")
    finally:
        monkeypatch.undo()
        reset_settings_cache()
    assert response.status_code == 503
    assert not response.json()["checks"]["storage"]["ok"]
    assert response.json()["checks"]["database"]["ok"]


def test_readyz_is_ok_with_a_reachable_bucket(use_s3, migrated):
    with TestClient(Starlette(routes=ops_routes.routes)) as client:
        response = client.get("/readyz")
    assert response.status_code == 200, response.text
    assert use_s3.list_objects_v2(Bucket=use_s3.bucket).get("KeyCount", 0) == 0  # the probe cleans up


def test_a_bad_storage_url_is_refused_with_its_variable(monkeypatch):
    monkeypatch.setenv("SPONTAN_STORAGE_URL", "https://not-a-bucket")
    reset_settings_cache()
    try:
        with pytest.raises(ValueError, match="SPONTAN_STORAGE_URL"):
            storage.backend()
    finally:
        monkeypatch.undo()
        reset_settings_cache()
        storage._cached = None


def test_local_backend_writes_atomically(tmp_path):
    backend = storage.LocalBackend(Path(tmp_path))
    backend.put("documents/abcdefghijklmnopqrstuvwx.pdf", PDF, "application/pdf")
    assert [p.name for p in (tmp_path / "documents").iterdir()] == ["abcdefghijklmnopqrstuvwx.pdf"]  # no temp left
