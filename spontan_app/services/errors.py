"""Errors a service raises; states turn them into messages beside fields or toasts."""

from __future__ import annotations

from spontan_app.domain.validation import ValidationError

__all__ = ["Conflict", "DomainError", "NotFound", "PermissionDenied", "ValidationError"]


class DomainError(Exception):
    """A rule of the service was broken; ``message`` is Indonesian and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class Conflict(DomainError):
    pass
