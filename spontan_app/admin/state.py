"""Who is logged in as staff in this tab. A separate cookie and separate session rows from
applicants; every service call re-checks the officer (role, desk, active)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import reflex as rx

from spontan_app.domain.enums import StaffRole
from spontan_app.i18n import localize
from spontan_app.services import staff_sessions
from spontan_app.services.errors import NotLoggedIn
from spontan_app.state.auth import cookie_logout_script, cookie_value
from spontan_app.state.base import in_unit_of_work
from spontan_app.state.lang import LangState

STAFF_COOKIE = "spontan_staff"


class StaffState(LangState):
    """The staff token lives in an HttpOnly cookie set by /sesi/masuk and is read from the
    websocket handshake's headers, like the applicant's (see state/auth.py). The language
    switch works here too (the cookie; staff have no profile language)."""

    staff_name: str = ""
    staff_role: str = ""
    staff_role_label: str = ""

    _actor_argument: ClassVar[str] = "staff"
    _login_route: ClassVar[str] = "/admin/login"

    def _staff_token(self) -> str:
        return cookie_value(self.router.headers.cookie, STAFF_COOKIE)

    def _actor_resolver(self) -> Callable[[Any], Any]:
        token = self._staff_token()
        return lambda session: staff_sessions.current_staff(session=session, token=token)

    @rx.var
    def staff_logged_in(self) -> bool:
        return self.staff_name != ""

    @rx.var
    def is_admin(self) -> bool:
        return self.staff_role == StaffRole.ADMIN.value

    @rx.var
    def can_read_reports(self) -> bool:
        return self.staff_role in ("admin", "kepala_dinas", "kepala_bidang")

    @rx.event
    async def require_staff(self):
        """on_load of every back-office page."""
        resolve = self._actor_resolver()
        try:
            staff = await in_unit_of_work(resolve)
        except NotLoggedIn as exc:
            self.staff_name = self.staff_role = self.staff_role_label = ""
            return [rx.redirect(self._login_route), rx.toast.info(localize(exc.message, self.lang))]
        self.staff_name, self.staff_role = staff.full_name, staff.role
        self.staff_role_label = StaffRole(staff.role).label
        return None

    @rx.event
    async def staff_logout(self):
        token = self._staff_token()
        await in_unit_of_work(lambda session: staff_sessions.logout(session=session, token=token))
        self.staff_name = self.staff_role = self.staff_role_label = ""
        return rx.call_script(cookie_logout_script("petugas"))
