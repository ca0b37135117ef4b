"""Kotak Pesan Demo: a demo visitor reads the WhatsApp messages sent to the numbers they
registered with in their own browser (``SPONTAN_DEMO=1``, console WhatsApp).

The browser keeps a *grant* per number in a cookie: the number, when it was granted and a
signature made with ``SPONTAN_SECRET_KEY``. The server shows messages only for numbers with a
valid grant, and only messages queued since the grant, so a visitor can read neither other
visitors' numbers (a forged or edited cookie fails its signature) nor what an earlier
owner of the same number received. A grant is issued only when a registration creates a
new pending account, never when it resumes someone else's half-done one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.models import OutgoingMessage, utcnow
from spontan_app.domain.timefmt import format_datetime
from spontan_app.domain.validation import national_number
from spontan_app.settings import get_settings

MAX_NUMBERS = 5  # grants one browser keeps (newest first)
GRANT_TTL = timedelta(days=7)
MAX_MESSAGES = 50
_SEP = "_"
_LINK = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Grant:
    wa_number: str  # E.164
    since: datetime  # UTC


@dataclass(frozen=True)
class InboxMessage:
    id: int
    to: str  # as people write it: 0812…
    when: str  # DD-MM-YYYY HH:MM:SS WITA
    body: str
    link: str  # the first link in the body (verification, permit), or ""


def _signature(digits: str, epoch: int) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"demo-inbox:{digits}:{epoch}".encode(), hashlib.sha256).hexdigest()[:32]


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def grant_for(wa_number: str, now: datetime | None = None) -> str:
    """A signed grant for one number (what the cookie keeps)."""
    digits = wa_number.lstrip("+")
    if not digits.isdigit():
        raise ValueError("not an E.164 number")
    epoch = int(_utc(now or utcnow()).timestamp())
    return f"{digits}.{epoch}.{_signature(digits, epoch)}"


def grants_in(cookie: str, now: datetime | None = None) -> list[Grant]:
    """The valid, unexpired grants in a cookie value; everything else is ignored."""
    now = _utc(now or utcnow())
    found: dict[str, Grant] = {}
    for item in (cookie or "").split(_SEP)[: MAX_NUMBERS * 2]:
        parts = item.split(".")
        if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
            continue
        digits, epoch, signature = parts[0], int(parts[1]), parts[2]
        if not hmac.compare_digest(signature, _signature(digits, epoch)):
            continue
        since = datetime.fromtimestamp(epoch, UTC)
        if since > now + timedelta(minutes=5) or now - since > GRANT_TTL:
            continue
        number = "+" + digits
        if number not in found or found[number].since > since:
            found[number] = Grant(number, since)
    return list(found.values())


def remember(cookie: str, wa_number: str, now: datetime | None = None) -> str:
    """The cookie value with a grant for ``wa_number`` added (newest first, at most
    ``MAX_NUMBERS``); an existing grant for that number is kept as it is."""
    kept = [g for g in (cookie or "").split(_SEP) if g and grants_in(g, now)]
    if any(g.wa_number == wa_number for grant in kept for g in grants_in(grant, now)):
        return _SEP.join(kept)
    return _SEP.join([grant_for(wa_number, now), *kept][:MAX_NUMBERS])


def numbers(cookie: str) -> list[str]:
    """The numbers this browser may read, as people write them."""
    return [national_number(g.wa_number) for g in grants_in(cookie)]


def inbox(*, session: Session, cookie: str, limit: int = MAX_MESSAGES) -> list[InboxMessage]:
    """Messages to the cookie's numbers queued since each grant, newest first."""
    grants = grants_in(cookie)
    if not grants:
        return []
    # The grant's time is taken just before the registration queues its first OTP and is
    # kept in whole seconds: one second of margin, no more.
    margin = timedelta(seconds=1)
    wanted = sa.or_(
        *(
            sa.and_(OutgoingMessage.to_number == g.wa_number, OutgoingMessage.created_at >= g.since - margin)
            for g in grants
        )
    )
    rows = session.exec(select(OutgoingMessage).where(wanted).order_by(OutgoingMessage.id.desc()).limit(limit)).all()
    return [
        InboxMessage(m.id, national_number(m.to_number), format_datetime(m.created_at), m.body, _first_link(m.body))
        for m in rows
    ]


def _first_link(body: str) -> str:
    match = _LINK.search(body)
    return match.group(0).rstrip(".,)") if match else ""
