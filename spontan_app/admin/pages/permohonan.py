"""`/admin/permohonan/[id]`: one file — its data, documents viewed inline with a verdict
each, the history — and the desk's decision: Setujui, Kembalikan or Tolak."""

from __future__ import annotations

import reflex as rx

from spontan_app.admin.layout import admin_page, page_heading, panel
from spontan_app.admin.pages.permohonan_parts import history_panel, permit_panel
from spontan_app.admin.proses_state import ProsesState
from spontan_app.components.forms import form_alert
from spontan_app.components.i18n import tr
from spontan_app.components.map_picker import map_picker
from spontan_app.settings import get_settings


def _kv(rows: rx.Var) -> rx.Component:
    return rx.el.dl(
        rx.foreach(rows, lambda r: rx.fragment(rx.el.dt(r[0]), rx.el.dd(r[1]))),
        class_name="kv",
    )


def _data_panel() -> rx.Component:
    S = ProsesState
    v = S.view
    return panel(
        rx.heading(tr("admin.proses.data"), as_="h2", size="4"),
        rx.el.dl(
            rx.el.dt(tr("admin.inbox.col_number")),
            rx.el.dd(v["number"]),
            rx.el.dt(tr("admin.inbox.izin_type")),
            rx.el.dd(v["izin"]),
            rx.el.dt(tr("admin.inbox.col_applicant")),
            rx.el.dd(v["applicant_name"], " (", v["applicant_identity"], ")"),
            rx.el.dt(tr("admin.proses.wa_number")),
            rx.el.dd(v["applicant_wa"]),
            rx.el.dt(tr("admin.proses.submitted_date")),
            rx.el.dd(v["submitted"]),
            rx.el.dt(tr("admin.proses.due_date")),
            rx.el.dd(v["due"]),
            class_name="kv",
        ),
        rx.divider(),
        _kv(S.values),
        rx.cond(
            v["lokasi"].to(str) != "",
            rx.vstack(
                rx.divider(),
                rx.el.dl(
                    rx.el.dt(tr("admin.proses.location")),
                    rx.el.dd(v["lokasi"]),
                    rx.el.dt(tr("admin.proses.point")),
                    rx.el.dd(
                        v["latitude"].to_string(),
                        ", ",
                        v["longitude"].to_string(),
                        " ",
                        rx.cond(
                            S.map_url != "", rx.link(tr("admin.proses.open_map"), href=S.map_url, is_external=True)
                        ),
                    ),
                    rx.el.dt(tr("admin.proses.remarks")),
                    rx.el.dd(v["keterangan"]),
                    class_name="kv",
                ),
                rx.cond(
                    S.map_url != "",
                    map_picker(
                        S.view["latitude"].to(float),
                        S.view["longitude"].to(float),
                        get_settings().map_tile_url,
                        S.map_clicked,
                        class_name="map-box",
                        aria_label=tr("admin.proses.map_label"),
                    ),
                ),
                width="100%",
            ),
        ),
        rx.cond(S.faskes.length() > 0, rx.vstack(rx.divider(), _kv(S.faskes), width="100%")),
    )


def _verdict(doc: rx.Var) -> rx.Component:
    name = "review-" + doc["id"].to_string()
    return rx.el.fieldset(
        rx.el.legend(tr("admin.proses.verdict_of", name=doc["requirement"].to(str)), class_name="sr-only"),
        rx.hstack(
            *[
                rx.el.label(
                    rx.el.input(
                        type="radio",
                        name=name,
                        value=value,
                        default_checked=doc["review"] == value,  # uncontrolled: the tap shows at once
                        disabled=~ProsesState.view["can_decide"].to(bool),
                        on_change=ProsesState.review(doc["id"], value, doc["review_note"]),
                    ),
                    tr(key),
                    class_name="choice",
                )
                for value, key in (("sesuai", "admin.proses.ok"), ("perbaikan", "admin.proses.fix"))
            ],
            spacing="2",
        ),
        rx.cond(
            doc["review"] == "perbaikan",
            rx.input(
                default_value=doc["review_note"],
                placeholder=tr("admin.proses.doc_note_placeholder"),
                aria_label=tr("admin.proses.doc_note_label", name=doc["requirement"].to(str)),
                on_blur=lambda value: ProsesState.review(doc["id"], "perbaikan", value),
                read_only=~ProsesState.view["can_decide"].to(bool),
                width="100%",
            ),
        ),
        class_name="field",
        key=name + "-" + doc["review"].to(str),  # remount with the server's verdict after a reload
    )


