"""Backups an operator can trust: deploy/backup.sh of the live database and files, and
deploy/restore.sh into a scratch database and an empty storage, with everything back.

The database is the suite's: SQLite on the embedded pass, PostgreSQL (pg_dump /
pg_restore into a scratch database) on CI's second pass."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from spontan_app.domain.models import Applicant, ApplicationDocument, Requirement
from spontan_app.integrations import storage
from spontan_app.services import applications
from tests.factories import PDF, izin, make_applicant
from tests.support import ROOT, alembic_config, ensure_postgres_database, reset_database


def _scratch_url(database_url: str, tmp_path: Path) -> str:
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.db'}"
    text = url.set(database=f"{url.database}_restore").render_as_string(hide_password=False)
    ensure_postgres_database(text)
    reset_database(text)
    return text


def _run(script: str, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["bash", str(ROOT / "deploy" / script), *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_backup_then_restore_into_a_scratch_database_brings_back_rows_and_files(session, migrated, tmp_path):
    applicant = make_applicant(session, 950, name="Siti Cadangan")
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

    live = {**os.environ, "SPONTAN_DATABASE_URL": migrated}
    backup_dir = Path(_run("backup.sh", live, str(tmp_path / "backups")).strip().splitlines()[-1])
    assert (backup_dir / "BACKUP").exists()
    assert oct(backup_dir.stat().st_mode & 0o777) == "0o700"
    manifest = (backup_dir / "files" / "MANIFEST.sha256").read_text()
    assert f"documents/{document.storage_name}" in manifest

    scratch = _scratch_url(migrated, tmp_path)
    restored_files = tmp_path / "restored-uploads"
    target = {**os.environ, "SPONTAN_DATABASE_URL": scratch, "SPONTAN_UPLOAD_DIR": str(restored_files)}
    target.pop("SPONTAN_STORAGE_URL", None)
    _run("restore.sh", target, str(backup_dir))

    engine = sa.create_engine(scratch)
    try:
        with engine.connect() as conn:
            name = conn.execute(
                sa.select(Applicant.__table__.c.full_name).where(Applicant.__table__.c.id == applicant.id)
            ).scalar_one()
            stored = conn.execute(
                sa.select(ApplicationDocument.__table__.c.storage_name).where(
                    ApplicationDocument.__table__.c.id == document.id
                )
            ).scalar_one()
            version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()
    assert name == "Siti Cadangan"
    assert stored == document.storage_name
    assert (restored_files / "documents" / stored).read_bytes() == PDF
    from alembic.script import ScriptDirectory

    assert version in ScriptDirectory.from_config(alembic_config(scratch)).get_heads()
    assert storage.read("documents", stored) == PDF  # the live copy is untouched


def test_restore_refuses_a_damaged_backup(session, migrated, tmp_path):
    name = storage.save("documents", PDF, "application/pdf")
    live = {**os.environ, "SPONTAN_DATABASE_URL": migrated}
    backup_dir = Path(_run("backup.sh", live, str(tmp_path / "backups")).strip().splitlines()[-1])
    (backup_dir / "files" / "documents" / name).write_bytes(b"%PDF-1.4 tampered")
    target = {
        **os.environ,
        "SPONTAN_DATABASE_URL": _scratch_url(migrated, tmp_path),
        "SPONTAN_UPLOAD_DIR": str(tmp_path / "restored-uploads"),
    }
    done = subprocess.run(
        ["bash", str(ROOT / "deploy" / "restore.sh"), str(backup_dir)], env=target, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "does not match the manifest" in done.stderr
