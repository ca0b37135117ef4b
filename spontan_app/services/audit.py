"""Audit trail: who did what to which record. Written in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from spontan_app.domain.models import AuditLog


def record(
    *,
    session: Session,
    actor_type: str,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditLog:
    entry = AuditLog(
        actor_type=actor_type,
        actor_id=actor_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail or {},
        ip=ip,
    )
    session.add(entry)
    return entry
