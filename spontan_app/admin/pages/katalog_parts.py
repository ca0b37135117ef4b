"""The pieces of `/admin/katalog` (the state is passed in: see katalog.py)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spontan_app.admin.layout import panel
from spontan_app.admin.widgets import checkbox, select_default, table
from spontan_app.components.forms import text_field
from spontan_app.components.i18n import tr
from spontan_app.domain.enums import FieldType, StaffRole

# (field type, the catalogue key of its name)
FIELD_TYPES = [
    (FieldType.TEXT.value, "backoffice.type_text"),
    (FieldType.TEXTAREA.value, "backoffice.type_textarea"),
    (FieldType.NUMBER.value, "backoffice.type_number"),
    (FieldType.DATE.value, "backoffice.type_date"),
    (FieldType.SELECT.value, "backoffice.type_select"),
    (FieldType.PHONE.value, "backoffice.type_phone"),
    (FieldType.NIK.value, "backoffice.type_nik"),
    (FieldType.NPWP.value, "backoffice.type_npwp"),
]
SECTION = {"style": {"display": "flex", "flexDirection": "column", "gap": "12px", "width": "100%"}}
SUB_FORM = {
    "style": {"display": "flex", "flexDirection": "column", "gap": "10px", "width": "100%"},
    "border_top": "1px solid var(--gray-a5)",
    "padding_top": "12px",
}
DESKS = [r.value for r in StaffRole if r is not StaffRole.ADMIN]


def _status(active: rx.Var) -> rx.Component:
    return rx.cond(
        active,
        rx.badge(tr("backoffice.active"), color_scheme="green"),
        rx.badge(tr("backoffice.inactive"), color_scheme="gray"),
    )


def izin_list(S: Any) -> rx.Component:
    def row(r: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.button(r["code"], size="1", variant="soft", on_click=S.open_izin(r["id"])), white_space="nowrap"
            ),
            rx.table.cell(rx.text(r["name"], size="2")),
            rx.table.cell(rx.text(r["bidang"], size="2")),
            rx.table.cell(rx.text(r["layanan"], size="2")),
            rx.table.cell(
                rx.text(tr("backoffice.katalog_days", days=r["days"].to_string()), size="2"), white_space="nowrap"
            ),
            rx.table.cell(_status(r["active"])),
            background=rx.cond(r["id"] == S.selected, "var(--accent-a3)", "transparent"),
        )

    return rx.vstack(
        rx.box(
            rx.el.label(tr("backoffice.search"), html_for="query", class_name="field-label"),
            rx.input(
                id="query",
                value=S.query,
                on_change=S.set_query.debounce(250),
                placeholder=tr("backoffice.katalog_search_placeholder"),
                width="360px",
            ),
        ),
        rx.box(
            table(
                [
                    tr("backoffice.katalog_col_code"),
                    tr("backoffice.katalog_col_name"),
                    tr("backoffice.katalog_col_bidang"),
                    tr("backoffice.katalog_col_layanan"),
                    tr("backoffice.katalog_col_days"),
                    tr("backoffice.status"),
                ],
                S.shown,
                row,
                size="1",
            ),
            max_height="320px",
            overflow_y="auto",
            width="100%",
        ),
        rx.text(
            tr("backoffice.katalog_count", count=S.shown.length().to_string()),
            size="1",
            color_scheme="gray",
            role="status",
        ),
        width="100%",
    )


def _izin_form(S: Any) -> rx.Component:
    v, e = S.izin, S.errors
    return rx.form(
        rx.grid(
            text_field(
                tr("backoffice.katalog_col_code"),
                "code",
                e,
                default_value=v["code"],
                max_length=20,
                hint=tr("backoffice.katalog_code_hint"),
            ),
            text_field(tr("backoffice.katalog_col_name"), "name", e, default_value=v["name"], max_length=200),
            select_default(tr("backoffice.katalog_col_bidang"), "bidang_id", e, S.bidang_options, v["bidang_id"]),
            select_default(tr("backoffice.katalog_col_layanan"), "layanan_id", e, S.layanan_options, v["layanan_id"]),
            columns="2",
            spacing="3",
            width="100%",
        ),
        text_field(
            tr("backoffice.katalog_description"),
            "description",
            e,
            default_value=v["description"],
            required=False,
            textarea=True,
        ),
        rx.grid(
            text_field(
                tr("backoffice.katalog_processing_days"),
                "processing_days",
                e,
                type="number",
                default_value=v["processing_days"],
            ),
            text_field(
                tr("backoffice.katalog_validity"),
                "validity_months",
                e,
                type="number",
                required=False,
                default_value=v["validity_months"],
                hint=tr("backoffice.katalog_validity_hint"),
            ),
            text_field(
                tr("backoffice.katalog_cost"), "cost", e, type="number", default_value=v["cost"], required=False
            ),
            columns="2",
            spacing="3",
            width="100%",
        ),
        text_field(
            tr("backoffice.katalog_legal_basis"),
            "legal_basis",
            e,
            default_value=v["legal_basis"],
            required=False,
            textarea=True,
        ),
        rx.flex(
            checkbox(tr("backoffice.katalog_needs_faskes"), "needs_faskes", v["needs_faskes"]),
            checkbox(tr("backoffice.katalog_needs_location"), "needs_location", v["needs_location"]),
            checkbox(tr("backoffice.active"), "active", v["active"]),
            spacing="2",
            wrap="wrap",
        ),
        rx.button(rx.icon("save", size=16), tr("backoffice.save"), type="submit"),
        on_submit=S.save_izin,
        reset_on_submit=False,
        key=S.izin_key.to_string(),
        display="flex",
        flex_direction="column",
        gap="12px",
        width="100%",
    )


def _retire_button(S: Any, what: str, row: rx.Var, name: rx.Var) -> rx.Component:
    return rx.cond(
        row["active"],
        rx.button(
            tr("backoffice.deactivate"),
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=S.retire(what, row["id"]),
            aria_label=tr("backoffice.deactivate_named", name=name.to(str)),
        ),
    )


def _requirements(S: Any) -> rx.Component:
    def row(r: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.text(r["name"], size="2", weight="medium"), rx.text(r["note"], size="1", color_scheme="gray")
            ),
            rx.table.cell(
                rx.cond(r["required"], tr("backoffice.required"), tr("backoffice.optional")), white_space="nowrap"
            ),
            rx.table.cell(_status(r["active"])),
            rx.table.cell(_retire_button(S, "requirement", r, r["name"])),
        )

    return rx.el.section(
        rx.heading(tr("backoffice.katalog_requirements"), as_="h2", size="4"),
        table(
            [tr("backoffice.katalog_req_name"), tr("backoffice.katalog_nature"), tr("backoffice.status"), ""],
            S.requirements,
            row,
            size="1",
        ),
        rx.form(
            rx.heading(tr("backoffice.katalog_add_req"), as_="h3", size="2"),
            text_field(tr("backoffice.katalog_req_name"), "req_name", S.errors, max_length=200),
            text_field(tr("backoffice.katalog_note"), "req_note", S.errors, required=False, max_length=500),
            rx.hstack(
                checkbox(tr("backoffice.required"), "req_required", True),
                rx.button(tr("backoffice.katalog_add_req"), type="submit"),
            ),
            on_submit=S.add_requirement,
            key=S.req_key.to_string(),
            **SUB_FORM,
        ),
        aria_label=tr("backoffice.katalog_requirements"),
        **SECTION,
    )


def _fields(S: Any) -> rx.Component:
    def row(f: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.text(f["label"], size="2", weight="medium"), rx.text(f["key"], size="1", color_scheme="gray")
            ),
            rx.table.cell(rx.text(f["type_label"], size="2"), rx.text(f["options"], size="1", color_scheme="gray")),
            rx.table.cell(
                rx.cond(f["required"], tr("backoffice.required"), tr("backoffice.optional")), white_space="nowrap"
            ),
            rx.table.cell(_status(f["active"])),
            rx.table.cell(_retire_button(S, "field", f, f["label"])),
        )

    return rx.el.section(
        rx.heading(tr("backoffice.katalog_fields"), as_="h2", size="4"),
        table(
            [
                tr("backoffice.katalog_label"),
                tr("backoffice.katalog_field_type"),
                tr("backoffice.katalog_nature"),
                tr("backoffice.status"),
                "",
            ],
            S.fields,
            row,
            size="1",
        ),
        rx.form(
            rx.heading(tr("backoffice.katalog_add_field"), as_="h3", size="2"),
            rx.grid(
                text_field(
                    tr("backoffice.katalog_key"),
                    "field_key",
                    S.errors,
                    max_length=40,
                    hint=tr("backoffice.katalog_key_hint"),
                ),
                text_field(tr("backoffice.katalog_label"), "field_label", S.errors, max_length=120),
                select_default(
                    tr("backoffice.katalog_field_type"),
                    "field_type",
                    S.errors,
                    [(value, tr(key)) for value, key in FIELD_TYPES],
                    FieldType.TEXT.value,
                ),
                text_field(
                    tr("backoffice.katalog_options"),
                    "field_options",
                    S.errors,
                    required=False,
                    hint=tr("backoffice.katalog_options_hint"),
                ),
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                checkbox(tr("backoffice.required"), "field_required", True),
                rx.button(tr("backoffice.katalog_add_field"), type="submit"),
            ),
            on_submit=S.add_form_field,
            key=S.field_key.to_string(),
            **SUB_FORM,
        ),
        aria_label=tr("backoffice.katalog_fields"),
        **SECTION,
    )


def _steps(S: Any) -> rx.Component:
    def row(step: rx.Var, i: rx.Var) -> rx.Component:
        n = (i + 1).to_string()
        desk_error = S.errors.get("steps." + n + ".desk", "").to(str)
        stage_error = S.errors.get("steps." + n + ".stage", "").to(str)
        return rx.box(
            rx.hstack(
                rx.text(n + ".", weight="bold", size="2", min_width="1.5rem"),
                rx.el.select(
                    *[rx.el.option(tr(f"backoffice.role_{d}"), value=d) for d in DESKS],
                    value=step["desk"],
                    on_change=lambda value: S.set_step(i, "desk", value),
                    aria_label=tr("backoffice.katalog_step_desk", n=n),
                    class_name="native-select",
                    width="260px",
                ),
                rx.input(
                    value=step["stage"],
                    on_change=lambda value: S.set_step(i, "stage", value),
                    aria_label=tr("backoffice.katalog_step_name", n=n),
                    flex="1",
                ),
                rx.icon_button(
                    rx.icon("arrow-up", size=14),
                    size="1",
                    variant="soft",
                    on_click=S.move_step(i, -1),
                    aria_label=tr("backoffice.katalog_step_up", n=n),
                ),
                rx.icon_button(
                    rx.icon("arrow-down", size=14),
                    size="1",
                    variant="soft",
                    on_click=S.move_step(i, 1),
                    aria_label=tr("backoffice.katalog_step_down", n=n),
                ),
                rx.icon_button(
                    rx.icon("trash-2", size=14),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.drop_step(i),
                    aria_label=tr("backoffice.katalog_step_remove", n=n),
                ),
                align="center",
                width="100%",
            ),
            rx.cond(desk_error != "", rx.text(desk_error, color_scheme="red", size="2", role="alert")),
            rx.cond(stage_error != "", rx.text(stage_error, color_scheme="red", size="2", role="alert")),
            width="100%",
        )

    return rx.el.section(
        rx.heading(tr("backoffice.katalog_steps"), as_="h2", size="4"),
        rx.text(tr("backoffice.katalog_steps_help"), size="2", color_scheme="gray"),
        rx.el.ol(
            rx.foreach(S.steps, lambda s, i: rx.el.li(row(s, i))),
            list_style="none",
            padding="0",
            margin="0",
            display="flex",
            flex_direction="column",
            gap="8px",
        ),
        rx.cond(S.errors.contains("steps"), rx.text(S.errors.get("steps", ""), color_scheme="red", size="2")),
        rx.hstack(
            rx.button(rx.icon("plus", size=14), tr("backoffice.katalog_add_step"), variant="soft", on_click=S.add_step),
            rx.button(rx.icon("save", size=16), tr("backoffice.katalog_save_steps"), on_click=S.save_steps),
            spacing="3",
        ),
        aria_label=tr("backoffice.katalog_steps"),
        **SECTION,
    )


def detail_panels(S: Any) -> rx.Component:
    saved = S.selected > 0
    return rx.vstack(
        rx.heading(S.title, as_="h2", size="5"),
        rx.grid(
            rx.vstack(
                panel(rx.heading(tr("backoffice.katalog_data"), as_="h2", size="4"), _izin_form(S)),
                rx.cond(saved, panel(_requirements(S))),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                saved,
                panel(_fields(S)),
                panel(rx.text(tr("backoffice.katalog_save_first"), size="2")),
            ),
            columns="2",
            spacing="4",
            width="100%",
            align_items="start",
        ),
        rx.cond(saved, panel(_steps(S))),
        spacing="4",
        width="100%",
    )
