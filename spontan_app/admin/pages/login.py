"""`/admin/login`: Username, Password, Kode Unik, Masuk — for DPMPTSP staff only."""

from __future__ import annotations

import reflex as rx

from spontan_app.admin.layout import admin_page
from spontan_app.admin.state import StaffState
from spontan_app.components.forms import captcha_field, card_form, form_alert, submit_button, text_field
from spontan_app.services import staff_sessions
from spontan_app.settings import get_settings
from spontan_app.state.auth import CaptchaMixin
from spontan_app.state.base import HandlerMixin

CAPTCHA_WRONG = "Kode Unik tidak sesuai. Silakan ketik kode pada gambar yang baru."


class StaffLoginState(CaptchaMixin, HandlerMixin, StaffState):
    @rx.event
    async def load(self) -> None:
        self.errors, self.form_error = {}, ""
        await self._draw_captcha()

    @rx.event
    async def submit(self, form: dict):
        errors = {}
        if not (form.get("username") or "").strip():
            errors["username"] = "Username wajib diisi."
        if not form.get("password"):
            errors["password"] = "Password wajib diisi."  # noqa: S105 - a message, not a secret
        if not await self._captcha_ok(form.get("captcha", "")):
            errors["captcha"] = CAPTCHA_WRONG
        self.errors, self.form_error = errors, ""
        if errors:
            return None
        result = await self._run(
            staff_sessions.login,
            as_user=False,
            username=form.get("username", ""),
            password=form.get("password", ""),
            ip=self.router.session.client_ip or None,
        )
        if not result.ok:
            return result.events
        if not result.value.ok:
            self.form_error = result.value.message
            return rx.set_value("password", "")
        self.staff_token = result.value.token
        return rx.redirect("/admin")


def _demo_accounts() -> rx.Component:
    if get_settings().env == "production":
        return rx.fragment()
    return rx.callout(
        "Akun demo (pengembangan): frontoffice, verifikator, timteknis, kabid, kadis, admin — password Spontan#2026.",
        icon="info",
        color_scheme="gray",
        size="1",
    )


@admin_page(route="/admin/login", title="Login Petugas", on_load=StaffLoginState.load, with_menu=False)
def login() -> rx.Component:
    S = StaffLoginState
    return rx.box(
        card_form(
            "Login Petugas",
            rx.form(
                rx.vstack(
                    form_alert(S.form_error),
                    text_field("Username", "username", S.errors, autocomplete="username", max_length=50),
                    text_field("Password", "password", S.errors, type="password", autocomplete="current-password"),
                    captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce),
                    submit_button("Masuk"),
                    _demo_accounts(),
                    spacing="4",
                    width="100%",
                ),
                on_submit=S.submit,
                reset_on_submit=False,
                width="100%",
            ),
            subtitle="Back office DPMPTSP Kota Balikpapan. Halaman ini khusus petugas.",
            max_width="440px",
        ),
        padding_top="3rem",
    )
