"""`/profil`: Setting Profil — identity, WhatsApp number (re-verified), photo, password."""

from __future__ import annotations

import reflex as rx

from spontan_app.components.forms import card_form, form_alert, submit_button, text_field
from spontan_app.components.nav import applicant_page
from spontan_app.db import session_scope
from spontan_app.domain.validation import national_number
from spontan_app.services import accounts, photos
from spontan_app.services.accounts import ProfileForm
from spontan_app.services.errors import FieldErrors, PermissionDenied, RateLimited
from spontan_app.state.auth import AuthState

PHOTO_UPLOAD = "foto_profil"


class ProfilState(AuthState):
    full_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    wa_number: str = ""
    wa_opt_out: bool = False
    errors: dict[str, str] = {}
    form_error: str = ""
    saved_info: str = ""
    wa_pending: str = ""
    wa_info: str = ""
    photo_busy: bool = False
    form_key: int = 0  # bumps to remount the form with fresh server values

    @rx.event
    def load(self):
        self.errors, self.form_error, self.saved_info, self.wa_info, self.wa_pending = {}, "", "", "", ""
        try:
            with session_scope() as session:
                applicant = accounts.current_applicant(session=session, token=self.session_token)
        except PermissionDenied:
            return  # require_login redirects
        self.full_name = applicant.full_name or ""
        self.email = applicant.email
        self.phone = national_number(applicant.phone or applicant.wa_number)
        self.address = applicant.address or ""
        self.wa_number = national_number(applicant.wa_number)
        self.wa_opt_out = applicant.wa_opt_out
        self.form_key += 1

    @rx.event
    def save(self, form: dict):
        self.form_error, self.saved_info = "", ""
        profile = ProfileForm(
            full_name=form.get("full_name", ""),
            email=form.get("email", ""),
            phone=form.get("phone", ""),
            address=form.get("address", ""),
            wa_opt_out=form.get("wa_notifications") != "on",
        )
        errors: dict[str, str] = {}
        try:
            with session_scope() as session:
                applicant = accounts.update_profile(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    form=profile,
                )
                self._fill_user(applicant)
        except FieldErrors as exc:
            errors.update(exc.errors)
        except PermissionDenied as exc:
            return [rx.toast.error(exc.message), rx.redirect("/login")]
        if any(form.get(k) for k in ("old_password", "new_password", "new_password_confirm")):
            try:
                with session_scope() as session:
                    accounts.change_password(
                        session=session,
                        applicant=accounts.current_applicant(session=session, token=self.session_token),
                        keep_token=self.session_token,
                        old=form.get("old_password", ""),
                        new=form.get("new_password", ""),
                        confirm=form.get("new_password_confirm", ""),
                    )
            except FieldErrors as exc:
                errors.update(exc.errors)
        self.errors = errors
        if errors:
            self.form_error = "Sebagian perubahan belum tersimpan. Periksa isian yang ditandai."
            return None
        self.saved_info = "Profil berhasil diperbarui."
        return rx.toast.success("Profil berhasil diperbarui.")

    @rx.event
    def request_wa_change(self, form: dict) -> None:
        self.wa_info = ""
        try:
            with session_scope() as session:
                new_number = accounts.request_wa_change(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    new_number=form.get("wa_number", ""),
                )
                accounts.current_applicant(session=session, token=self.session_token)
        except FieldErrors as exc:
            self.errors = exc.errors
            return
        except RateLimited as exc:
            self.errors = {"wa_number": exc.message}
            return
        self.errors = {}
        self.wa_pending = national_number(new_number)
        self.wa_info = f"Kode OTP telah dikirim ke {self.wa_pending}. Masukkan kode untuk mengganti nomor."

    @rx.event
    def confirm_wa_change(self, form: dict) -> None:
        with session_scope() as session:
            outcome = accounts.confirm_wa_change(
                session=session,
                applicant=accounts.current_applicant(session=session, token=self.session_token),
                code=form.get("otp", ""),
            )
        if not outcome.ok:
            self.errors = {"otp": outcome.message}
            return
        self.errors, self.wa_number, self.wa_pending = {}, self.wa_pending, ""
        self.wa_info = "Nomor WhatsApp berhasil diganti."

    @rx.event
    async def upload_photo(self, files: list[rx.UploadFile]):
        if not files:
            return
        data = await files[0].read(photos.MAX_PHOTO_BYTES + 1)
        try:
            with session_scope() as session:
                photos.replace_photo(
                    session=session,
                    applicant=accounts.current_applicant(session=session, token=self.session_token),
                    data=data,
                )
                self._fill_user(accounts.current_applicant(session=session, token=self.session_token))
        except FieldErrors as exc:
            self.errors = {**self.errors, **exc.errors}
            return
        except PermissionDenied:
            return rx.redirect("/login")
        self.errors = {k: v for k, v in self.errors.items() if k != "photo"}
        return rx.toast.success("Foto profil diperbarui.")


