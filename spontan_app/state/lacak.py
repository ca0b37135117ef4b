"""`/lacak`: public tracking by Nomor Pendaftaran + captcha, with the timeline."""

from __future__ import annotations

from dataclasses import replace

import reflex as rx

from spontan_app.domain.models import Applicant
from spontan_app.i18n import msg
from spontan_app.services import accounts, tracking
from spontan_app.services.errors import FieldErrors, NotFound, PermissionDenied
from spontan_app.services.tracking import TimelineRow, TrackingView
from spontan_app.state.auth import CAPTCHA_WRONG, AuthState, CaptchaMixin, UserCard
from spontan_app.state.base import HandlerMixin

# (catalogue key of the label, key of the result, icon): the page draws them in this order.
RESULT_LABELS = [
    ("lacak.label.number", "number", "file-text"),
    ("lacak.label.applicant_name", "applicant_name", "user"),
    ("lacak.label.address", "address", "map-pin"),
    ("lacak.label.submitted_at", "submitted_at", "calendar"),
    ("lacak.label.due_date", "due_date", "calendar-check"),
    ("lacak.label.status_sentence", "status_sentence", "activity"),
    ("lacak.label.note", "note", "message-square"),
    ("lacak.label.holidays", "holidays", "calendar-off"),
]


def _viewer(session, token: str) -> Applicant | None:
    """The logged-in applicant, if any: the owner of a file also sees its address."""
    if not token:
        return None
    try:
        return accounts.current_applicant(session=session, token=token)
    except PermissionDenied:
        return None


def lookup(*, session, token: str, number: str, lang: str = "id") -> TrackingView:
    """Public use case: no login needed; an unknown number is the Nomor field's error."""
    try:
        return tracking.lookup(session=session, number=number, viewer=_viewer(session, token), lang=lang)
    except NotFound as exc:
        raise FieldErrors({"nomor": exc.message}) from None


def own_file(*, session, token: str, number: str, lang: str = "id") -> tuple[UserCard, TrackingView] | None:
    """The logged-in owner's own file: no captcha, the full view. None for anyone else."""
    viewer = _viewer(session, token)
    if viewer is None or not number:
        return None
    try:
        view = tracking.lookup(session=session, number=number, viewer=viewer, lang=lang)
    except NotFound:
        return None
    return (UserCard.of(viewer), view) if view.is_owner else None


class LacakState(CaptchaMixin, HandlerMixin, AuthState):
    nomor: str = ""
    result: dict[str, str] = {}
    timeline: list[TimelineRow] = []
    owner_view: bool = False  # the logged-in owner's own file, opened from /beranda: no form

    @rx.event
    async def load(self):
        self.errors, self.form_error, self.result, self.timeline, self.owner_view = {}, "", {}, [], False
        self.nomor = self.router.url.query_parameters.get("nomor", "")[:40]
        await self._draw_captcha()
        if not (self._session_token() and self.nomor):
            return None
        # Lacak from /beranda: the owner is no stranger (no captcha, address shown).
        mine = await self._run(own_file, as_user=False, token=self._session_token(), number=self.nomor, lang=self.lang)
        if mine.ok and mine.value is not None:
            card, view = mine.value
            self._show_user(card)
            self._show_result(view)
            self.owner_view = True
        return None

    def _show_result(self, view: TrackingView) -> None:
        """``view`` in the tab's language (its texts are ``msg`` texts, its dates already are)."""
        self.result = self._l(
            {key: getattr(view, key) for _, key, _ in RESULT_LABELS}
            | {key: getattr(view, key) for key in ("status_label", "status_color", "next_step")}
        )
        self.timeline = [replace(r, stage=self._l(r.stage), status=self._l(r.status)) for r in view.timeline]

    @rx.event
    async def submit(self, form: dict):
        self.form_error, self.result, self.timeline, self.owner_view = "", {}, [], False
        number = (form.get("nomor") or "").strip()[:40]
        self.nomor = number
        if not await self._captcha_ok(form.get("captcha", "")):
            self.errors = {"captcha": self._l(CAPTCHA_WRONG)}
            return None
        if not number:
            self.errors = {"nomor": self._l(msg("lacak.number_required"))}
            return None
        # The lookup is counted in its own transaction: it stays counted when the number is unknown.
        counted = await self._run(tracking.check_rate, as_user=False, ip=self.router.session.client_ip or None)
        if not counted.ok:
            return counted.events
        found = await self._run(lookup, as_user=False, token=self._session_token(), number=number, lang=self.lang)
        if not found.ok:
            return found.events
        self._show_result(found.value)
        return None
