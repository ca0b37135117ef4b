"""Faskes search (Pencarian Faskes) and proposals for missing ones (Tambah Data).

Search answers from an index, never a full scan: a trigram GIN index on PostgreSQL
(``pg_trgm``), an FTS5 trigram table on SQLite. Both match substrings of the folded
text (case- and accent-insensitive) of name, address, owner, person in charge and codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import ProposalStatus
from spontan_app.domain.models import Applicant, Faskes, FaskesProposal, StaffUser, utcnow
from spontan_app.domain.validation import (
    ValidationError,
    clean_text,
    fold_text,
    normalize_wa_number,
    validate_coordinates,
)
from spontan_app.services import audit, messaging
from spontan_app.services.errors import Conflict, FieldErrors, NotFound, PermissionDenied
from spontan_app.services.ownership import active_staff

PAGE_SIZE = 10
MIN_INDEXED_TERM = 3  # trigram indexes need three characters


@dataclass(frozen=True)
class SearchPage:
    rows: list[Faskes]
    matching: int
    total: int
    page: int
    page_size: int

    @property
    def first(self) -> int:
        return 0 if not self.matching else (self.page - 1) * self.page_size + 1

    @property
    def last(self) -> int:
        return min(self.page * self.page_size, self.matching)

    @property
    def pages(self) -> int:
        return max(1, -(-self.matching // self.page_size))

    @property
    def summary(self) -> str:
        return (
            f"Menampilkan {self.first} sampai {self.last} dari {self.matching} data "
            f"(Menampilkan dari {self.total} total data)"
        )


def search_text_of(faskes: Faskes) -> str:
    parts = [
        faskes.nama,
        faskes.alamat,
        faskes.pemilik,
        faskes.penanggung_jawab,
        faskes.kode_daerah or "",
        faskes.kode_pusat or "",
    ]
    return fold_text(" ".join(parts))


def _match_clause(session: Session, terms: list[str]):
    dialect = session.get_bind().dialect.name
    clauses = []
    indexed = [t for t in terms if len(t) >= MIN_INDEXED_TERM]
    if dialect == "sqlite" and indexed:
        # FTS5 trigram: each term is a quoted substring phrase.
        query = " AND ".join('"' + t.replace('"', "") + '"' for t in indexed)
        clauses.append(
            Faskes.id.in_(sa.text("SELECT rowid FROM faskes_fts WHERE faskes_fts MATCH :q").bindparams(q=query))
        )
        terms = [t for t in terms if len(t) < MIN_INDEXED_TERM]
    for term in terms:
        # On PostgreSQL the trigram GIN index serves LIKE '%term%' directly.
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(Faskes.search_text.like(f"%{escaped}%", escape="\\"))
    return sa.and_(*clauses) if clauses else sa.true()


def search(
    *, session: Session, query: str = "", page: int = 1, page_size: int = PAGE_SIZE, include_inactive: bool = False
) -> SearchPage:
    """Applicants see active faskes only; the back office also finds deactivated ones."""
    terms = fold_text(query).split()[:6]
    if any(len(t) >= MIN_INDEXED_TERM for t in terms):
        # Very short words ("jl", "no") match nearly everything and cannot use the trigram
        # index; beside a longer word they only cost a scan, so they are left out.
        terms = [t for t in terms if len(t) >= MIN_INDEXED_TERM]
    page = max(1, int(page))
    active = sa.true() if include_inactive else Faskes.active.is_(True)
    where = sa.and_(active, _match_clause(session, terms))
    total = session.exec(select(sa.func.count(Faskes.id)).where(active)).one()
    matching = session.exec(select(sa.func.count(Faskes.id)).where(where)).one()
    rows = session.exec(
        select(Faskes).where(where).order_by(Faskes.nama, Faskes.id).offset((page - 1) * page_size).limit(page_size)
    ).all()
    return SearchPage(list(rows), int(matching), int(total), page, page_size)


def get_active(*, session: Session, faskes_id: int) -> Faskes:
    faskes = session.get(Faskes, faskes_id)
    if faskes is None or not faskes.active:
        raise NotFound("Faskes tidak ditemukan.")
    return faskes


@dataclass
class ProposalForm:
    nama: str = ""
    alamat: str = ""
    pemilik: str = ""
    penanggung_jawab: str = ""
    kontak: str = ""
    latitude: str = ""
    longitude: str = ""


def propose(*, session: Session, applicant: Applicant, form: ProposalForm) -> FaskesProposal:
    """Tambah Data: an applicant asks for a faskes to be added; staff decide."""
    errors: dict[str, str] = {}
    values = {}
    for key, label, limit in (
        ("nama", "Nama Faskes", 200),
        ("alamat", "Alamat Faskes", 300),
        ("pemilik", "Nama Pemilik", 200),
        ("penanggung_jawab", "Nama Penanggung Jawab", 200),
    ):
        try:
            value = clean_text(getattr(form, key), label)
        except ValidationError as exc:
            errors[key], value = exc.message, ""
            values[key] = value
            continue
        if not value:
            errors[key] = f"{label} wajib diisi."
        elif len(value) > limit:
            errors[key] = f"{label} maksimal {limit} karakter."
        values[key] = value
    try:
        kontak = normalize_wa_number(form.kontak, label="Kontak")
    except ValidationError as exc:
        errors["kontak"] = exc.message
        kontak = ""
    lat = lon = None
    if form.latitude or form.longitude:
        try:
            lat, lon = validate_coordinates(form.latitude, form.longitude)
        except ValidationError as exc:
            errors["latitude"] = exc.message
    if errors:
        raise FieldErrors(errors)
    proposal = FaskesProposal(applicant_id=applicant.id, kontak=kontak, latitude=lat, longitude=lon, **values)
    session.add(proposal)
    session.flush()
    audit.log(session, applicant, "propose_faskes", proposal)
    return proposal


def review_proposal(
    *, session: Session, staff: StaffUser, proposal_id: int, approve: bool, note: str = ""
) -> FaskesProposal:
    """Staff approve (the faskes becomes selectable, the applicant is told) or reject.

    ``staff`` is re-read from the database: its role and active flag are checked here."""
    staff = active_staff(session, staff)
    if staff is None or staff.role not in ("admin", "front_office", "verifikator"):
        raise PermissionDenied("Anda tidak berwenang meninjau usulan faskes.")
    proposal = session.get(FaskesProposal, proposal_id)
    if proposal is None:
        raise NotFound("Usulan faskes tidak ditemukan.")
    if proposal.status != ProposalStatus.PENDING.value:
        raise Conflict("Usulan ini sudah ditinjau.")
    proposal.reviewed_by, proposal.reviewed_at, proposal.review_note = staff.id, utcnow(), note.strip()[:500]
    applicant = session.get(Applicant, proposal.applicant_id)
    if approve:
        faskes = Faskes(
            nama=proposal.nama,
            alamat=proposal.alamat,
            pemilik=proposal.pemilik,
            penanggung_jawab=proposal.penanggung_jawab,
            latitude=proposal.latitude,
            longitude=proposal.longitude,
        )
        faskes.search_text = search_text_of(faskes)
        session.add(faskes)
        session.flush()
        proposal.faskes_id, proposal.status = faskes.id, ProposalStatus.APPROVED.value
        body = (
            f'Usulan faskes "{proposal.nama}" telah disetujui DPMPTSP Kota Balikpapan dan sekarang dapat '
            "dipilih pada permohonan izin Anda di SPONTAN."
        )
    else:
        proposal.status = ProposalStatus.REJECTED.value
        body = f'Usulan faskes "{proposal.nama}" belum dapat disetujui. Catatan petugas: {proposal.review_note or "-"}'
    session.add(proposal)
    if applicant is not None and not applicant.wa_opt_out:
        messaging.queue_message(session=session, to_e164=applicant.wa_number, kind="faskes_proposal", body=body)
    audit.log(session, staff, "review_faskes_proposal", proposal, approve=approve)
    return proposal
