"""`/permohonan/[id]`: Langkah 4–6 for a draft (isi kelengkapan, faskes, ajukan), and the
read-only view of a submitted application. Every action re-checks ownership in the service."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import reflex as rx

from spontan_app.components.document_input import document_input
from spontan_app.components.forms import form_alert
from spontan_app.components.map_picker import map_picker
from spontan_app.components.nav import applicant_page
from spontan_app.components.stepper import stepper
from spontan_app.db import session_scope
from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.timefmt import format_date, format_datetime
from spontan_app.services import accounts, applications, catalogue, workflow
from spontan_app.services import faskes as faskes_service
from spontan_app.services.applications import DECLARATION, DraftInput
from spontan_app.services.errors import DomainError, FieldErrors, NotFound, PermissionDenied
from spontan_app.services.faskes import ProposalForm
from spontan_app.settings import get_settings
from spontan_app.state.auth import AuthState


@dataclass
class FieldView:
    key: str
    label: str
    type: str
    required: bool
    help: str
    options: list[str]


@dataclass
class DocView:
    req_id: int
    name: str
    note: str
    required: bool
    doc_id: int = 0
    file_name: str = ""
    size_text: str = ""
    version: int = 0
    flagged: bool = False


@dataclass
class FaskesView:
    id: int
    no: int
    kode_daerah: str
    kode_pusat: str
    nama: str
    alamat: str
    pemilik: str
    penanggung_jawab: str


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class PermohonanState(AuthState):
    loaded: bool = False
    missing: str = ""
    app_id: int = 0
    status: str = ""
    reg_number: str = ""
    submitted_at: str = ""
    due_date: str = ""
    izin_name: str = ""
    izin_code: str = ""
    processing_days: int = 0
    needs_faskes: bool = False
    needs_location: bool = False
    fields: list[FieldView] = []
    values: dict[str, str] = {}
    docs: list[DocView] = []
    lokasi: str = ""
    latitude: str = ""
    longitude: str = ""
    keterangan: str = ""
    map_lat: float | None = None
    map_lng: float | None = None
    faskes_id: int = 0
    faskes_info: dict[str, str] = {}
    faskes_open: bool = False
    faskes_query: str = ""
    faskes_page: int = 1
    faskes_pages: int = 1
    faskes_rows: list[FaskesView] = []
    faskes_summary: str = ""
    proposal_open: bool = False
    proposal_errors: dict[str, str] = {}
    proposal_info: str = ""
    declaration: bool = False
    errors: dict[str, str] = {}
    form_error: str = ""
    form_key: int = 0
    editable: bool = False
    edit_reason: str = ""
    return_note: str = ""
    _submit_key: str = ""

    # ----------------------------------------------------------------- loading

    @rx.event
    def load(self):
        self.loaded, self.missing, self.errors, self.form_error = False, "", {}, ""
        self.faskes_open = self.proposal_open = False
        self._submit_key = secrets.token_hex(16)  # one key per visit: a retried submit is recognised
        try:
            self._reload()
        except PermissionDenied:
            return None  # require_login redirects
        except NotFound as exc:
            self.missing = exc.message
        self.loaded = True
        return None

    def _reload(self) -> None:
        with session_scope() as session:
            application = applications.get_owned(
                session=session,
                applicant=accounts.current_applicant(session=session, token=self.session_token),
                application_id=self.id,
            )
            izin = catalogue.get_izin(session=session, izin_id=application.izin_id)
            fields = applications.fields_of(session=session, izin_id=izin.id)
            values = applications.values_of(session=session, application_id=application.id)
            current = applications.current_documents(session=session, application_id=application.id)
            requirements = catalogue.requirements_of(session=session, izin_id=izin.id)
            chosen = (
                faskes_service.get_active(session=session, faskes_id=application.faskes_id)
                if application.faskes_id
                else None
            )
        self.app_id, self.status = application.id, application.status
        self.reg_number = application.registration_number or ""
        self.submitted_at = format_datetime(application.submitted_at)
        self.due_date = format_date(application.due_date)
        self.izin_name, self.izin_code, self.processing_days = izin.name, izin.code, izin.processing_days
        self.needs_faskes, self.needs_location = izin.needs_faskes, izin.needs_location
        self.fields = [
            FieldView(f.key, f.label, f.field_type, f.required, f.help_text, list(f.options or [])) for f in fields
        ]
        self.values = {f.key: values.get(f.key, "") for f in fields}
        self.docs = [
            DocView(
                r.id,
                r.name,
                r.note,
                r.required,
                current[r.id].id if r.id in current else 0,
                current[r.id].original_name if r.id in current else "",
                _size(current[r.id].size) if r.id in current else "",
                current[r.id].version if r.id in current else 0,
                current[r.id].flagged if r.id in current else False,
            )
            for r in requirements
        ]
        self.lokasi, self.keterangan = application.lokasi, application.keterangan
        self.latitude = "" if application.latitude is None else str(application.latitude)
        self.longitude = "" if application.longitude is None else str(application.longitude)
        self.map_lat, self.map_lng = application.latitude, application.longitude
        self._show_faskes(chosen)
        with session_scope() as session:
            self.editable, self.edit_reason = workflow.can_edit(session, application)
            self.return_note = (
                workflow.latest_staff_note(session, application.id)
                if application.status == ApplicationStatus.RETURNED.value
                else ""
            )
        self.form_key += 1

    def _show_faskes(self, chosen) -> None:
        self.faskes_id = chosen.id if chosen else 0
        self.faskes_info = (
            {}
            if chosen is None
            else {
                "Nama Faskes": chosen.nama,
                "Alamat Faskes": chosen.alamat,
                "Nama Pemilik": chosen.pemilik,
                "Nama Penanggung Jawab": chosen.penanggung_jawab,
                "Titik Lokasi": f"{chosen.latitude}, {chosen.longitude}" if chosen.latitude is not None else "-",
            }
        )

    @rx.var
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT.value

    @rx.var
    def is_returned(self) -> bool:
        return self.status == ApplicationStatus.RETURNED.value

    @rx.var
    def show_form(self) -> bool:
        return self.is_draft or self.editable

    @rx.var
    def wizard_step(self) -> int:
        if self.needs_faskes and self.faskes_id == 0:
            return 5 if all(d.doc_id for d in self.docs if d.required) else 4
        return 6 if self.declaration else 4

    @rx.var
    def max_mb(self) -> int:
        return get_settings().max_upload_mb

    # ----------------------------------------------------------------- editing

    @rx.event
    def set_value(self, key: str, value: str) -> None:
        if key in self.values:
            self.values[key] = str(value)[:2000]
            self.errors = {k: v for k, v in self.errors.items() if k != key}

    @rx.event
    def set_field(self, name: str, value: str) -> None:
        if name in ("lokasi", "latitude", "longitude", "keterangan"):
            setattr(self, name, str(value)[:1000])

    @rx.event
    def map_pick(self, lat: float, lng: float) -> None:
        self.map_lat, self.map_lng = float(lat), float(lng)

    @rx.event
    def confirm_location(self) -> None:
        if self.map_lat is None or self.map_lng is None:
            self.errors = {**self.errors, "latitude": "Klik titik lokasi pada peta terlebih dahulu."}
            return
        self.latitude, self.longitude = f"{self.map_lat:.6f}", f"{self.map_lng:.6f}"
        self.errors = {k: v for k, v in self.errors.items() if k != "latitude"}
        self.form_key += 1  # the Latitude/Longitude inputs show the new values

    @rx.event
    def set_declaration(self, checked: bool) -> None:
        self.declaration = bool(checked)

    def _draft_input(self) -> DraftInput:
        return DraftInput(
            values=dict(self.values),
            lokasi=self.lokasi,
            latitude=self.latitude,
            longitude=self.longitude,
            keterangan=self.keterangan,
            draft_step=self.wizard_step,
        )

    def _save(self, session) -> None:
        applications.save_draft(
            session=session,
            applicant=accounts.current_applicant(session=session, token=self.session_token),
            application_id=self.app_id,
            data=self._draft_input(),
        )

    @rx.event
    def save_draft(self):
        try:
            with session_scope() as session:
                self._save(session)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        return rx.toast.success("Draf tersimpan. Anda dapat melanjutkannya dari Beranda.")

    # ----------------------------------------------------------------- documents

    @rx.event
    def document_uploaded(self, requirement_id: int, ok: bool, message: str) -> None:
        """After the browser's upload to /unggah: show the error, or the stored file."""
        key = f"doc-{int(requirement_id)}"
        if not ok:
            self.errors = {**self.errors, key: message or "Unggah gagal."}
            return
        self.errors = {k: v for k, v in self.errors.items() if k != key}
        try:
            with session_scope() as session:
                applications.get_owned(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    application_id=self.app_id,
                )
                current = applications.current_documents(session=session, application_id=self.app_id)
        except DomainError:
            return
        self.docs = [
            DocView(
                d.req_id,
                d.name,
                d.note,
                d.required,
                current[d.req_id].id,
                current[d.req_id].original_name,
                _size(current[d.req_id].size),
                current[d.req_id].version,
                current[d.req_id].flagged,
            )
            if d.req_id in current
            else d
            for d in self.docs
        ]

    # ----------------------------------------------------------------- faskes

    @rx.event
    def open_faskes(self) -> None:
        self.faskes_open, self.faskes_page = True, 1
        self._search_faskes()

    @rx.event
    def close_faskes(self) -> None:
        self.faskes_open = False

    def _search_faskes(self) -> None:
        with session_scope() as session:
            result = faskes_service.search(session=session, query=self.faskes_query, page=self.faskes_page)
        start = result.first
        self.faskes_rows = [
            FaskesView(
                f.id,
                start + i,
                f.kode_daerah or "",
                f.kode_pusat or "",
                f.nama,
                f.alamat,
                f.pemilik,
                f.penanggung_jawab,
            )
            for i, f in enumerate(result.rows)
        ]
        self.faskes_summary, self.faskes_pages = result.summary, result.pages

    @rx.event
    def search_faskes(self, value: str) -> None:
        self.faskes_query, self.faskes_page = value[:80], 1
        self._search_faskes()

    @rx.event
    def faskes_next(self) -> None:
        if self.faskes_page < self.faskes_pages:
            self.faskes_page += 1
            self._search_faskes()

    @rx.event
    def faskes_prev(self) -> None:
        if self.faskes_page > 1:
            self.faskes_page -= 1
            self._search_faskes()

    @rx.event
    def pick_faskes(self, faskes_id: int):
        try:
            with session_scope() as session:
                self._save(session)
                applications.choose_faskes(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    application_id=self.app_id,
                    faskes_id=int(faskes_id),
                )
                chosen = faskes_service.get_active(session=session, faskes_id=int(faskes_id))
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._show_faskes(chosen)
        self.errors = {k: v for k, v in self.errors.items() if k != "faskes"}
        self.faskes_open = False
        return None

    @rx.event
    def open_proposal(self) -> None:
        self.faskes_open, self.proposal_open, self.proposal_errors, self.proposal_info = False, True, {}, ""

    @rx.event
    def close_proposal(self) -> None:
        self.proposal_open = False

    @rx.event
    def submit_proposal(self, form: dict) -> None:
        # Inputs are prefixed ("usul_") so their ids never clash with the application form's.
        data = ProposalForm(**{k: form.get(f"usul_{k}", "") for k in ProposalForm.__dataclass_fields__})
        try:
            with session_scope() as session:
                faskes_service.propose(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    form=data,
                )
        except FieldErrors as exc:
            self.proposal_errors = {f"usul_{k}": v for k, v in exc.errors.items()}
            return
        self.proposal_errors = {}
        self.proposal_info = (
            "Usulan faskes terkirim dan menunggu persetujuan petugas DPMPTSP. Anda akan diberi tahu melalui "
            "WhatsApp saat faskes dapat dipilih; draf ini tetap tersimpan."
        )

    # ----------------------------------------------------------------- ubah (after submission)

    @rx.event
    def save_changes(self):
        self.form_error = ""
        try:
            with session_scope() as session:
                applications.save_changes(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    application_id=self.app_id,
                    data=self._draft_input(),
                )
        except FieldErrors as exc:
            self.errors = exc.errors
            self.form_error = "Perubahan belum disimpan: periksa isian yang ditandai."
            return None
        except DomainError as exc:
            self.form_error = exc.message
            return None
        self.errors = {}
        return rx.toast.success("Perubahan tersimpan.")

    @rx.event
    def resubmit(self):
        self.form_error = ""
        try:
            with session_scope() as session:
                applications.save_changes(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    application_id=self.app_id,
                    data=self._draft_input(),
                )
                workflow.resubmit(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    application_id=self.app_id,
                )
        except FieldErrors as exc:
            self.errors = exc.errors
            self.form_error = "Belum dapat diajukan ulang: periksa isian yang ditandai."
            return None
        except DomainError as exc:
            self.form_error = exc.message
            return None
        return [rx.toast.success("Permohonan diajukan ulang dan diteruskan ke petugas."), rx.redirect("/beranda")]

    # ----------------------------------------------------------------- submit

    @rx.event
    def submit(self):
        self.form_error = ""
        try:
            with session_scope() as session:
                self._save(session)
            with session_scope() as session:
                result = applications.submit(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    application_id=self.app_id,
                    submit_key=self._submit_key,
                    declaration=self.declaration,
                )
        except FieldErrors as exc:
            self.errors = exc.errors
            self.form_error = f"Permohonan belum dapat diajukan: {len(exc.errors)} isian perlu dilengkapi."
            return None
        except PermissionDenied as exc:
            return [rx.toast.error(exc.message), rx.redirect("/login")]
        except DomainError as exc:
            self.form_error = exc.message
            return None
        return [
            rx.toast.success(f"Permohonan berhasil diajukan. Nomor Pendaftaran: {result.registration_number}"),
            rx.redirect("/beranda"),
        ]


