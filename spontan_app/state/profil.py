"""`/profil`: Setting Profil — identity, WhatsApp number (re-verified), photo, password.

bcrypt (password change) and Pillow (the photo) run in ``_run``'s worker thread."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from spontan_app.domain.models import Applicant
from spontan_app.domain.validation import national_number
from spontan_app.i18n import LANG_NAMES, LANGS, msg, t
from spontan_app.services import accounts, photos
from spontan_app.services.accounts import ProfileForm
from spontan_app.services.errors import FieldErrors
from spontan_app.state.auth import AuthState, UserCard
from spontan_app.state.base import HandlerMixin, Result

PARTLY_SAVED = msg("accounts.partly_saved")


@dataclass(frozen=True)
class ProfileView:
    full_name: str
    email: str
    phone: str
    address: str
    wa_number: str
    wa_opt_out: bool


def profile_of(*, session, applicant: Applicant) -> ProfileView:
    return ProfileView(
        full_name=applicant.full_name or "",
        email=applicant.email,
        phone=national_number(applicant.phone or applicant.wa_number),
        address=applicant.address or "",
        wa_number=national_number(applicant.wa_number),
        wa_opt_out=applicant.wa_opt_out,
    )


def save_profile(*, session, applicant: Applicant, form: ProfileForm) -> UserCard:
    """Update the profile; the header's card as it now reads."""
    return UserCard.of(accounts.update_profile(session=session, applicant=applicant, form=form))


def replace_photo(*, session, applicant: Applicant, data: bytes) -> UserCard:
    photos.replace_photo(session=session, applicant=applicant, data=data)
    return UserCard.of(applicant)


class ProfilState(HandlerMixin, AuthState):
    full_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    wa_number: str = ""
    wa_opt_out: bool = False
    saved_info: str = ""
    wa_pending: str = ""
    wa_info: str = ""
    photo_busy: bool = False
    form_key: int = 0  # bumps to remount the form with fresh server values

    @rx.event
    async def load(self):
        self.saved_info, self.wa_info, self.wa_pending = "", "", ""
        result = await self._run(profile_of)
        if not result.ok:
            return None  # require_login redirects
        view = result.value
        self.full_name, self.email, self.phone = view.full_name, view.email, view.phone
        self.address, self.wa_number, self.wa_opt_out = view.address, view.wa_number, view.wa_opt_out
        self.form_key += 1
        return None

    @rx.event
    async def save(self, form: dict):
        self.saved_info = ""
        profile = ProfileForm(
            full_name=form.get("full_name", ""),
            email=form.get("email", ""),
            phone=form.get("phone", ""),
            address=form.get("address", ""),
            wa_opt_out=form.get("wa_notifications") != "on",
        )
        saved = await self._run(save_profile, form=profile)
        if saved.events:
            return saved.events
        if saved.ok:
            self._show_user(saved.value)
        if any(form.get(k) for k in ("old_password", "new_password", "new_password_confirm")):
            changed = await self._run(
                accounts.change_password,
                keep_errors=True,  # the profile's field errors stay beside their fields
                keep_token=self._session_token(),
                old=form.get("old_password", ""),
                new=form.get("new_password", ""),
                confirm=form.get("new_password_confirm", ""),
            )
            if changed.events:
                return changed.events
        if self.errors:
            self.form_error = self._l(PARTLY_SAVED)
            return None
        if self.form_error:
            return None
        self.saved_info = t("accounts.profile_saved", self.lang)
        return rx.toast.success(self.saved_info)

    async def _run_wa(self, use_case, **arguments) -> Result:
        """The WhatsApp section's steps: a field's message, and the profile form's alert untouched."""
        form_error = self.form_error
        result = await self._run(use_case, rate_field="wa_number", **arguments)
        if result.ok or isinstance(result.error, FieldErrors) or "wa_number" in self.errors:
            self.form_error = form_error
        return result

    @rx.event
    async def request_wa_change(self, form: dict):
        self.wa_info = ""
        result = await self._run_wa(accounts.request_wa_change, new_number=form.get("wa_number", ""))
        if not result.ok:
            return result.events
        self.wa_pending = national_number(result.value)
        self.wa_info = t("accounts.wa_otp_sent", self.lang, wa=self.wa_pending)
        return None

    @rx.event
    async def confirm_wa_change(self, form: dict):
        result = await self._run_wa(accounts.confirm_wa_change, code=form.get("otp", ""))
        if not result.ok:
            return result.events
        if not result.value.ok:
            self.errors = {"otp": self._l(result.value.message)}
            return None
        self.wa_number, self.wa_pending = self.wa_pending, ""
        self.wa_info = t("accounts.wa_changed", self.lang)
        return None

    @rx.event
    async def choose_language(self, value: str):
        """Bahasa / Language: saved to the profile (pages after login, WhatsApp messages) and
        shown in this tab at once."""
        if value not in LANGS:
            return None
        result = await self._run(accounts.set_language, keep_errors=True, language=value)
        if not result.ok:
            return result.events
        self.lang_choice = result.value
        return [
            rx.call_script(f"document.documentElement.lang={result.value!r}"),
            rx.toast.success(t("accounts.language_saved", self.lang, name=LANG_NAMES[result.value])),
        ]

    @rx.event
    async def upload_photo(self, files: list[rx.UploadFile]):
        if not files:
            return None
        data = await files[0].read(photos.MAX_PHOTO_BYTES + 1)
        result = await self._run(replace_photo, keep_errors=True, data=data)
        if not result.ok:
            return result.events
        self._show_user(result.value)
        self.errors = {k: v for k, v in self.errors.items() if k != "photo"}
        return rx.toast.success(t("accounts.photo_updated", self.lang))
