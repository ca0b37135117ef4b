"""Database tables (SQLModel). Timestamps are timezone-aware UTC; the UI shows WITA.

Constraints that matter for correctness live in the database too: unique usernames,
WhatsApp numbers and registration numbers, foreign keys and allowed status values.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

from spontan_app.domain.enums import (
    AccountStatus,
    ApplicationStatus,
    MessageStatus,
    ProposalStatus,
    StaffRole,
    StepStatus,
    values,
)
from spontan_app.domain.timefmt import to_wita
from spontan_app.domain.workdays import working_days_between

# Stable constraint names keep migrations (and SQLite batch mode) deterministic.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def _in(column: str, enum: Any) -> str:
    allowed = ", ".join(f"'{v}'" for v in values(enum))
    return f"{column} IN ({allowed})"


# --------------------------------------------------------------------------- regions


class Region(SQLModel, table=True):
    """Kabupaten/kota, kecamatan and kelurahan (Kemendagri codes), as a tree."""

    __tablename__ = "region"
    __table_args__ = (sa.CheckConstraint("level IN ('kabkota', 'kecamatan', 'kelurahan')", name="level"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)
    name: str = Field(max_length=100)
    level: str = Field(max_length=10, index=True)
    parent_id: int | None = Field(default=None, foreign_key="region.id", index=True)


# --------------------------------------------------------------------------- people


class Applicant(SQLModel, table=True):
    """An applicant account: a person (username = NIK) or a company (username = NPWP)."""

    __tablename__ = "applicant"
    __table_args__ = (
        sa.CheckConstraint("applicant_type IN ('perorangan', 'badan_usaha')", name="type"),
        sa.CheckConstraint(_in("status", AccountStatus), name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    applicant_type: str = Field(max_length=12)
    username: str = Field(max_length=16, unique=True)
    email: str = Field(max_length=254)
    wa_number: str = Field(max_length=16, unique=True)  # E.164, e.g. +6281234567890
    password_hash: str | None = Field(default=None, max_length=100)
    status: str = Field(default=AccountStatus.PENDING_OTP.value, max_length=16)
    # The portal's language for this applicant: pages after login and WhatsApp messages.
    language: str = Field(default="id", max_length=5, sa_column_kwargs={"server_default": "id"})

    full_name: str | None = Field(default=None, max_length=150)
    sex: str | None = Field(default=None, max_length=1)
    birth_place: str | None = Field(default=None, max_length=100)
    birth_date: date | None = None
    origin: str | None = Field(default=None, max_length=8)
    kabkota_id: int | None = Field(default=None, foreign_key="region.id")
    kecamatan_id: int | None = Field(default=None, foreign_key="region.id")
    kelurahan_id: int | None = Field(default=None, foreign_key="region.id")
    region_text: str | None = Field(default=None, max_length=200)  # outside Balikpapan
    address: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=16)
    telephone: str | None = Field(default=None, max_length=20)

    # Badan usaha
    company_name: str | None = Field(default=None, max_length=200)
    company_form: str | None = Field(default=None, max_length=40)
    pic_name: str | None = Field(default=None, max_length=150)
    pic_nik: str | None = Field(default=None, max_length=16)

    photo_path: str | None = Field(default=None, max_length=200)
    wa_opt_out: bool = False
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_user"
    __table_args__ = (sa.CheckConstraint(_in("role", StaffRole), name="role"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=50, unique=True)
    full_name: str = Field(max_length=150)
    role: str = Field(max_length=20, index=True)
    password_hash: str = Field(max_length=100)
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # Second factor (RFC 6238 TOTP): the shared secret once enrolled, and the last time step
    # accepted (a code is never accepted twice).
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_last_step: int | None = None


class VerificationToken(SQLModel, table=True):
    """Single-use links (registration completion, password reset). Only the hash is kept."""

    __tablename__ = "verification_token"

    id: int | None = Field(default=None, primary_key=True)
    applicant_id: int = Field(foreign_key="applicant.id", index=True)
    purpose: str = Field(max_length=20)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class OtpCode(SQLModel, table=True):
    """A 6-digit code sent over WhatsApp. Only the hash is kept."""

    __tablename__ = "otp_code"

    id: int | None = Field(default=None, primary_key=True)
    applicant_id: int = Field(foreign_key="applicant.id", index=True)
    purpose: str = Field(max_length=20)
    wa_number: str = Field(max_length=16, index=True)
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None


class LoginSession(SQLModel, table=True):
    """Our own login session: a random token handed to the browser, kept here hashed."""

    __tablename__ = "login_session"
    __table_args__ = (sa.CheckConstraint("(applicant_id IS NULL) <> (staff_id IS NULL)", name="one_owner"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    applicant_id: int | None = Field(default=None, foreign_key="applicant.id", index=True)
    staff_id: int | None = Field(default=None, foreign_key="staff_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    ip: str | None = Field(default=None, max_length=45)
    # "active": the cookie's session. Before that, short-lived one-time steps of a login:
    # "handoff" (the browser exchanges it for the HttpOnly cookie at /sesi/masuk) and
    # "totp" (password accepted, second factor still owed). Only "active" authenticates.
    stage: str = Field(default="active", max_length=10, sa_column_kwargs={"server_default": "active"})


# --------------------------------------------------------------------------- catalogue


class Bidang(SQLModel, table=True):
    __tablename__ = "bidang"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    name: str = Field(max_length=150)
    description: str = Field(default="", max_length=500)
    sort: int = 0


class JenisLayanan(SQLModel, table=True):
    """Kind of service: Izin Baru, Perpanjangan, Perubahan, Pencabutan."""

    __tablename__ = "jenis_layanan"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=4, unique=True)
    name: str = Field(max_length=80)
    sort: int = 0


class JenisIzin(SQLModel, table=True):
    """A permit that can be applied for, in one bidang and for one jenis layanan."""

    __tablename__ = "jenis_izin"
    __table_args__ = (sa.CheckConstraint("processing_days > 0", name="processing_days"),)

    id: int | None = Field(default=None, primary_key=True)
    bidang_id: int = Field(foreign_key="bidang.id", index=True)
    layanan_id: int = Field(foreign_key="jenis_layanan.id", index=True)
    code: str = Field(max_length=20, unique=True)  # e.g. SIPD-B, used in registration numbers
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=1000)
    processing_days: int
    needs_faskes: bool = False
    needs_location: bool = False
    # How long an issued permit is valid, in months; None = as long as the law allows (no end).
    validity_months: int | None = None
    cost: int = 0  # Rupiah; 0 = free
    legal_basis: str = Field(default="", max_length=500)
    active: bool = True
    sort: int = 0


class Requirement(SQLModel, table=True):
    """A document the applicant uploads for an izin."""

    __tablename__ = "requirement"
    __table_args__ = (sa.UniqueConstraint("izin_id", "name", name="uq_requirement_izin_name"),)

    id: int | None = Field(default=None, primary_key=True)
    izin_id: int = Field(foreign_key="jenis_izin.id", index=True)
    name: str = Field(max_length=200)
    note: str = Field(default="", max_length=500)
    required: bool = True
    active: bool = True  # retired requirements stay for the files that used them
    sort: int = 0


class FormField(SQLModel, table=True):
    """One input of the izin's form (the "isi kelengkapan" step)."""

    __tablename__ = "form_field"
    __table_args__ = (
        sa.UniqueConstraint("izin_id", "key", name="uq_form_field_izin_key"),
        sa.CheckConstraint(
            "field_type IN ('text', 'number', 'date', 'select', 'textarea', 'phone', 'nik', 'npwp')",
            name="field_type",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    izin_id: int = Field(foreign_key="jenis_izin.id", index=True)
    key: str = Field(max_length=40)
    label: str = Field(max_length=120)
    field_type: str = Field(max_length=10)
    required: bool = True
    help_text: str = Field(default="", max_length=300)
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    prefill: str | None = Field(default=None, max_length=30)  # profile attribute to copy
    active: bool = True  # retired fields stay for the files that used them
    sort: int = 0


class ProcessStep(SQLModel, table=True):
    """The ordered desks a file of this izin passes through after submission."""

    __tablename__ = "process_step"
    __table_args__ = (
        sa.UniqueConstraint("izin_id", "position", name="uq_process_step_izin_position"),
        sa.CheckConstraint(_in("desk", StaffRole), name="desk"),
    )

    id: int | None = Field(default=None, primary_key=True)
    izin_id: int = Field(foreign_key="jenis_izin.id", index=True)
    position: int
    desk: str = Field(max_length=20)
    stage: str = Field(max_length=100)  # e.g. VERIFIKASI REKOMENDASI


# --------------------------------------------------------------------------- faskes


class Faskes(SQLModel, table=True):
    """A health facility where a practice permit is exercised."""

    __tablename__ = "faskes"
    # Results are listed by name: broad searches walk this index and stop after a page.
    __table_args__ = (sa.Index("ix_faskes_nama_id", "nama", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    kode_daerah: str | None = Field(default=None, max_length=20, index=True)
    kode_pusat: str | None = Field(default=None, max_length=20, index=True)
    nama: str = Field(max_length=200)
    alamat: str = Field(max_length=300)
    pemilik: str = Field(default="", max_length=200)
    penanggung_jawab: str = Field(default="", max_length=200)
    latitude: float | None = None
    longitude: float | None = None
    # Lower-cased, accent-free words of every searchable column, for the search index.
    search_text: str = Field(default="", max_length=1200)
    active: bool = True


class FaskesProposal(SQLModel, table=True):
    """An applicant's request to add a faskes that is not in the list yet."""

    __tablename__ = "faskes_proposal"
    __table_args__ = (sa.CheckConstraint(_in("status", ProposalStatus), name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    applicant_id: int = Field(foreign_key="applicant.id", index=True)
    nama: str = Field(max_length=200)
    alamat: str = Field(max_length=300)
    pemilik: str = Field(max_length=200)
    penanggung_jawab: str = Field(max_length=200)
    kontak: str = Field(max_length=40)
    latitude: float | None = None
    longitude: float | None = None
    status: str = Field(default=ProposalStatus.PENDING.value, max_length=10, index=True)
    faskes_id: int | None = Field(default=None, foreign_key="faskes.id")
    reviewed_by: int | None = Field(default=None, foreign_key="staff_user.id")
    review_note: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    reviewed_at: datetime | None = None


# --------------------------------------------------------------------------- applications


class Application(SQLModel, table=True):
    """A permit application, from draft to decision."""

    __tablename__ = "application"
    __table_args__ = (
        sa.CheckConstraint(_in("status", ApplicationStatus), name="status"),
        sa.CheckConstraint("status = 'DRAFT' OR registration_number IS NOT NULL", name="submitted_has_number"),
        # Lists at a million files (migration b7e1d2c3a4f5): /beranda, the inbox, reports.
        sa.Index("ix_application_owner_updated", "applicant_id", "updated_at", "id"),
        sa.Index("ix_application_submitted", "submitted_at", "id"),
        sa.Index("ix_application_status_izin_submitted", "status", "izin_id", "submitted_at"),
        # Processing times read decided files' working days from the index alone (f7a2b5c4d3e6).
        sa.Index("ix_application_status_submitted_days", "status", "submitted_at", "izin_id", "working_days"),
    )

    id: int | None = Field(default=None, primary_key=True)
    applicant_id: int = Field(foreign_key="applicant.id", index=True)
    izin_id: int = Field(foreign_key="jenis_izin.id", index=True)
    registration_number: str | None = Field(default=None, max_length=40, unique=True)
    status: str = Field(default=ApplicationStatus.DRAFT.value, max_length=12, index=True)
    draft_step: int = 4
    lokasi: str = Field(default="", max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    keterangan: str = Field(default="", max_length=1000)
    faskes_id: int | None = Field(default=None, foreign_key="faskes.id")
    declaration_accepted: bool = False
    # Idempotency key of the submit event: a retried or double-clicked submit finds it.
    submit_key: str | None = Field(default=None, max_length=64, unique=True)
    current_position: int | None = None  # ProcessStep.position the file sits at
    # The izin as it was at submission lives in ApplicationSnapshot (its own table).
    submitted_at: datetime | None = None
    due_date: date | None = None
    decided_at: datetime | None = None
    # Working days from submission to decision (WITA dates, the office's holidays at the
    # time), set when decided_at is: the processing-time report sums these.
    working_days: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


@sa.event.listens_for(Application, "before_insert")
@sa.event.listens_for(Application, "before_update")
def _working_days_on_decision(_mapper: Any, connection: Any, target: Application) -> None:
    """Whatever decides a file (the workflow, the demo seed, a bulk tool through the ORM)
    records its working days once, with the holidays known at that moment."""
    if target.working_days is not None or target.decided_at is None or target.submitted_at is None:
        return
    start, end = to_wita(target.submitted_at).date(), to_wita(target.decided_at).date()
    holidays = connection.execute(
        sa.select(Holiday.__table__.c.day).where(Holiday.__table__.c.day > start, Holiday.__table__.c.day <= end)
    ).scalars()
    target.working_days = working_days_between(start, end, set(holidays))


class ApplicationSnapshot(SQLModel, table=True):
    """The izin as it was when the file was submitted (terms, fields, requirements, process
    steps): later changes to the catalogue never change a submitted file.

    Its own table (migration c4d8e2f1a9b3), not a column of ``application``: ~2.5 KB of
    JSON per file in the middle of the row made SQLite read every later column (dates,
    due date) through overflow pages, so the desk inbox and the reports read hundreds of MB
    at a million files. Only submission, the detail views and the permit read it."""

    __tablename__ = "application_snapshot"

    application_id: int = Field(foreign_key="application.id", primary_key=True)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ApplicationValue(SQLModel, table=True):
    __tablename__ = "application_value"
    __table_args__ = (sa.UniqueConstraint("application_id", "field_key", name="uq_application_value_key"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    field_key: str = Field(max_length=40)
    value: str = Field(default="", max_length=2000)


class ApplicationDocument(SQLModel, table=True):
    """An uploaded document. Replacing keeps the older version (is_current = False)."""

    __tablename__ = "application_document"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    requirement_id: int = Field(foreign_key="requirement.id", index=True)
    storage_name: str = Field(max_length=80, unique=True)
    original_name: str = Field(max_length=255)
    content_type: str = Field(max_length=50)
    size: int
    sha256: str = Field(max_length=64)
    version: int = 1
    is_current: bool = True
    flagged: bool = False  # staff asked for a replacement
    flag_note: str = Field(default="", max_length=500)
    uploaded_at: datetime = Field(default_factory=utcnow)
    # The desk's verdict on this version: "" (not yet), "sesuai" or "perbaikan".
    review: str = Field(default="", max_length=10)
    review_note: str = Field(default="", max_length=500)
    reviewed_by: int | None = Field(default=None, foreign_key="staff_user.id")
    reviewed_at: datetime | None = None


class ApplicationStep(SQLModel, table=True):
    """Append-only history of where a file has been: one row per desk visit."""

    __tablename__ = "application_step"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "seq", name="uq_application_step_seq"),
        sa.CheckConstraint(_in("status", StepStatus), name="status"),
        # The desk inbox: files whose open step is at a desk.
        sa.Index(
            "ix_application_step_open_desk",
            "desk",
            "application_id",
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        ),
        # A desk's inbox, oldest file first, as one index walk (migration d5e9f3a2b1c4).
        sa.Index(
            "ix_application_step_open_desk_filed",
            "desk",
            "filed_at",
            "application_id",
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True)
    seq: int
    desk: str = Field(max_length=20)  # StaffRole value, or "pemohon"
    stage: str = Field(max_length=100)
    status: str = Field(max_length=12)
    note: str = Field(default="", max_length=1000)
    actor: str = Field(default="", max_length=150)
    staff_id: int | None = Field(default=None, foreign_key="staff_user.id")
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    # The file's Application.submitted_at, copied (it never changes once set): the inbox
    # lists a desk's open steps oldest file first without sorting every file at the desk.
    filed_at: datetime | None = None


class ApplicationTally(SQLModel, table=True):
    """Submitted files per WITA submission day, izin and status, for the reports.

    Kept exact by database triggers on ``application`` (migration f7a2b5c4d3e6): never
    written by the application itself."""

    __tablename__ = "application_tally"
    # Sums read the index alone (SQLite keeps a rowid table beside its primary key).
    __table_args__ = (sa.Index("ix_application_tally_sum", "day", "izin_id", "status", "n"),)

    day: date = Field(primary_key=True)
    izin_id: int = Field(primary_key=True)
    status: str = Field(max_length=12, primary_key=True)
    n: int = 0


class DeskLoad(SQLModel, table=True):
    """Open steps per desk, izin and due date ('9999-12-31' for none): a desk's totals.

    Kept exact by database triggers on ``application_step`` and ``application``
    (migration f7a2b5c4d3e6): never written by the application itself."""

    __tablename__ = "desk_load"
    __table_args__ = (sa.Index("ix_desk_load_sum", "desk", "due_date", "n"),)

    desk: str = Field(max_length=20, primary_key=True)
    izin_id: int = Field(primary_key=True)
    due_date: date = Field(primary_key=True)
    n: int = 0


class RegistrationCounter(SQLModel, table=True):
    """Last sequence used per permit code and month; incremented under a row lock."""

    __tablename__ = "registration_counter"

    izin_code: str = Field(max_length=20, primary_key=True)
    year: int = Field(primary_key=True)
    month: int = Field(primary_key=True)
    last_value: int = 0


class Permit(SQLModel, table=True):
    """The signed permit document of an issued application; checked by its public code."""

    __tablename__ = "permit"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", unique=True)
    number: str = Field(max_length=60, unique=True)  # e.g. 503/1/SIPD-B/DPMPTSP/12/2026
    code: str = Field(max_length=40, unique=True)  # random, printed in the QR code
    holder_name: str = Field(max_length=200)
    izin_name: str = Field(max_length=200)
    valid_from: date
    valid_until: date | None = None
    issued_at: datetime = Field(default_factory=utcnow)
    signer_name: str = Field(max_length=150)
    signer_position: str = Field(max_length=150)
    storage_name: str = Field(max_length=80, unique=True)
    sha256: str = Field(max_length=64, index=True)
    size: int = 0
    revoked_at: datetime | None = None
    revoked_reason: str = Field(default="", max_length=500)
    revoked_by: int | None = Field(default=None, foreign_key="staff_user.id")


# --------------------------------------------------------------------------- office


class Holiday(SQLModel, table=True):
    __tablename__ = "holiday"

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True)
    name: str = Field(max_length=150)


class OutgoingMessage(SQLModel, table=True):
    """WhatsApp outbox: every message and every delivery attempt's outcome."""

    __tablename__ = "outgoing_message"
    __table_args__ = (sa.CheckConstraint(_in("status", MessageStatus), name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    to_number: str = Field(max_length=16, index=True)
    kind: str = Field(max_length=40)
    body: str = Field(max_length=2000)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    provider: str = Field(max_length=10)
    status: str = Field(default=MessageStatus.QUEUED.value, max_length=10, index=True)
    attempts: int = 0
    last_error: str = Field(default="", max_length=500)
    provider_message_id: str | None = Field(default=None, max_length=100)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_type: str = Field(max_length=10)  # applicant | staff | system
    actor_id: int | None = None
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    ip: str | None = Field(default=None, max_length=45)


class LoginThrottle(SQLModel, table=True):
    """Failed logins per account key and per IP; a key past the limit waits (back-off)."""

    __tablename__ = "login_throttle"

    key: str = Field(max_length=80, primary_key=True)  # "user:<type>:<username>" or "ip:<address>"
    failures: int = 0
    locked_until: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class JobLease(SQLModel, table=True):
    """A claim on a piece of background work (a job run, one outbox message) that several
    workers could otherwise do at once; it lapses at ``expires_at`` if its holder dies."""

    __tablename__ = "job_lease"

    resource: str = Field(max_length=120, primary_key=True)  # e.g. "job:orphan-files", "outbox:42"
    holder: str = Field(max_length=80)  # host:pid:random of the claiming process
    expires_at: datetime = Field(index=True)


# --------------------------------------------------------------------------- after issuing


SKM_ELEMENTS = 9  # PermenPANRB 14/2017: nine elements, each rated 1..4


class SkmResponse(SQLModel, table=True):
    """One applicant's Survei Kepuasan Masyarakat for one issued application (at most one).

    The answers are kept per element so that the IKM is an SQL average per column; the
    applicant is reachable only through the application (reports never show who)."""

    __tablename__ = "skm_response"
    __table_args__ = (
        sa.CheckConstraint(
            " AND ".join(f"u{i} BETWEEN 1 AND 4" for i in range(1, SKM_ELEMENTS + 1)),
            name="scale",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", unique=True)
    izin_id: int = Field(foreign_key="jenis_izin.id", index=True)
    u1: int
    u2: int
    u3: int
    u4: int
    u5: int
    u6: int
    u7: int
    u8: int
    u9: int
    suggestion: str = Field(default="", max_length=1000)
    submitted_at: datetime = Field(default_factory=utcnow, index=True)


class RenewalReminder(SQLModel, table=True):
    """A renewal reminder sent for a permit: one row per (permit, days before its end)."""

    __tablename__ = "renewal_reminder"
    __table_args__ = (sa.UniqueConstraint("permit_id", "days_before", name="uq_renewal_reminder_permit_days"),)

    id: int | None = Field(default=None, primary_key=True)
    permit_id: int = Field(foreign_key="permit.id", index=True)
    days_before: int
    sent_on: date
    message_id: int | None = Field(default=None, foreign_key="outgoing_message.id")


class Renewal(SQLModel, table=True):
    """A renewal draft (``application_id``) started from an issued application."""

    __tablename__ = "renewal"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(
        sa_column=Column(
            sa.Integer,
            sa.ForeignKey("application.id", ondelete="CASCADE", name="fk_renewal_application_id_application"),
            unique=True,
            nullable=False,
        )
    )
    previous_id: int = Field(foreign_key="application.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
