"""`/lacak`: public tracking by Nomor Pendaftaran + captcha, with the timeline."""

from __future__ import annotations

import reflex as rx

from spontan_app.domain.models import Applicant
from spontan_app.services import accounts, tracking
from spontan_app.services.errors import FieldErrors, NotFound, PermissionDenied
from spontan_app.services.tracking import TimelineRow, TrackingView
from spontan_app.state.auth import CAPTCHA_WRONG, AuthState, CaptchaMixin, UserCard
from spontan_app.state.base import HandlerMixin

# (label, key of the result, icon): the page draws them in this order.
RESULT_LABELS = [
    ("Nomor Pendaftaran", "number", "file-text"),
    ("Nama Pemohon", "applicant_name", "user"),
    ("Alamat", "address", "map-pin"),
    ("Tanggal Pendaftaran", "submitted_at", "calendar"),
    ("Tanggal Perkiraan Jadi", "due_date", "calendar-check"),
    ("Status Izin", "status_sentence", "activity"),
    ("Catatan", "note", "message-square"),
    ("Tanggal Libur Bulan Ini", "holidays", "calendar-off"),
]


def _viewer(session, token: str) -> Applicant | None:
    """The logged-in applicant, if any: the owner of a file also sees its address."""
    if not token:
        return None
    try:
        return accounts.current_applicant(session=session, token=token)
    except PermissionDenied:
        return None


def lookup(*, session, token: str, number: str) -> TrackingView:
    """Public use case: no login needed; an unknown number is the Nomor field's error."""
    try:
        return tracking.lookup(session=session, number=number, viewer=_viewer(session, token))
    except NotFound as exc:
        raise FieldErrors({"nomor": exc.message}) from None


def own_file(*, session, token: str, number: str) -> tuple[UserCard, TrackingView] | None:
    """The logged-in owner's own file: no captcha, the full view. None for anyone else."""
    viewer = _viewer(session, token)
    if viewer is None or not number:
        return None
    try:
        view = tracking.lookup(session=session, number=number, viewer=viewer)
    except NotFound:
        return None
    return (UserCard.of(viewer), view) if view.is_owner else None


class LacakState(CaptchaMixin, HandlerMixin, AuthState):
    nomor: str = ""
    result: dict[str, str] = {}
    timeline: list[TimelineRow] = []

    @rx.event
    async def load(self):
        self.errors, self.form_error, self.result, self.timeline = {}, "", {}, []
        self.nomor = self.router.url.query_parameters.get("nomor", "")[:40]
        await self._draw_captcha()
        if not (self.session_token and self.nomor):
            return None
        # Lacak from /beranda: the owner is no stranger (no captcha, address shown).
        mine = await self._run(own_file, as_user=False, token=self.session_token, number=self.nomor)
        if mine.ok and mine.value is not None:
            card, view = mine.value
            self._show_user(card)
            self._show_result(view)
        return None

    def _show_result(self, view: TrackingView) -> None:
        self.result = {key: getattr(view, key) for _, key, _ in RESULT_LABELS}
        self.timeline = view.timeline

    @rx.event
    async def submit(self, form: dict):
        self.form_error, self.result, self.timeline = "", {}, []
        number = (form.get("nomor") or "").strip()[:40]
        self.nomor = number
        if not await self._captcha_ok(form.get("captcha", "")):
            self.errors = {"captcha": CAPTCHA_WRONG}
            return None
        if not number:
            self.errors = {"nomor": "Nomor Pendaftaran wajib diisi."}
            return None
        # The lookup is counted in its own transaction: it stays counted when the number is unknown.
        counted = await self._run(tracking.check_rate, as_user=False, ip=self.router.session.client_ip or None)
        if not counted.ok:
            return counted.events
        found = await self._run(lookup, as_user=False, token=self.session_token, number=number)
        if not found.ok:
            return found.events
        self._show_result(found.value)
        return None
