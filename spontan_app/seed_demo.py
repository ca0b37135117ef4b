"""Demo deployments (``SPONTAN_DEMO=1``): applications in every status so the back office is
not empty, and the reset that brings a demo database back to exactly that seed.

``python -m spontan_app.seed`` adds these applications when the demo setting is on;
``python -m spontan_app.seed --reset`` (or the nightly ``demo-reset`` job) empties the
database and seeds it again. Everything goes through the services, so the rows are the
ones a real applicant and real officers would have made: numbers, history, notices, the
permit PDF.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from spontan_app.domain.enums import AccountStatus, FieldType, StaffRole
from spontan_app.domain.models import Applicant, AuditLog, Faskes, JenisIzin, StaffUser, utcnow
from spontan_app.domain.passwords import hash_password
from spontan_app.domain.timefmt import WITA

log = logging.getLogger(__name__)

SEED_MARK = "demo_seed"  # audit action written by every demo seed: the reset job's clock
KEEP_TABLES = {"alembic_version", "job_lease"}  # the reset holds a lease while it runs
PDF = b"%PDF-1.4\n% SPONTAN demo\n" + b"1" * 3000 + b"\n%%EOF"
DEMO_APPLICANT_PASSWORD = "Pemohon#2026"  # noqa: S105 - demo data only


@dataclass(frozen=True)
class DemoFile:
    """One seeded application: who, which izin, and how far it got."""

    n: int
    name: str
    izin: str
    story: str  # draft | submitted | verifikator | timteknis | returned | approved | rejected | issued | cancelled
    days_ago: int


DEMO_FILES = [
    DemoFile(1, "Siti Rahmawati", "IPRI-B", "draft", 0),
    DemoFile(2, "Budi Santoso", "SKP-B", "submitted", 1),
    DemoFile(3, "Dewi Lestari", "IPRT-B", "verifikator", 3),
    DemoFile(4, "Andi Pratama", "IOKP-B", "timteknis", 5),
    DemoFile(5, "Rina Kusuma", "IPRI-B", "returned", 6),
    DemoFile(6, "Hendra Wijaya", "KRK-B", "approved", 8),
    DemoFile(7, "Maya Siregar", "IPTP-B", "rejected", 9),
    DemoFile(8, "Fajar Nugroho", "IPRI-B", "issued", 12),
    DemoFile(9, "Wulan Hidayat", "SKP-B", "cancelled", 4),
]


def demo_nik(n: int) -> str:
    return f"647105010190{n:04d}"


def demo_wa(n: int) -> str:
    return f"+62811540{n:05d}"


def _izin(session: Session, code: str) -> JenisIzin:
    izin = session.exec(select(JenisIzin).where(JenisIzin.code == code, JenisIzin.active.is_(True))).first()
    if izin is None:  # a catalogue edited by hand: any active izin still tells the story
        izin = session.exec(select(JenisIzin).where(JenisIzin.active.is_(True)).order_by(JenisIzin.id)).first()
    return izin


def _staff(session: Session, role: StaffRole) -> StaffUser:
    return session.exec(select(StaffUser).where(StaffUser.role == role.value, StaffUser.active.is_(True))).first()


def _value(field, applicant: Applicant) -> str:
    kind = field.field_type
    if kind == FieldType.SELECT.value:
        return (field.options or [""])[0]
    if kind == FieldType.DATE.value:
        return "2030-12-31"
    if kind == FieldType.NUMBER.value:
        return "2"
    if kind == FieldType.PHONE.value:
        return "0" + applicant.wa_number[3:]
    if kind == FieldType.NIK.value:
        return applicant.username
    if kind == FieldType.NPWP.value:
        return "012345678901234"
    if kind == FieldType.TEXTAREA.value:
        return "Contoh isian untuk situs demo."
    return f"Contoh {field.label}"


def _applicant(session: Session, spec: DemoFile, password_hash: str) -> Applicant:
    username = demo_nik(spec.n)
    found = session.exec(select(Applicant).where(Applicant.username == username)).first()
    if found is not None:
        return found
    applicant = Applicant(
        applicant_type="perorangan",
        username=username,
        email=f"pemohon{spec.n}@contoh.id",
        wa_number=demo_wa(spec.n),
        password_hash=password_hash,
        status=AccountStatus.ACTIVE.value,
        full_name=spec.name,
        sex="P" if spec.n % 2 else "L",
        address=f"Jl. Jenderal Sudirman No. {10 + spec.n}, Klandasan Ilir, Balikpapan",
        phone=demo_wa(spec.n),
    )
    session.add(applicant)
    session.flush()
    return applicant


def fill_draft(session: Session, applicant: Applicant, draft_id: int, value_of, place, pdf: bytes) -> None:
    """Complete a draft as an applicant would: every field of the live catalogue
    (``value_of(field, applicant)``), the place (an ``applications.DraftInput`` without
    values), one PDF per requirement and, where the izin needs one, the first active faskes.
    Shared with tests/factories.py."""
    from dataclasses import replace

    from spontan_app.services import applications, snapshot

    draft = applications.get_owned(session=session, applicant=applicant, application_id=draft_id)
    values = {f.key: value_of(f, applicant) for f in snapshot.live_fields(session, draft.izin_id)}
    applications.save_draft(
        session=session, applicant=applicant, application_id=draft_id, data=replace(place, values=values)
    )
    for req in snapshot.live_requirements(session, draft.izin_id):
        applications.attach_document(
            session=session,
            applicant=applicant,
            application_id=draft_id,
            requirement_id=req.id,
            data=pdf,
            filename=f"{req.name}.pdf",
        )
    izin = session.get(JenisIzin, draft.izin_id)
    if izin.needs_faskes:
        chosen = session.exec(select(Faskes).where(Faskes.active.is_(True)).order_by(Faskes.id)).first()
        applications.choose_faskes(session=session, applicant=applicant, application_id=draft_id, faskes_id=chosen.id)


def _draft(session: Session, applicant: Applicant, izin: JenisIzin):
    from spontan_app.services import applications

    draft = applications.start_draft(session=session, applicant=applicant, izin_id=izin.id)
    place = applications.DraftInput(
        values={},
        lokasi="Jl. Jenderal Sudirman, Klandasan Ilir, Balikpapan",
        latitude="-1.2754",
        longitude="116.8286",
        keterangan="Permohonan contoh pada situs demo.",
    )
    fill_draft(session, applicant, draft.id, _value, place, PDF)
    return draft


def _walk(session: Session, spec: DemoFile, applicant: Applicant, now: datetime) -> None:
    """Take one file as far as its story goes, each step an hour after the previous one."""
    from spontan_app.services import applications, workflow

    izin = _izin(session, spec.izin)
    draft = _draft(session, applicant, izin)
    if spec.story == "draft":
        return
    moment = now - timedelta(days=spec.days_ago)
    applications.submit(
        session=session,
        applicant=applicant,
        application_id=draft.id,
        submit_key=f"demo-{spec.n}",
        declaration=True,
        now=moment,
    )

    def later() -> datetime:
        nonlocal moment
        moment += timedelta(hours=1)
        return moment

    def forward(role: StaffRole) -> None:
        workflow.staff_forward(session=session, staff=_staff(session, role), application_id=draft.id, now=later())

    story = spec.story
    if story == "cancelled":
        workflow.cancel(session=session, applicant=applicant, application_id=draft.id, now=later())
        return
    if story == "submitted":
        return
    forward(StaffRole.FRONT_OFFICE)
    if story == "verifikator":
        return
    if story == "returned":
        workflow.staff_return(
            session=session,
            staff=_staff(session, StaffRole.VERIFIKATOR),
            application_id=draft.id,
            note="Scan KTP kurang jelas; unggah ulang dengan resolusi lebih tinggi.",
            now=later(),
        )
        return
    if story == "rejected":
        workflow.staff_reject(
            session=session,
            staff=_staff(session, StaffRole.VERIFIKATOR),
            application_id=draft.id,
            note="Lokasi usaha berada di luar zona yang diizinkan.",
            now=later(),
        )
        return
    forward(StaffRole.VERIFIKATOR)
    if story == "timteknis":
        return
    steps = workflow.process_steps(session, session.get(type(draft), draft.id))
    remaining = [s for s in steps if s.position >= 3]
    if story == "approved":
        # Approved at every desk, the permit not yet issued (what a failure while issuing
        # leaves, for the officers' Terbitkan button): the last desk's approval without _issue.
        for desk in remaining[:-1]:
            workflow.staff_forward(
                session=session, staff=_staff(session, StaffRole(desk.desk)), application_id=draft.id, now=later()
            )
        _approve_without_issue(session, draft.id, remaining[-1].desk if remaining else None, later())
        return
    for desk in remaining:
        workflow.staff_forward(
            session=session, staff=_staff(session, StaffRole(desk.desk)), application_id=draft.id, now=later()
        )


def _approve_without_issue(session: Session, application_id: int, desk: str | None, now: datetime) -> None:
    from spontan_app.domain.enums import ApplicationStatus, StepStatus
    from spontan_app.domain.models import Application
    from spontan_app.services import workflow

    application = session.get(Application, application_id)
    staff = _staff(session, StaffRole(desk)) if desk else _staff(session, StaffRole.KEPALA_DINAS)
    workflow._close_open(session, application, StepStatus.APPROVED.value, now, "", staff.full_name, staff.id)
    application.status, application.current_position = ApplicationStatus.APPROVED.value, None
    application.decided_at = application.updated_at = now
    session.add(application)
    session.flush()


def seed_demo_applications(session: Session, now: datetime | None = None) -> int:
    """The demo applicants and their files, once (found again by the first applicant)."""
    from spontan_app.services import audit

    if session.exec(select(Applicant.id).where(Applicant.username == demo_nik(DEMO_FILES[0].n))).first():
        return 0
    now = now or utcnow()
    password_hash = hash_password(DEMO_APPLICANT_PASSWORD)
    for spec in sorted(DEMO_FILES, key=lambda f: -f.days_ago):  # numbers follow submission order
        applicant = _applicant(session, spec, password_hash)
        _walk(session, spec, applicant, now)
        session.flush()
    audit.log(session, None, SEED_MARK, None, files=len(DEMO_FILES))
    return len(DEMO_FILES)


# --------------------------------------------------------------------------- the nightly reset


def last_seeded(session: Session) -> datetime | None:
    return session.exec(select(sa.func.max(AuditLog.at)).where(AuditLog.action == SEED_MARK)).first()


def reset_due(last_seed: datetime | None, now: datetime, hour: int) -> bool:
    """Due once the latest ``hour`` o'clock WITA has passed since the last seed. A database
    never seeded as a demo is never due: demo mode switched on by mistake wipes nothing."""
    if last_seed is None:
        return False
    local = now.astimezone(WITA)
    boundary = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if boundary > local:
        boundary -= timedelta(days=1)
    seeded = last_seed if last_seed.tzinfo else last_seed.replace(tzinfo=UTC)  # stored as UTC
    return seeded < boundary


def empty_database(engine: Engine) -> None:
    """Every row of every table but the migration mark and the job leases."""
    import spontan_app.domain.models  # noqa: F401  (every table in the metadata)

    tables = [t for t in SQLModel.metadata.sorted_tables if t.name not in KEEP_TABLES]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())


def reset_to_seed(engine: Engine) -> int:
    """Back to the seed: empty tables, the reference data, the demo files; then the stored
    files nothing points at any more. Returns how many files the new seed holds."""
    from spontan_app.db import session_scope
    from spontan_app.jobs.builtin import remove_orphan_photos
    from spontan_app.seed import seed_all
    from spontan_app.services import applications, faskes, permits

    empty_database(engine)
    seed_all()  # with the demo setting on, this seeds the demo files as well
    with session_scope() as session:
        applications.remove_orphan_files(session=session, min_age_seconds=0)
        permits.remove_orphan_files(session=session, min_age_seconds=0)
        remove_orphan_photos(session, min_age_seconds=0)
    faskes.forget_total()
    log.warning("demo database reset to the seed")
    return len(DEMO_FILES)
