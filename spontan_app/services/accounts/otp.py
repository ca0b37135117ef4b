"""One-time codes sent by WhatsApp (rate limits, attempts) and one-time link tokens.

Secrets are random from ``secrets``; only their keyed digests are stored."""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import AccountStatus
from spontan_app.domain.models import Applicant, OtpCode, VerificationToken, utcnow
from spontan_app.services import messaging
from spontan_app.services.accounts._common import (
    OTP_MAX_ATTEMPTS,
    OTP_MAX_PER_HOUR,
    OTP_RESEND_GAP,
    OTP_TTL,
    PURPOSE_REGISTER,
    PURPOSE_RESET,
    PURPOSE_WA_CHANGE,
    digest,
)
from spontan_app.services.errors import Conflict, NotFound, RateLimited


def _new_otp() -> str:
    return f"{secrets.randbelow(10**6):06d}"


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
            code_hash=digest(code),
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
    if not hmac.compare_digest(otp.code_hash, digest(entered)):
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
            applicant_id=applicant.id, purpose=purpose, token_hash=digest(token), created_at=now, expires_at=now + ttl
        )
    )
    return token


def _token_row(*, session: Session, token: str, purpose: str, now: datetime) -> VerificationToken:
    row = session.exec(select(VerificationToken).where(VerificationToken.token_hash == digest(token or ""))).first()
    if row is None or row.purpose != purpose or row.used_at is not None or row.expires_at < now:
        raise NotFound("Tautan tidak valid, sudah digunakan, atau sudah kedaluwarsa.")
    return row
