"""`/admin/login`: Username, Password, Kode Unik, Masuk — for DPMPTSP staff only; then, for
officers with an authenticator (required for admin and kepala dinas in production), the
six-digit code, with a one-time enrolment (QR code) the first time."""

from __future__ import annotations

import asyncio

import reflex as rx

from spontan_app.admin.layout import admin_page
from spontan_app.admin.state import StaffState
from spontan_app.components.forms import captcha_field, card_form, form_alert, submit_button, text_field
from spontan_app.components.i18n import tr
from spontan_app.i18n import msg, t
from spontan_app.integrations.pdf import qr_png_data_uri
from spontan_app.seed_data import DEMO_STAFF, DEMO_STAFF_PASSWORD
from spontan_app.services import staff_sessions
from spontan_app.state.auth import CaptchaMixin, cookie_login_script
from spontan_app.state.base import HandlerMixin
from spontan_app.state.demo import DemoState

CAPTCHA_WRONG = msg("admin.login.captcha_wrong")


class StaffLoginState(CaptchaMixin, HandlerMixin, StaffState):
    step: str = "password"  # "password", "code" (authenticator) or "enrol" (first set-up)
    enrol_qr: str = ""
    enrol_key: str = ""  # the secret, grouped for typing into an app by hand
    _pending: str = ""  # the one-time second-factor step (backend only)
    _enrol_secret: str = ""

    @rx.event
    async def load(self) -> None:
        self.errors, self.form_error = {}, ""
        self.step, self.enrol_qr, self.enrol_key = "password", "", ""
        self._pending = self._enrol_secret = ""
        await self._draw_captcha()

    @rx.event
    async def submit_code(self, form: dict):
        code = (form.get("totp") or "").strip()
        self.errors, self.form_error = ({"totp": t("admin.login.code_required", self.lang)} if not code else {}), ""
        if not code:
            return None
        result = await self._run(
            staff_sessions.second_factor,
            as_user=False,
            step=self._pending,
            code=code,
            enrol_secret=self._enrol_secret or None,
            ip=self.router.session.client_ip or None,
        )
        if not result.ok:
            return result.events
        outcome = result.value
        if outcome.ok:
            self._pending = self._enrol_secret = ""
            return rx.call_script(cookie_login_script(outcome.handoff))
        if outcome.message == staff_sessions.EXPIRED_STEP or outcome.retry_after:
            await self.load()  # this login attempt is over: start again from the password
            self.form_error = self._l(outcome.message)
            return None
        self.errors = {"totp": self._l(outcome.message)}
        return rx.set_value("totp", "")

    @rx.event
    async def submit(self, form: dict):
        events, staying = await self._attempt(form)
        if staying:  # the password form stays: the used code's image is replaced
            await self._draw_captcha()
        return events

    async def _attempt(self, form: dict) -> tuple[object, bool]:
        """(the events, whether the password form stays on screen). The captcha is used up
        either way; no new image is drawn for a form being left (cookie, or the code step)."""
        errors = {}
        if not (form.get("username") or "").strip():
            errors["username"] = t("admin.login.username_required", self.lang)
        if not form.get("password"):
            errors["password"] = t("admin.login.password_required", self.lang)
        if not self._captcha_spent(form.get("captcha", "")):
            errors["captcha"] = self._l(CAPTCHA_WRONG)
        self.errors, self.form_error = errors, ""
        if errors:
            return None, True
        result = await self._run(
            staff_sessions.login,
            as_user=False,
            username=form.get("username", ""),
            password=form.get("password", ""),
            ip=self.router.session.client_ip or None,
        )
        if not result.ok:
            return result.events, True
        outcome = result.value
        if not outcome.ok:
            self.form_error = self._l(outcome.message)
            return rx.set_value("password", ""), True
        if outcome.handoff:
            return rx.call_script(cookie_login_script(outcome.handoff)), False
        self._pending, self.step = outcome.second_factor or "", "enrol" if outcome.enrol else "code"
        if outcome.enrol:
            self._enrol_secret = staff_sessions.new_totp_secret()
            uri = staff_sessions.totp_uri(form.get("username", "").strip().lower(), self._enrol_secret)
            self.enrol_qr = await asyncio.to_thread(qr_png_data_uri, uri)
            self.enrol_key = " ".join(self._enrol_secret[i : i + 4] for i in range(0, len(self._enrol_secret), 4))
        return None, False


def _demo_accounts() -> rx.Component:
    # Development and demo deployments only: shown once the running server has said so
    # (hydrated), not from the value compiled into the page.
    return rx.cond(
        DemoState.show_staff_accounts & rx.State.is_hydrated,
        rx.callout.root(
            rx.callout.icon(rx.icon("info", aria_hidden="true")),
            rx.vstack(
                rx.text(tr("admin.login.demo_accounts"), " ", rx.code(DEMO_STAFF_PASSWORD), ":", size="2"),
                rx.el.ul(
                    *[
                        rx.el.li(rx.code(username), " — ", tr(f"admin.role.{role}"))
                        for username, _name, role in DEMO_STAFF
                    ],
                    class_name="demo-accounts",
                ),
                spacing="1",
            ),
            color_scheme="gray",
            size="1",
        ),
    )


def _enrolment() -> rx.Component:
    S = StaffLoginState
    return rx.cond(
        S.step == "enrol",
        rx.vstack(
            rx.text(tr("admin.login.enrol_intro"), size="2"),
            rx.image(src=S.enrol_qr, alt=tr("admin.login.enrol_qr_alt"), width="180px", height="180px"),
            rx.text(tr("admin.login.enrol_key"), " ", rx.code(S.enrol_key), size="2"),
            spacing="3",
            width="100%",
        ),
    )


def _code_form() -> rx.Component:
    S = StaffLoginState
    return rx.form(
        rx.vstack(
            form_alert(S.form_error),
            _enrolment(),
            text_field(
                tr("admin.login.code_label"),
                "totp",
                S.errors,
                hint=tr("admin.login.code_hint"),
                autocomplete="one-time-code",
                input_mode="numeric",
                max_length=6,
            ),
            submit_button(tr("admin.login.verify")),
            spacing="4",
            width="100%",
        ),
        on_submit=S.submit_code,
        reset_on_submit=False,
        width="100%",
    )


def _password_form() -> rx.Component:
    S = StaffLoginState
    return rx.form(
        rx.vstack(
            form_alert(S.form_error),
            text_field("Username", "username", S.errors, autocomplete="username", max_length=50),
            text_field(
                tr("admin.login.password_label"), "password", S.errors, type="password", autocomplete="current-password"
            ),
            captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce, S.captcha_audio),
            submit_button(tr("admin.login.submit")),
            _demo_accounts(),
            spacing="4",
            width="100%",
        ),
        on_submit=S.submit,
        reset_on_submit=False,
        width="100%",
    )


@admin_page(route="/admin/login", title=tr("admin.login.title"), on_load=StaffLoginState.load, with_menu=False)
def login() -> rx.Component:
    S = StaffLoginState
    return rx.box(
        card_form(
            tr("admin.login.title"),
            # the subtitle as the first child: the same place as card_form's own subtitle
            rx.text(tr("admin.login.subtitle"), color_scheme="gray", size="2"),
            rx.cond(S.step == "password", _password_form(), _code_form()),
            max_width="440px",
        ),
        padding_top="3rem",
    )
