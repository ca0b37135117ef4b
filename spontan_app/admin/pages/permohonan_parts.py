"""Pieces of `/admin/permohonan/[id]` that only draw: the file's history and its permit
(with the Kepala Dinas's revocation dialog)."""

from __future__ import annotations

import reflex as rx

from spontan_app.admin.layout import panel
from spontan_app.admin.proses_state import ProsesState
from spontan_app.components.forms import form_alert
from spontan_app.components.i18n import tr


def history_panel() -> rx.Component:
    return panel(
        rx.heading(tr("admin.proses.history"), as_="h2", size="4"),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(tr(key))
                        for key in (
                            "admin.proses.col_no",
                            "admin.proses.title",
                            "admin.proses.col_officer",
                            "admin.proses.col_time",
                            "admin.inbox.status",
                        )
                    ]
                )
            ),
            rx.table.body(
                rx.foreach(
                    ProsesState.history,
                    lambda h: rx.table.row(
                        rx.table.cell(h["no"]),
                        rx.table.cell(
                            rx.text(h["stage"], size="2"),
                            rx.text(h["desk"], size="1", color_scheme="gray"),
                            rx.cond(
                                h["note"].to(str) != "", rx.text(tr("admin.proses.note"), ": ", h["note"], size="1")
                            ),
                        ),
                        rx.table.cell(h["actor"]),
                        rx.table.cell(rx.text(h["start"], size="1"), rx.text(h["end"], size="1", color_scheme="gray")),
                        rx.table.cell(rx.badge(h["status"], variant="soft")),
                    ),
                )
            ),
            width="100%",
            size="1",
        ),
    )


def permit_panel() -> rx.Component:
    S = ProsesState
    v = S.view
    reason_error = S.errors.get("reason", "")
    return rx.cond(
        v["permit_id"].to(int) != 0,
        panel(
            rx.heading(tr("admin.proses.permit_document"), as_="h2", size="4"),
            rx.el.dl(
                rx.el.dt(tr("admin.proses.permit_number")),
                rx.el.dd(v["permit_number"]),
                rx.el.dt(tr("admin.inbox.status")),
                rx.el.dd(
                    rx.cond(v["permit_revoked"].to(bool), tr("admin.proses.revoked_state"), tr("admin.proses.valid"))
                ),
                class_name="kv",
            ),
            rx.hstack(
                rx.el.a(
                    tr("admin.proses.view_permit"),
                    href="/admin/izin/" + v["id"].to_string(),
                    target="_blank",
                    reload_document=True,
                    class_name="text-link",
                ),
                rx.link(
                    tr("admin.proses.verification_page"),
                    href="/verifikasi-izin/" + v["permit_code"].to(str),
                    is_external=True,
                    size="2",
                ),
                rx.spacer(),
                rx.cond(
                    v["can_revoke"].to(bool),
                    rx.button(tr("admin.proses.revoke"), color_scheme="red", variant="soft", on_click=S.ask_revoke),
                ),
                width="100%",
                align="center",
            ),
            rx.dialog.root(
                rx.dialog.content(
                    rx.dialog.title(tr("admin.proses.revoke")),
                    rx.dialog.description(tr("admin.proses.revoke_explained")),
                    rx.form(
                        rx.vstack(
                            rx.el.label(tr("admin.proses.revoke_reason"), html_for="reason", class_name="field-label"),
                            rx.text_area(id="reason", name="reason", rows="3", width="100%"),
                            rx.cond(reason_error != "", rx.text(reason_error, color_scheme="red", size="2")),
                            form_alert(S.form_error),
                            rx.hstack(
                                rx.dialog.close(
                                    rx.button(
                                        tr("admin.widgets.cancel"), type="button", variant="soft", color_scheme="gray"
                                    )
                                ),
                                rx.button(tr("admin.widgets.ok"), type="submit", color_scheme="red"),
                                justify="end",
                                width="100%",
                            ),
                            width="100%",
                        ),
                        on_submit=S.revoke,
                        reset_on_submit=False,
                    ),
                ),
                open=S.revoke_open,
                on_open_change=S.revoke_dialog,
            ),
        ),
    )
