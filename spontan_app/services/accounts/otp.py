"""One-time codes sent by WhatsApp (rate limits, attempts) and one-time link tokens.

Secrets are random from ``secrets``; only their keyed digests are stored."""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import AccountStatus
from spontan_app.domain.models import Applicant, OtpCode, VerificationToken, utcnow
from spontan_app.i18n import msg, t
from spontan_app.services import messaging, throttle
from spontan_app.services.accounts._common import (
    OTP_MAX_ATTEMPTS,
    OTP_MAX_PER_HOUR,
    OTP_RESEND_GAP,
    OTP_TTL,
    PURPOSE_REGISTER,
    PURPOSE_RESET,
    PURPOSE_WA_CHANGE,
    digest,
)
from spontan_app.services.errors import Conflict, NotFound, RateLimited
from spontan_app.settings import get_settings


def _new_otp() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _check_otp_rate(*, session: Session, wa_number: str, now: datetime, purpose: str | None = None) -> None:
    """At most one code a minute for the same purpose, and five an hour to one number."""
    hour_ago = now - timedelta(hours=1)
    recent = session.exec(
        select(OtpCode.created_at, OtpCode.purpose)
        .where(OtpCode.wa_number == wa_number, OtpCode.created_at > hour_ago)
        .order_by(OtpCode.created_at.desc())
    ).all()
    same = [created for created, kind in recent if purpose is None or kind == purpose]
    if same:
        wait = int((same[0] + OTP_RESEND_GAP - now).total_seconds())
        if wait > 0:
            raise RateLimited(msg("accounts.otp_wait", wait=wait), wait)
    if len(recent) >= OTP_MAX_PER_HOUR:
        wait = int((recent[-1][0] + timedelta(hours=1) - now).total_seconds()) + 1
        raise RateLimited(msg("accounts.otp_hour_limit", limit=OTP_MAX_PER_HOUR, minutes=max(1, wait // 60)), wait)


def check_address_rate(session: Session, kind: str, ip: str | None, now: datetime) -> None:
    """Per client address, like registration: ``SPONTAN_OTP_REQUESTS_PER_ADDRESS`` requests of
    one ``kind`` ("reset", "resend") per quarter of an hour, then back-off. Checked before
    any account is looked up, so the answer never tells whether an account exists."""
    if not ip:
        return
    key = f"{kind}:ip:{ip}"
    wait = throttle.locked_for(session, [key], now)
    if wait:
        raise RateLimited(msg("accounts.otp_ip_limit", minutes=(wait + 59) // 60), wait)
    throttle.record_failure(session, key, get_settings().otp_requests_per_address, now)


def _issue_otp(*, session: Session, applicant: Applicant, purpose: str, now: datetime, to_number: str | None = None):
    target = to_number or applicant.wa_number
    _check_otp_rate(session=session, wa_number=target, now=now, purpose=purpose)
    # Only the newest code of a purpose is valid.
    for old in session.exec(
        select(OtpCode).where(
            OtpCode.applicant_id == applicant.id, OtpCode.purpose == purpose, OtpCode.used_at.is_(None)
        )
    ):
        old.used_at = now
        session.add(old)
    code = _new_otp()
    session.add(
        OtpCode(
            applicant_id=applicant.id,
            purpose=purpose,
            wa_number=target,
            code_hash=digest(code),
            created_at=now,
            expires_at=now + OTP_TTL,
        )
    )
    what = {
        PURPOSE_REGISTER: "accounts.otp_purpose_register",
        PURPOSE_RESET: "accounts.otp_purpose_reset",
        PURPOSE_WA_CHANGE: "accounts.otp_purpose_wa_change",
    }[purpose]
    # In the applicant's language (Applicant.language), like every WhatsApp message to them.
    body = t("accounts.wa_otp_body", applicant.language, what=msg(what), code=code)
    return messaging.queue_message(
        session=session, to_e164=target, kind=f"otp_{purpose}", body=body, params={"code_length": 6}
    )


def resend_otp(
    *,
    session: Session,
    applicant_id: int,
    purpose: str = PURPOSE_REGISTER,
    ip: str | None = None,
    now: datetime | None = None,
) -> int:
    """Kirim Ulang OTP. Returns the queued message id. ``ip``: the client address (limited
    per address before anything else, see ``check_address_rate``)."""
    now = now or utcnow()
    check_address_rate(session, "resend", ip, now)
    applicant = session.get(Applicant, applicant_id)
    if applicant is None:
        raise NotFound(msg("accounts.account_not_found"))
    if purpose == PURPOSE_REGISTER and applicant.status != AccountStatus.PENDING_OTP.value:
        raise Conflict(msg("accounts.wa_already_verified"))
    target = None
    if purpose == PURPOSE_WA_CHANGE:
        pending = _latest_otp(session=session, applicant_id=applicant_id, purpose=purpose, include_used=True)
        if pending is None:
            raise Conflict(msg("accounts.no_wa_change_pending"))
        target = pending.wa_number
    return _issue_otp(session=session, applicant=applicant, purpose=purpose, now=now, to_number=target).id


def _latest_otp(*, session: Session, applicant_id: int, purpose: str, include_used: bool = False) -> OtpCode | None:
    stmt = select(OtpCode).where(OtpCode.applicant_id == applicant_id, OtpCode.purpose == purpose)
    if not include_used:
        stmt = stmt.where(OtpCode.used_at.is_(None))
    return session.exec(stmt.order_by(OtpCode.id.desc())).first()


@dataclass(frozen=True)
class OtpOutcome:
    ok: bool
    message: str
    otp: OtpCode | None = None


def check_otp(
    *, session: Session, applicant_id: int, purpose: str, code: str, now: datetime | None = None
) -> OtpOutcome:
    """Count the attempt; the caller commits even when the outcome is not ok."""
    now = now or utcnow()
    otp = _latest_otp(session=session, applicant_id=applicant_id, purpose=purpose)
    entered = (code or "").strip()
    if otp is None:
        return OtpOutcome(False, msg("accounts.otp_not_valid_resend"))
    if otp.expires_at < now:
        return OtpOutcome(False, msg("accounts.otp_expired"))
    if not re.fullmatch(r"[0-9]{6}", entered):
        return OtpOutcome(False, msg("accounts.otp_six_digits"))
    # Take a try atomically before comparing: simultaneous guesses queue on the row and
    # can never add up to more than OTP_MAX_ATTEMPTS checks.
    attempts = session.execute(
        sa.update(OtpCode)
        .where(OtpCode.id == otp.id, OtpCode.attempts < OTP_MAX_ATTEMPTS, OtpCode.used_at.is_(None))
        .values(attempts=OtpCode.attempts + 1)
        .returning(OtpCode.attempts)
    ).scalar_one_or_none()
    if attempts is None:
        return OtpOutcome(False, msg("accounts.otp_too_many"))
    if not hmac.compare_digest(otp.code_hash, digest(entered)):
        left = OTP_MAX_ATTEMPTS - attempts
        if left <= 0:
            return OtpOutcome(False, msg("accounts.otp_wrong_last"))
        return OtpOutcome(False, msg("accounts.otp_wrong_left", left=left))
    used = session.execute(
        sa.update(OtpCode).where(OtpCode.id == otp.id, OtpCode.used_at.is_(None)).values(used_at=now)
    ).rowcount
    if used != 1:  # the same code was just used by a concurrent request
        return OtpOutcome(False, msg("accounts.otp_not_valid_resend"))
    session.refresh(otp)
    return OtpOutcome(True, "", otp)


def _new_link_token(*, session: Session, applicant: Applicant, purpose: str, ttl: timedelta, now: datetime) -> str:
    for old in session.exec(
        select(VerificationToken).where(
            VerificationToken.applicant_id == applicant.id,
            VerificationToken.purpose == purpose,
            VerificationToken.used_at.is_(None),
        )
    ):
        old.used_at = now  # only the newest link works
        session.add(old)
    token = secrets.token_urlsafe(32)
    session.add(
        VerificationToken(
            applicant_id=applicant.id, purpose=purpose, token_hash=digest(token), created_at=now, expires_at=now + ttl
        )
    )
    return token


def _token_row(*, session: Session, token: str, purpose: str, now: datetime) -> VerificationToken:
    row = session.exec(select(VerificationToken).where(VerificationToken.token_hash == digest(token or ""))).first()
    if row is None or row.purpose != purpose or row.used_at is not None or row.expires_at < now:
        raise NotFound(msg("accounts.link_invalid"))
    return row
