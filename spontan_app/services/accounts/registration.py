"""Registration: identity and WhatsApp number, the OTP, the verification link and the
completion form behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain import passwords
from spontan_app.domain.enums import KOTA_BALIKPAPAN_CODE, AccountStatus, ApplicantType, Origin, RegionLevel, Sex
from spontan_app.domain.models import Applicant, OtpCode, Region, VerificationToken, utcnow
from spontan_app.domain.passwords import validate_new_password
from spontan_app.domain.validation import ValidationError, normalize_nik, normalize_wa_number, validate_email
from spontan_app.i18n import msg, normalize_lang, t
from spontan_app.services import audit, messaging, throttle
from spontan_app.services.accounts._common import (
    COMPANY_FORMS,
    LINK_TTL,
    OTP_MAX_PER_HOUR,
    OTP_RESEND_GAP,
    PURPOSE_REGISTER,
    _required,
    identity_of,
)
from spontan_app.services.accounts.otp import OtpOutcome, _issue_otp, _new_link_token, _token_row, check_otp
from spontan_app.services.errors import Conflict, FieldErrors, NotFound, RateLimited
from spontan_app.settings import get_settings


@dataclass
class RegistrationStarted:
    applicant_id: int
    wa_number: str
    resumed: bool = False
    needs_otp: bool = True  # False: number already confirmed, a new link was sent instead


PENDING_OTP_TTL = timedelta(hours=1)  # a number never confirmed blocks nobody for long
PENDING_DATA_TTL = LINK_TTL  # a confirmed number whose link was never used


def release_stale_pending(
    session: Session, *, now: datetime, username: str | None = None, wa: str | None = None
) -> int:
    """Remove registrations never finished in time, so they never block the real owner of a
    NIK/NPWP or WhatsApp number. With neither ``username`` nor ``wa`` every stale one goes."""
    stmt = select(Applicant).where(
        sa.or_(
            sa.and_(Applicant.status == AccountStatus.PENDING_OTP.value, Applicant.updated_at < now - PENDING_OTP_TTL),
            sa.and_(
                Applicant.status == AccountStatus.PENDING_DATA.value, Applicant.updated_at < now - PENDING_DATA_TTL
            ),
        )
    )
    if username or wa:
        stmt = stmt.where(sa.or_(Applicant.username == (username or ""), Applicant.wa_number == (wa or "")))
    removed = 0
    for stale in session.exec(stmt).all():
        for table in (OtpCode, VerificationToken):
            session.execute(sa.delete(table).where(table.applicant_id == stale.id))
        audit.log(session, None, "expire_registration", stale)
        session.delete(stale)
        removed += 1
    if removed:
        session.flush()
    return removed


def check_registration_fields(*, applicant_type: str, identity: str, wa_number: str, email: str) -> dict[str, str]:
    """The form's own checks, all at once (no database): the normalised values, or
    FieldErrors naming every bad field. The page runs them before it spends the captcha."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for name, check in (
        ("identity", lambda: identity_of(applicant_type, identity)),
        ("wa_number", lambda: normalize_wa_number(wa_number)),
        ("email", lambda: validate_email(email)),
    ):
        try:
            values[name] = check()
        except ValidationError as exc:
            errors[name] = exc.message
    if errors:
        raise FieldErrors(errors)
    return values


