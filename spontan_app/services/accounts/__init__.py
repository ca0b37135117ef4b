"""Applicant accounts: registration with WhatsApp OTP, verification link, login,
sessions, profile and password reset.

One module per use case (``otp``, ``registration``, ``sessions``, ``profile``,
``password_reset``, ``regions``; shared limits and digests in ``_common``). Callers use
this package's names: ``from spontan_app.services import accounts; accounts.register(...)``.

Secrets (OTP codes, link tokens, session tokens) are random from ``secrets``; only
their keyed hashes are stored. Messages to the applicant go through the outbox.
Passwords are hashed with ``passwords.hash_password`` looked up at call time, so a test
may patch ``spontan_app.domain.passwords.hash_password``.
"""

from __future__ import annotations

from spontan_app.services.accounts._common import (
    COMPANY_FORMS,
    GENERIC_LOGIN_ERROR,
    LINK_TTL,
    LOGIN_BASE_LOCK,
    LOGIN_FAILURE_MEMORY,
    LOGIN_FREE_FAILURES,
    LOGIN_IP_FREE_FAILURES,
    LOGIN_MAX_LOCK,
    OTP_MAX_ATTEMPTS,
    OTP_MAX_PER_HOUR,
    OTP_RESEND_GAP,
    OTP_TTL,
    PURPOSE_REGISTER,
    PURPOSE_RESET,
    PURPOSE_WA_CHANGE,
    RESET_TTL,
    SESSION_IDLE,
    SESSION_MAX,
    identity_of,
)
from spontan_app.services.accounts.otp import OtpOutcome, check_otp, resend_otp
from spontan_app.services.accounts.password_reset import reset_password, start_password_reset, verify_reset_otp
from spontan_app.services.accounts.profile import (
    ProfileForm,
    change_password,
    confirm_wa_change,
    request_wa_change,
    set_language,
    set_photo,
    update_profile,
)
from spontan_app.services.accounts.regions import balikpapan_kecamatan, outside_kabkota, regions
from spontan_app.services.accounts.registration import (
    CompletionForm,
    PendingAccount,
    RegistrationStarted,
    check_registration_fields,
    complete_registration,
    open_registration_link,
    register,
    resend_registration_link,
    verify_registration_otp,
)
from spontan_app.services.accounts.sessions import LoginResult, current_applicant, login, logout

__all__ = [
    "COMPANY_FORMS",
    "GENERIC_LOGIN_ERROR",
    "LINK_TTL",
    "LOGIN_BASE_LOCK",
    "LOGIN_FAILURE_MEMORY",
    "LOGIN_FREE_FAILURES",
    "LOGIN_IP_FREE_FAILURES",
    "LOGIN_MAX_LOCK",
    "OTP_MAX_ATTEMPTS",
    "OTP_MAX_PER_HOUR",
    "OTP_RESEND_GAP",
    "OTP_TTL",
    "PURPOSE_REGISTER",
    "PURPOSE_RESET",
    "PURPOSE_WA_CHANGE",
    "RESET_TTL",
    "SESSION_IDLE",
    "SESSION_MAX",
    "CompletionForm",
    "LoginResult",
    "OtpOutcome",
    "PendingAccount",
    "ProfileForm",
    "RegistrationStarted",
    "balikpapan_kecamatan",
    "change_password",
    "check_otp",
    "check_registration_fields",
    "complete_registration",
    "confirm_wa_change",
    "current_applicant",
    "identity_of",
    "login",
    "logout",
    "open_registration_link",
    "outside_kabkota",
    "regions",
    "register",
    "request_wa_change",
    "resend_otp",
    "resend_registration_link",
    "reset_password",
    "set_language",
    "set_photo",
    "start_password_reset",
    "update_profile",
    "verify_registration_otp",
    "verify_reset_otp",
]
