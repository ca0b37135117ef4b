"""`/beranda`: the applicant's home with **Ajukan Permohonan** and **Daftar Permohonan Izin**."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from spontan_app.components.layout import link_button
from spontan_app.components.nav import applicant_page
from spontan_app.db import session_scope
from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.timefmt import format_date, format_datetime
from spontan_app.services import applications
from spontan_app.services.errors import PermissionDenied
from spontan_app.state.auth import AuthState

PAGE_SIZE = 10
STATUS_LABELS = {
    ApplicationStatus.DRAFT.value: "Draf",
    ApplicationStatus.SUBMITTED.value: "Diajukan",
    ApplicationStatus.IN_PROCESS.value: "Diproses",
    ApplicationStatus.RETURNED.value: "Perlu Perbaikan",
    ApplicationStatus.APPROVED.value: "Disetujui",
    ApplicationStatus.REJECTED.value: "Ditolak",
    ApplicationStatus.ISSUED.value: "Izin Terbit",
    ApplicationStatus.CANCELLED.value: "Dibatalkan",
}


@dataclass
class Row:
    id: int
    number: str
    izin: str
    date: str
    status: str
    is_draft: bool
    due: str


class BerandaState(AuthState):
    rows: list[Row] = []
    total: int = 0
    page: int = 1

    @rx.event
    def load(self) -> None:
        self._fetch()

    def _fetch(self) -> None:
        try:
            with session_scope() as session:
                items, self.total = applications.list_for_owner(
                    session=session, token=self.session_token, limit=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE
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
                STATUS_LABELS.get(i.status, i.status),
                i.status == ApplicationStatus.DRAFT.value,
                format_date(i.due_date),
            )
            for i in items
        ]

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
                spacing="1",
            ),
            rx.spacer(),
            rx.vstack(
                rx.badge(row.status, variant="soft", size="2"),
                rx.cond(
                    row.is_draft,
                    rx.link("Lanjutkan", href="/permohonan/" + row.id.to_string(), size="2"),
                    rx.hstack(
                        rx.link("Lacak", href="/lacak?nomor=" + row.number, size="2"),
                        rx.link("Detail", href="/permohonan/" + row.id.to_string(), size="2"),
                        spacing="3",
                    ),
                ),
                align="end",
                spacing="2",
            ),
            gap="3",
            width="100%",
        ),
        width="100%",
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
        spacing="5",
        width="100%",
    )
