"""`/admin/akun`: Keamanan Akun — an officer turns the authenticator (TOTP) second factor on
or off for their own login. Admin and kepala dinas cannot turn it off in production."""

from __future__ import annotations

import asyncio

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.components.forms import form_alert, submit_button, text_field
from spontan_app.components.i18n import tr
from spontan_app.i18n import t
from spontan_app.integrations.pdf import qr_png_data_uri
from spontan_app.services import staff_sessions
from spontan_app.state.base import HandlerMixin


class AkunState(HandlerMixin, StaffState):
    enabled: bool = False
    required: bool = False
    enrol_qr: str = ""
    enrol_key: str = ""
    info: str = ""
    _secret: str = ""

    async def _status(self):
        result = await self._run(staff_sessions.totp_status)
        if result.ok:
            self.enabled, self.required = result.value.enabled, result.value.required
        return result.events

    @rx.event
    async def load(self):
        self.errors, self.form_error, self.info = {}, "", ""
        self.enrol_qr = self.enrol_key = self._secret = ""
        return await self._status()

    @rx.event
    async def start_enrolment(self):
        secret = staff_sessions.new_totp_secret()
        result = await self._run(staff_sessions.enrolment_uri, secret=secret)
        if not result.ok:
            return result.events
        self._secret, self.info = secret, ""
        self.enrol_qr = await asyncio.to_thread(qr_png_data_uri, result.value)
        self.enrol_key = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        return None

    @rx.event
    async def confirm_enrolment(self, form: dict):
        result = await self._run(staff_sessions.enable_totp, secret=self._secret, code=form.get("totp", ""))
        if not result.ok:
            return result.events or rx.set_value("totp", "")
        self.enrol_qr = self.enrol_key = self._secret = ""
        self.info = t("admin.akun.enabled_info", self.lang)
        return await self._status()

    @rx.event
    async def turn_off(self, form: dict):
        result = await self._run(staff_sessions.disable_totp, code=form.get("totp", ""))
        if not result.ok:
            return result.events or rx.set_value("totp", "")
        self.info = t("admin.akun.disabled_info", self.lang)
        return await self._status()


def _code_form(handler, button: str | rx.Var) -> rx.Component:
    return rx.form(
        rx.vstack(
            text_field(
                tr("admin.login.code_label"),
                "totp",
                AkunState.errors,
                hint=tr("admin.akun.code_hint"),
                autocomplete="one-time-code",
                input_mode="numeric",
                max_length=6,
            ),
            submit_button(button),
            spacing="3",
            width="100%",
            max_width="360px",
        ),
        on_submit=handler,
        reset_on_submit=False,
    )


def _enrolment() -> rx.Component:
    S = AkunState
    return rx.cond(
        S.enrol_qr != "",
        rx.vstack(
            rx.text(tr("admin.akun.scan"), size="2"),
            rx.image(src=S.enrol_qr, alt=tr("admin.login.enrol_qr_alt"), width="180px", height="180px"),
            rx.text(tr("admin.akun.or_type_key"), " ", rx.code(S.enrol_key), size="2"),
            _code_form(S.confirm_enrolment, tr("admin.akun.activate")),
            spacing="3",
        ),
        rx.button(tr("admin.akun.activate_authenticator"), on_click=S.start_enrolment),
    )


@admin_page(route="/admin/akun", title=tr("admin.menu.account_security"), on_load=AkunState.load)
def akun() -> rx.Component:
    S = AkunState
    return rx.vstack(
        page_heading(tr("admin.menu.account_security"), subtitle=tr("admin.akun.subtitle")),
        form_alert(S.form_error),
        rx.cond(S.info != "", rx.callout(S.info, icon="circle-check", color_scheme="green", role="status")),
        panel(
            rx.cond(
                S.enabled,
                rx.vstack(
                    rx.badge(tr("admin.akun.active"), color_scheme="green"),
                    rx.text(tr("admin.akun.every_login"), size="2"),
                    rx.cond(
                        S.required,
                        rx.text(tr("admin.login.totp_required_for_role"), size="2", color_scheme="gray"),
                        rx.vstack(
                            rx.text(tr("admin.akun.to_turn_off"), size="2"),
                            _code_form(S.turn_off, tr("admin.akun.deactivate")),
                        ),
                    ),
                    spacing="3",
                ),
                rx.vstack(
                    rx.badge(tr("admin.akun.not_active"), color_scheme="gray"),
                    rx.text(tr("admin.akun.why"), size="2"),
                    _enrolment(),
                    spacing="3",
                ),
            ),
        ),
        spacing="4",
        width="100%",
    )
