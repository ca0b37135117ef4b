"""Helpers for the back office tests: the seeded staff, and applicants/files made directly."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from spontan_app.domain.enums import APPLICANT_DESK
from spontan_app.domain.models import Applicant, Application, ApplicationStep, JenisIzin, ProcessStep, StaffUser


def staff(session: Session, role: str) -> StaffUser:
    return session.exec(select(StaffUser).where(StaffUser.role == role, StaffUser.username != "")).first()


def applicant(session: Session, n: int, **extra) -> Applicant:
    values = {
        "applicant_type": "perorangan",
        "username": f"64710{n:011d}",
        "email": f"p{n}@example.com",
        "wa_number": f"+62812{n:08d}",
        "status": "active",
        "full_name": f"Pemohon {n}",
    }
    row = Applicant(**(values | extra))
    session.add(row)
    session.flush()
    return row


def izin(session: Session, code: str | None = None) -> JenisIzin:
    stmt = select(JenisIzin).order_by(JenisIzin.id)
    if code:
        stmt = stmt.where(JenisIzin.code == code)
    return session.exec(stmt).first()


def application(
    session: Session,
    owner: Applicant,
    izin_row: JenisIzin,
    *,
    number: str,
    status: str,
    submitted_at: datetime | None,
    due_date: date | None = None,
    decided_at: datetime | None = None,
    position: int | None = None,
) -> Application:
    row = Application(
        applicant_id=owner.id,
        izin_id=izin_row.id,
        registration_number=number,
        status=status,
        submitted_at=submitted_at,
        due_date=due_date,
        decided_at=decided_at,
        current_position=position,
    )
    session.add(row)
    session.flush()
    if status in ("SUBMITTED", "IN_PROCESS", "RETURNED"):
        # An open file sits at a desk as the workflow leaves it: its open history step.
        desk = APPLICANT_DESK
        if status != "RETURNED":
            desk = session.exec(
                select(ProcessStep.desk).where(
                    ProcessStep.izin_id == izin_row.id, ProcessStep.position == (position or 1)
                )
            ).one()
        session.add(
            ApplicationStep(
                application_id=row.id,
                seq=1,
                desk=desk,
                stage="TEST",
                status="RETURNED" if status == "RETURNED" else "IN_PROGRESS",
                filed_at=submitted_at,
            )
        )
        session.flush()
    return row
