"""`/lacak`: public tracking by Nomor Pendaftaran + captcha, with the timeline."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import captcha_field, card_form, form_alert, submit_button, text_field
from spontan_app.components.nav import public_page
from spontan_app.db import session_scope
from spontan_app.domain.models import Applicant
from spontan_app.services import accounts, tracking
from spontan_app.services.errors import NotFound, PermissionDenied, TooManyLookups
from spontan_app.services.tracking import TimelineRow
from spontan_app.state.auth import AuthState, CaptchaMixin

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


class LacakState(CaptchaMixin, AuthState):
    nomor: str = ""
    errors: dict[str, str] = {}
    form_error: str = ""
    result: dict[str, str] = {}
    timeline: list[TimelineRow] = []

    @rx.event
    def load(self) -> None:
        self.errors, self.form_error, self.result, self.timeline = {}, "", {}, []
        self.nomor = self.router.url.query_parameters.get("nomor", "")[:40]
        self.refresh_captcha()

    def _viewer(self, session) -> Applicant | None:
        """The logged-in applicant, if any: the owner of a file also sees its address."""
        if not self.session_token:
            return None
        try:
            return accounts.current_applicant(session=session, token=self.session_token)
        except PermissionDenied:
            return None

    @rx.event
    def submit(self, form: dict) -> None:
        self.form_error, self.result, self.timeline = "", {}, []
        number = (form.get("nomor") or "").strip()[:40]
        self.nomor = number
        if not self._captcha_ok(form.get("captcha", "")):
            self.errors = {"captcha": "Kode Unik tidak sesuai. Silakan ketik kode pada gambar yang baru."}
            return
        if not number:
            self.errors = {"nomor": "Nomor Pendaftaran wajib diisi."}
            return
        try:
            with session_scope() as session:
                tracking.check_rate(session=session, ip=self.router.session.client_ip or None)
            with session_scope() as session:
                view = tracking.lookup(session=session, number=number, viewer=self._viewer(session))
        except TooManyLookups as exc:
            self.errors, self.form_error = {}, exc.message
            return
        except NotFound as exc:
            self.errors = {"nomor": exc.message}
            return
        self.errors = {}
        self.result = {key: getattr(view, key) for _, key, _ in RESULT_LABELS}
        self.timeline = view.timeline


def _result() -> rx.Component:
    S = LacakState
    return rx.card(
        rx.vstack(
            rx.heading("Hasil Pencarian", as_="h2", size="5"),
            rx.data_list.root(
                *[
                    rx.data_list.item(
                        rx.data_list.label(rx.hstack(rx.icon(icon, size=14), label, align="center", spacing="1")),
                        rx.data_list.value(rx.cond(S.result.get(key, "") != "", S.result.get(key, ""), "-")),
                    )
                    for label, key, icon in RESULT_LABELS
                ],
                orientation=rx.breakpoints(initial="vertical", sm="horizontal"),
            ),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("No"),
                            rx.table.column_header_cell("Proses Berkas"),
                            rx.table.column_header_cell("Waktu Awal"),
                            rx.table.column_header_cell("Waktu Akhir"),
                            rx.table.column_header_cell("Status"),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            S.timeline,
                            lambda r: rx.table.row(
                                rx.table.cell(r.no),
                                rx.table.cell(r.stage),
                                rx.table.cell(r.start),
                                rx.table.cell(r.end),
                                rx.table.cell(rx.badge(r.status, variant="soft")),
                            ),
                        )
                    ),
                    variant="surface",
                    size="1",
                ),
                overflow_x="auto",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
    )


@public_page(route="/lacak", title="Lacak Berkas", on_load=LacakState.load)
def lacak() -> rx.Component:
    S = LacakState
    return rx.vstack(
        card_form(
            "Lacak Status Berkas",
            rx.form(
                rx.vstack(
                    form_alert(S.form_error),
                    text_field(
                        "Nomor Pendaftaran",
                        "nomor",
                        S.errors,
                        default_value=S.nomor,
                        hint="Contoh: 1/SIPD-B/09/2023",
                        max_length=40,
                        key=S.nomor,
                    ),
                    captcha_field(S.captcha_image, S.errors, S.refresh_captcha, S.captcha_nonce),
                    submit_button("Lacak"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=S.submit,
                reset_on_submit=False,
                width="100%",
            ),
            subtitle="Masukkan Nomor Pendaftaran dari WhatsApp atau Beranda Anda.",
            max_width="520px",
        ),
        rx.cond(S.result.length() > 0, _result()),
        spacing="5",
        width="100%",
    )
