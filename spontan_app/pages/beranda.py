"""`/beranda`: the applicant's home with **Ajukan Permohonan** and **Daftar Permohonan Izin**."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.i18n import tr
from spontan_app.components.layout import link_button
from spontan_app.components.nav import applicant_page
from spontan_app.state.beranda import BerandaState, Row
from spontan_app.state.perpanjangan import StartRenewalState


def _row(row: Row) -> rx.Component:
    S = BerandaState
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.cond(
                    row.is_draft,
                    rx.badge(tr("beranda.draft_badge"), color_scheme="amber"),
                    rx.text(row.number, weight="bold", size="3"),
                ),
                rx.text(row.izin, size="2"),
                rx.text(
                    rx.cond(row.is_draft, tr("beranda.last_saved"), tr("beranda.submitted_on")),
                    row.date,
                    size="1",
                    color_scheme="gray",
                ),
                rx.cond(row.due != "", rx.text(tr("beranda.due_label"), row.due, size="1", color_scheme="gray")),
                rx.cond(
                    row.renew_until != "",
                    rx.text(tr("beranda.valid_until"), rx.text.strong(row.renew_until), size="1", color_scheme="amber"),
                ),
                rx.text(tr("beranda.completeness_label"), rx.text.strong(row.kelengkapan), size="1"),
                rx.text(tr("beranda.process_label"), row.proses, size="1"),
                rx.cond(row.next_step != "", rx.text(row.next_step, size="1", weight="medium")),
                spacing="1",
                min_width="0",
            ),
            rx.spacer(),
            rx.vstack(
                rx.badge(row.status, variant="soft", size="2", color_scheme=row.badge_color),
                rx.cond(
                    row.is_draft,
                    rx.hstack(
                        rx.link(tr("beranda.continue"), href="/permohonan/" + row.id.to_string(), size="2"),
                        rx.button(
                            tr("beranda.delete_draft"),
                            size="1",
                            variant="soft",
                            color_scheme="red",
                            on_click=S.ask_delete(row.id, row.izin),
                        ),
                        spacing="3",
                        align="center",
                    ),
                    rx.hstack(
                        rx.cond(
                            row.is_issued,
                            rx.el.a(
                                rx.icon("download", size=16, aria_hidden="true"),
                                tr("beranda.download_permit"),
                                href="/izin/" + row.id.to_string(),
                                download=True,
                                reload_document=True,  # a file from the server, not a client-side route
                                class_name="rt-Button rt-r-size-2 rt-variant-solid download-button",
                            ),
                        ),
                        rx.cond(
                            row.renew_until != "",
                            rx.button(
                                rx.icon("refresh-cw", size=14, aria_hidden="true"),
                                tr("beranda.renewal"),
                                size="2",
                                variant="outline",
                                on_click=StartRenewalState.start(row.id),
                                title=tr("beranda.valid_until_title", date=row.renew_until),
                            ),
                        ),
                        rx.link(tr("beranda.track"), href="/lacak?nomor=" + row.number, size="2"),
                        rx.el.a(
                            tr("beranda.receipt"),
                            href="/bukti/" + row.id.to_string(),
                            download=True,
                            reload_document=True,  # a PDF from the server, not a client-side route
                            class_name="text-link",
                        ),
                        rx.cond(
                            row.can_edit,
                            rx.link(tr("beranda.edit"), href="/permohonan/" + row.id.to_string(), size="2"),
                            rx.link(tr("beranda.detail"), href="/permohonan/" + row.id.to_string(), size="2"),
                        ),
                        rx.cond(
                            row.can_cancel,
                            rx.button(
                                tr("beranda.cancel"),
                                size="1",
                                variant="soft",
                                color_scheme="red",
                                on_click=S.ask_cancel(row.id, row.number),
                            ),
                        ),
                        spacing="3",
                        align="center",
                        wrap="wrap",
                    ),
                ),
                align="end",
                spacing="2",
                class_name="row-actions",  # phone: every action a 44 px target (styles.css)
            ),
            gap="3",
            width="100%",
            direction=rx.breakpoints(initial="column", sm="row"),
        ),
        width="100%",
    )


def _survey_invitation(item: rx.Var) -> rx.Component:
    """After a permit is issued: the Survei Kepuasan Masyarakat, once per application."""
    return rx.callout(
        rx.flex(
            rx.text(
                tr("beranda.survey_before"),
                rx.text.strong(item["izin"].to(str)),
                " (",
                item["number"].to(str),
                tr("beranda.survey_after"),
                size="2",
            ),
            rx.button(
                rx.link(tr("beranda.survey_button"), href="/survei/" + item["id"].to_string(), underline="none"),
                as_child=True,
                size="2",
            ),
            gap="3",
            align="center",
            justify="between",
            width="100%",
            direction=rx.breakpoints(initial="column", sm="row"),
        ),
        icon="star",
        color_scheme="green",
        width="100%",
    )


def _ask(title, question, detail_label, detail, open_, on_cancel, on_ok) -> rx.Component:
    """The OK / Cancel question before an action that cannot be undone."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(question),
            rx.text(detail_label, rx.text.strong(detail), size="2", margin_top="0.5rem"),
            rx.hstack(
                # The safe answer takes the focus when the question opens (Radix's own
                # auto-focus finds no Cancel through Reflex's wrapper and left it behind).
                rx.alert_dialog.cancel(
                    rx.button("Cancel", variant="soft", color_scheme="gray", on_click=on_cancel, auto_focus=True)
                ),
                # OK / Cancel are the contract's words (UI-CONTRACT.md, the manual). The OK is a
                # darker red than Radix's red 9, which has white text at only 3.9:1 (styles.css).
                rx.alert_dialog.action(rx.button("OK", color_scheme="red", on_click=on_ok, class_name="danger-ok")),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
        open=open_,
        on_open_change=lambda _open: on_cancel,  # Escape closes it, as Cancel does
    )


