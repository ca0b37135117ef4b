"""Audit trail: who did what to which record, from which address. Written in the caller's
transaction, so an action and its entry commit or vanish together. Append-only."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel

from spontan_app.domain.models import Applicant, AuditLog, StaffUser


def actor_type_of(actor: Applicant | StaffUser | None) -> str:
    if isinstance(actor, StaffUser):
        return "staff"
    if isinstance(actor, Applicant):
        return "applicant"
    return "system"


def log(
    session: Session,
    actor: Applicant | StaffUser | None,
    action: str,
    target: SQLModel | None = None,
    *,
    ip: str | None = None,
    **detail: Any,
) -> AuditLog:
    """One entry: ``actor`` did ``action`` to ``target`` (a row; its table and id are kept)."""
    entry = AuditLog(
        actor_type=actor_type_of(actor),
        actor_id=getattr(actor, "id", None),
        action=action,
        entity=getattr(target, "__tablename__", "") if target is not None else "",
        entity_id=getattr(target, "id", None),
        detail=detail,
        ip=ip,
    )
    session.add(entry)
    return entry
