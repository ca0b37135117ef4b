"""The WhatsApp outbox: queue a message in the caller's transaction, deliver it later.

Queueing never talks to the network, so a gateway that is down never loses a
registration or blocks the page; delivery runs in a background event and a periodic
sweep picks up whatever a crash or an outage left queued.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import timedelta

from sqlmodel import Session, select

from spontan_app.db import after_commit
from spontan_app.domain.enums import MessageStatus
from spontan_app.domain.models import OutgoingMessage, utcnow
from spontan_app.integrations.whatsapp import Gateway, make_gateway
from spontan_app.settings import get_settings

MAX_DELIVERY_ROUNDS = 5  # sweeps before a message is given up as failed


def _deliver_in_background(ids: Iterable[int]) -> None:
    from spontan_app.services.delivery import deliver_soon

    deliver_soon(ids)


# Where committed messages go: a worker thread in the app; tests record them instead.
dispatch: Callable[[Iterable[int]], None] = _deliver_in_background


def queue_message(
    *, session: Session, to_e164: str, kind: str, body: str, params: dict | None = None
) -> OutgoingMessage:
    message = OutgoingMessage(
        to_number=to_e164,
        kind=kind,
        body=body,
        payload=params or {},
        provider=get_settings().wa_provider,
        status=MessageStatus.QUEUED.value,
    )
    session.add(message)
    session.flush()
    message_id = message.id
    # Delivery starts only once this transaction commits; a rollback sends nothing.
    after_commit(session, lambda: dispatch([message_id]))
    return message


def deliver(*, session: Session, message_id: int, gateway: Gateway | None = None) -> OutgoingMessage | None:
    """Send one queued message and record the outcome. Safe to call twice."""
    message = session.get(OutgoingMessage, message_id, with_for_update=session.get_bind().dialect.name != "sqlite")
    if message is None or message.status in (MessageStatus.SENT.value, MessageStatus.FAILED.value):
        return message
    gateway = gateway or make_gateway(get_settings())
    result = gateway.send(message.to_number, message.body, message.kind)
    message.attempts += result.attempts
    message.provider = gateway.name
    if result.ok:
        message.status = MessageStatus.SENT.value
        message.sent_at = utcnow()
        message.provider_message_id = result.provider_message_id
        message.last_error = ""
        if gateway.name != "console":
            # Once delivered, the outbox keeps no usable secret (codes, link tokens).
            message.body = redact(message.body)
            message.payload = {k: (redact(v) if isinstance(v, str) else v) for k, v in message.payload.items()}
    else:
        message.last_error = result.error[:500]
        rounds = message.payload.get("_rounds", 0) + 1
        message.payload = {**message.payload, "_rounds": rounds}
        gave_up = not result.retryable or rounds >= MAX_DELIVERY_ROUNDS
        message.status = MessageStatus.FAILED.value if gave_up else MessageStatus.RETRYING.value
    session.add(message)
    session.commit()
    return message


def redact(text: str) -> str:
    text = re.sub(r"\b\d{6}\b", "******", text)
    return re.sub(r"(/verifikasi/)[A-Za-z0-9_-]+", r"\1[disembunyikan]", text)


def pending_ids(*, session: Session, older_than: timedelta = timedelta(seconds=0), limit: int = 50) -> list[int]:
    cutoff = utcnow() - older_than
    stmt = (
        select(OutgoingMessage.id)
        .where(
            OutgoingMessage.status.in_([MessageStatus.QUEUED.value, MessageStatus.RETRYING.value]),
            OutgoingMessage.created_at <= cutoff,
        )
        .order_by(OutgoingMessage.id)
        .limit(limit)
    )
    return list(session.exec(stmt))


def outbox_for(*, session: Session, to_e164: str) -> list[OutgoingMessage]:
    stmt = select(OutgoingMessage).where(OutgoingMessage.to_number == to_e164).order_by(OutgoingMessage.id)
    return list(session.exec(stmt))
