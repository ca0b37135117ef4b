"""The pieces of an application's form on /permohonan/[id]: the izin's fields, Lokasi with the
map, and the requirement uploads. State: spontan_app/state/permohonan.py."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.document_input import document_input
from spontan_app.components.map_picker import map_picker
from spontan_app.settings import get_settings
from spontan_app.state.permohonan import DocView, FieldView
from spontan_app.state.permohonan import PermohonanState as S


def dl(*items: rx.Component) -> rx.Component:
    """A label/value list that stacks on a phone."""
    return rx.data_list.root(*items, orientation=rx.breakpoints(initial="vertical", sm="horizontal"))


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
    return rx.match(
        field.type,
        ("textarea", rx.text_area(**common, on_blur=on_blur, rows="3", width="100%")),
        (
            "select",
            rx.el.select(
                rx.el.option("-- Pilih --", value=""),
                rx.foreach(field.options, lambda o: rx.el.option(o, value=o)),
                **common,
                class_name="native-select",
                on_change=on_blur,
            ),
        ),
        ("date", rx.input(type="date", **common, on_change=on_blur, width="100%")),
        ("number", rx.input(type="number", input_mode="decimal", **common, on_blur=on_blur, width="100%")),
        ("phone", rx.input(type="tel", input_mode="tel", **common, on_blur=on_blur, width="100%")),
        ("nik", rx.input(input_mode="numeric", **common, on_blur=on_blur, width="100%")),
        ("npwp", rx.input(input_mode="numeric", **common, on_blur=on_blur, width="100%")),
        rx.input(type="text", **common, on_blur=on_blur, width="100%"),
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


def plain_field(label: str, name: str, value, textarea: bool = False, required: bool = True) -> rx.Component:
    props = {
        "id": name,
        "name": name,
        "default_value": value,
        "on_blur": lambda v: S.set_field(name, v),
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
            rx.heading("Lokasi", as_="h3", size="4"),
            plain_field("Lokasi", "lokasi", S.lokasi, textarea=True),
            rx.text(
                "Klik/ketuk peta untuk menandai titik lokasi, lalu tekan Pilih Lokasi. Koordinat juga dapat "
                "diketik langsung.",
                size="2",
                color_scheme="gray",
            ),
            map_picker(
                S.map_lat,
                S.map_lng,
                tile_url=get_settings().map_tile_url,
                on_pick=S.map_pick,
                class_name="map-box",
                aria_label="Peta pemilihan lokasi",
                role="application",
            ),
            rx.hstack(
                rx.button(
                    rx.icon("map-pin", size=16),
                    "Pilih Lokasi",
                    type="button",
                    on_click=S.confirm_location,
                    variant="outline",
                ),
                rx.cond(S.map_lat, rx.text("Titik di peta: ", S.map_lat, ", ", S.map_lng, size="2")),
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
            rx.text("Wajib", size="1", color_scheme="red"),
            rx.text("Opsional", size="1", color_scheme="gray"),
        ),
        rx.text(doc.note, size="1", color_scheme="gray"),
        rx.cond(
            doc.flagged,
            rx.callout("Diminta diganti oleh petugas.", icon="triangle-alert", color_scheme="orange", size="1"),
        ),
        rx.cond(
            S.is_draft | (S.editable & ~S.is_returned) | doc.flagged | (doc.doc_id == 0),
            document_input(
                input_id="doc-input-" + doc.req_id.to_string(),
                label=doc.name,
                upload_url="/unggah/" + S.app_id.to_string() + "/" + doc.req_id.to_string(),
                accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png",
                max_bytes=S.max_mb * 1024 * 1024,
                button_text=rx.cond(doc.doc_id != 0, "Ganti Berkas", "Pilih Berkas"),
                on_result=lambda ok, message: S.document_uploaded(doc.req_id, ok, message),
            ),
        ),
        rx.cond(
            doc.doc_id != 0,
            rx.hstack(
                rx.icon("file-check", size=16, color="var(--green-9)"),
                rx.link(doc.file_name, href="/dokumen/" + doc.doc_id.to_string(), is_external=True, size="2"),
                rx.text("(", doc.size_text, ", versi ", doc.version, ")", size="1", color_scheme="gray"),
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
            rx.heading("Upload Persyaratan", as_="h3", size="4"),
            rx.text(
                "PDF, JPG atau PNG, maksimal ",
                S.max_mb,
                " MB per berkas. Berkas diperiksa dari isinya, bukan dari namanya.",
                size="2",
                color_scheme="gray",
            ),
            rx.foreach(S.docs, _document),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )
