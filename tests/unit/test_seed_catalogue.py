from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import select

from spontan_app.domain.enums import StaffRole
from spontan_app.domain.models import (
    Bidang,
    Faskes,
    FormField,
    Holiday,
    JenisIzin,
    ProcessStep,
    Region,
    Requirement,
    StaffUser,
)
from spontan_app.seed import seed_all
from spontan_app.services import calendar, catalogue
from spontan_app.services.errors import NotFound


def _count(session, model) -> int:
    return session.exec(select(sa.func.count()).select_from(model)).one()


def test_demo_data_is_complete(session):
    assert _count(session, Bidang) >= 5
    assert _count(session, JenisIzin) >= 12
    assert _count(session, Faskes) >= 350
    kec = session.exec(select(Region).where(Region.level == "kecamatan")).all()
    assert sorted(k.name for k in kec) == [
        "Balikpapan Barat",
        "Balikpapan Kota",
        "Balikpapan Selatan",
        "Balikpapan Tengah",
        "Balikpapan Timur",
        "Balikpapan Utara",
    ]
    assert len(session.exec(select(Region).where(Region.level == "kelurahan")).all()) == 34
    years = {h.day.year for h in session.exec(select(Holiday))}
    assert {2026, 2027} <= years
    roles = {s.role for s in session.exec(select(StaffUser))}
    assert roles == {r.value for r in StaffRole}


def test_every_izin_is_usable(session):
    for izin in session.exec(select(JenisIzin)):
        assert izin.processing_days > 0
        assert session.exec(select(Requirement).where(Requirement.izin_id == izin.id)).first()
        labels = {f.label for f in session.exec(select(FormField).where(FormField.izin_id == izin.id))}
        assert {"Nama Pemohon", "Jenis Kelamin", "Nomor KTP", "Alamat", "Nomor Handphone"} <= labels
        steps = session.exec(
            select(ProcessStep).where(ProcessStep.izin_id == izin.id).order_by(ProcessStep.position)
        ).all()
        assert [s.position for s in steps] == list(range(1, len(steps) + 1)) and steps
    codes = {i.code for i in session.exec(select(JenisIzin))}
    assert "SIPD-B" in codes
    assert session.exec(select(JenisIzin).where(JenisIzin.needs_faskes.is_(True))).first()
    assert session.exec(select(JenisIzin).where(JenisIzin.needs_location.is_(True))).first()


def test_seeding_again_changes_nothing(session):
    before = {
        m.__name__: _count(session, m) for m in (Region, Bidang, JenisIzin, Requirement, Faskes, Holiday, StaffUser)
    }
    seed_all()
    after = {
        m.__name__: _count(session, m) for m in (Region, Bidang, JenisIzin, Requirement, Faskes, Holiday, StaffUser)
    }
    assert after == before


def test_catalogue_walk_bidang_layanan_izin(session):
    bidang = catalogue.list_bidang(session=session)
    kes = next(b for b in bidang if b.name == "Kesehatan")
    assert kes.izin_count == 8
    layanan = catalogue.list_layanan(session=session, bidang_id=kes.id)
    assert [item.name for item in layanan] == ["Izin Baru", "Perpanjangan"]
    izin = catalogue.list_izin(session=session, bidang_id=kes.id, layanan_id=layanan[0].id)
    assert "Surat Izin Praktik Dokter" in [i.name for i in izin]
    assert all(i.needs_faskes for i in izin if i.name.startswith("Surat Izin Praktik"))
    assert [b.name for b in catalogue.list_bidang(session=session, query="rekl")] == ["Reklame"]


def test_inactive_izin_is_not_offered(session):
    izin = session.exec(select(JenisIzin).where(JenisIzin.code == "IPTP-B")).one()
    izin.active = False
    session.add(izin)
    session.commit()
    try:
        assert "Perhubungan" not in [b.name for b in catalogue.list_bidang(session=session)]
        with pytest.raises(NotFound):
            catalogue.get_izin(session=session, izin_id=izin.id)
    finally:
        izin.active = True
        session.add(izin)
        session.commit()


def test_due_date_skips_seeded_holidays(session):
    # Mon 10-08-2026 + 5 working days; 17-08-2026 is Independence Day.
    assert calendar.due_date(session=session, start=date(2026, 8, 10), processing_days=5) == date(2026, 8, 18)
    names = [h.name for h in calendar.holidays_in_month(session=session, year=2026, month=12)]
    assert names == ["Kelahiran Yesus Kristus"]


def test_izin_terms_are_seeded_and_restored_on_an_older_catalogue(session):
    from spontan_app.seed import seed_catalogue

    sip = session.exec(select(JenisIzin).where(JenisIzin.code == "SIPD-B")).one()
    assert (sip.validity_months, sip.cost) == (60, 0)
    assert sip.legal_basis == "Peraturan Menteri Kesehatan Nomor 2052/MENKES/PER/X/2011"
    paud = session.exec(select(JenisIzin).where(JenisIzin.code == "IOPAUD-B")).one()
    assert paud.validity_months is None and paud.legal_basis
    sip.validity_months, sip.legal_basis = None, ""  # as a catalogue seeded before these terms
    session.add(sip)
    session.commit()
    seed_catalogue(session)
    session.commit()
    session.refresh(sip)
    assert sip.validity_months == 60 and sip.legal_basis.startswith("Peraturan Menteri Kesehatan")
