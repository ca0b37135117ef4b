"""Lupa Password: an OTP to the registered number, a short-lived reset token, the new
password (every login session ends)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from spontan_app.domain import passwords
from spontan_app.domain.enums import AccountStatus
from spontan_app.domain.models import Applicant, LoginThrottle, utcnow
from spontan_app.domain.passwords import validate_new_password
from spontan_app.domain.validation import ValidationError
from spontan_app.i18n import msg, t
from spontan_app.services import audit, messaging
from spontan_app.services.accounts._common import PURPOSE_RESET, RESET_TTL, identity_of
from spontan_app.services.accounts.otp import (
    OtpOutcome,
    _issue_otp,
    _new_link_token,
    _token_row,
    check_address_rate,
    check_otp,
)
from spontan_app.services.accounts.sessions import _end_all_sessions
from spontan_app.services.errors import FieldErrors, RateLimited


def start_password_reset(
    *, session: Session, applicant_type: str, username: str, ip: str | None = None, now: datetime | None = None
) -> int | None:
    """Send an OTP to the registered number. Returns the applicant id, or None when there is
    no such active account (the page says the same thing either way). ``ip``: the client
    address; its limit is checked first, so it answers alike for every account."""
    now = now or utcnow()
    check_address_rate(session, "reset", ip, now)
    try:
        normalized = identity_of(applicant_type, username)
    except ValidationError as exc:
        raise FieldErrors({"username": exc.message}) from None
    applicant = session.exec(select(Applicant).where(Applicant.username == normalized)).first()
    if (
        applicant is None
        or applicant.status != AccountStatus.ACTIVE.value
        or applicant.applicant_type != applicant_type
    ):
        return None
    try:
        _issue_otp(session=session, applicant=applicant, purpose=PURPOSE_RESET, now=now)
    except RateLimited:
        # The answer must not differ from an unknown account's ("Tunggu N detik" would tell
        # a stranger the account exists): no new code, the same page.
        return applicant.id
    return applicant.id


def verify_reset_otp(
    *, session: Session, applicant_id: int, code: str, now: datetime | None = None
) -> tuple[OtpOutcome, str | None]:
    now = now or utcnow()
    applicant = session.get(Applicant, applicant_id)
    if applicant is None or applicant.status != AccountStatus.ACTIVE.value:
        return OtpOutcome(False, msg("accounts.otp_not_valid")), None
    outcome = check_otp(session=session, applicant_id=applicant_id, purpose=PURPOSE_RESET, code=code, now=now)
    if not outcome.ok:
        return outcome, None
    return outcome, _new_link_token(session=session, applicant=applicant, purpose=PURPOSE_RESET, ttl=RESET_TTL, now=now)


def reset_password(*, session: Session, reset_token: str, new: str, confirm: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    row = _token_row(session=session, token=reset_token, purpose=PURPOSE_RESET, now=now)
    try:
        validate_new_password(new, confirm)
    except ValidationError as exc:
        raise FieldErrors({exc.field or "password": exc.message}) from None
    applicant = session.get(Applicant, row.applicant_id)
    applicant.password_hash = passwords.hash_password(new)
    applicant.updated_at = now
    row.used_at = now
    session.add_all([applicant, row])
    _end_all_sessions(session, applicant.id, now)
    for key in (f"user:{applicant.applicant_type}:{applicant.username}",):
        throttle = session.get(LoginThrottle, key)
        if throttle is not None:
            throttle.failures, throttle.locked_until = 0, None
            session.add(throttle)
    messaging.queue_message(
        session=session,
        to_e164=applicant.wa_number,
        kind="password_changed",
        body=t("accounts.wa_password_changed", applicant.language),
    )
    audit.log(session, applicant, "reset_password", applicant)
