"""The izin as it was when a file was submitted.

Submission copies the izin's terms, form fields, requirements and process steps into an
``ApplicationSnapshot`` row (``store``; ``data_of`` reads it back); from then on the file
is validated, shown and routed by that copy, so a later change to the catalogue never
changes a file already submitted. Drafts follow the live catalogue (active fields and
requirements only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.models import (
    Application,
    ApplicationSnapshot,
    FormField,
    JenisIzin,
    ProcessStep,
    Requirement,
)


@dataclass(frozen=True)
class Desk:
    """One stop of a file's route: position (1-based), the desk role, the stage's name."""

    position: int
    desk: str
    stage: str


def live_fields(session: Session, izin_id: int) -> list[FormField]:
    stmt = select(FormField).where(FormField.izin_id == izin_id, FormField.active.is_(True))
    return list(session.exec(stmt.order_by(FormField.sort, FormField.id)))


def live_requirements(session: Session, izin_id: int) -> list[Requirement]:
    stmt = select(Requirement).where(Requirement.izin_id == izin_id, Requirement.active.is_(True))
    return list(session.exec(stmt.order_by(Requirement.sort, Requirement.id)))


def live_steps(session: Session, izin_id: int) -> list[Desk]:
    rows = session.exec(select(ProcessStep).where(ProcessStep.izin_id == izin_id).order_by(ProcessStep.position))
    return [Desk(p.position, p.desk, p.stage) for p in rows]


def take(session: Session, izin: JenisIzin) -> dict[str, Any]:
    """The snapshot written at submission (plain JSON)."""
    return {
        "izin": {
            "code": izin.code,
            "name": izin.name,
            "processing_days": izin.processing_days,
            "validity_months": izin.validity_months,
            "legal_basis": izin.legal_basis,
            "needs_faskes": izin.needs_faskes,
            "needs_location": izin.needs_location,
        },
        "fields": [
            {
                "key": f.key,
                "label": f.label,
                "field_type": f.field_type,
                "required": f.required,
                "help_text": f.help_text,
                "options": list(f.options or []),
                "sort": f.sort,
            }
            for f in live_fields(session, izin.id)
        ],
        "requirements": [
            {"id": r.id, "name": r.name, "note": r.note, "required": r.required, "sort": r.sort}
            for r in live_requirements(session, izin.id)
        ],
        "steps": [{"position": d.position, "desk": d.desk, "stage": d.stage} for d in live_steps(session, izin.id)],
    }


def store(session: Session, application_id: int, data: dict[str, Any]) -> None:
    """Write (or replace) a file's snapshot in the caller's transaction."""
    row = session.get(ApplicationSnapshot, application_id)
    if row is None:
        session.add(ApplicationSnapshot(application_id=application_id, data=data))
    else:
        row.data = data
        session.add(row)


def data_of(session: Session, application: Application) -> dict[str, Any]:
    """The file's snapshot as written at submission; {} for a draft (or a file submitted
    before snapshots existed). One primary-key read, cached by the session; none for a draft,
    which has no snapshot until it is submitted."""
    if application.id is None or application.status == ApplicationStatus.DRAFT.value:
        return {}
    row = session.get(ApplicationSnapshot, application.id)
    return dict(row.data or {}) if row is not None else {}


def _snap(session: Session, application: Application, key: str) -> list[dict] | None:
    """The snapshot's list (possibly empty: the izin asked for nothing then), or None for a
    file without a snapshot (drafts, files submitted before snapshots existed)."""
    value = data_of(session, application).get(key)
    return value if isinstance(value, list) else None


def fields_for(session: Session, application: Application) -> list[FormField]:
    """The form fields that apply to this file (unsaved FormField objects for a snapshot)."""
    snap = _snap(session, application, "fields")
    if snap is None:
        return live_fields(session, application.izin_id)
    return [
        FormField(
            izin_id=application.izin_id,
            key=f["key"],
            label=f.get("label", f["key"]),
            field_type=f.get("field_type", "text"),
            required=bool(f.get("required", True)),
            help_text=f.get("help_text", ""),
            options=list(f.get("options") or []),
            sort=int(f.get("sort", 0)),
        )
        for f in snap
    ]


def requirements_for(session: Session, application: Application) -> list[Requirement]:
    snap = _snap(session, application, "requirements")
    if snap is None:
        return live_requirements(session, application.izin_id)
    return [
        Requirement(
            id=r["id"],
            izin_id=application.izin_id,
            name=r["name"],
            note=r.get("note", ""),
            required=bool(r.get("required", True)),
            sort=int(r.get("sort", 0)),
        )
        for r in snap
    ]


def steps_for(session: Session, application: Application) -> list[Desk]:
    snap = _snap(session, application, "steps")
    if snap is None:
        return live_steps(session, application.izin_id)
    return [Desk(int(s["position"]), s["desk"], s["stage"]) for s in snap]


def izin_terms(session: Session, application: Application) -> dict[str, Any]:
    """name, code, processing_days, needs_faskes, needs_location as submitted (or live)."""
    snap = data_of(session, application).get("izin")
    if isinstance(snap, dict) and snap:
        return snap
    izin = session.get(JenisIzin, application.izin_id)
    return {
        "code": izin.code,
        "name": izin.name,
        "processing_days": izin.processing_days,
        "validity_months": izin.validity_months,
        "legal_basis": izin.legal_basis,
        "needs_faskes": izin.needs_faskes,
        "needs_location": izin.needs_location,
    }
