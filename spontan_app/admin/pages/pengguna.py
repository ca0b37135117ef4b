"""`/admin/pengguna`: staff accounts — create, change role, deactivate or reactivate,
reset the password or a lost authenticator. Only the Administrator Sistem; the service
checks it on every call."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.state import StaffState
from spontan_app.admin.widgets import denied, denied_notice, table_of
from spontan_app.components.forms import form_alert, select_field, text_field
from spontan_app.components.i18n import tr
from spontan_app.domain.enums import StaffRole
from spontan_app.i18n import t
from spontan_app.services.admin import staff_users
from spontan_app.state.base import HandlerMixin

ROLES = [r.value for r in StaffRole]


def _role_choices() -> list[tuple[str, rx.Var]]:
    return [(role, tr(f"backoffice.role_{role}")) for role in ROLES]


class PenggunaState(HandlerMixin, StaffState):
    rows: list[dict] = []
    denied_message: str = ""
    info: str = ""
    form_nonce: int = 0
    confirm_id: int = 0  # the account waiting for OK on Nonaktifkan
    confirm_name: str = ""
    reset_id: int = 0  # the account whose password is being reset
    reset_name: str = ""
    totp_id: int = 0  # the account whose authenticator waits for OK on Reset Autentikator
    totp_name: str = ""

    async def _reload(self):
        result = await self._run(staff_users.list_staff, keep_errors=True)
        if not result.ok:
            self.denied_message = self._l(result.error.message) if denied(result) else ""
            return result.events
        self.rows = [asdict(v) | {"role_label": t(f"backoffice.role_{v.role}", self.lang)} for v in result.value]
        return None

    def _done(self, message: str):
        self.info = message
        return rx.toast.success(message)

    @rx.event
    async def load(self):
        self.info, self.denied_message, self.confirm_id, self.reset_id, self.totp_id = "", "", 0, 0, 0
        self.errors, self.form_error = {}, ""
        return await self._reload()

    @rx.event
    async def create(self, form: dict):
        data = staff_users.StaffForm(
            username=form.get("username") or "",
            full_name=form.get("full_name") or "",
            role=form.get("role") or "",
            password=form.get("password") or "",
        )
        result = await self._run(staff_users.create_staff, form=data)
        if not result.ok:
            return result.events
        self.form_nonce += 1  # empty the form
        await self._reload()
        return self._done(t("backoffice.pengguna_created", self.lang, username=result.value.username))

    @rx.event
    async def change_role(self, staff_id: int, role: str):
        result = await self._run(staff_users.change_role, staff_id=int(staff_id), role=role)
        await self._reload()
        if not result.ok:
            return result.events
        role = t(f"backoffice.role_{result.value.role}", self.lang)
        return self._done(t("backoffice.pengguna_role_changed", self.lang, username=result.value.username, role=role))

    @rx.event
    async def set_active(self, staff_id: int, active: bool):
        result = await self._run(staff_users.set_staff_active, staff_id=int(staff_id), active=bool(active))
        if not result.ok:
            return result.events
        await self._reload()
        key = "backoffice.pengguna_activated" if active else "backoffice.pengguna_deactivated"
        return self._done(t(key, self.lang, username=result.value.username))

    @rx.event
    def ask_deactivate(self, staff_id: int, username: str) -> None:
        self.confirm_id, self.confirm_name = int(staff_id), username

    @rx.event
    def confirm_open(self, open_: bool) -> None:
        if not open_:
            self.confirm_id = 0

    @rx.event
    async def deactivate(self):
        staff_id, self.confirm_id = self.confirm_id, 0
        if staff_id:
            return await self.set_active(staff_id, False)
        return None

    @rx.event
    def ask_reset(self, staff_id: int, username: str) -> None:
        self.reset_id, self.reset_name, self.errors = int(staff_id), username, {}

    @rx.event
    def reset_open(self, open_: bool) -> None:
        if not open_:
            self.reset_id = 0

    @rx.event
    async def reset_password(self, form: dict):
        result = await self._run(
            staff_users.reset_staff_password, staff_id=self.reset_id, password=form.get("new_password") or ""
        )
        if not result.ok:
            if "password" in self.errors:
                self.errors = {"new_password": self.errors["password"]}
            return result.events
        self.reset_id = 0
        return self._done(t("backoffice.pengguna_password_reset", self.lang, username=result.value.username))

    @rx.event
    def ask_reset_totp(self, staff_id: int, username: str) -> None:
        self.totp_id, self.totp_name = int(staff_id), username

    @rx.event
    def totp_open(self, open_: bool) -> None:
        if not open_:
            self.totp_id = 0

    @rx.event
    async def reset_totp(self):
        staff_id, self.totp_id = self.totp_id, 0
        result = await self._run(staff_users.reset_staff_authenticator, staff_id=staff_id)
        await self._reload()
        if not result.ok:
            return result.events
        return self._done(t("backoffice.pengguna_totp_reset", self.lang, username=result.value.username))


def _create_panel() -> rx.Component:
    S = PenggunaState
    return panel(
        rx.heading(tr("backoffice.pengguna_add"), as_="h2", size="4"),
        rx.form(
            rx.grid(
                text_field(tr("backoffice.pengguna_username"), "username", S.errors, autocomplete="off"),
                text_field(tr("backoffice.pengguna_full_name"), "full_name", S.errors),
                select_field(tr("backoffice.pengguna_role"), "role", S.errors, _role_choices()),
                text_field(
                    tr("backoffice.pengguna_password"),
                    "password",
                    S.errors,
                    type="password",
                    autocomplete="new-password",
                ),
                columns="4",
                spacing="3",
                width="100%",
            ),
            rx.button(
                rx.icon("user-plus", size=16), tr("backoffice.pengguna_add"), type="submit", margin_top="0.75rem"
            ),
            on_submit=S.create,
            reset_on_submit=False,
            key=S.form_nonce.to_string(),
        ),
    )


def _row(r: rx.Var) -> rx.Component:
    S = PenggunaState
    return rx.table.row(
        rx.table.cell(rx.text(r["username"], weight="medium")),
        rx.table.cell(r["full_name"]),
        rx.table.cell(
            rx.el.select(
                *[rx.el.option(text, value=value) for value, text in _role_choices()],
                value=r["role"],
                on_change=lambda v: S.change_role(r["id"], v),
                aria_label=tr("backoffice.pengguna_role_of", username=r["username"].to(str)),
                class_name="native-select",
            )
        ),
        rx.table.cell(
            rx.cond(
                r["active"],
                rx.badge(tr("backoffice.active"), color_scheme="green"),
                rx.badge(tr("backoffice.inactive"), color_scheme="gray"),
            )
        ),
        rx.table.cell(rx.text(r["created"], size="1")),
        rx.table.cell(
            rx.hstack(
                rx.cond(
                    r["active"],
                    rx.button(
                        tr("backoffice.deactivate"),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=S.ask_deactivate(r["id"], r["username"]),
                    ),
                    rx.button(
                        tr("backoffice.activate"), size="1", variant="soft", on_click=S.set_active(r["id"], True)
                    ),
                ),
                rx.button(
                    tr("backoffice.pengguna_reset_password"),
                    size="1",
                    variant="soft",
                    on_click=S.ask_reset(r["id"], r["username"]),
                ),
                rx.cond(
                    r["authenticator"],
                    rx.button(
                        tr("backoffice.pengguna_reset_totp"),
                        size="1",
                        variant="soft",
                        color_scheme="orange",
                        on_click=S.ask_reset_totp(r["id"], r["username"]),
                    ),
                ),
                spacing="2",
                wrap="wrap",
            )
        ),
    )


def _ask(title: Any, question: Any, on_ok: Any, open_: Any, on_open_change: Any) -> rx.Component:
    """Cancel / a red OK before a change to an officer's account."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(question),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button(tr("backoffice.cancel_dialog"), variant="soft", color_scheme="gray", auto_focus=True)
                ),
                rx.alert_dialog.action(rx.button("OK", color_scheme="red", on_click=on_ok)),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
        open=open_,
        on_open_change=on_open_change,
    )


