"""`/beranda`: the applicant's home with **Ajukan Permohonan** and **Daftar Permohonan Izin**."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from spontan_app.components.layout import link_button
from spontan_app.components.nav import applicant_page
from spontan_app.db import session_scope
from spontan_app.domain.enums import ApplicationStatus, label_of
from spontan_app.domain.timefmt import format_date, format_datetime
from spontan_app.services import accounts, applications, workflow
from spontan_app.services.errors import DomainError, PermissionDenied
from spontan_app.state.auth import AuthState

PAGE_SIZE = 10


@dataclass
class Row:
    id: int
    number: str
    izin: str
    date: str
    status: str
    is_draft: bool
    due: str
    kelengkapan: str
    proses: str
    can_edit: bool
    can_cancel: bool
    is_issued: bool = False


class BerandaState(AuthState):
    rows: list[Row] = []
    total: int = 0
    page: int = 1
    confirm_open: bool = False
    confirm_number: str = ""
    _cancel_id: int = 0

    @rx.event
    def load(self) -> None:
        self._fetch()

    def _fetch(self) -> None:
        try:
            with session_scope() as session:
                items, self.total = applications.list_for_owner(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    limit=PAGE_SIZE,
                    offset=(self.page - 1) * PAGE_SIZE,
                )
        except PermissionDenied:
            self.rows = []
            return
        self.rows = [
            Row(
                i.id,
                i.registration_number,
                i.izin_name,
                format_datetime(i.submitted_at) if i.submitted_at else format_datetime(i.updated_at),
                label_of(ApplicationStatus, i.status),
                i.status == ApplicationStatus.DRAFT.value,
                format_date(i.due_date),
                i.kelengkapan,
                i.proses,
                i.can_edit,
                i.can_cancel,
                i.status == ApplicationStatus.ISSUED.value,
            )
            for i in items
        ]

    @rx.event
    def ask_cancel(self, application_id: int, number: str) -> None:
        self._cancel_id, self.confirm_number, self.confirm_open = int(application_id), number, True

    @rx.event
    def dismiss_cancel(self) -> None:
        self.confirm_open, self._cancel_id = False, 0

    @rx.event
    def confirm_cancel(self):
        self.confirm_open = False
        try:
            with session_scope() as session:
                workflow.cancel(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    application_id=self._cancel_id,
                )
        except DomainError as exc:
            return rx.toast.error(exc.message)
        finally:
            self._cancel_id = 0
        self._fetch()
        return rx.toast.success(f"Permohonan {self.confirm_number} dibatalkan.")

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.event
    def next_page(self) -> None:
        if self.page < self.pages:
            self.page += 1
            self._fetch()

    @rx.event
    def prev_page(self) -> None:
        if self.page > 1:
            self.page -= 1
            self._fetch()


def _row(row: Row) -> rx.Component:
    S = BerandaState
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.cond(
                    row.is_draft, rx.badge("Draf", color_scheme="amber"), rx.text(row.number, weight="bold", size="3")
                ),
                rx.text(row.izin, size="2"),
                rx.text(
                    rx.cond(row.is_draft, "Terakhir disimpan ", "Diajukan "), row.date, size="1", color_scheme="gray"
                ),
                rx.cond(row.due != "", rx.text("Perkiraan jadi: ", row.due, size="1", color_scheme="gray")),
                rx.text("Status kelengkapan: ", rx.text.strong(row.kelengkapan), size="1"),
                rx.text("Status proses: ", row.proses, size="1"),
                spacing="1",
                min_width="0",
            ),
            rx.spacer(),
            rx.vstack(
                rx.badge(row.status, variant="soft", size="2"),
                rx.cond(
                    row.is_draft,
                    rx.link("Lanjutkan", href="/permohonan/" + row.id.to_string(), size="2"),
                    rx.hstack(
                        rx.cond(
                            row.is_issued,
                            rx.el.a(
                                rx.icon("download", size=16, aria_hidden="true"),
                                "Unduh Izin",
                                href="/izin/" + row.id.to_string(),
                                download=True,
                                reload_document=True,  # a file from the server, not a client-side route
                                class_name="rt-Button rt-r-size-2 rt-variant-solid download-button",
                            ),
                        ),
                        rx.link("Lacak", href="/lacak?nomor=" + row.number, size="2"),
                        rx.cond(
                            row.can_edit,
                            rx.link("Ubah", href="/permohonan/" + row.id.to_string(), size="2"),
                            rx.link("Detail", href="/permohonan/" + row.id.to_string(), size="2"),
                        ),
                        rx.cond(
                            row.can_cancel,
                            rx.button(
                                "Batalkan",
                                size="1",
                                variant="soft",
                                color_scheme="red",
                                on_click=S.ask_cancel(row.id, row.number),
                            ),
                        ),
                        spacing="3",
                        align="center",
                    ),
                ),
                align="end",
                spacing="2",
            ),
            gap="3",
            width="100%",
            direction=rx.breakpoints(initial="column", sm="row"),
        ),
        width="100%",
    )


def _confirm_dialog() -> rx.Component:
    S = BerandaState
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Batalkan Permohonan"),
            rx.alert_dialog.description("Apakah anda yakin akan membatalkan permohonan ini?"),
            rx.text("Nomor Pendaftaran: ", rx.text.strong(S.confirm_number), size="2", margin_top="0.5rem"),
            rx.hstack(
                rx.alert_dialog.cancel(
                    rx.button("Cancel", variant="soft", color_scheme="gray", on_click=S.dismiss_cancel)
                ),
                rx.alert_dialog.action(rx.button("OK", color_scheme="red", on_click=S.confirm_cancel)),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
        open=S.confirm_open,
    )


@applicant_page(route="/beranda", title="Beranda", on_load=BerandaState.load)
def beranda() -> rx.Component:
    S = BerandaState
    return rx.vstack(
        rx.flex(
            rx.vstack(
                rx.heading("Selamat datang, ", S.user_name, as_="h1", size="6"),
                rx.text("Username: ", S.user_identity, size="2", color_scheme="gray"),
                spacing="1",
            ),
            rx.spacer(),
            link_button("Ajukan Permohonan", "/permohonan/baru"),
            width="100%",
            align="center",
            wrap="wrap",
            gap="3",
        ),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger("Daftar Permohonan Izin", value="daftar")),
            rx.tabs.content(
                rx.vstack(
                    rx.cond(
                        S.total > 0,
                        rx.vstack(rx.foreach(S.rows, _row), spacing="2", width="100%"),
                        rx.card(
                            rx.text(
                                "Belum ada permohonan izin. Klik Ajukan Permohonan untuk memulai.", color_scheme="gray"
                            ),
                            width="100%",
                        ),
                    ),
                    rx.cond(
                        S.pages > 1,
                        rx.hstack(
                            rx.button("Sebelumnya", variant="soft", on_click=S.prev_page, disabled=S.page <= 1),
                            rx.text("Halaman ", S.page, " dari ", S.pages, size="2"),
                            rx.button("Selanjutnya", variant="soft", on_click=S.next_page, disabled=S.page >= S.pages),
                            align="center",
                        ),
                    ),
                    spacing="3",
                    padding_top="1rem",
                    width="100%",
                ),
                value="daftar",
            ),
            default_value="daftar",
            width="100%",
        ),
        _confirm_dialog(),
        spacing="5",
        width="100%",
    )
