"""What the account use cases share: limits and lifetimes, message purposes, the keyed
digest under which every secret is stored, identity and required-field checks."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from spontan_app.domain.enums import ApplicantType
from spontan_app.domain.validation import ValidationError, clean_text, normalize_nik, normalize_npwp
from spontan_app.i18n import msg
from spontan_app.services.throttle import LOGIN_BASE_LOCK, LOGIN_FAILURE_MEMORY, LOGIN_MAX_LOCK  # noqa: F401
from spontan_app.settings import get_settings

OTP_TTL = timedelta(minutes=5)
OTP_MAX_ATTEMPTS = 5
OTP_RESEND_GAP = timedelta(seconds=60)
OTP_MAX_PER_HOUR = 5
LINK_TTL = timedelta(hours=24)
RESET_TTL = timedelta(minutes=15)
SESSION_IDLE = timedelta(hours=2)
SESSION_MAX = timedelta(days=7)
LOGIN_FREE_FAILURES = 5
LOGIN_IP_FREE_FAILURES = 20  # one address may serve many people (an office, a kiosk)
PURPOSE_REGISTER = "register"
PURPOSE_RESET = "reset"
PURPOSE_WA_CHANGE = "wa_change"
# A wrong Status Pemohon must not read as a wrong password; one message for all three.
GENERIC_LOGIN_ERROR = msg("accounts.generic_login_error")
COMPANY_FORMS = ["PT", "CV", "Firma", "Koperasi", "Yayasan", "Perkumpulan", "BUMD", "Lainnya"]


def digest(value: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def identity_of(applicant_type: str, identity: str) -> str:
    if applicant_type == ApplicantType.PERORANGAN.value:
        return normalize_nik(identity)
    if applicant_type == ApplicantType.BADAN_USAHA.value:
        return normalize_npwp(identity)
    raise ValidationError(msg("accounts.choose_applicant_type"))


def _required(errors: dict[str, str], name: str, value: str, label: str, max_len: int = 150) -> str:
    try:
        value = clean_text(value, label, multiline=True)
    except ValidationError as exc:
        errors[name] = exc.message
        return ""
    if not value:
        errors[name] = msg("accounts.v_required", label=label)
    elif len(value) > max_len:
        errors[name] = msg("accounts.v_max_chars", label=label, max_len=max_len)
    return value