# --------------------------------------------------------------------- components

S = PermohonanState


def _dl(*items: rx.Component) -> rx.Component:
    """A label/value list that stacks on a phone."""
    return rx.data_list.root(*items, orientation=rx.breakpoints(initial="vertical", sm="horizontal"))


def _error(key) -> rx.Component:
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


def _field(field: FieldView) -> rx.Component:
    return rx.box(
        rx.el.div(
            rx.el.label(field.label, html_for=field.key, class_name="field-label"),
            rx.cond(field.required, rx.el.span("*", aria_hidden="true", class_name="required-mark")),
            class_name="label-row",
        ),
        _input(field),
        rx.cond(field.help != "", rx.text(field.help, size="1", color_scheme="gray")),
        _error(field.key),
        class_name="field",
    )


def _plain_field(label: str, name: str, value, textarea: bool = False, required: bool = True) -> rx.Component:
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
        _error(name),
        class_name="field",
    )


def _location() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Lokasi", as_="h3", size="4"),
            _plain_field("Lokasi", "lokasi", S.lokasi, textarea=True),
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
                _plain_field("Latitude", "latitude", S.latitude),
                _plain_field("Longitude", "longitude", S.longitude),
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
        _error("doc-" + doc.req_id.to_string()),
        class_name="doc-row",
    )


