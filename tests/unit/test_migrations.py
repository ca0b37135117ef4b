"""Migrations go up, down and up again, and match the models (no drift)."""

import os
import tempfile
from pathlib import Path

import sqlalchemy as sa

from alembic import command
from tests.support import alembic_config, ensure_postgres_database, reset_database


def _scratch_url() -> str:
    url = sa.engine.make_url(os.environ["SPONTAN_DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'migrations.db'}"
    scratch = url.set(database=f"{url.database}_migrations")
    text = scratch.render_as_string(hide_password=False)
    ensure_postgres_database(text)
    return text


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_and_no_drift():
    url = _scratch_url()
    reset_database(url)
    config = alembic_config(url)
    command.upgrade(config, "head")
    assert {"applicant", "application", "application_step", "faskes", "outgoing_message"} <= _tables(url)
    command.downgrade(config, "base")
    assert _tables(url) <= {"alembic_version"}
    command.upgrade(config, "head")
    command.check(config)  # raises when models and migrations disagree


def test_snapshots_move_to_their_own_table_and_back():
    """c4d8e2f1a9b3 moves each submitted file's snapshot out of the application row and
    keeps it; a draft (empty snapshot) gets no row; downgrading puts them back."""
    url = _scratch_url()
    reset_database(url)
    config = alembic_config(url)
    command.upgrade(config, "15b6191a2b99")
    engine = sa.create_engine(url)
    snap = '{"izin": {"code": "SIPD", "name": "Surat Izin Praktik Dokter"}, "fields": [], "steps": []}'
    now = "2026-11-30 10:00:00"
    rows = [
        ("bidang", {"id": 1, "code": "KES", "name": "Kesehatan", "description": "", "sort": 1}),
        ("jenis_layanan", {"id": 1, "code": "BARU", "name": "Izin Baru", "sort": 1}),
        ("jenis_izin", {"id": 1, "bidang_id": 1, "layanan_id": 1, "code": "SIPD", "name": "SIP Dokter",
                        "description": "", "processing_days": 5, "needs_faskes": False, "needs_location": False,
                        "active": True, "sort": 1}),
        ("applicant", {"id": 1, "applicant_type": "perorangan", "username": "6471010000000001", "email": "",
                       "wa_number": "+628111", "status": "active", "wa_opt_out": False, "failed_logins": 0,
                       "created_at": now, "updated_at": now}),
    ]  # fmt: skip
    for app_id, status, number, snapshot in [(1, "SUBMITTED", "1/SIPD/11/2026", snap), (2, "DRAFT", None, "{}")]:
        rows.append(
            ("application", {"id": app_id, "applicant_id": 1, "izin_id": 1, "registration_number": number,
                             "status": status, "draft_step": 4, "lokasi": "", "keterangan": "",
                             "declaration_accepted": False, "snapshot": snapshot, "created_at": now,
                             "updated_at": now})
        )  # fmt: skip
    try:
        with engine.begin() as conn:
            for table, values in rows:
                names = ", ".join(values)
                conn.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + k for k in values)})"),
                             values)  # fmt: skip
        command.upgrade(config, "head")
        with engine.connect() as conn:
            moved = conn.execute(sa.text("SELECT application_id, CAST(data AS TEXT) FROM application_snapshot")).all()
            columns = {c["name"] for c in sa.inspect(conn).get_columns("application")}
        assert [r[0] for r in moved] == [1] and "snapshot" not in columns
        assert "Surat Izin Praktik Dokter" in moved[0][1]
        command.downgrade(config, "15b6191a2b99")
        with engine.connect() as conn:
            back = dict(conn.execute(sa.text("SELECT id, CAST(snapshot AS TEXT) FROM application")).all())
        assert "Surat Izin Praktik Dokter" in back[1] and back[2] == "{}"
    finally:
        engine.dispose()
