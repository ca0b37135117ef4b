"""`/verifikasi/[token]`: the WhatsApp link opens the completion form (password, identity)."""

from __future__ import annotations

import reflex as rx

from spontan_app.domain import wilayah
from spontan_app.domain.enums import ApplicantType, Origin, RegionLevel
from spontan_app.domain.validation import national_number
from spontan_app.i18n import t
from spontan_app.services import accounts
from spontan_app.services.accounts import CompletionForm, PendingAccount
from spontan_app.services.errors import FieldErrors, NotFound
from spontan_app.state.base import HandlerMixin
from spontan_app.state.lang import LangState

Options = list[tuple[str, str]]
Groups = list[tuple[str, Options]]  # (province, its kabupaten/kota options)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _options(rows) -> Options:
    return [(str(r.id), r.name) for r in rows]


def kabkota_groups(rows) -> Groups:
    """Kabupaten/kota grouped by province (in Kemendagri code order), for <optgroup>s."""
    groups: dict[str, Options] = {}
    for row in sorted(rows, key=lambda r: r.code):
        groups.setdefault(wilayah.province_of(row.code) or "Lainnya", []).append((str(row.id), row.name))
    return list(groups.items())


def filter_kabkota(groups: Groups, query: str, keep: str = "") -> Groups:
    """The kabupaten/kota whose name or province holds every word typed, in any case and
    anywhere in the name: "samarinda" finds "Kota Samarinda", "kab bandung" finds
    "Kabupaten Bandung" and "Kabupaten Bandung Barat", "papua selatan" a whole province.
    ``keep`` (the chosen id) always stays, so filtering never drops a choice already made."""
    words = query.casefold().replace(".", " ").split()
    if not words:
        return groups
    shown: Groups = []
    for province, options in groups:
        kept = [
            (value, name)
            for value, name in options
            if value == keep or all(w in f"{name} {province}".casefold().replace(".", " ") for w in words)
        ]
        if kept:
            shown.append((province, kept))
    return shown


def open_link(*, session, token: str) -> tuple[PendingAccount, Groups, Options]:
    """The pending account behind the link, and the region choices of the form."""
    pending = accounts.open_registration_link(session=session, token=token)
    return (
        pending,
        kabkota_groups(accounts.outside_kabkota(session=session)),
        _options(accounts.balikpapan_kecamatan(session=session)),
    )


def kelurahan_of(*, session, kecamatan_id: int | None) -> Options:
    if not kecamatan_id:
        return []
    return _options(accounts.regions(session=session, level=RegionLevel.KELURAHAN, parent_id=kecamatan_id))


class VerifikasiState(HandlerMixin, LangState):
    valid: bool = False
    checked: bool = False
    invalid_message: str = ""
    show_form: bool = False
    username: str = ""
    email: str = ""
    phone: str = ""
    is_company: bool = False
    origin: str = Origin.DALAM.value
    kabkota_options: Groups = []
    kecamatan_options: Options = []
    kelurahan_options: Options = []
    kecamatan_id: str = ""
    kelurahan_id: str = ""
    # Luar Wilayah: the chosen kabupaten/kota and the words typed to find it among 513.
    kabkota_id: str = ""
    kabkota_query: str = ""

    @rx.var
    def kabkota_shown(self) -> Groups:
        return filter_kabkota(self.kabkota_options, self.kabkota_query, self.kabkota_id)

    @rx.var
    def kabkota_matches(self) -> int:
        return sum(len(options) for _, options in self.kabkota_shown)

    @rx.event
    async def load(self):
        self.checked, self.valid, self.show_form = False, False, False
        result = await self._run(open_link, as_user=False, token=self.token)
        if not result.ok:
            if isinstance(result.error, NotFound):
                self.form_error = ""
                self.invalid_message = self._l(result.error.message)
                self.checked = True
            return result.events
        pending, self.kabkota_options, self.kecamatan_options = result.value
        self.username, self.email = pending.username, pending.email
        self.phone = national_number(pending.wa_number)
        self.is_company = pending.applicant_type == ApplicantType.BADAN_USAHA.value
        self.origin = Origin.DALAM.value
        self.kecamatan_id = self.kelurahan_id = self.kabkota_id = self.kabkota_query = ""
        self.kelurahan_options = []
        self.valid = self.checked = True
        return None

    @rx.event
    def open_form(self) -> None:
        self.show_form = self.valid

    @rx.event
    def set_origin(self, value: str) -> None:
        if value in (Origin.DALAM.value, Origin.LUAR.value):
            self.origin = value

    @rx.event
    async def set_kecamatan(self, value: str):
        self.kecamatan_id, self.kelurahan_id = value, ""
        result = await self._run(kelurahan_of, as_user=False, keep_errors=True, kecamatan_id=_int(value))
        if not result.ok:
            return result.events
        self.kelurahan_options = result.value
        return None

    @rx.event
    def set_kelurahan(self, value: str) -> None:
        self.kelurahan_id = value

    @rx.event
    def set_kabkota(self, value: str) -> None:
        self.kabkota_id = value

    @rx.event
    def set_kabkota_query(self, value: str) -> None:
        self.kabkota_query = value[:60]

    @rx.event
    async def submit(self, form: dict):
        data = CompletionForm(
            password=form.get("password", ""),
            password_confirm=form.get("password_confirm", ""),
            full_name=form.get("full_name", ""),
            origin=self.origin,
            kabkota_id=_int(form.get("kabkota_id")),
            kecamatan_id=_int(self.kecamatan_id),
            kelurahan_id=_int(self.kelurahan_id),
            kecamatan_text=form.get("kecamatan_text", ""),
            kelurahan_text=form.get("kelurahan_text", ""),
            address=form.get("address", ""),
            phone=form.get("phone", ""),
            telephone=form.get("telephone", ""),
            birth_place=form.get("birth_place", ""),
            birth_date=form.get("birth_date", ""),
            sex=form.get("sex", ""),
            company_form=form.get("company_form", ""),
            pic_name=form.get("pic_name", ""),
            pic_nik=form.get("pic_nik", ""),
        )
        # bcrypt of the new password runs in the worker thread with the rest of the use case.
        result = await self._run(accounts.complete_registration, as_user=False, token=self.token, form=data)
        if not result.ok:
            if isinstance(result.error, FieldErrors):
                self.form_error = self._l(result.error.message)
            elif isinstance(result.error, NotFound):
                self.form_error = ""
                self.valid, self.invalid_message = False, self._l(result.error.message)
            return result.events
        return [rx.toast.success(t("accounts.registration_complete_toast", self.lang)), rx.redirect("/login")]
