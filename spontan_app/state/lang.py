"""The tab's language: Indonesian unless the visitor or the applicant chose English.

A visitor's choice lives in a cookie (``spontan_lang``); a logged-in applicant's also in
their profile (``Applicant.language``), which WhatsApp messages follow. Every state that
shows text derives from ``LangState`` (``AuthState`` does), so handlers read ``self.lang``.
"""

from __future__ import annotations

import reflex as rx

from spontan_app.i18n import DEFAULT_LANG, LANG_COOKIE, LANGS, localize, normalize_lang

YEAR = 365 * 24 * 3600


class LangState(rx.State):
    # "" until the visitor uses the switch: then a logged-in applicant's profile decides.
    lang_choice: str = rx.Cookie("", name=LANG_COOKIE, path="/", max_age=YEAR, same_site="lax")

    @rx.var
    def lang(self) -> str:
        return self.lang_choice if self.lang_choice in LANGS else DEFAULT_LANG

    @rx.var
    def is_en(self) -> bool:
        return self.lang_choice == "en"

    def _l(self, value):
        """``value`` (a service's message, a dict of them) in this tab's language."""
        return localize(value, self.lang)

    @rx.event
    async def switch_lang(self):
        """The header's switch: the other language, remembered in the cookie and, for a
        logged-in applicant, in the profile."""
        chosen = "id" if self.lang == "en" else "en"
        self.lang_choice = chosen
        await self._remember_in_profile(chosen)
        return rx.call_script(f"document.documentElement.lang={chosen!r}")

    async def _remember_in_profile(self, chosen: str) -> None:
        from spontan_app.services import accounts
        from spontan_app.services.errors import PermissionDenied
        from spontan_app.state.auth import SESSION_COOKIE, cookie_value
        from spontan_app.state.base import in_unit_of_work

        token = cookie_value(self.router.headers.cookie, SESSION_COOKIE)
        if not token:
            return

        def save(session):
            try:
                applicant = accounts.current_applicant(session=session, token=token)
            except PermissionDenied:
                return None
            return accounts.set_language(session=session, applicant=applicant, language=chosen)

        await in_unit_of_work(save)

    async def _adopt_profile_language(self, language: str) -> None:
        """After login: a tab that never chose takes the profile's language; a choice made
        before logging in is saved to the profile."""
        language = normalize_lang(language)
        if self.lang_choice not in LANGS:
            self.lang_choice = language
        elif self.lang_choice != language:
            await self._remember_in_profile(self.lang_choice)
