"""The logged-in applicant's own account: profile, password, WhatsApp number, photo.

Every function takes the applicant resolved by the caller with ``current_applicant``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from spontan_app.domain import passwords
from spontan_app.domain.enums import ApplicantType
from spontan_app.domain.models import Applicant, utcnow
from spontan_app.domain.passwords import validate_new_password, verify_password
from spontan_app.domain.validation import ValidationError, normalize_wa_number, validate_email
from spontan_app.i18n import msg
from spontan_app.services import audit
from spontan_app.services.accounts._common import PURPOSE_WA_CHANGE, _required
from spontan_app.services.accounts.otp import OtpOutcome, _issue_otp, check_otp
from spontan_app.services.accounts.sessions import _end_all_sessions
from spontan_app.services.errors import FieldErrors


@dataclass
class ProfileForm:
    full_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    wa_opt_out: bool = False


def update_profile(
    *, session: Session, applicant: Applicant, form: ProfileForm, now: datetime | None = None
) -> Applicant:
    now = now or utcnow()
    errors: dict[str, str] = {}
    name = _required(errors, "full_name", form.full_name, msg("accounts.label_full_name"), 150)
    address = _required(errors, "address", form.address, msg("accounts.label_address"), 300)
    email = phone = ""
    try:
        email = validate_email(form.email)
    except ValidationError as exc:
        errors["email"] = exc.message
    try:
        phone = normalize_wa_number(form.phone, label=msg("accounts.label_phone"))
    except ValidationError as exc:
        errors["phone"] = exc.message
    if errors:
        raise FieldErrors(errors)
    applicant.full_name = name
    if applicant.applicant_type == ApplicantType.BADAN_USAHA.value:
        applicant.company_name = name
    applicant.email, applicant.phone, applicant.address = email, phone, address
    applicant.wa_opt_out = bool(form.wa_opt_out)
    applicant.updated_at = now
    session.add(applicant)
    audit.log(session, applicant, "update_profile", applicant)
    return applicant


def change_password(
    *,
    session: Session,
    applicant: Applicant,
    old: str,
    new: str,
    confirm: str,
    keep_token: str | None = None,
    now: datetime | None = None,
) -> None:
    """A new password ends every other login session; ``keep_token`` (the caller's own) stays."""
    now = now or utcnow()
    if not verify_password(old, applicant.password_hash):
        raise FieldErrors({"old_password": msg("accounts.old_password_wrong")})
    try:
        validate_new_password(new, confirm)
    except ValidationError as exc:
        raise FieldErrors({f"new_{exc.field or 'password'}": exc.message}) from None
    applicant.password_hash = passwords.hash_password(new)
    applicant.updated_at = now
    session.add(applicant)
    _end_all_sessions(session, applicant.id, now, keep_token=keep_token)  # other devices log out
    audit.log(session, applicant, "change_password", applicant)


def request_wa_change(*, session: Session, applicant: Applicant, new_number: str, now: datetime | None = None) -> str:
    """Send an OTP to the new number; the number changes only when that code is confirmed."""
    now = now or utcnow()
    try:
        wa = normalize_wa_number(new_number)
    except ValidationError as exc:
        raise FieldErrors({"wa_number": exc.message}) from None
    if wa == applicant.wa_number:
        raise FieldErrors({"wa_number": msg("accounts.wa_same_number")})
    if session.exec(select(Applicant.id).where(Applicant.wa_number == wa)).first():
        raise FieldErrors({"wa_number": msg("accounts.wa_taken")})
    _issue_otp(session=session, applicant=applicant, purpose=PURPOSE_WA_CHANGE, now=now, to_number=wa)
    return wa


def confirm_wa_change(*, session: Session, applicant: Applicant, code: str, now: datetime | None = None) -> OtpOutcome:
    now = now or utcnow()
    outcome = check_otp(session=session, applicant_id=applicant.id, purpose=PURPOSE_WA_CHANGE, code=code, now=now)
    if not outcome.ok:
        return outcome
    if session.exec(select(Applicant.id).where(Applicant.wa_number == outcome.otp.wa_number)).first():
        return OtpOutcome(False, msg("accounts.wa_taken"))
    old = applicant.wa_number
    applicant.wa_number = outcome.otp.wa_number
    applicant.updated_at = now
    session.add(applicant)
    audit.log(session, applicant, "change_wa", applicant, old_ending=old[-4:], new_ending=applicant.wa_number[-4:])
    return outcome


def set_photo(*, session: Session, applicant: Applicant, storage_name: str | None) -> str | None:
    previous = applicant.photo_path
    applicant.photo_path = storage_name
    session.add(applicant)
    return previous


def set_language(*, session: Session, applicant: Applicant, language: str) -> str:
    """The applicant's portal language (pages after login, WhatsApp messages)."""
    from spontan_app.i18n import normalize_lang

    applicant.language = normalize_lang(language)
    session.add(applicant)
    return applicant.language
