"""Faskes master data: one at a time, and the CSV import."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from sqlmodel import select

from spontan_app.domain.models import AuditLog, Faskes
from spontan_app.services import faskes
from spontan_app.services.admin import faskes_admin
from spontan_app.services.errors import DomainError, FieldErrors, PermissionDenied
from tests.unit.admin_helpers import staff

HEADER = "kode_daerah,kode_pusat,nama,alamat,pemilik,penanggung_jawab,latitude,longitude\n"


@pytest.fixture
def cleanup(session):
    """Faskes made by a test carry 'ujiadm' in their name; they go afterwards."""
    yield
    session.rollback()
    session.execute(sa.delete(Faskes).where(Faskes.nama.like("%ujiadm%")))
    session.commit()


def test_only_admin_manages_faskes(session):
    with pytest.raises(PermissionDenied):
        faskes_admin.import_csv(session=session, staff=staff(session, "kepala_dinas"), data=HEADER.encode())
    with pytest.raises(PermissionDenied):
        faskes_admin.create_faskes(
            session=session, staff=staff(session, "front_office"), form=faskes_admin.FaskesForm()
        )


def test_create_update_deactivate_keep_the_search_index_right(session, cleanup):
    admin = staff(session, "admin")
    with pytest.raises(FieldErrors) as caught:
        faskes_admin.create_faskes(session=session, staff=admin, form=faskes_admin.FaskesForm(latitude="1"))
    assert set(caught.value.errors) == {"nama", "alamat", "latitude"}
    form = faskes_admin.FaskesForm(kode_daerah="UJI-1", nama="Klinik Zebra ujiadm", alamat="Jl. Kenari 1")
    row = faskes_admin.create_faskes(session=session, staff=admin, form=form)
    session.commit()
    assert [f.id for f in faskes.search(session=session, query="zebra ujiadm").rows] == [row.id]
    with pytest.raises(FieldErrors) as caught:
        faskes_admin.create_faskes(session=session, staff=admin, form=form)
    assert "kode_daerah" in caught.value.errors
    form.nama = "Klinik Jerapah ujiadm"
    faskes_admin.update_faskes(session=session, staff=admin, faskes_id=row.id, form=form)
    session.commit()
    assert not faskes.search(session=session, query="zebra ujiadm").rows
    assert [f.id for f in faskes.search(session=session, query="jerapah").rows] == [row.id]
    page = faskes_admin.list_faskes(session=session, staff=admin, query="jerapah")
    assert page.matching == 1
    faskes_admin.set_faskes_active(session=session, staff=admin, faskes_id=row.id, active=False)
    session.commit()
    assert not faskes.search(session=session, query="jerapah").rows
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "faskes", AuditLog.entity_id == row.id))
    assert set(actions) == {"create_faskes", "update_faskes", "deactivate_faskes"}


def test_import_reports_bad_rows_and_upserts_by_kode_daerah(session, cleanup):
    admin = staff(session, "admin")
    existing = faskes_admin.create_faskes(
        session=session,
        staff=admin,
        form=faskes_admin.FaskesForm(kode_daerah="UJI-9", nama="Apotek Lama ujiadm", alamat="Jl. Lama"),
    )
    session.commit()
    text = (
        "\ufeffKode_Daerah;kode_pusat;nama;alamat;pemilik;penanggung_jawab;latitude;longitude\n"
        "UJI-9;;Apotek Baru ujiadm;Jl. Baru;;;-1,25;116,85\n"
        ";;Klinik Satu ujiadm;Jl. A;Budi;dr. Ani;;\n"
        ";;;Jl. B;;;;\n"
        ';;"Klinik ""Dua"" ujiadm";"Jl. C\nRT 3";;;-6.2;106.8\n'
        "UJI-10;;Klinik Tiga ujiadm;Jl. D;;;;\n"
        "UJI-10;;Klinik Empat ujiadm;Jl. E;;;;\n"
        "\n"
        "x;y\n"
    )
    report = faskes_admin.import_csv(session=session, staff=admin, data=text.encode("utf-8"))
    session.commit()
    assert (report.inserted, report.updated) == (2, 1)
    assert [line for line, _ in report.errors] == [4, 5, 8, 10]
    messages = dict(report.errors)
    assert "Nama faskes wajib diisi." in messages[4]
    assert "luar wilayah" in messages[5]
    assert "baris 7" in messages[8]
    session.refresh(existing)
    assert (existing.nama, existing.latitude) == ("Apotek Baru ujiadm", -1.25)
    assert [f.id for f in faskes.search(session=session, query="apotek baru ujiadm").rows] == [existing.id]
    assert not faskes.search(session=session, query="apotek lama ujiadm").rows
    assert faskes.search(session=session, query="klinik satu ujiadm").matching == 1
    entry = session.exec(select(AuditLog).where(AuditLog.action == "import_faskes")).one()
    assert entry.detail == {"inserted": 2, "updated": 1, "rejected": 4}

    # The page shows the report as the import route words it, in the officer's language.
    from spontan_app.admin.routes import _import_message

    indonesian, english = _import_message(report, "id"), _import_message(report, "en")
    assert indonesian.splitlines()[0] == "2 ditambahkan, 1 diperbarui, 4 baris ditolak."
    assert english.splitlines()[0] == "2 added, 1 updated, 4 rows refused."
    assert "Nama faskes wajib diisi." in indonesian and "Nama faskes wajib diisi." not in english


def test_import_refuses_big_non_utf8_or_headerless_files(session):
    admin = staff(session, "admin")
    with pytest.raises(DomainError, match="5 MB"):
        faskes_admin.import_csv(session=session, staff=admin, data=b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(DomainError, match="UTF-8"):
        faskes_admin.import_csv(session=session, staff=admin, data=(HEADER + ";;Klinik Café;Jl;;;;").encode("cp1252"))
    with pytest.raises(DomainError, match="kolom"):
        faskes_admin.import_csv(session=session, staff=admin, data=b"nama,alamat\nA,B\n")


def test_import_of_five_thousand_rows_is_fast(session, cleanup):
    lines = [HEADER] + [
        f"UJIB-{i},,Klinik Massal {i} ujiadm,Jl. Massal No. {i},Pemilik {i},dr. PJ {i},-1.2{i % 10},116.8{i % 10}\n"
        for i in range(5000)
    ]
    started = time.perf_counter()
    report = faskes_admin.import_csv(session=session, staff=staff(session, "admin"), data="".join(lines).encode())
    session.commit()
    elapsed = time.perf_counter() - started
    assert (report.inserted, report.updated, report.errors) == (5000, 0, [])
    assert elapsed < 10, elapsed
    assert faskes.search(session=session, query="massal 4321 ujiadm").matching == 1