def register(
    *,
    session: Session,
    applicant_type: str,
    identity: str,
    wa_number: str,
    email: str,
    ip: str | None = None,
    now: datetime | None = None,
    language: str = "id",
) -> RegistrationStarted:
    """Step 1 of the manual: create (or resume) a pending account and send an OTP.
    ``language``: the registering tab's, kept as the applicant's (WhatsApp messages follow it)."""
    now = now or utcnow()
    if ip:
        wait = throttle.locked_for(session, [f"register:ip:{ip}"], now)
        if wait:
            raise RateLimited(msg("accounts.register_ip_limit", minutes=(wait + 59) // 60), wait)
    values = check_registration_fields(
        applicant_type=applicant_type, identity=identity, wa_number=wa_number, email=email
    )
    username, wa, mail = values["identity"], values["wa_number"], values["email"]
    if ip:  # every attempt that reaches the database counts, successful or not
        # Per quarter of an hour, then back-off (an office or a kiosk may share one address).
        throttle.record_failure(session, f"register:ip:{ip}", get_settings().registrations_per_address, now)
    release_stale_pending(session, now=now, username=username, wa=wa)
    existing = session.exec(select(Applicant).where(Applicant.username == username)).first()
    wa_owner = session.exec(select(Applicant).where(Applicant.wa_number == wa)).first()
    label = "NIK" if applicant_type == ApplicantType.PERORANGAN.value else "NPWP"

    if existing is not None:
        if existing.status in (AccountStatus.ACTIVE.value, AccountStatus.DISABLED.value):
            raise FieldErrors({"identity": msg("accounts.identity_registered", label=label)})
        if existing.applicant_type != applicant_type:
            raise FieldErrors({"identity": msg("accounts.identity_other_type", label=label)})
        if wa_owner is not None and wa_owner.id != existing.id:
            raise FieldErrors({"wa_number": msg("accounts.wa_taken")})
        if existing.wa_number != wa:
            # Half-done registration with another number: only continue with the number
            # that received the first code, so nobody can take over someone else's NIK.
            raise FieldErrors({"wa_number": msg("accounts.registration_other_number")})
        existing.email = mail
        existing.language = normalize_lang(language)  # the language of this (resumed) attempt
        existing.updated_at = now
        session.add(existing)
        if existing.status == AccountStatus.PENDING_DATA.value:
            _check_link_rate(session=session, applicant_id=existing.id, now=now)
            _send_registration_link(session=session, applicant=existing, now=now)
            return RegistrationStarted(existing.id, wa, resumed=True, needs_otp=False)
        _issue_otp(session=session, applicant=existing, purpose=PURPOSE_REGISTER, now=now)
        return RegistrationStarted(existing.id, wa, resumed=True)

    if wa_owner is not None:
        raise FieldErrors({"wa_number": msg("accounts.wa_taken")})

    applicant = Applicant(
        applicant_type=applicant_type,
        username=username,
        email=mail,
        wa_number=wa,
        status=AccountStatus.PENDING_OTP.value,
        language=normalize_lang(language),
        created_at=now,
        updated_at=now,
    )
    session.add(applicant)
    try:
        session.flush()
    except sa.exc.IntegrityError:
        # Someone registered the same NIK or number a moment ago.
        session.rollback()
        raise FieldErrors({"identity": msg("accounts.identity_or_wa_registered", label=label)}) from None
    audit.log(session, applicant, "register", applicant)
    _issue_otp(session=session, applicant=applicant, purpose=PURPOSE_REGISTER, now=now)
    return RegistrationStarted(applicant.id, wa)


def verify_registration_otp(
    *, session: Session, applicant_id: int, code: str, now: datetime | None = None
) -> OtpOutcome:
    """A correct code confirms the number and sends the verification link."""
    now = now or utcnow()
    applicant = session.get(Applicant, applicant_id)
    if applicant is None or applicant.status != AccountStatus.PENDING_OTP.value:
        return OtpOutcome(False, msg("accounts.not_waiting_otp"))
    outcome = check_otp(session=session, applicant_id=applicant_id, purpose=PURPOSE_REGISTER, code=code, now=now)
    if not outcome.ok:
        return outcome
    applicant.status = AccountStatus.PENDING_DATA.value
    applicant.updated_at = now
    session.add(applicant)
    _send_registration_link(session=session, applicant=applicant, now=now)
    audit.log(session, applicant, "verify_wa", applicant)
    return OtpOutcome(True, "", outcome.otp)


def _send_registration_link(*, session: Session, applicant: Applicant, now: datetime):
    token = _new_link_token(session=session, applicant=applicant, purpose=PURPOSE_REGISTER, ttl=LINK_TTL, now=now)
    link = f"{get_settings().public_url}/verifikasi/{token}"
    body = t("accounts.wa_link_body", applicant.language, link=link)
    return messaging.queue_message(
        session=session, to_e164=applicant.wa_number, kind="registration_link", body=body, params={"link": link}
    )


def _check_link_rate(*, session: Session, applicant_id: int, now: datetime) -> None:
    """Links follow the same policy as codes: one a minute, five an hour."""
    recent = session.exec(
        select(VerificationToken.created_at)
        .where(
            VerificationToken.applicant_id == applicant_id,
            VerificationToken.purpose == PURPOSE_REGISTER,
            VerificationToken.created_at > now - timedelta(hours=1),
        )
        .order_by(VerificationToken.created_at.desc())
    ).all()
    if recent:
        wait = int((recent[0] + OTP_RESEND_GAP - now).total_seconds())
        if wait > 0:
            raise RateLimited(msg("accounts.link_wait", wait=wait), wait)
    if len(recent) >= OTP_MAX_PER_HOUR:
        raise RateLimited(msg("accounts.link_hour_limit", limit=OTP_MAX_PER_HOUR), 3600)


def resend_registration_link(*, session: Session, applicant_id: int, now: datetime | None = None) -> int:
    now = now or utcnow()
    applicant = session.get(Applicant, applicant_id)
    if applicant is None or applicant.status != AccountStatus.PENDING_DATA.value:
        raise Conflict(msg("accounts.not_waiting_data"))
    _check_link_rate(session=session, applicant_id=applicant.id, now=now)
    return _send_registration_link(session=session, applicant=applicant, now=now).id


@dataclass(frozen=True)
class PendingAccount:
    applicant_type: str
    username: str
    email: str
    wa_number: str


def open_registration_link(*, session: Session, token: str, now: datetime | None = None) -> PendingAccount:
    now = now or utcnow()
    row = _token_row(session=session, token=token, purpose=PURPOSE_REGISTER, now=now)
    applicant = session.get(Applicant, row.applicant_id)
    if applicant is None or applicant.status != AccountStatus.PENDING_DATA.value:
        raise NotFound(msg("accounts.link_invalid"))
    return PendingAccount(applicant.applicant_type, applicant.username, applicant.email, applicant.wa_number)


@dataclass
class CompletionForm:
    password: str = ""
    password_confirm: str = ""
    full_name: str = ""  # person's name, or the company's name for a badan usaha
    origin: str = Origin.DALAM.value
    kabkota_id: int | None = None
    kecamatan_id: int | None = None
    kelurahan_id: int | None = None
    kecamatan_text: str = ""  # outside Balikpapan: typed, not chosen
    kelurahan_text: str = ""
    address: str = ""
    phone: str = ""
    telephone: str = ""
    birth_place: str = ""
    birth_date: str = ""  # YYYY-MM-DD from the date input
    sex: str = ""
    company_form: str = ""
    pic_name: str = ""
    pic_nik: str = ""


def _check_region(session: Session, errors: dict[str, str], form: CompletionForm) -> None:
    def region(region_id: int | None, level: RegionLevel, parent_id: int | None, name: str, label: str):
        label = msg(f"accounts.label_{label}")
        row = session.get(Region, region_id) if region_id else None
        if row is None or row.level != level.value or (parent_id is not None and row.parent_id != parent_id):
            errors[name] = msg("accounts.choose_region", label=label)
            return None
        return row

    if form.origin == Origin.DALAM.value:
        kota = session.exec(select(Region).where(Region.code == KOTA_BALIKPAPAN_CODE)).one()
        form.kabkota_id = kota.id
        kec = region(form.kecamatan_id, RegionLevel.KECAMATAN, kota.id, "kecamatan_id", "kecamatan")
        if kec is not None:
            region(form.kelurahan_id, RegionLevel.KELURAHAN, kec.id, "kelurahan_id", "kelurahan")
    elif form.origin == Origin.LUAR.value:
        kab = region(form.kabkota_id, RegionLevel.KABKOTA, None, "kabkota_id", "kabkota")
        if kab is not None and kab.code == KOTA_BALIKPAPAN_CODE:
            errors["kabkota_id"] = msg("accounts.balikpapan_inside")
        form.kecamatan_id = form.kelurahan_id = None
        _required(errors, "kecamatan_text", form.kecamatan_text, msg("accounts.label_kecamatan"), 90)
        _required(errors, "kelurahan_text", form.kelurahan_text, msg("accounts.label_kelurahan"), 90)
    else:
        errors["origin"] = msg("accounts.choose_origin")


def complete_registration(
    *, session: Session, token: str, form: CompletionForm, now: datetime | None = None
) -> Applicant:
    """The completion form behind the WhatsApp link; the link is used up on success."""
    now = now or utcnow()
    row = _token_row(session=session, token=token, purpose=PURPOSE_REGISTER, now=now)
    applicant = session.get(Applicant, row.applicant_id)
    if applicant is None or applicant.status != AccountStatus.PENDING_DATA.value:
        raise NotFound(msg("accounts.link_invalid"))
    company = applicant.applicant_type == ApplicantType.BADAN_USAHA.value
    errors: dict[str, str] = {}
    try:
        validate_new_password(form.password, form.password_confirm)
    except ValidationError as exc:
        errors[exc.field or "password"] = exc.message
    name_label = msg("accounts.label_company_name" if company else "accounts.label_full_name")
    name = _required(errors, "full_name", form.full_name, name_label, 150)
    _check_region(session, errors, form)
    address = _required(errors, "address", form.address, msg("accounts.label_address"), 300)
    phone = ""
    try:
        phone = normalize_wa_number(form.phone, label=msg("accounts.label_phone"))
    except ValidationError as exc:
        errors["phone"] = exc.message
    telephone = (form.telephone or "").strip()
    if telephone and not telephone.replace(" ", "").replace("-", "").lstrip("+").isdigit():
        errors["telephone"] = msg("accounts.v_digits_only", label=msg("accounts.label_telephone"))
    birth_date: date | None = None
    if company:
        if form.company_form not in COMPANY_FORMS:
            errors["company_form"] = msg("accounts.choose_company_form")
        pic_name = _required(errors, "pic_name", form.pic_name, msg("accounts.label_pic_name"), 150)
        pic_nik = ""
        try:
            pic_nik = normalize_nik(form.pic_nik)
        except ValidationError as exc:
            errors["pic_nik"] = exc.message
    else:
        birth_place = _required(errors, "birth_place", form.birth_place, msg("accounts.label_birth_place"), 100)
        try:
            birth_date = date.fromisoformat(form.birth_date)
            if not date(1900, 1, 1) <= birth_date <= (now.date() - timedelta(days=365 * 17)):
                errors["birth_date"] = msg("accounts.birth_date_implausible")
        except ValueError:
            errors["birth_date"] = msg("accounts.v_required", label=msg("accounts.label_birth_date"))
        if form.sex not in (Sex.LAKI_LAKI.value, Sex.PEREMPUAN.value):
            errors["sex"] = msg("accounts.choose_sex")
    if errors:
        raise FieldErrors(errors)

    applicant.password_hash = passwords.hash_password(form.password)
    applicant.full_name = name
    applicant.origin = form.origin
    applicant.kabkota_id, applicant.kecamatan_id, applicant.kelurahan_id = (
        form.kabkota_id,
        form.kecamatan_id,
        form.kelurahan_id,
    )
    applicant.region_text = (
        f"Kecamatan {form.kecamatan_text.strip()}, Kelurahan {form.kelurahan_text.strip()}"
        if form.origin == Origin.LUAR.value
        else None
    )
    applicant.address = address
    applicant.phone = phone
    applicant.telephone = telephone or None
    if company:
        applicant.company_name = name
        applicant.company_form = form.company_form
        applicant.pic_name = pic_name
        applicant.pic_nik = pic_nik
    else:
        applicant.birth_place = birth_place
        applicant.birth_date = birth_date
        applicant.sex = form.sex
    applicant.status = AccountStatus.ACTIVE.value
    applicant.updated_at = now
    row.used_at = now
    session.add_all([applicant, row])
    audit.log(session, applicant, "complete_registration", applicant)
    return applicant