def _document_row(doc: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.text(doc["requirement"], weight="medium", size="2"),
                rx.text(
                    doc["file_name"],
                    " · ",
                    tr(
                        "admin.proses.size_version", size=doc["size_kb"].to_string(), version=doc["version"].to_string()
                    ),
                    size="1",
                    color_scheme="gray",
                ),
                spacing="0",
            ),
            rx.spacer(),
            rx.button(
                tr("admin.proses.view"),
                size="1",
                variant=rx.cond(ProsesState.preview_id == doc["id"], "solid", "soft"),
                on_click=ProsesState.show(doc["id"], doc["is_pdf"]),
                aria_label=tr("admin.proses.view_doc", name=doc["requirement"].to(str)),
            ),
            width="100%",
            align="center",
        ),
        _verdict(doc),
        class_name="doc-row",
        width="100%",
    )


def _documents_panel() -> rx.Component:
    S = ProsesState
    return panel(
        rx.heading(tr("admin.proses.documents"), as_="h2", size="4"),
        rx.foreach(S.documents, _document_row),
        rx.cond(
            S.preview_id != 0,
            rx.cond(
                S.preview_pdf,
                rx.el.iframe(src=S.preview_url, title=tr("admin.proses.preview"), class_name="doc-frame"),
                rx.image(src=S.preview_url, alt=tr("admin.proses.preview"), class_name="doc-image"),
            ),
        ),
        rx.cond(S.preview_id != 0, rx.link(tr("admin.proses.new_tab"), href=S.preview_url, is_external=True, size="2")),
    )


def _decision_panel() -> rx.Component:
    S = ProsesState
    note_error = S.errors.get("catatan", "")
    return panel(
        rx.heading(tr("admin.proses.decision"), as_="h2", size="4"),
        form_alert(S.form_error),
        form_alert(S.done_info, color="green"),
        rx.cond(
            S.view["can_decide"].to(bool),
            rx.vstack(
                rx.text(tr("admin.proses.at_your_desk", stage=S.view["stage"].to(str)), size="2"),
                rx.el.label(tr("admin.proses.note"), html_for="catatan", class_name="field-label"),
                rx.text_area(
                    # Uncontrolled, sent on blur: leaving the box for a button (tap, click or
                    # Tab) delivers the note before the button's event, and nothing typed is
                    # overwritten by a late server update.
                    id="catatan",
                    default_value=S.note,
                    key=S.note_key,
                    on_blur=S.set_note,
                    rows="3",
                    width="100%",
                    aria_invalid=rx.cond(note_error != "", "true", "false"),
                    aria_describedby="catatan-error",
                ),
                rx.cond(note_error != "", rx.text(note_error, id="catatan-error", color_scheme="red", size="2")),
                rx.hstack(
                    rx.button(tr("admin.proses.approve"), color_scheme="green", on_click=S.ask("setujui")),
                    rx.button(tr("admin.proses.return"), color_scheme="amber", on_click=S.ask("kembalikan")),
                    rx.button(tr("admin.proses.reject"), color_scheme="red", variant="soft", on_click=S.ask("tolak")),
                    spacing="3",
                ),
                width="100%",
            ),
            rx.callout(S.view["decide_reason"], icon="info", color_scheme="gray"),
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.content(
                rx.alert_dialog.title(tr("admin.widgets.confirm")),
                rx.alert_dialog.description(S.confirm_text),
                rx.hstack(
                    rx.alert_dialog.cancel(
                        rx.button(tr("admin.widgets.cancel"), variant="soft", color_scheme="gray", auto_focus=True)
                    ),
                    rx.alert_dialog.action(rx.button(tr("admin.widgets.ok"), on_click=S.decide)),
                    justify="end",
                    spacing="3",
                    margin_top="1rem",
                ),
            ),
            open=S.confirm != "",
            on_open_change=S.dialog_open,
        ),
    )


@admin_page(route="/admin/permohonan/[id]", title=tr("admin.proses.title"), on_load=ProsesState.load)
def proses() -> rx.Component:
    S = ProsesState
    return rx.cond(
        S.found,
        rx.vstack(
            page_heading(
                S.view["number"].to(str),
                rx.link("← ", tr("admin.menu.desk"), href="/admin", size="2"),
                subtitle=S.view["izin"].to(str) + " · " + S.view["status_label"].to(str),
            ),
            rx.grid(
                rx.vstack(_data_panel(), history_panel(), spacing="4", width="100%"),
                rx.vstack(permit_panel(), _documents_panel(), _decision_panel(), spacing="4", width="100%"),
                columns="2",
                spacing="4",
                width="100%",
            ),
            width="100%",
        ),
        rx.vstack(
            page_heading(tr("admin.proses.title")),
            form_alert(S.form_error),
            rx.link("← ", tr("admin.menu.desk"), href="/admin"),
        ),
    )
