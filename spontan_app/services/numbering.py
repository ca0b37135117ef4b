"""Gap-free registration numbers per permit code and month.

The counter row is bumped with one atomic upsert ``… RETURNING`` inside the caller's
transaction: concurrent submitters queue on the row lock, and a rolled-back submission
rolls its number back too, so numbers never repeat and never skip.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from spontan_app.domain.regno import format_registration_number
from spontan_app.domain.timefmt import to_wita


def allocate_registration_number(*, session: Session, izin_code: str, when: datetime) -> str:
    local = to_wita(when)
    key = {"code": izin_code, "year": local.year, "month": local.month}
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):  # pragma: no cover - other engines unsupported
        raise RuntimeError(f"unsupported database {dialect}")
    # One statement (one round trip while the row is locked): the month's first number
    # creates the row, every later one bumps it.
    sequence = session.execute(
        sa.text(
            "INSERT INTO registration_counter (izin_code, year, month, last_value) "
            "VALUES (:code, :year, :month, 1) "
            "ON CONFLICT (izin_code, year, month) DO UPDATE "
            "SET last_value = registration_counter.last_value + 1 RETURNING last_value"
        ),
        key,
    ).scalar_one()
    return format_registration_number(sequence, izin_code, local.month, local.year)