def _dialogs() -> rx.Component:
    S = PenggunaState
    return rx.fragment(
        _ask(
            tr("backoffice.confirm"),
            tr("backoffice.pengguna_ask_deactivate", name=S.confirm_name),
            S.deactivate,
            S.confirm_id != 0,
            S.confirm_open,
        ),
        _ask(
            tr("backoffice.pengguna_reset_totp"),
            tr("backoffice.pengguna_ask_totp", name=S.totp_name),
            S.reset_totp,
            S.totp_id != 0,
            S.totp_open,
        ),
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title(tr("backoffice.pengguna_reset_title", name=S.reset_name)),
                rx.dialog.description(tr("backoffice.pengguna_reset_help"), size="2"),
                rx.form(
                    text_field(
                        tr("backoffice.pengguna_new_password"),
                        "new_password",
                        S.errors,
                        type="password",
                        autocomplete="new-password",
                    ),
                    rx.hstack(
                        rx.dialog.close(
                            rx.button(tr("backoffice.cancel"), type="button", variant="soft", color_scheme="gray")
                        ),
                        rx.button(tr("backoffice.pengguna_save_password"), type="submit"),
                        justify="end",
                        spacing="3",
                        margin_top="1rem",
                    ),
                    on_submit=S.reset_password,
                    reset_on_submit=False,
                ),
            ),
            open=S.reset_id != 0,
            on_open_change=S.reset_open,
        ),
    )


@admin_page(route="/admin/pengguna", title=t("backoffice.pengguna_title"), on_load=PenggunaState.load)
def pengguna() -> rx.Component:
    S = PenggunaState
    return rx.vstack(
        page_heading(tr("backoffice.pengguna_title"), subtitle=tr("backoffice.pengguna_subtitle")),
        rx.cond(
            S.denied_message != "",
            denied_notice(S.denied_message),
            rx.vstack(
                form_alert(S.form_error),
                form_alert(S.info, color="green"),
                _create_panel(),
                panel(
                    table_of(
                        [
                            tr("backoffice.pengguna_username"),
                            tr("backoffice.name"),
                            tr("backoffice.pengguna_role"),
                            tr("backoffice.status"),
                            tr("backoffice.pengguna_col_created"),
                            tr("backoffice.actions"),
                        ],
                        rx.foreach(S.rows, _row),
                    ),
                ),
                _dialogs(),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )
