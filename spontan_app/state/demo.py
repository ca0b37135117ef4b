"""Demo mode (``SPONTAN_DEMO=1``): the banner's flag and the Kotak Pesan Demo inbox."""

from __future__ import annotations

import reflex as rx

from spontan_app.services import demo_inbox
from spontan_app.settings import get_settings
from spontan_app.state.base import HandlerMixin

DEMO_INBOX_COOKIE = "spontan_demo_inbox"


class DemoState(rx.State):
    """Whether this deployment is a public demo (banner on every page, staff accounts shown)."""

    enabled: bool = get_settings().demo
    # The published desk accounts: development and demo only, never in a real production.
    show_staff_accounts: bool = get_settings().demo or not get_settings().is_production


class DemoInboxState(HandlerMixin, rx.State):
    # Signed grants (services/demo_inbox.py): which numbers this browser registered. Only
    # the server writes it; an edited value grants nothing.
    grants: str = rx.Cookie("", name=DEMO_INBOX_COOKIE, max_age=7 * 24 * 3600, same_site="strict")
    messages: list[dict[str, str]] = []
    numbers: list[str] = []
    loaded: bool = False

    async def _remember(self, wa_number: str, granted_at) -> None:
        """Called by the registration state when a new registration sent its first OTP."""
        if get_settings().demo:
            self.grants = demo_inbox.remember(self.grants, wa_number, granted_at)

    @rx.event
    async def load(self):
        self.loaded = False
        if not get_settings().demo:
            self.messages, self.numbers, self.loaded = [], [], True
            return None
        result = await self._run(demo_inbox.inbox, as_user=False, cookie=self.grants)
        if not result.ok:
            return result.events
        self.numbers = demo_inbox.numbers(self.grants)
        self.messages = [
            {"id": str(m.id), "to": m.to, "when": m.when, "body": m.body, "link": m.link} for m in result.value
        ]
        self.loaded = True
        return None