def _photo_section() -> rx.Component:
    S = ProfilState
    return rx.hstack(
        rx.avatar(src=S.user_photo, fallback=S.user_name[:1], size="6", radius="full", alt="Foto profil saat ini"),
        rx.vstack(
            rx.el.label(
                "Upload Foto Profil",
                rx.upload.root(
                    rx.box(
                        rx.icon("upload", size=16),
                        rx.text("Pilih Foto", size="2"),
                        class_name="upload-button",
                        aria_hidden="true",
                    ),
                    id=PHOTO_UPLOAD,
                    accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]},
                    multiple=False,
                    max_files=1,
                    no_click=True,
                    no_drag=False,
                    on_drop=S.upload_photo(rx.upload_files(upload_id=PHOTO_UPLOAD)),
                ),
                class_name="field-label upload-label",
            ),
            rx.text("JPG atau PNG, maksimal 5 MB. Foto dipotong persegi 256×256.", size="1", color_scheme="gray"),
            rx.cond(
                S.errors.get("photo", "") != "",
                rx.text(S.errors.get("photo", ""), role="alert", size="2", color_scheme="red"),
            ),
            spacing="1",
        ),
        spacing="4",
        align="center",
    )


def _wa_section() -> rx.Component:
    S = ProfilState
    return rx.card(
        rx.vstack(
            rx.heading("Nomor WhatsApp", as_="h2", size="4"),
            rx.text("Nomor saat ini: ", rx.text.strong(S.wa_number), size="2"),
            form_alert(S.wa_info, color="blue"),
            rx.cond(
                S.wa_pending == "",
                rx.form(
                    rx.hstack(
                        rx.box(
                            text_field(
                                "No WA",
                                "wa_number",
                                S.errors,
                                type="tel",
                                input_mode="tel",
                                hint="Nomor baru diverifikasi dengan kode OTP.",
                                required=False,
                            ),
                            flex="1",
                        ),
                        rx.button("Kirim OTP", type="submit", variant="outline", margin_top="24px"),
                        align="start",
                        width="100%",
                    ),
                    on_submit=S.request_wa_change,
                    reset_on_submit=False,
                    width="100%",
                ),
                rx.form(
                    rx.hstack(
                        rx.box(text_field("Kode OTP", "otp", S.errors, input_mode="numeric", max_length=6), flex="1"),
                        rx.button("Verifikasi", type="submit", margin_top="24px"),
                        align="start",
                        width="100%",
                    ),
                    on_submit=S.confirm_wa_change,
                    reset_on_submit=False,
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _profile_form() -> rx.Component:
    S = ProfilState
    return rx.form(
        rx.vstack(
            form_alert(S.form_error),
            form_alert(S.saved_info, color="green"),
            text_field(
                "No Identitas", "identity", S.errors, default_value=S.user_identity, read_only=True, required=False
            ),
            text_field("Nama Lengkap", "full_name", S.errors, default_value=S.full_name, max_length=150),
            text_field("Email", "email", S.errors, type="email", default_value=S.email),
            text_field("Nomor Handphone", "phone", S.errors, type="tel", default_value=S.phone, input_mode="tel"),
            text_field("Alamat", "address", S.errors, textarea=True, default_value=S.address, max_length=300),
            rx.el.label(
                rx.el.input(type="checkbox", name="wa_notifications", default_checked=~S.wa_opt_out),
                " Kirim notifikasi status permohonan ke WhatsApp saya",
                class_name="choice",
            ),
            rx.divider(),
            rx.heading("Ganti Password", as_="h2", size="4"),
            rx.text("Kosongkan isian berikut jika Anda tidak ingin mengganti Password", size="2", color_scheme="gray"),
            text_field(
                "Password Lama",
                "old_password",
                S.errors,
                type="password",
                required=False,
                autocomplete="current-password",
            ),
            text_field(
                "Password Baru",
                "new_password",
                S.errors,
                type="password",
                required=False,
                autocomplete="new-password",
                hint="Minimal 8 karakter.",
            ),
            text_field(
                "Konfirmasi Password Baru",
                "new_password_confirm",
                S.errors,
                type="password",
                required=False,
                autocomplete="new-password",
            ),
            submit_button("Update Profil Saya"),
            spacing="4",
            width="100%",
        ),
        on_submit=S.save,
        reset_on_submit=False,
        key=S.form_key,
        width="100%",
    )


@applicant_page(route="/profil", title="Setting Profil", on_load=ProfilState.load)
def profil() -> rx.Component:
    return card_form(
        "Setting Profil",
        _photo_section(),
        _profile_form(),
        _wa_section(),
        subtitle="Perbarui identitas, foto profil, nomor WhatsApp dan password akun Anda.",
        max_width="680px",
    )
