"""Every error a service raises, in one place. States map each type to a message beside a
field, a message on the form, or a redirect (``spontan_app.state.base``); nothing matches
on message text."""

from __future__ import annotations

from spontan_app.domain.validation import ValidationError
from spontan_app.i18n import msg

__all__ = [
    "Conflict",
    "DomainError",
    "FieldErrors",
    "IllegalTransition",
    "NotFound",
    "NotLoggedIn",
    "PermissionDenied",
    "RateLimited",
    "TooManyLookups",
    "ValidationError",
]


class DomainError(Exception):
    """A rule of the service was broken; ``message`` is Indonesian and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The record does not exist, or is not the caller's (never tell which)."""


class PermissionDenied(DomainError):
    """The caller may not do this."""


class NotLoggedIn(PermissionDenied):
    """No valid login session: the page sends the user to its login page."""


class Conflict(DomainError):
    """The record changed under the caller (another officer decided first, a double submit)."""


class IllegalTransition(Conflict):
    """The status machine does not allow this action from the current status."""


class FieldErrors(DomainError):
    """Several fields are wrong at once: ``errors`` maps field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(msg("common.check_fields"))
        self.errors = errors


class RateLimited(DomainError):
    """Too many tries; ``retry_after`` seconds until the next one is accepted."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooManyLookups(RateLimited):
    """Public tracking asked too often from one address."""

    def __init__(self, message: str, retry_after: int = 600) -> None:
        super().__init__(message, retry_after)