def _documents() -> rx.Component:
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


OPTIONAL_COLUMNS = {"Kode Faskes Daerah", "Kode Faskes Pusat", "Nama Pemilik", "Penanggung Jawab"}


def _faskes_table() -> rx.Component:
    header = [
        "No.",
        "Kode Faskes Daerah",
        "Kode Faskes Pusat",
        "Nama Faskes",
        "Alamat",
        "Nama Pemilik",
        "Penanggung Jawab",
        "Aksi",
    ]
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h, class_name="col-optional" if h in OPTIONAL_COLUMNS else "")
                        for h in header
                    ]
                )
            ),
            rx.table.body(
                rx.cond(
                    S.faskes_rows.length() > 0,
                    rx.foreach(
                        S.faskes_rows,
                        lambda f: rx.table.row(
                            rx.table.cell(f.no),
                            rx.table.cell(f.kode_daerah, class_name="col-optional"),
                            rx.table.cell(f.kode_pusat, class_name="col-optional"),
                            rx.table.cell(
                                f.nama,
                                # On a phone the hidden columns' essentials sit under the name.
                                rx.el.div("PJ: ", f.penanggung_jawab, class_name="phone-only faskes-sub"),
                            ),
                            rx.table.cell(f.alamat),
                            rx.table.cell(f.pemilik, class_name="col-optional"),
                            rx.table.cell(f.penanggung_jawab, class_name="col-optional"),
                            rx.table.cell(
                                rx.button(
                                    "Pilih",
                                    size="1",
                                    type="button",
                                    on_click=S.pick_faskes(f.id),
                                    aria_label="Pilih " + f.nama,
                                )
                            ),
                        ),
                    ),
                    rx.table.row(
                        rx.table.cell(
                            rx.vstack(
                                rx.text("Data yang anda cari tidak ditemukan, Silahkan Tambah Data"),
                                rx.button("Tambah Data", type="button", size="2", on_click=S.open_proposal),
                            ),
                            col_span=8,
                        )
                    ),
                ),
            ),
            size="1",
            variant="surface",
        ),
        overflow_x="auto",
        width="100%",
    )


