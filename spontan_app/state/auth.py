"""Login session and captcha, shared by the applicant pages.

``AuthState`` is the applicant side's login state: a page state is
``class XState(HandlerMixin, AuthState)`` and its handlers call ``await self._run(...)``
(spontan_app/state/base.py), which resolves the logged-in applicant through
``_actor_resolver`` and sends a logged-out tab to ``_login_route``.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import reflex as rx

from spontan_app.domain.enums import ApplicantType
from spontan_app.domain.models import Applicant
from spontan_app.domain.validation import format_nik
from spontan_app.i18n import localize, msg, t
from spontan_app.integrations import captcha, storage
from spontan_app.services import accounts
from spontan_app.services.errors import PermissionDenied
from spontan_app.settings import get_settings
from spontan_app.state.base import Result, in_unit_of_work
from spontan_app.state.lang import LangState

SESSION_COOKIE = "spontan_session"
CAPTCHA_AUDIO_ROUTE = "/captcha/suara/"
CAPTCHA_WRONG = msg("accounts.captcha_wrong")  # a state shows it with self._l(CAPTCHA_WRONG)


def cookie_value(header: str, name: str) -> str:
    """One cookie from a Cookie header (tolerant of malformed neighbours)."""
    for part in (header or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip().strip('"')
    return ""


def cookie_login_script(handoff: str, then: str = "") -> str:
    """The page exchanges the login's one-time code for the HttpOnly cookie at /sesi/masuk,
    then loads the next page in full, so the new websocket's handshake carries the cookie.
    ``then``: a page the caller has checked (a path of ours), instead of the account's home."""
    target = json.dumps(then) if then.startswith("/") and not then.startswith("//") else "''"
    return (
        "fetch('/sesi/masuk',{method:'POST',credentials:'same-origin',headers:{'Content-Type':'text/plain'},"
        f"body:{json.dumps(handoff)}}})"
        f".then(r=>r.json()).then(a=>window.location.assign(a.ok?({target}||a.lanjut):'/login'))"
        ".catch(()=>window.location.assign('/login'))"
    )


def cookie_logout_script(kind: str) -> str:
    """The cookie is HttpOnly: only /sesi/keluar can clear it."""
    return (
        "fetch('/sesi/keluar',{method:'POST',credentials:'same-origin',headers:{'Content-Type':'text/plain'},"
        f"body:{json.dumps(kind)}}})"
        ".then(r=>r.json()).then(a=>window.location.assign(a.lanjut||'/'))"
        ".catch(()=>window.location.assign('/'))"
    )


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
    language: str = "id"

    @classmethod
    def of(cls, applicant: Applicant) -> UserCard:
        return cls(
            name=applicant.full_name or applicant.username,
            identity=format_nik(applicant.username)
            if applicant.applicant_type == ApplicantType.PERORANGAN.value
            else applicant.username,
            applicant_type=applicant.applicant_type,
            photo=photo_data_uri(applicant),
            language=applicant.language or "id",
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
        lang = getattr(state, "lang", "id")
        text = localize(result.error.message, lang) if result.error else t("accounts.error_generic", lang)
        result.events = [rx.toast.error(text)]
    return result


class CaptchaMixin(rx.State, mixin=True):
    """A captcha per page state. The answer stays on the server (backend-only var)."""

    captcha_image: str = ""
    captcha_audio: str = ""  # /captcha/suara/<token>: the same code spoken (spontan_app/routes.py)
    captcha_nonce: int = 0  # the Kode Unik input is remounted (emptied) with every new image
    _captcha: captcha.Challenge | None = None

    @rx.event
    async def refresh_captcha(self) -> None:
        await self._draw_captcha()

    async def _draw_captcha(self) -> None:
        """A new challenge; the image is drawn in a worker thread, not on the event loop."""
        challenge = captcha.new_challenge(get_settings().captcha_fixed)
        self.captcha_image = await asyncio.to_thread(captcha.data_uri, challenge.answer)
        self.captcha_audio = CAPTCHA_AUDIO_ROUTE + captcha.audio_token(challenge, get_settings().secret_key)
        self._captcha = challenge
        self.captcha_nonce += 1

    def _captcha_spent(self, answer: str) -> bool:
        """Checks the answer and uses the challenge up, without drawing the next image: for a
        handler that leaves the page when it succeeds and calls ``_draw_captcha`` on every
        path that stays (a login: no image drawn, sent and stored for a page being left)."""
        ok = self._captcha is not None and self._captcha.matches(answer)
        self._captcha = None
        return ok

    async def _captcha_ok(self, answer: str) -> bool:
        """Single use: whatever the outcome, the next try gets a new image."""
        ok = self._captcha_spent(answer)
        await self._draw_captcha()
        return ok


class AuthState(LangState):
    """Who is logged in in this tab. The token is ours (random, hashed in the database), kept
    by the browser in an HttpOnly cookie that /sesi/masuk sets; the state reads it from the
    websocket handshake's headers (never from anything the page sends), and every service
    call re-checks it, so a forged event or a borrowed client token gets nothing."""

    user_name: str = ""
    user_identity: str = ""
    user_type: str = ""
    user_photo: str = ""

    _actor_argument: ClassVar[str] = "applicant"
    _login_route: ClassVar[str] = "/login"

    def _session_token(self) -> str:
        return cookie_value(self.router.headers.cookie, SESSION_COOKIE)

    def _actor_resolver(self) -> Callable[[Any], Applicant]:
        token = self._session_token()  # read here: the worker thread never touches ``self``
        return lambda session: accounts.current_applicant(session=session, token=token)

    def _show_user(self, card: UserCard) -> None:
        self.user_name, self.user_type = card.name, card.applicant_type
        self.user_identity, self.user_photo = card.identity, card.photo

    def _clear_user(self) -> None:
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
            return [rx.redirect(self._login_route), rx.toast.info(self._l(exc.message))]
        self._show_user(card)
        await self._adopt_profile_language(card.language)
        return None

    @rx.event
    async def logout(self):
        token = self._session_token()
        await in_unit_of_work(lambda session: accounts.logout(session=session, token=token))
        self._clear_user()
        return rx.call_script(cookie_logout_script("pemohon"))
