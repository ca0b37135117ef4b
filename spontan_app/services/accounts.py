"""Applicant accounts: registration with WhatsApp OTP, verification link, login,
sessions, profile and password reset.

Secrets (OTP codes, link tokens, session tokens) are random from ``secrets``; only
their keyed hashes are stored. Messages to the applicant go through the outbox.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select
from sqlmodel.sql.sqltypes import UTCDateTime

from spontan_app.domain.enums import KOTA_BALIKPAPAN_CODE, AccountStatus, ApplicantType, Origin, RegionLevel, Sex
from spontan_app.domain.models import (
    Applicant,
    LoginSession,
    LoginThrottle,
    OtpCode,
    Region,
    VerificationToken,
    utcnow,
)
from spontan_app.domain.passwords import hash_password, validate_new_password, verify_password
from spontan_app.domain.validation import (
    ValidationError,
    normalize_nik,
    normalize_npwp,
    normalize_wa_number,
    validate_email,
)
from spontan_app.services import audit, messaging
from spontan_app.services.errors import (
    Conflict,
    FieldErrors,
    NotFound,
    NotLoggedIn,
    RateLimited,
)
from spontan_app.settings import get_settings

OTP_TTL = timedelta(minutes=5)
OTP_MAX_ATTEMPTS = 5
OTP_RESEND_GAP = timedelta(seconds=60)
OTP_MAX_PER_HOUR = 5
LINK_TTL = timedelta(hours=24)
RESET_TTL = timedelta(minutes=15)
SESSION_IDLE = timedelta(hours=2)
SESSION_MAX = timedelta(days=7)
LOGIN_FREE_FAILURES = 5
LOGIN_IP_FREE_FAILURES = 20  # one address may serve many people (an office, a kiosk)
LOGIN_FAILURE_MEMORY = timedelta(minutes=15)  # a quiet quarter of an hour starts the count again
LOGIN_BASE_LOCK = timedelta(minutes=1)
LOGIN_MAX_LOCK = timedelta(minutes=30)

PURPOSE_REGISTER = "register"
PURPOSE_RESET = "reset"
PURPOSE_WA_CHANGE = "wa_change"

GENERIC_LOGIN_ERROR = "Username atau password salah."
COMPANY_FORMS = ["PT", "CV", "Firma", "Koperasi", "Yayasan", "Perkumpulan", "BUMD", "Lainnya"]


# --------------------------------------------------------------------------- secrets


def _digest(value: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _new_otp() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def identity_of(applicant_type: str, identity: str) -> str:
    if applicant_type == ApplicantType.PERORANGAN.value:
        return normalize_nik(identity)
    if applicant_type == ApplicantType.BADAN_USAHA.value:
        return normalize_npwp(identity)
    raise ValidationError("Pilih jenis pemohon.")


# --------------------------------------------------------------------------- registration


@dataclass
class RegistrationStarted:
    applicant_id: int
    wa_number: str
    resumed: bool = False
    needs_otp: bool = True  # False: number already confirmed, a new link was sent instead


def register(
    *, session: Session, applicant_type: str, identity: str, wa_number: str, email: str, now: datetime | None = None
) -> RegistrationStarted:
    """Step 1 of the manual: create (or resume) a pending account and send an OTP."""
    now = now or utcnow()
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

    username, wa, mail = values["identity"], values["wa_number"], values["email"]
    existing = session.exec(select(Applicant).where(Applicant.username == username)).first()
    wa_owner = session.exec(select(Applicant).where(Applicant.wa_number == wa)).first()
    label = "NIK" if applicant_type == ApplicantType.PERORANGAN.value else "NPWP"

    if existing is not None:
        if existing.status in (AccountStatus.ACTIVE.value, AccountStatus.DISABLED.value):
            raise FieldErrors({"identity": f"{label} ini sudah terdaftar. Silakan login atau gunakan Lupa Password."})
        if existing.applicant_type != applicant_type:
            raise FieldErrors({"identity": f"{label} ini sudah terdaftar dengan jenis pemohon lain."})
        if wa_owner is not None and wa_owner.id != existing.id:
            raise FieldErrors({"wa_number": "Nomor WhatsApp ini sudah digunakan oleh akun lain."})
        if existing.wa_number != wa:
            # Half-done registration with another number: only continue with the number
            # that received the first code, so nobody can take over someone else's NIK.
            raise FieldErrors(
                {
                    "wa_number": "Pendaftaran NIK/NPWP ini belum selesai dengan nomor WhatsApp lain. "
                    "Gunakan nomor yang sama lalu Kirim Ulang OTP."
                }
            )
        existing.email = mail
        existing.updated_at = now
        session.add(existing)
        if existing.status == AccountStatus.PENDING_DATA.value:
            _check_link_rate(session=session, applicant_id=existing.id, now=now)
            _send_registration_link(session=session, applicant=existing, now=now)
            return RegistrationStarted(existing.id, wa, resumed=True, needs_otp=False)
        _issue_otp(session=session, applicant=existing, purpose=PURPOSE_REGISTER, now=now)
        return RegistrationStarted(existing.id, wa, resumed=True)

    if wa_owner is not None:
        raise FieldErrors({"wa_number": "Nomor WhatsApp ini sudah digunakan oleh akun lain."})

    applicant = Applicant(
        applicant_type=applicant_type,
        username=username,
        email=mail,
        wa_number=wa,
        status=AccountStatus.PENDING_OTP.value,
        created_at=now,
        updated_at=now,
    )
    session.add(applicant)
    try:
        session.flush()
    except sa.exc.IntegrityError:
        # Someone registered the same NIK or number a moment ago.
        session.rollback()
        raise FieldErrors({"identity": f"{label} atau nomor WhatsApp ini sudah terdaftar."}) from None
    audit.log(session, applicant, "register", applicant)
    _issue_otp(session=session, applicant=applicant, purpose=PURPOSE_REGISTER, now=now)
    return RegistrationStarted(applicant.id, wa)


def _check_otp_rate(*, session: Session, wa_number: str, now: datetime, purpose: str | None = None) -> None:
    """At most one code a minute for the same purpose, and five an hour to one number."""
    hour_ago = now - timedelta(hours=1)
    recent = session.exec(
        select(OtpCode.created_at, OtpCode.purpose)
        .where(OtpCode.wa_number == wa_number, OtpCode.created_at > hour_ago)
        .order_by(OtpCode.created_at.desc())
    ).all()
    same = [created for created, kind in recent if purpose is None or kind == purpose]
    if same:
        wait = int((same[0] + OTP_RESEND_GAP - now).total_seconds())
        if wait > 0:
            raise RateLimited(f"Tunggu {wait} detik sebelum meminta kode OTP baru.", wait)
    if len(recent) >= OTP_MAX_PER_HOUR:
        wait = int((recent[-1][0] + timedelta(hours=1) - now).total_seconds()) + 1
        raise RateLimited(
            f"Batas {OTP_MAX_PER_HOUR} kode OTP per jam tercapai. Coba lagi dalam {max(1, wait // 60)} menit.", wait
        )


def _issue_otp(*, session: Session, applicant: Applicant, purpose: str, now: datetime, to_number: str | None = None):
    target = to_number or applicant.wa_number
    _check_otp_rate(session=session, wa_number=target, now=now, purpose=purpose)
    # Only the newest code of a purpose is valid.
    for old in session.exec(
        select(OtpCode).where(
            OtpCode.applicant_id == applicant.id, OtpCode.purpose == purpose, OtpCode.used_at.is_(None)
        )
    ):
        old.used_at = now
        session.add(old)
    code = _new_otp()
    session.add(
        OtpCode(
            applicant_id=applicant.id,
            purpose=purpose,
            wa_number=target,
            code_hash=_digest(code),
            created_at=now,
            expires_at=now + OTP_TTL,
        )
    )
    what = {
        PURPOSE_REGISTER: "verifikasi pendaftaran akun",
        PURPOSE_RESET: "reset password",
        PURPOSE_WA_CHANGE: "verifikasi nomor WhatsApp baru",
    }[purpose]
    body = (
        f"Kode OTP SPONTAN DPMPTSP Kota Balikpapan untuk {what}: {code}\n"
        "Berlaku 5 menit. JANGAN berikan kode ini kepada siapa pun, termasuk petugas."
    )
    return messaging.queue_message(
        session=session, to_e164=target, kind=f"otp_{purpose}", body=body, params={"code_length": 6}
    )


def resend_otp(
    *, session: Session, applicant_id: int, purpose: str = PURPOSE_REGISTER, now: datetime | None = None
) -> int:
    """Kirim Ulang OTP. Returns the queued message id."""
    now = now or utcnow()
    applicant = session.get(Applicant, applicant_id)
    if applicant is None:
        raise NotFound("Akun tidak ditemukan.")
    if purpose == PURPOSE_REGISTER and applicant.status != AccountStatus.PENDING_OTP.value:
        raise Conflict("Nomor WhatsApp sudah terverifikasi. Silakan buka tautan yang dikirim ke WhatsApp Anda.")
    target = None
    if purpose == PURPOSE_WA_CHANGE:
        pending = _latest_otp(session=session, applicant_id=applicant_id, purpose=purpose, include_used=True)
        if pending is None:
            raise Conflict("Tidak ada perubahan nomor WhatsApp yang menunggu verifikasi.")
        target = pending.wa_number
    return _issue_otp(session=session, applicant=applicant, purpose=purpose, now=now, to_number=target).id


def _latest_otp(*, session: Session, applicant_id: int, purpose: str, include_used: bool = False) -> OtpCode | None:
    stmt = select(OtpCode).where(OtpCode.applicant_id == applicant_id, OtpCode.purpose == purpose)
    if not include_used:
        stmt = stmt.where(OtpCode.used_at.is_(None))
    return session.exec(stmt.order_by(OtpCode.id.desc())).first()


@dataclass(frozen=True)
class OtpOutcome:
    ok: bool
    message: str
    otp: OtpCode | None = None


def check_otp(
    *, session: Session, applicant_id: int, purpose: str, code: str, now: datetime | None = None
) -> OtpOutcome:
    """Count the attempt; the caller commits even when the outcome is not ok."""
    now = now or utcnow()
    otp = _latest_otp(session=session, applicant_id=applicant_id, purpose=purpose)
    entered = (code or "").strip()
    if otp is None:
        return OtpOutcome(False, "Kode OTP tidak berlaku. Silakan Kirim Ulang OTP.")
    if otp.expires_at < now:
        return OtpOutcome(False, "Kode OTP sudah kedaluwarsa. Silakan Kirim Ulang OTP.")
    if not re.fullmatch(r"[0-9]{6}", entered):
        return OtpOutcome(False, "Kode OTP terdiri dari 6 digit angka.")
    # Take a try atomically before comparing: simultaneous guesses queue on the row and
    # can never add up to more than OTP_MAX_ATTEMPTS checks.
    attempts = session.execute(
        sa.update(OtpCode)
        .where(OtpCode.id == otp.id, OtpCode.attempts < OTP_MAX_ATTEMPTS, OtpCode.used_at.is_(None))
        .values(attempts=OtpCode.attempts + 1)
        .returning(OtpCode.attempts)
    ).scalar_one_or_none()
    if attempts is None:
        return OtpOutcome(False, "Terlalu banyak percobaan salah. Silakan Kirim Ulang OTP untuk kode baru.")
    if not hmac.compare_digest(otp.code_hash, _digest(entered)):
        left = OTP_MAX_ATTEMPTS - attempts
        if left <= 0:
            return OtpOutcome(False, "Kode OTP salah. Kode ini tidak berlaku lagi; silakan Kirim Ulang OTP.")
        return OtpOutcome(False, f"Kode OTP salah. Sisa percobaan: {left}.")
    used = session.execute(
        sa.update(OtpCode).where(OtpCode.id == otp.id, OtpCode.used_at.is_(None)).values(used_at=now)
    ).rowcount
    if used != 1:  # the same code was just used by a concurrent request
        return OtpOutcome(False, "Kode OTP tidak berlaku. Silakan Kirim Ulang OTP.")
    session.refresh(otp)
    return OtpOutcome(True, "", otp)


def verify_registration_otp(
    *, session: Session, applicant_id: int, code: str, now: datetime | None = None
) -> OtpOutcome:
    """A correct code confirms the number and sends the verification link."""
    now = now or utcnow()
    applicant = session.get(Applicant, applicant_id)
    if applicant is None or applicant.status != AccountStatus.PENDING_OTP.value:
        return OtpOutcome(False, "Pendaftaran ini tidak menunggu kode OTP.")
    outcome = check_otp(session=session, applicant_id=applicant_id, purpose=PURPOSE_REGISTER, code=code, now=now)
    if not outcome.ok:
        return outcome
    applicant.status = AccountStatus.PENDING_DATA.value
    applicant.updated_at = now
    session.add(applicant)
    _send_registration_link(session=session, applicant=applicant, now=now)
    audit.log(session, applicant, "verify_wa", applicant)
    return OtpOutcome(True, "", outcome.otp)


def _new_link_token(*, session: Session, applicant: Applicant, purpose: str, ttl: timedelta, now: datetime) -> str:
    for old in session.exec(
        select(VerificationToken).where(
            VerificationToken.applicant_id == applicant.id,
            VerificationToken.purpose == purpose,
            VerificationToken.used_at.is_(None),
        )
    ):
        old.used_at = now  # only the newest link works
        session.add(old)
    token = secrets.token_urlsafe(32)
    session.add(
        VerificationToken(
            applicant_id=applicant.id, purpose=purpose, token_hash=_digest(token), created_at=now, expires_at=now + ttl
        )
    )
    return token


def _send_registration_link(*, session: Session, applicant: Applicant, now: datetime):
    token = _new_link_token(session=session, applicant=applicant, purpose=PURPOSE_REGISTER, ttl=LINK_TTL, now=now)
    link = f"{get_settings().public_url}/verifikasi/{token}"
    body = (
        "Nomor WhatsApp Anda berhasil diverifikasi untuk SPONTAN DPMPTSP Kota Balikpapan.\n"
        f"Lengkapi data pendaftaran akun melalui tautan berikut (berlaku 24 jam, sekali pakai):\n{link}"
    )
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
            raise RateLimited(f"Tunggu {wait} detik sebelum meminta tautan baru.", wait)
    if len(recent) >= OTP_MAX_PER_HOUR:
        raise RateLimited(f"Batas {OTP_MAX_PER_HOUR} tautan per jam tercapai. Coba lagi nanti.", 3600)


def resend_registration_link(*, session: Session, applicant_id: int, now: datetime | None = None) -> int:
    now = now or utcnow()
    applicant = session.get(Applicant, applicant_id)
    if applicant is None or applicant.status != AccountStatus.PENDING_DATA.value:
        raise Conflict("Akun ini tidak menunggu kelengkapan data.")
    _check_link_rate(session=session, applicant_id=applicant.id, now=now)
    return _send_registration_link(session=session, applicant=applicant, now=now).id


def _token_row(*, session: Session, token: str, purpose: str, now: datetime) -> VerificationToken:
    row = session.exec(select(VerificationToken).where(VerificationToken.token_hash == _digest(token or ""))).first()
    if row is None or row.purpose != purpose or row.used_at is not None or row.expires_at < now:
        raise NotFound("Tautan tidak valid, sudah digunakan, atau sudah kedaluwarsa.")
    return row


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
        raise NotFound("Tautan tidak valid, sudah digunakan, atau sudah kedaluwarsa.")
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


def _required(errors: dict[str, str], name: str, value: str, label: str, max_len: int = 150) -> str:
    value = (value or "").strip()
    if not value:
        errors[name] = f"{label} wajib diisi."
    elif len(value) > max_len:
        errors[name] = f"{label} maksimal {max_len} karakter."
    return value


def _check_region(session: Session, errors: dict[str, str], form: CompletionForm) -> None:
    def region(region_id: int | None, level: RegionLevel, parent_id: int | None, name: str, label: str):
        row = session.get(Region, region_id) if region_id else None
        if row is None or row.level != level.value or (parent_id is not None and row.parent_id != parent_id):
            errors[name] = f"Pilih {label}."
            return None
        return row

    if form.origin == Origin.DALAM.value:
        kota = session.exec(select(Region).where(Region.code == KOTA_BALIKPAPAN_CODE)).one()
        form.kabkota_id = kota.id
        kec = region(form.kecamatan_id, RegionLevel.KECAMATAN, kota.id, "kecamatan_id", "Kecamatan")
        if kec is not None:
            region(form.kelurahan_id, RegionLevel.KELURAHAN, kec.id, "kelurahan_id", "Kelurahan")
    elif form.origin == Origin.LUAR.value:
        kab = region(form.kabkota_id, RegionLevel.KABKOTA, None, "kabkota_id", "Kabupaten/Kota")
        if kab is not None and kab.code == KOTA_BALIKPAPAN_CODE:
            errors["kabkota_id"] = "Untuk Kota Balikpapan pilih Asal Daerah Dalam Wilayah Kota Balikpapan."
        form.kecamatan_id = form.kelurahan_id = None
        _required(errors, "kecamatan_text", form.kecamatan_text, "Kecamatan", 90)
        _required(errors, "kelurahan_text", form.kelurahan_text, "Kelurahan", 90)
    else:
        errors["origin"] = "Pilih asal daerah."


def complete_registration(
    *, session: Session, token: str, form: CompletionForm, now: datetime | None = None
) -> Applicant:
    """The completion form behind the WhatsApp link; the link is used up on success."""
    now = now or utcnow()
    row = _token_row(session=session, token=token, purpose=PURPOSE_REGISTER, now=now)
    applicant = session.get(Applicant, row.applicant_id)
    if applicant is None or applicant.status != AccountStatus.PENDING_DATA.value:
        raise NotFound("Tautan tidak valid, sudah digunakan, atau sudah kedaluwarsa.")
    company = applicant.applicant_type == ApplicantType.BADAN_USAHA.value
    errors: dict[str, str] = {}
    try:
        validate_new_password(form.password, form.password_confirm)
    except ValidationError as exc:
        errors[exc.field or "password"] = exc.message
    name = _required(errors, "full_name", form.full_name, "Nama Badan Usaha" if company else "Nama Lengkap", 150)
    _check_region(session, errors, form)
    address = _required(errors, "address", form.address, "Alamat", 300)
    phone = ""
    try:
        phone = normalize_wa_number(form.phone, label="Nomor Handphone")
    except ValidationError as exc:
        errors["phone"] = exc.message
    telephone = (form.telephone or "").strip()
    if telephone and not telephone.replace(" ", "").replace("-", "").lstrip("+").isdigit():
        errors["telephone"] = "Nomor Telepon hanya boleh berisi angka."
    birth_date: date | None = None
    if company:
        if form.company_form not in COMPANY_FORMS:
            errors["company_form"] = "Pilih bentuk usaha."
        pic_name = _required(errors, "pic_name", form.pic_name, "Nama Penanggung Jawab", 150)
        pic_nik = ""
        try:
            pic_nik = normalize_nik(form.pic_nik)
        except ValidationError as exc:
            errors["pic_nik"] = exc.message
    else:
        birth_place = _required(errors, "birth_place", form.birth_place, "Tempat Lahir", 100)
        try:
            birth_date = date.fromisoformat(form.birth_date)
            if not date(1900, 1, 1) <= birth_date <= (now.date() - timedelta(days=365 * 17)):
                errors["birth_date"] = "Tanggal Lahir tidak wajar (minimal 17 tahun)."
        except ValueError:
            errors["birth_date"] = "Tanggal Lahir wajib diisi."
        if form.sex not in (Sex.LAKI_LAKI.value, Sex.PEREMPUAN.value):
            errors["sex"] = "Pilih jenis kelamin."
    if errors:
        raise FieldErrors(errors)

    applicant.password_hash = hash_password(form.password)
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


# --------------------------------------------------------------------------- login & sessions


def _locked_for(session: Session, keys: list[str], now: datetime) -> int:
    """Seconds until every key may try again (0 = free)."""
    rows = session.exec(select(LoginThrottle).where(LoginThrottle.key.in_(keys))).all()
    waits = [int((r.locked_until - now).total_seconds()) for r in rows if r.locked_until and r.locked_until > now]
    return max(waits, default=0)


def _fail(session: Session, key: str, free: int, now: datetime) -> None:
    """Count a failure atomically (an upsert), so simultaneous guesses all count."""
    failures = session.execute(
        sa.text(
            "INSERT INTO login_throttle (key, failures, updated_at) VALUES (:key, 1, :now) "
            "ON CONFLICT (key) DO UPDATE SET failures = CASE WHEN login_throttle.updated_at < :cutoff "
            "THEN 1 ELSE login_throttle.failures + 1 END, updated_at = :now "
            "RETURNING failures"
        ).bindparams(sa.bindparam("now", type_=UTCDateTime()), sa.bindparam("cutoff", type_=UTCDateTime())),
        {"key": key, "now": now, "cutoff": now - LOGIN_FAILURE_MEMORY},
    ).scalar_one()
    extra = failures - free
    if extra >= 0:
        lock = min(LOGIN_BASE_LOCK * (2 ** min(extra, 10)), LOGIN_MAX_LOCK)
        session.execute(sa.update(LoginThrottle).where(LoginThrottle.key == key).values(locked_until=now + lock))


def _clear(session: Session, key: str) -> None:
    session.execute(sa.update(LoginThrottle).where(LoginThrottle.key == key).values(failures=0, locked_until=None))


def _wait_message(seconds: int) -> str:
    if seconds >= 60:
        return f"Terlalu banyak percobaan login yang gagal. Coba lagi dalam {(seconds + 59) // 60} menit."
    return f"Terlalu banyak percobaan login yang gagal. Coba lagi dalam {max(seconds, 1)} detik."


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    message: str = ""
    token: str | None = None
    applicant_id: int | None = None
    retry_after: int = 0


def login(
    *, session: Session, applicant_type: str, username: str, password: str, ip: str | None, now: datetime | None = None
) -> LoginResult:
    """Generic errors; the same bcrypt work for unknown users; back-off per account and IP.

    Returns a result (rather than raising) so the caller commits the failure counters.
    """
    now = now or utcnow()
    key_user = f"user:{applicant_type}:{''.join(ch for ch in (username or '') if ch.isalnum())[:40]}"
    keys = [key_user] + ([f"ip:{ip}"] if ip else [])
    wait = _locked_for(session, keys, now)
    if wait:
        return LoginResult(False, _wait_message(wait), retry_after=wait)
    try:
        normalized = identity_of(applicant_type, username)
    except ValidationError:
        normalized = None
    applicant = session.exec(select(Applicant).where(Applicant.username == normalized)).first() if normalized else None
    usable = (
        applicant is not None
        and applicant.applicant_type == applicant_type
        and applicant.status == AccountStatus.ACTIVE.value
    )
    password_ok = verify_password(password, applicant.password_hash if usable else None)
    if not (usable and password_ok):
        _fail(session, key_user, LOGIN_FREE_FAILURES, now)
        if ip:
            _fail(session, f"ip:{ip}", LOGIN_IP_FREE_FAILURES, now)
        wait = _locked_for(session, keys, now)
        return LoginResult(False, _wait_message(wait) if wait else GENERIC_LOGIN_ERROR, retry_after=wait)
    _clear(session, key_user)  # a success clears the account's counter, not the IP's
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=_digest(token),
            applicant_id=applicant.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_MAX,
            ip=ip,
        )
    )
    audit.log(session, applicant, "login", applicant)
    return LoginResult(True, token=token, applicant_id=applicant.id)


def current_applicant(*, session: Session, token: str | None, now: datetime | None = None) -> Applicant:
    """The applicant behind a session token, or PermissionDenied. Slides the idle timeout."""
    now = now or utcnow()
    if not token:
        raise NotLoggedIn("Silakan login terlebih dahulu.")
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == _digest(token))).first()
    if (
        row is None
        or row.revoked_at is not None
        or row.applicant_id is None
        or row.expires_at < now
        or row.last_seen_at + SESSION_IDLE < now
    ):
        raise NotLoggedIn("Sesi Anda telah berakhir. Silakan login kembali.")
    applicant = session.get(Applicant, row.applicant_id)
    if applicant is None or applicant.status != AccountStatus.ACTIVE.value:
        raise NotLoggedIn("Sesi Anda telah berakhir. Silakan login kembali.")
    if now - row.last_seen_at > timedelta(minutes=1):  # avoid a write on every click
        row.last_seen_at = now
        session.add(row)
    return applicant


def logout(*, session: Session, token: str | None, now: datetime | None = None) -> None:
    if not token:
        return
    row = session.exec(select(LoginSession).where(LoginSession.token_hash == _digest(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = now or utcnow()
        session.add(row)


def _end_all_sessions(session: Session, applicant_id: int, now: datetime, keep_token: str | None = None) -> None:
    keep = _digest(keep_token) if keep_token else None
    for row in session.exec(
        select(LoginSession).where(LoginSession.applicant_id == applicant_id, LoginSession.revoked_at.is_(None))
    ):
        if row.token_hash != keep:
            row.revoked_at = now
            session.add(row)


# --------------------------------------------------------------------------- profile


@dataclass
class ProfileForm:
    full_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    wa_opt_out: bool = False


def update_profile(
    *, session: Session, applicant: Applicant, form: ProfileForm, now: datetime | None = None
) -> Applicant:
    now = now or utcnow()
    errors: dict[str, str] = {}
    name = _required(errors, "full_name", form.full_name, "Nama Lengkap", 150)
    address = _required(errors, "address", form.address, "Alamat", 300)
    email = phone = ""
    try:
        email = validate_email(form.email)
    except ValidationError as exc:
        errors["email"] = exc.message
    try:
        phone = normalize_wa_number(form.phone, label="Nomor Handphone")
    except ValidationError as exc:
        errors["phone"] = exc.message
    if errors:
        raise FieldErrors(errors)
    applicant.full_name = name
    if applicant.applicant_type == ApplicantType.BADAN_USAHA.value:
        applicant.company_name = name
    applicant.email, applicant.phone, applicant.address = email, phone, address
    applicant.wa_opt_out = bool(form.wa_opt_out)
    applicant.updated_at = now
    session.add(applicant)
    audit.log(session, applicant, "update_profile", applicant)
    return applicant


def change_password(
    *,
    session: Session,
    applicant: Applicant,
    old: str,
    new: str,
    confirm: str,
    keep_token: str | None = None,
    now: datetime | None = None,
) -> None:
    """A new password ends every other login session; ``keep_token`` (the caller's own) stays."""
    now = now or utcnow()
    if not verify_password(old, applicant.password_hash):
        raise FieldErrors({"old_password": "Password Lama salah."})
    try:
        validate_new_password(new, confirm)
    except ValidationError as exc:
        raise FieldErrors({f"new_{exc.field or 'password'}": exc.message}) from None
    applicant.password_hash = hash_password(new)
    applicant.updated_at = now
    session.add(applicant)
    _end_all_sessions(session, applicant.id, now, keep_token=keep_token)  # other devices log out
    audit.log(session, applicant, "change_password", applicant)


def request_wa_change(*, session: Session, applicant: Applicant, new_number: str, now: datetime | None = None) -> str:
    """Send an OTP to the new number; the number changes only when that code is confirmed."""
    now = now or utcnow()
    try:
        wa = normalize_wa_number(new_number)
    except ValidationError as exc:
        raise FieldErrors({"wa_number": exc.message}) from None
    if wa == applicant.wa_number:
        raise FieldErrors({"wa_number": "Nomor ini sama dengan nomor WhatsApp Anda sekarang."})
    if session.exec(select(Applicant.id).where(Applicant.wa_number == wa)).first():
        raise FieldErrors({"wa_number": "Nomor WhatsApp ini sudah digunakan oleh akun lain."})
    _issue_otp(session=session, applicant=applicant, purpose=PURPOSE_WA_CHANGE, now=now, to_number=wa)
    return wa


def confirm_wa_change(*, session: Session, applicant: Applicant, code: str, now: datetime | None = None) -> OtpOutcome:
    now = now or utcnow()
    outcome = check_otp(session=session, applicant_id=applicant.id, purpose=PURPOSE_WA_CHANGE, code=code, now=now)
    if not outcome.ok:
        return outcome
    if session.exec(select(Applicant.id).where(Applicant.wa_number == outcome.otp.wa_number)).first():
        return OtpOutcome(False, "Nomor WhatsApp ini sudah digunakan oleh akun lain.")
    old = applicant.wa_number
    applicant.wa_number = outcome.otp.wa_number
    applicant.updated_at = now
    session.add(applicant)
    audit.log(session, applicant, "change_wa", applicant, old_ending=old[-4:], new_ending=applicant.wa_number[-4:])
    return outcome


def set_photo(*, session: Session, applicant: Applicant, storage_name: str | None) -> str | None:
    previous = applicant.photo_path
    applicant.photo_path = storage_name
    session.add(applicant)
    return previous


# --------------------------------------------------------------------------- password reset


def start_password_reset(
    *, session: Session, applicant_type: str, username: str, now: datetime | None = None
) -> int | None:
    """Send an OTP to the registered number. Returns the applicant id, or None when there is
    no such active account (the page says the same thing either way)."""
    now = now or utcnow()
    try:
        normalized = identity_of(applicant_type, username)
    except ValidationError as exc:
        raise FieldErrors({"username": exc.message}) from None
    applicant = session.exec(select(Applicant).where(Applicant.username == normalized)).first()
    if (
        applicant is None
        or applicant.status != AccountStatus.ACTIVE.value
        or applicant.applicant_type != applicant_type
    ):
        return None
    _issue_otp(session=session, applicant=applicant, purpose=PURPOSE_RESET, now=now)
    return applicant.id


def verify_reset_otp(
    *, session: Session, applicant_id: int, code: str, now: datetime | None = None
) -> tuple[OtpOutcome, str | None]:
    now = now or utcnow()
    applicant = session.get(Applicant, applicant_id)
    if applicant is None or applicant.status != AccountStatus.ACTIVE.value:
        return OtpOutcome(False, "Kode OTP tidak berlaku."), None
    outcome = check_otp(session=session, applicant_id=applicant_id, purpose=PURPOSE_RESET, code=code, now=now)
    if not outcome.ok:
        return outcome, None
    return outcome, _new_link_token(session=session, applicant=applicant, purpose=PURPOSE_RESET, ttl=RESET_TTL, now=now)


def reset_password(*, session: Session, reset_token: str, new: str, confirm: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    row = _token_row(session=session, token=reset_token, purpose=PURPOSE_RESET, now=now)
    try:
        validate_new_password(new, confirm)
    except ValidationError as exc:
        raise FieldErrors({exc.field or "password": exc.message}) from None
    applicant = session.get(Applicant, row.applicant_id)
    applicant.password_hash = hash_password(new)
    applicant.updated_at = now
    row.used_at = now
    session.add_all([applicant, row])
    _end_all_sessions(session, applicant.id, now)
    for key in (f"user:{applicant.applicant_type}:{applicant.username}",):
        throttle = session.get(LoginThrottle, key)
        if throttle is not None:
            throttle.failures, throttle.locked_until = 0, None
            session.add(throttle)
    messaging.queue_message(
        session=session,
        to_e164=applicant.wa_number,
        kind="password_changed",
        body="Password akun SPONTAN Anda baru saja diganti. Jika bukan Anda, segera hubungi DPMPTSP Kota Balikpapan.",
    )
    audit.log(session, applicant, "reset_password", applicant)


# --------------------------------------------------------------------------- regions for the forms


def regions(*, session: Session, level: RegionLevel, parent_id: int | None = None) -> list[Region]:
    stmt = select(Region).where(Region.level == level.value)
    if parent_id is not None:
        stmt = stmt.where(Region.parent_id == parent_id)
    return list(session.exec(stmt.order_by(Region.name)))


def outside_kabkota(*, session: Session) -> list[Region]:
    return [r for r in regions(session=session, level=RegionLevel.KABKOTA) if r.code != KOTA_BALIKPAPAN_CODE]


def balikpapan_kecamatan(*, session: Session) -> list[Region]:
    kota = session.exec(select(Region).where(Region.code == KOTA_BALIKPAPAN_CODE)).one()
    return regions(session=session, level=RegionLevel.KECAMATAN, parent_id=kota.id)
