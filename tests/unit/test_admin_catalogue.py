"""Master data of the catalogue: izin, requirements, form fields, process steps."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from spontan_app.domain.models import AuditLog, FormField, JenisIzin, ProcessStep, Requirement
from spontan_app.services.admin import catalogue
from spontan_app.services.errors import FieldErrors, PermissionDenied
from tests.unit.admin_helpers import izin, staff


@pytest.fixture
def new_izin(session):
    """An izin of its own, removed with everything under it after the test."""
    base = izin(session)
    form = catalogue.IzinForm(
        code="TEST-ADM1",
        name="Izin Uji Admin",
        bidang_id=base.bidang_id,
        layanan_id=base.layanan_id,
        processing_days="5",
        validity_months="",
        cost="150000",
    )
    row = catalogue.create_izin(session=session, staff=staff(session, "admin"), form=form)
    session.commit()
    yield row
    session.rollback()
    for model in (Requirement, FormField, ProcessStep):
        session.execute(sa.delete(model).where(model.izin_id == row.id))
    session.execute(sa.delete(JenisIzin).where(JenisIzin.id == row.id))
    session.commit()


def test_only_an_active_admin_changes_the_catalogue(session):
    for role in ("kepala_dinas", "front_office", "kepala_bidang"):
        with pytest.raises(PermissionDenied):
            catalogue.list_izin(session=session, staff=staff(session, role))
    admin = staff(session, "admin")
    admin.active = False
    try:
        with pytest.raises(PermissionDenied):
            catalogue.list_izin(session=session, staff=admin)
    finally:
        session.rollback()
    assert catalogue.list_izin(session=session, staff=admin)


def test_create_izin_validates_every_field(session):
    admin = staff(session, "admin")
    existing = izin(session)
    form = catalogue.IzinForm(
        code=existing.code,
        name="",
        bidang_id=None,
        layanan_id=existing.layanan_id,
        processing_days="0",
        validity_months="0",
        cost="-1",
    )
    with pytest.raises(FieldErrors) as caught:
        catalogue.create_izin(session=session, staff=admin, form=form)
    assert set(caught.value.errors) == {"code", "name", "bidang_id", "processing_days", "validity_months", "cost"}
    form.code = "sip b"
    with pytest.raises(FieldErrors) as caught:
        catalogue.create_izin(session=session, staff=admin, form=form)
    assert "huruf besar" in caught.value.errors["code"]


def test_create_and_update_izin_are_audited(session, new_izin):
    assert (new_izin.code, new_izin.processing_days, new_izin.validity_months, new_izin.cost) == (
        "TEST-ADM1",
        5,
        None,
        150000,
    )
    admin = staff(session, "admin")
    form = catalogue.IzinForm(
        code="test-adm1",
        name="Izin Uji Admin Baru",
        bidang_id=new_izin.bidang_id,
        layanan_id=new_izin.layanan_id,
        processing_days=7,
        validity_months=60,
        legal_basis="Perwali 1/2026",
        active=False,
    )
    row = catalogue.update_izin(session=session, staff=admin, izin_id=new_izin.id, form=form)
    assert (row.code, row.name, row.validity_months, row.active) == ("TEST-ADM1", "Izin Uji Admin Baru", 60, False)
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity_id == new_izin.id)).all()
    assert {"create_izin", "update_izin"} <= set(actions)
    assert not any(
        i.id == new_izin.id for i in catalogue.list_izin(session=session, staff=admin, include_inactive=False)
    )


def test_requirements_are_added_updated_and_retired(session, new_izin):
    admin = staff(session, "admin")
    form = catalogue.RequirementForm(name="Scan KTP", note="Berwarna")
    req = catalogue.add_requirement(session=session, staff=admin, izin_id=new_izin.id, form=form)
    with pytest.raises(FieldErrors) as caught:
        catalogue.add_requirement(session=session, staff=admin, izin_id=new_izin.id, form=form)
    assert "name" in caught.value.errors
    form.note = "Asli, berwarna"
    assert catalogue.update_requirement(session=session, staff=admin, requirement_id=req.id, form=form).note == (
        "Asli, berwarna"
    )
    assert catalogue.retire_requirement(session=session, staff=admin, requirement_id=req.id).active is False
    detail = catalogue.get_izin(session=session, staff=admin, izin_id=new_izin.id)
    assert [r.name for r in detail.requirements] == ["Scan KTP"]  # retired, still there


def test_form_fields_check_key_type_and_options(session, new_izin):
    admin = staff(session, "admin")
    bad = catalogue.FormFieldForm(key="1 bad", label="", field_type="checkbox", prefill="salary")
    with pytest.raises(FieldErrors) as caught:
        catalogue.add_form_field(session=session, staff=admin, izin_id=new_izin.id, form=bad)
    assert set(caught.value.errors) == {"key", "label", "field_type", "prefill"}
    select_form = catalogue.FormFieldForm(key="golongan", label="Golongan", field_type="select")
    with pytest.raises(FieldErrors) as caught:
        catalogue.add_form_field(session=session, staff=admin, izin_id=new_izin.id, form=select_form)
    assert "options" in caught.value.errors
    select_form.options = ["A", " B ", ""]
    row = catalogue.add_form_field(session=session, staff=admin, izin_id=new_izin.id, form=select_form)
    assert row.options == ["A", "B"]
    with pytest.raises(FieldErrors) as caught:
        catalogue.add_form_field(session=session, staff=admin, izin_id=new_izin.id, form=select_form)
    assert "sudah dipakai" in caught.value.errors["key"]
    select_form.field_type = "text"
    assert catalogue.update_form_field(session=session, staff=admin, field_id=row.id, form=select_form).options == []
    assert catalogue.retire_form_field(session=session, staff=admin, field_id=row.id).active is False


def test_process_steps_are_replaced_in_order(session, new_izin):
    admin = staff(session, "admin")
    with pytest.raises(FieldErrors):
        catalogue.set_process_steps(session=session, staff=admin, izin_id=new_izin.id, steps=[])
    with pytest.raises(FieldErrors) as caught:
        catalogue.set_process_steps(
            session=session, staff=admin, izin_id=new_izin.id, steps=[("admin", "X"), ("verifikator", "")]
        )
    assert set(caught.value.errors) == {"steps.1.desk", "steps.2.stage"}
    catalogue.set_process_steps(
        session=session, staff=admin, izin_id=new_izin.id, steps=[("front_office", "A"), ("kepala_dinas", "B")]
    )
    rows = catalogue.set_process_steps(
        session=session,
        staff=admin,
        izin_id=new_izin.id,
        steps=[("verifikator", "VERIFIKASI"), ("tim_teknis", "TEKNIS"), ("kepala_dinas", "TTD")],
    )
    session.commit()
    stored = session.exec(
        select(ProcessStep).where(ProcessStep.izin_id == new_izin.id).order_by(ProcessStep.position)
    ).all()
    assert [(p.position, p.desk) for p in stored] == [(1, "verifikator"), (2, "tim_teknis"), (3, "kepala_dinas")]
    assert len(rows) == 3
