"""Login session and captcha, shared by the applicant pages.

``AuthState`` is the applicant side's login state: a page state is
``class XState(HandlerMixin, AuthState)`` and its handlers call ``await self._run(...)``
(spontan_app/state/base.py), which resolves the logged-in applicant through
``_actor_resolver`` and sends a logged-out tab to ``_login_route``.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import reflex as rx

from spontan_app.domain.enums import ApplicantType
from spontan_app.domain.models import Applicant
from spontan_app.domain.validation import format_nik
from spontan_app.integrations import captcha, storage
from spontan_app.services import accounts
from spontan_app.services.errors import PermissionDenied
from spontan_app.settings import get_settings
from spontan_app.state.base import Result, in_unit_of_work

SESSION_COOKIE = "spontan_session"
CAPTCHA_WRONG = "Kode Unik tidak sesuai. Silakan ketik kode pada gambar yang baru."


def photo_data_uri(applicant: Applicant) -> str:
    if not applicant.photo_path:
        return ""
    try:
        return "data:image/jpeg;base64," + base64.b64encode(storage.read("photos", applicant.photo_path)).decode()
    except (OSError, ValueError):
        return ""


@dataclass(frozen=True)
class UserCard:
    """What the header shows of the logged-in applicant (built in the worker thread:
    reading the photo is file I/O)."""

    name: str
    identity: str
    applicant_type: str
    photo: str

    @classmethod
    def of(cls, applicant: Applicant) -> UserCard:
        return cls(
            name=applicant.full_name or applicant.username,
            identity=format_nik(applicant.username)
            if applicant.applicant_type == ApplicantType.PERORANGAN.value
            else applicant.username,
            applicant_type=applicant.applicant_type,
            photo=photo_data_uri(applicant),
        )


def user_card(*, session: Any, applicant: Applicant) -> UserCard:
    """A use case for ``_run``: the logged-in applicant's header card."""
    return UserCard.of(applicant)


async def run_or_toast(state: Any, use_case: Callable[..., Any], /, **arguments: Any) -> Result:
    """``state._run`` for an action whose failure is a toast, not a message on the form: the
    form's messages stay as they were, and ``result.events`` is the login redirect or the toast."""
    errors, form_error = dict(state.errors), state.form_error
    result = await state._run(use_case, keep_errors=True, **arguments)
    if not result.ok and not result.events:
        state.errors, state.form_error = errors, form_error
        result.events = [rx.toast.error(result.error.message if result.error else "Terjadi kesalahan.")]
    return result


class CaptchaMixin(rx.State, mixin=True):
    """A captcha per page state. The answer stays on the server (backend-only var)."""

    captcha_image: str = ""
    captcha_nonce: int = 0  # the Kode Unik input is remounted (emptied) with every new image
    _captcha: captcha.Challenge | None = None

    @rx.event
    async def refresh_captcha(self) -> None:
        await self._draw_captcha()

    async def _draw_captcha(self) -> None:
        """A new challenge; the image is drawn in a worker thread, not on the event loop."""
        challenge = captcha.new_challenge(get_settings().captcha_fixed)
        self.captcha_image = await asyncio.to_thread(captcha.data_uri, challenge.answer)
        self._captcha = challenge
        self.captcha_nonce += 1

    async def _captcha_ok(self, answer: str) -> bool:
        """Single use: whatever the outcome, the next try gets a new image."""
        ok = self._captcha is not None and self._captcha.matches(answer)
        await self._draw_captcha()
        return ok


class AuthState(rx.State):
    """Who is logged in in this tab. The token is ours (random, hashed in the database);
    every service call re-checks it, so a forged event gets nothing."""

    session_token: str = rx.Cookie("", name=SESSION_COOKIE, path="/", max_age=7 * 24 * 3600, same_site="strict")
    user_name: str = ""
    user_identity: str = ""
    user_type: str = ""
    user_photo: str = ""

    _actor_argument: ClassVar[str] = "applicant"
    _login_route: ClassVar[str] = "/login"

    def _actor_resolver(self) -> Callable[[Any], Applicant]:
        token = self.session_token  # read here: the worker thread never touches ``self``
        return lambda session: accounts.current_applicant(session=session, token=token)

    def _show_user(self, card: UserCard) -> None:
        self.user_name, self.user_type = card.name, card.applicant_type
        self.user_identity, self.user_photo = card.identity, card.photo

    def _clear_user(self) -> None:
        self.session_token = ""
        self.user_name = self.user_identity = self.user_type = self.user_photo = ""

    @rx.var
    def logged_in(self) -> bool:
        return self.user_name != ""

    @rx.event
    async def require_login(self):
        """on_load of every applicant page."""
        resolve = self._actor_resolver()
        try:
            card = await in_unit_of_work(lambda session: UserCard.of(resolve(session)))
        except PermissionDenied as exc:
            self._clear_user()
            return [rx.redirect(self._login_route), rx.toast.info(exc.message)]
        self._show_user(card)
        return None

    @rx.event
    async def logout(self):
        token = self.session_token
        await in_unit_of_work(lambda session: accounts.logout(session=session, token=token))
        self._clear_user()  # empties the cookie var too (rx.remove_cookie would re-run this page's on_load)
        return rx.redirect("/")