def _faskes_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Pencarian Faskes"),
            rx.vstack(
                rx.box(
                    rx.el.label("Cari", html_for="cari-faskes", class_name="field-label"),
                    rx.input(
                        id="cari-faskes",
                        default_value=S.faskes_query,
                        placeholder="Nama, alamat, kode, pemilik",
                        on_change=S.search_faskes.debounce(300),
                        width="100%",
                    ),
                    width="100%",
                ),
                _faskes_table(),
                rx.text(S.faskes_summary, size="2", role="status"),
                rx.hstack(
                    rx.button(
                        "Sebelumnya", type="button", variant="soft", on_click=S.faskes_prev, disabled=S.faskes_page <= 1
                    ),
                    rx.button(
                        "Selanjutnya",
                        type="button",
                        variant="soft",
                        on_click=S.faskes_next,
                        disabled=S.faskes_page >= S.faskes_pages,
                    ),
                    rx.spacer(),
                    rx.button("Tambah Data", type="button", variant="outline", on_click=S.open_proposal),
                    rx.button("Tutup", type="button", color_scheme="gray", on_click=S.close_faskes),
                    width="100%",
                    wrap="wrap",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="min(1000px, 96vw)",
        ),
        open=S.faskes_open,
        on_open_change=lambda open_: rx.cond(open_, S.open_faskes, S.close_faskes),
    )


