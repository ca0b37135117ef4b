"""The pieces of `/admin/katalog` (the state is passed in: see katalog.py)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from spontan_app.admin.layout import panel
from spontan_app.admin.widgets import checkbox, select_default, table
from spontan_app.components.forms import text_field
from spontan_app.domain.enums import FieldType, StaffRole

FIELD_TYPES = [
    (FieldType.TEXT.value, "Teks"),
    (FieldType.TEXTAREA.value, "Teks panjang"),
    (FieldType.NUMBER.value, "Angka"),
    (FieldType.DATE.value, "Tanggal"),
    (FieldType.SELECT.value, "Pilihan"),
    (FieldType.PHONE.value, "Nomor telepon"),
    (FieldType.NIK.value, "NIK"),
    (FieldType.NPWP.value, "NPWP"),
]
SECTION = {"style": {"display": "flex", "flexDirection": "column", "gap": "12px", "width": "100%"}}
SUB_FORM = {
    "style": {"display": "flex", "flexDirection": "column", "gap": "10px", "width": "100%"},
    "border_top": "1px solid var(--gray-a5)",
    "padding_top": "12px",
}
DESKS = [(r.value, r.label) for r in StaffRole if r is not StaffRole.ADMIN]


def _status(active: rx.Var) -> rx.Component:
    return rx.cond(active, rx.badge("Aktif", color_scheme="green"), rx.badge("Nonaktif", color_scheme="gray"))


def izin_list(S: Any) -> rx.Component:
    def row(r: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.button(r["code"], size="1", variant="soft", on_click=S.open_izin(r["id"])), white_space="nowrap"
            ),
            rx.table.cell(rx.text(r["name"], size="2")),
            rx.table.cell(rx.text(r["bidang"], size="2")),
            rx.table.cell(rx.text(r["layanan"], size="2")),
            rx.table.cell(rx.text(r["days"].to_string() + " hari", size="2"), white_space="nowrap"),
            rx.table.cell(_status(r["active"])),
            background=rx.cond(r["id"] == S.selected, "var(--accent-a3)", "transparent"),
        )

    return rx.vstack(
        rx.box(
            rx.el.label("Cari", html_for="query", class_name="field-label"),
            rx.input(
                id="query",
                value=S.query,
                on_change=S.set_query.debounce(250),
                placeholder="Kode, nama, bidang atau jenis layanan",
                width="360px",
            ),
        ),
        rx.box(
            table(["Kode", "Nama Izin", "Bidang", "Jenis Layanan", "Lama Proses", "Status"], S.shown, row, size="1"),
            max_height="320px",
            overflow_y="auto",
            width="100%",
        ),
        rx.text(S.shown.length().to_string() + " jenis izin", size="1", color_scheme="gray", role="status"),
        width="100%",
    )


def _izin_form(S: Any) -> rx.Component:
    v, e = S.izin, S.errors
    return rx.form(
        rx.grid(
            text_field("Kode", "code", e, default_value=v["code"], max_length=20, hint="Contoh: SIPD-B"),
            text_field("Nama Izin", "name", e, default_value=v["name"], max_length=200),
            select_default("Bidang", "bidang_id", e, S.bidang_options, v["bidang_id"]),
            select_default("Jenis Layanan", "layanan_id", e, S.layanan_options, v["layanan_id"]),
            columns="2",
            spacing="3",
            width="100%",
        ),
        text_field("Deskripsi", "description", e, default_value=v["description"], required=False, textarea=True),
        rx.grid(
            text_field(
                "Lama Proses (hari kerja)", "processing_days", e, type="number", default_value=v["processing_days"]
            ),
            text_field(
                "Masa Berlaku (bulan)",
                "validity_months",
                e,
                type="number",
                required=False,
                default_value=v["validity_months"],
                hint="Kosong = tanpa batas",
            ),
            text_field("Biaya (Rp)", "cost", e, type="number", default_value=v["cost"], required=False),
            columns="2",
            spacing="3",
            width="100%",
        ),
        text_field("Dasar Hukum", "legal_basis", e, default_value=v["legal_basis"], required=False, textarea=True),
        rx.flex(
            checkbox("Perlu Faskes", "needs_faskes", v["needs_faskes"]),
            checkbox("Perlu Lokasi", "needs_location", v["needs_location"]),
            checkbox("Aktif", "active", v["active"]),
            spacing="2",
            wrap="wrap",
        ),
        rx.button(rx.icon("save", size=16), "Simpan", type="submit"),
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
            "Nonaktifkan",
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=S.retire(what, row["id"]),
            aria_label="Nonaktifkan " + name.to(str),
        ),
    )


def _requirements(S: Any) -> rx.Component:
    def row(r: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.text(r["name"], size="2", weight="medium"), rx.text(r["note"], size="1", color_scheme="gray")
            ),
            rx.table.cell(rx.cond(r["required"], "Wajib", "Opsional"), white_space="nowrap"),
            rx.table.cell(_status(r["active"])),
            rx.table.cell(_retire_button(S, "requirement", r, r["name"])),
        )

    return rx.el.section(
        rx.heading("Persyaratan", as_="h2", size="4"),
        table(["Nama Persyaratan", "Sifat", "Status", ""], S.requirements, row, size="1"),
        rx.form(
            rx.heading("Tambah Persyaratan", as_="h3", size="2"),
            text_field("Nama Persyaratan", "req_name", S.errors, max_length=200),
            text_field("Keterangan", "req_note", S.errors, required=False, max_length=500),
            rx.hstack(checkbox("Wajib", "req_required", True), rx.button("Tambah Persyaratan", type="submit")),
            on_submit=S.add_requirement,
            key=S.req_key.to_string(),
            **SUB_FORM,
        ),
        aria_label="Persyaratan",
        **SECTION,
    )


def _fields(S: Any) -> rx.Component:
    def row(f: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(
                rx.text(f["label"], size="2", weight="medium"), rx.text(f["key"], size="1", color_scheme="gray")
            ),
            rx.table.cell(rx.text(f["type_label"], size="2"), rx.text(f["options"], size="1", color_scheme="gray")),
            rx.table.cell(rx.cond(f["required"], "Wajib", "Opsional"), white_space="nowrap"),
            rx.table.cell(_status(f["active"])),
            rx.table.cell(_retire_button(S, "field", f, f["label"])),
        )

    return rx.el.section(
        rx.heading("Isian Formulir", as_="h2", size="4"),
        table(["Label", "Jenis Isian", "Sifat", "Status", ""], S.fields, row, size="1"),
        rx.form(
            rx.heading("Tambah Isian", as_="h3", size="2"),
            rx.grid(
                text_field("Kunci", "field_key", S.errors, max_length=40, hint="huruf kecil, angka, garis bawah"),
                text_field("Label", "field_label", S.errors, max_length=120),
                select_default("Jenis Isian", "field_type", S.errors, FIELD_TYPES, FieldType.TEXT.value),
                text_field(
                    "Pilihan",
                    "field_options",
                    S.errors,
                    required=False,
                    hint="Untuk jenis Pilihan; pisahkan dengan koma",
                ),
                columns="2",
                spacing="3",
                width="100%",
            ),
            rx.hstack(checkbox("Wajib", "field_required", True), rx.button("Tambah Isian", type="submit")),
            on_submit=S.add_form_field,
            key=S.field_key.to_string(),
            **SUB_FORM,
        ),
        aria_label="Isian Formulir",
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
                    *[rx.el.option(t, value=d) for d, t in DESKS],
                    value=step["desk"],
                    on_change=lambda value: S.set_step(i, "desk", value),
                    aria_label="Meja tahap " + n,
                    class_name="native-select",
                    width="260px",
                ),
                rx.input(
                    value=step["stage"],
                    on_change=lambda value: S.set_step(i, "stage", value),
                    aria_label="Nama tahap " + n,
                    flex="1",
                ),
                rx.icon_button(
                    rx.icon("arrow-up", size=14),
                    size="1",
                    variant="soft",
                    on_click=S.move_step(i, -1),
                    aria_label="Naikkan tahap " + n,
                ),
                rx.icon_button(
                    rx.icon("arrow-down", size=14),
                    size="1",
                    variant="soft",
                    on_click=S.move_step(i, 1),
                    aria_label="Turunkan tahap " + n,
                ),
                rx.icon_button(
                    rx.icon("trash-2", size=14),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.drop_step(i),
                    aria_label="Hapus tahap " + n,
                ),
                align="center",
                width="100%",
            ),
            rx.cond(desk_error != "", rx.text(desk_error, color_scheme="red", size="2", role="alert")),
            rx.cond(stage_error != "", rx.text(stage_error, color_scheme="red", size="2", role="alert")),
            width="100%",
        )

    return rx.el.section(
        rx.heading("Alur Proses", as_="h2", size="4"),
        rx.text("Urutan meja yang dilalui berkas setelah diajukan.", size="2", color_scheme="gray"),
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
            rx.button(rx.icon("plus", size=14), "Tambah Tahap", variant="soft", on_click=S.add_step),
            rx.button(rx.icon("save", size=16), "Simpan Alur", on_click=S.save_steps),
            spacing="3",
        ),
        aria_label="Alur Proses",
        **SECTION,
    )


def detail_panels(S: Any) -> rx.Component:
    saved = S.selected > 0
    return rx.vstack(
        rx.heading(S.title, as_="h2", size="5"),
        rx.grid(
            rx.vstack(
                panel(rx.heading("Data Izin", as_="h2", size="4"), _izin_form(S)),
                rx.cond(saved, panel(_requirements(S))),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                saved,
                panel(_fields(S)),
                panel(
                    rx.text(
                        "Simpan izin baru terlebih dahulu, lalu tambahkan persyaratan, isian dan alur prosesnya.",
                        size="2",
                    )
                ),
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
