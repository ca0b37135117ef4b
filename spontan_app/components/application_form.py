"""The pieces of an application's form on /permohonan/[id]: the izin's fields, Lokasi with the
map, and the requirement uploads. State: spontan_app/state/permohonan.py."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.document_input import document_input
from spontan_app.components.i18n import tr
from spontan_app.components.map_picker import map_picker
from spontan_app.settings import get_settings
from spontan_app.state.permohonan import DocView, FieldView
from spontan_app.state.permohonan import PermohonanState as S


def dl(*items: rx.Component) -> rx.Component:
    """A label/value list that stacks on a phone."""
    return rx.data_list.root(*items, orientation=rx.breakpoints(initial="vertical", sm="horizontal"))


AUTOSAVE_MS = 500  # assets/spontan.js counts an edit as saved 450 ms after it


def field_error(key) -> rx.Component:
    message = S.errors.get(key, "")
    return rx.cond(message != "", rx.text(message, role="alert", size="2", color_scheme="red"))


def _input(field: FieldView) -> rx.Component:
    common = {
        "id": field.key,
        "name": field.key,
        "default_value": S.values.get(field.key, ""),
        "aria_invalid": rx.cond(S.errors.contains(field.key), "true", "false"),
        "aria_required": rx.cond(field.required, "true", "false"),
    }
    on_blur = lambda v: S.set_value(field.key, v)  # noqa: E731
    # Typing pauses -> autosave; leaving the field saves at once.
    typed = {"on_blur": on_blur, "on_change": lambda v: S.set_value(field.key, v).debounce(AUTOSAVE_MS)}
    return rx.match(
        field.type,
        ("textarea", rx.text_area(**common, **typed, rows="3", width="100%")),
        (
            "select",
            rx.el.select(
                rx.el.option(tr("permohonan.choose_option"), value=""),
                rx.foreach(field.options, lambda o: rx.el.option(o, value=o)),
                **common,
                class_name="native-select",
                on_change=on_blur,
            ),
        ),
        ("date", rx.input(type="date", **common, on_change=on_blur, width="100%")),
        ("number", rx.input(type="number", input_mode="decimal", **common, **typed, width="100%")),
        ("phone", rx.input(type="tel", input_mode="tel", **common, **typed, width="100%")),
        ("nik", rx.input(input_mode="numeric", **common, **typed, width="100%")),
        ("npwp", rx.input(input_mode="numeric", **common, **typed, width="100%")),
        rx.input(type="text", **common, **typed, width="100%"),
    )


def izin_field(field: FieldView) -> rx.Component:
    return rx.box(
        rx.el.div(
            rx.el.label(field.label, html_for=field.key, class_name="field-label"),
            rx.cond(field.required, rx.el.span("*", aria_hidden="true", class_name="required-mark")),
            class_name="label-row",
        ),
        _input(field),
        rx.cond(field.help != "", rx.text(field.help, size="1", color_scheme="gray")),
        field_error(field.key),
        class_name="field",
    )


def plain_field(label: str | rx.Var, name: str, value, textarea: bool = False, required: bool = True) -> rx.Component:
    props = {
        "id": name,
        "name": name,
        "default_value": value,
        "on_blur": lambda v: S.set_field(name, v),
        "on_change": lambda v: S.set_field(name, v).debounce(AUTOSAVE_MS),
        "width": "100%",
        "aria_invalid": rx.cond(S.errors.contains(name), "true", "false"),
    }
    return rx.box(
        rx.el.div(
            rx.el.label(label, html_for=name, class_name="field-label"),
            rx.el.span("*", aria_hidden="true", class_name="required-mark") if required else rx.fragment(),
            class_name="label-row",
        ),
        rx.text_area(**props, rows="2")
        if textarea
        else rx.input(**props, input_mode="decimal" if name in ("latitude", "longitude") else None),
        field_error(name),
        class_name="field",
    )


def location_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(tr("permohonan.location"), as_="h3", size="4"),
            plain_field(tr("permohonan.location"), "lokasi", S.lokasi, textarea=True),
            rx.text(
                tr("permohonan.map_help"),
                size="2",
                color_scheme="gray",
            ),
            map_picker(
                S.map_lat,
                S.map_lng,
                tile_url=get_settings().map_tile_url,
                on_pick=S.map_pick,
                class_name="map-box",
                failed_text=tr("permohonan.map_failed"),
                aria_label=tr("permohonan.map_label"),
                role="application",
            ),
            rx.hstack(
                rx.button(
                    rx.icon("map-pin", size=16),
                    tr("permohonan.pick_location"),
                    type="button",
                    on_click=S.confirm_location,
                    variant="outline",
                ),
                rx.cond(S.map_lat, rx.text(tr("permohonan.map_point"), S.map_lat, ", ", S.map_lng, size="2")),
                align="center",
                wrap="wrap",
            ),
            rx.grid(
                plain_field("Latitude", "latitude", S.latitude),
                plain_field("Longitude", "longitude", S.longitude),
                columns="2",
                spacing="3",
                width="100%",
                key=S.form_key,  # remount with the values Pilih Lokasi just set; the map stays put
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _document(doc: DocView) -> rx.Component:
    return rx.box(
        rx.text(doc.name, weight="medium", size="2"),
        rx.cond(
            doc.required,
            rx.text(tr("permohonan.doc_required"), size="1", color_scheme="red"),
            rx.text(tr("permohonan.doc_optional"), size="1", color_scheme="gray"),
        ),
        rx.text(doc.note, size="1", color_scheme="gray"),
        rx.cond(
            doc.flagged,
            rx.callout(tr("permohonan.doc_flagged"), icon="triangle-alert", color_scheme="orange", size="1"),
        ),
        rx.cond(
            S.is_draft | (S.editable & ~S.is_returned) | doc.flagged | (doc.doc_id == 0),
            document_input(
                input_id="doc-input-" + doc.req_id.to_string(),
                label=doc.name,
                upload_url="/unggah/" + S.app_id.to_string() + "/" + doc.req_id.to_string(),
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png",
                max_bytes=S.max_mb * 1024 * 1024,
                button_text=rx.cond(doc.doc_id != 0, tr("permohonan.replace_file"), tr("permohonan.choose_file")),
                progress_label=tr("permohonan.upload_progress", label=doc.name),
                too_big_text=tr("permohonan.file_too_big", mb=S.max_mb.to_string()),
                failed_text=tr("permohonan.upload_failed"),
                offline_text=tr("permohonan.upload_offline"),
                on_result=lambda ok, message: S.document_uploaded(doc.req_id, ok, message),
            ),
        ),
        rx.cond(
            doc.doc_id != 0,
            rx.hstack(
                rx.icon("file-check", size=16, color="var(--green-9)"),
                rx.link(doc.file_name, href="/dokumen/" + doc.doc_id.to_string(), is_external=True, size="2"),
                rx.text(
                    tr("permohonan.doc_version", size=doc.size_text, version=doc.version.to_string()),
                    size="1",
                    color_scheme="gray",
                ),
                align="center",
                wrap="wrap",
            ),
        ),
        field_error("doc-" + doc.req_id.to_string()),
        class_name="doc-row",
    )


def documents_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(tr("permohonan.documents_heading"), as_="h3", size="4"),
            rx.text(
                tr("permohonan.documents_help", mb=S.max_mb.to_string()),
                size="2",
                color_scheme="gray",
            ),
            rx.foreach(S.docs, _document),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