def _proposal_dialog() -> rx.Component:
    from spontan_app.components.forms import text_field

    E = S.proposal_errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Tambah Data Faskes"),
            rx.dialog.description(
                "Usulkan fasilitas kesehatan yang belum ada. Petugas DPMPTSP akan memeriksa "
                "dan memberi tahu Anda melalui WhatsApp.",
                size="2",
            ),
            rx.cond(
                S.proposal_info != "",
                rx.vstack(
                    form_alert(S.proposal_info, color="green"),
                    rx.button("Tutup", type="button", on_click=S.close_proposal),
                ),
                rx.form(
                    rx.vstack(
                        text_field("Nama Faskes", "usul_nama", E, max_length=200),
                        text_field("Alamat Faskes", "usul_alamat", E, max_length=300),
                        text_field("Nama Pemilik", "usul_pemilik", E, max_length=200),
                        text_field("Nama Penanggung Jawab", "usul_penanggung_jawab", E, max_length=200),
                        text_field("Kontak", "usul_kontak", E, type="tel", hint="Nomor WhatsApp yang dapat dihubungi."),
                        rx.grid(
                            text_field("Latitude Faskes", "usul_latitude", E, required=False),
                            text_field("Longitude Faskes", "usul_longitude", E, required=False),
                            columns="2",
                            spacing="3",
                            width="100%",
                        ),
                        rx.hstack(
                            rx.button("Kirim Usulan", type="submit"),
                            rx.button(
                                "Batal", type="button", variant="soft", color_scheme="gray", on_click=S.close_proposal
                            ),
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=S.submit_proposal,
                    reset_on_submit=False,
                ),
            ),
            max_width="520px",
        ),
        open=S.proposal_open,
    )


