"""The one handler pattern every state uses.

A handler calls ``await self._run(use_case, **arguments)``. That opens the unit of work in
a worker thread (bcrypt, images, PDF and queries never hold Reflex's event loop, so one
user never slows another), resolves the logged-in user from this tab's session token and
passes it to the use case, commits, and maps each error type to what the user sees:

- ``FieldErrors`` / ``ValidationError`` -> ``errors`` (message beside each field)
- ``NotLoggedIn``                       -> the page's login route (``Result.events``)
- ``RateLimited``                       -> ``form_error`` (or a field, see ``rate_field``)
- any other ``DomainError``             -> ``form_error`` (message on the form)
- the database unreachable              -> ``form_error`` with a "try again" message

Nothing is half-written: the use case runs in one transaction that rolls back on any error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx
import sqlalchemy.exc

from spontan_app.db import session_scope
from spontan_app.i18n import localize, msg
from spontan_app.metrics import observed
from spontan_app.services.errors import DomainError, FieldErrors, NotLoggedIn, RateLimited, ValidationError

log = logging.getLogger("spontan.state")

RETRY_MESSAGE = msg("common.retry")


@dataclass
class Result:
    """What ``_run`` returns: ``ok`` and the use case's value, or the events to return
    from the handler (a redirect to login, a toast)."""

    ok: bool
    value: Any = None
    events: list[Any] = field(default_factory=list)
    error: DomainError | None = None


async def in_unit_of_work(work: Callable[[Any], Any]) -> Any:
    """Run ``work(session)`` in one transaction in a worker thread; returns its value."""

    def run() -> Any:
        with session_scope() as session:
            return work(session)

    return await asyncio.to_thread(run)


class HandlerMixin(rx.State, mixin=True):
    """Field errors, a form message, and ``_run`` (see the module docstring)."""

    errors: dict[str, str] = {}
    form_error: str = ""

    # The login state a page state also derives from (AuthState, StaffState) provides
    # ``_actor_resolver()`` (who is asking), ``_actor_argument`` and ``_login_route``.

    def _logged_out(self, exc: NotLoggedIn) -> list[Any]:
        return [rx.redirect(getattr(self, "_login_route", "/login")), rx.toast.info(self._localized(exc.message))]

    @observed  # event id in the logs, latency and outcome in /metrics
    async def _run(
        self,
        use_case: Callable[..., Any],
        /,
        *,
        as_user: bool = True,
        rate_field: str | None = None,
        keep_errors: bool = False,
        **arguments: Any,
    ) -> Result:
        """Call ``use_case(session=…, <actor>=…, **arguments)`` in a unit of work off the loop."""
        resolver = getattr(self, "_actor_resolver", None)
        resolve = resolver() if (as_user and resolver is not None) else None
        actor_argument = getattr(self, "_actor_argument", "applicant")

        def work(session: Any) -> Any:
            if resolve is not None:
                arguments[actor_argument] = resolve(session)
            return use_case(session=session, **arguments)

        if not keep_errors:
            self.errors, self.form_error = {}, ""
        try:
            value = await in_unit_of_work(work)
        except (DomainError, ValidationError) as exc:
            return self._failed(exc, keep_errors=keep_errors, rate_field=rate_field)
        except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError) as exc:
            log.warning("database unavailable during %s: %s", getattr(use_case, "__name__", use_case), exc)
            self.form_error = self._localized(RETRY_MESSAGE)
            return Result(False, error=DomainError(RETRY_MESSAGE))
        return Result(True, value)

    def _localized(self, value: Any) -> Any:
        """A service's message(s) in the tab's language (``LangState``; Indonesian elsewhere)."""
        return localize(value, getattr(self, "lang", "id"))

    def _failed(self, exc: DomainError | ValidationError, *, keep_errors: bool, rate_field: str | None) -> Result:
        """Shows ``exc`` where the module docstring says, in the tab's language."""
        if isinstance(exc, NotLoggedIn):
            return Result(False, events=self._logged_out(exc), error=exc)
        if isinstance(exc, FieldErrors):
            errors = self._localized(dict(exc.errors))
            self.errors = {**self.errors, **errors} if keep_errors else errors
        elif isinstance(exc, ValidationError):
            self.errors = {**self.errors, (exc.field or "form"): self._localized(exc.message)}
            return Result(False, error=DomainError(exc.message))
        elif isinstance(exc, RateLimited) and rate_field:
            self.errors = {**self.errors, rate_field: self._localized(exc.message)}
        else:
            self.form_error = self._localized(exc.message)
        return Result(False, error=exc)
