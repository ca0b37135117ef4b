"""Login session and captcha, shared by the applicant pages."""

from __future__ import annotations

import base64

import reflex as rx

from spontan_app.db import session_scope
from spontan_app.domain.enums import ApplicantType
from spontan_app.domain.models import Applicant
from spontan_app.domain.validation import format_nik
from spontan_app.integrations import captcha, storage
from spontan_app.services import accounts
from spontan_app.services.errors import PermissionDenied
from spontan_app.settings import get_settings

SESSION_COOKIE = "spontan_session"


def photo_data_uri(applicant: Applicant) -> str:
    if not applicant.photo_path:
        return ""
    try:
        return "data:image/jpeg;base64," + base64.b64encode(storage.read("photos", applicant.photo_path)).decode()
    except (OSError, ValueError):
        return ""


class CaptchaMixin(rx.State, mixin=True):
    """A captcha per page state. The answer stays on the server (backend-only var)."""

    captcha_image: str = ""
    captcha_nonce: int = 0  # the Kode Unik input is remounted (emptied) with every new image
    _captcha: captcha.Challenge | None = None

    @rx.event
    def refresh_captcha(self) -> None:
        self._captcha = captcha.new_challenge(get_settings().captcha_fixed)
        self.captcha_image = captcha.data_uri(self._captcha.answer)
        self.captcha_nonce += 1

    def _captcha_ok(self, answer: str) -> bool:
        """Single use: whatever the outcome, the next try gets a new image."""
        ok = self._captcha is not None and self._captcha.matches(answer)
        self.refresh_captcha()
        return ok


class AuthState(rx.State):
    """Who is logged in in this tab. The token is ours (random, hashed in the database);
    every service call re-checks it, so a forged event gets nothing."""

    session_token: str = rx.Cookie("", name=SESSION_COOKIE, path="/", max_age=7 * 24 * 3600, same_site="strict")
    user_name: str = ""
    user_identity: str = ""
    user_type: str = ""
    user_photo: str = ""

    def _fill_user(self, applicant: Applicant) -> None:
        self.user_name = applicant.full_name or applicant.username
        self.user_type = applicant.applicant_type
        self.user_identity = (
            format_nik(applicant.username)
            if applicant.applicant_type == ApplicantType.PERORANGAN.value
            else applicant.username
        )
        self.user_photo = photo_data_uri(applicant)

    def _clear_user(self) -> None:
        self.session_token = ""
        self.user_name = self.user_identity = self.user_type = self.user_photo = ""

    @rx.var
    def logged_in(self) -> bool:
        return self.user_name != ""

    @rx.event
    def require_login(self):
        """on_load of every applicant page."""
        try:
            with session_scope() as session:
                self._fill_user(accounts.current_applicant(session=session, token=self.session_token))
        except PermissionDenied as exc:
            self._clear_user()
            return [rx.redirect("/login"), rx.toast.info(exc.message)]
        return None

    @rx.event
    def logout(self):
        with session_scope() as session:
            accounts.logout(session=session, token=self.session_token)
        self._clear_user()  # empties the cookie var too (rx.remove_cookie would re-run this page's on_load)
        return rx.redirect("/")