def _faskes_section() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Langkah 5 – Pilih Faskes", as_="h3", size="4"),
            rx.text(
                "Alamat Praktik (khusus praktik non mandiri). Apabila fasilitas kesehatan belum tersedia, gunakan "
                "Tambah Data di jendela pencarian.",
                size="2",
                color_scheme="gray",
            ),
            rx.button(rx.icon("search", size=16), "Cari Faskes", type="button", on_click=S.open_faskes),
            rx.cond(
                S.faskes_id != 0,
                _dl(
                    rx.foreach(
                        S.faskes_info,
                        lambda kv: rx.data_list.item(rx.data_list.label(kv[0]), rx.data_list.value(kv[1])),
                    )
                ),
                rx.text("Belum ada faskes dipilih.", size="2", color_scheme="gray"),
            ),
            _error("faskes"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _summary() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Periksa Kembali", as_="h3", size="4"),
            _dl(
                rx.data_list.item(rx.data_list.label("Jenis Izin"), rx.data_list.value(S.izin_name)),
                rx.foreach(
                    S.fields,
                    lambda f: rx.data_list.item(
                        rx.data_list.label(f.label),
                        rx.data_list.value(rx.cond(S.values[f.key] != "", S.values[f.key], "-")),
                    ),
                ),
                rx.cond(
                    S.needs_location,
                    rx.data_list.item(
                        rx.data_list.label("Lokasi"),
                        rx.data_list.value(S.lokasi, " (", S.latitude, ", ", S.longitude, ")"),
                    ),
                ),
                rx.foreach(
                    S.docs,
                    lambda d: rx.data_list.item(
                        rx.data_list.label(d.name),
                        rx.data_list.value(rx.cond(d.doc_id != 0, d.file_name, "Belum diunggah")),
                    ),
                ),
                rx.cond(
                    S.needs_faskes,
                    rx.data_list.item(
                        rx.data_list.label("Faskes"), rx.data_list.value(S.faskes_info.get("Nama Faskes", "-"))
                    ),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _declaration() -> rx.Component:
    return rx.box(
        rx.el.label(
            rx.el.input(type="checkbox", id="declaration", default_checked=S.declaration, on_change=S.set_declaration),
            DECLARATION,
            html_for="declaration",
            class_name="declaration",
        ),
        _error("declaration"),
    )


def _draft_form() -> rx.Component:
    return rx.vstack(
        rx.cond(S.is_draft, stepper(S.wizard_step)),
        rx.cond(
            S.is_returned,
            rx.callout(
                rx.text("Berkas dikembalikan untuk perbaikan. Catatan petugas: ", rx.text.strong(S.return_note)),
                icon="message-square-warning",
                color_scheme="orange",
                role="alert",
                width="100%",
            ),
        ),
        rx.card(
            rx.vstack(
                rx.heading("Langkah 4 – Isi Kelengkapan", as_="h2", size="5"),
                rx.foreach(S.fields, _field),
                spacing="4",
                width="100%",
            ),
            width="100%",
            key=S.form_key,
        ),
        rx.cond(S.needs_location, _location()),
        rx.card(
            _plain_field("Keterangan", "keterangan", S.keterangan, textarea=True, required=False),
            width="100%",
            key=S.form_key,
        ),
        _documents(),
        rx.cond(S.needs_faskes & S.is_draft, _faskes_section()),
        _summary(),
        rx.cond(S.is_draft, _declaration()),
        form_alert(S.form_error),
        rx.cond(
            S.is_draft,
            rx.flex(
                rx.button(
                    rx.icon("save", size=16),
                    "Simpan Draf",
                    type="button",
                    variant="outline",
                    size="3",
                    on_click=S.save_draft,
                ),
                rx.button(rx.icon("send", size=16), "Ajukan Permohonan", type="button", size="3", on_click=S.submit),
                spacing="3",
                wrap="wrap",
            ),
            rx.flex(
                rx.cond(
                    ~S.is_returned,
                    rx.button(
                        rx.icon("save", size=16), "Simpan Perubahan", type="button", size="3", on_click=S.save_changes
                    ),
                ),
                rx.cond(
                    S.is_returned,
                    rx.button(rx.icon("send", size=16), "Ajukan Ulang", type="button", size="3", on_click=S.resubmit),
                ),
                spacing="3",
                wrap="wrap",
            ),
        ),
        _faskes_dialog(),
        _proposal_dialog(),
        spacing="4",
        width="100%",
    )


def _submitted_view() -> rx.Component:
    return rx.card(
        rx.vstack(
            _dl(
                rx.data_list.item(rx.data_list.label("Nomor Pendaftaran"), rx.data_list.value(S.reg_number)),
                rx.data_list.item(rx.data_list.label("Jenis Izin"), rx.data_list.value(S.izin_name)),
                rx.data_list.item(rx.data_list.label("Tanggal Pendaftaran"), rx.data_list.value(S.submitted_at)),
                rx.data_list.item(rx.data_list.label("Tanggal Perkiraan Jadi"), rx.data_list.value(S.due_date)),
                rx.data_list.item(rx.data_list.label("Status"), rx.data_list.value(S.status)),
            ),
            rx.cond(S.edit_reason != "", rx.callout(S.edit_reason, icon="info", size="1")),
            rx.link("Lacak status berkas", href="/lacak?nomor=" + S.reg_number),
            spacing="3",
        ),
        width="100%",
    )


@applicant_page(route="/permohonan/[id]", title="Permohonan", on_load=PermohonanState.load)
def permohonan_detail() -> rx.Component:
    return rx.vstack(
        rx.heading(rx.cond(S.izin_name != "", S.izin_name, "Permohonan"), as_="h1", size="6"),
        rx.cond(S.reg_number != "", rx.text("Nomor Pendaftaran: ", rx.text.strong(S.reg_number))),
        rx.cond(
            ~S.loaded,
            rx.center(rx.spinner(size="3"), padding="3rem", width="100%"),
            rx.cond(
                S.missing != "",
                rx.callout(S.missing, icon="triangle-alert", color_scheme="orange", role="alert"),
                rx.cond(S.show_form, _draft_form(), _submitted_view()),
            ),
        ),
        spacing="4",
        width="100%",
    )