def _confirm_dialog() -> rx.Component:
    S = BerandaState
    return _ask(
        tr("beranda.cancel_title"),
        tr("beranda.cancel_question"),
        tr("beranda.cancel_detail"),
        S.confirm_number,
        S.confirm_open,
        S.dismiss_cancel,
        S.confirm_cancel,
    )


def _delete_dialog() -> rx.Component:
    S = BerandaState
    return _ask(
        tr("beranda.delete_draft"),
        tr("beranda.delete_question"),
        tr("beranda.delete_detail"),
        S.delete_izin,
        S.delete_open,
        S.dismiss_delete,
        S.confirm_delete,
    )


@applicant_page(route="/beranda", title="title.beranda", on_load=BerandaState.load)
def beranda() -> rx.Component:
    S = BerandaState
    return rx.vstack(
        rx.flex(
            rx.vstack(
                rx.heading(tr("beranda.welcome"), S.user_name, as_="h1", size="6"),
                rx.text("Username: ", S.user_identity, size="2", color_scheme="gray"),
                spacing="1",
            ),
            rx.spacer(),
            link_button(tr("beranda.apply"), "/permohonan/baru"),
            width="100%",
            align="center",
            wrap="wrap",
            gap="3",
        ),
        rx.foreach(S.surveys, _survey_invitation),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger(tr("beranda.list_tab"), value="daftar")),
            rx.tabs.content(
                rx.vstack(
                    rx.cond(
                        S.total > 0,
                        rx.vstack(rx.foreach(S.rows, _row), spacing="2", width="100%"),
                        rx.card(
                            rx.text(tr("beranda.empty"), color_scheme="gray"),
                            width="100%",
                        ),
                    ),
                    rx.cond(
                        S.pages > 1,
                        rx.hstack(
                            rx.button(tr("beranda.prev"), variant="soft", on_click=S.prev_page, disabled=S.page <= 1),
                            rx.text(
                                tr("beranda.page_of", page=S.page.to_string(), pages=S.pages.to_string()), size="2"
                            ),
                            rx.button(
                                tr("beranda.next"), variant="soft", on_click=S.next_page, disabled=S.page >= S.pages
                            ),
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
        _delete_dialog(),
        spacing="5",
        width="100%",
    )
