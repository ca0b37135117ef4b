"""Faskes search (Pencarian Faskes) and proposals for missing ones (Tambah Data).

Search answers from an index, never a full scan: a trigram GIN index on PostgreSQL
(``pg_trgm``), an FTS5 trigram table on SQLite. Both match substrings of the folded
text (case- and accent-insensitive) of name, address, owner, person in charge and codes.
Common spellings of a word find each other (``VARIANTS``: apotik/apotek, RS/rumah sakit …),
and matches are ranked by how well the name answers the query (``match_rank``).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
from spontan_app.i18n import format_number, msg, t
from spontan_app.services import audit, messaging
from spontan_app.services.errors import Conflict, FieldErrors, NotFound, PermissionDenied
from spontan_app.services.ownership import active_staff

log = logging.getLogger(__name__)

PAGE_SIZE = 10
MIN_INDEXED_TERM = 3  # trigram indexes need three characters
# Matches are counted up to this many: past it the page says "lebih dari 1.000 data". An
# exact count of tens of thousands of matches costs more than the rest of the search, and
# nobody pages through a thousand facilities; they type a second word.
COUNT_CAP = 1000
TOTAL_TTL_SECONDS = 60.0

_total_cache: dict[tuple[str, bool], tuple[float, int]] = {}
_generation = [0]  # bumped by forget_total: a recount started before it is not kept
_recounting: set[tuple[str, bool]] = set()
_recount_lock = threading.Lock()


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True)
class SearchPage:
    rows: list[Faskes]
    matching: int  # exact up to COUNT_CAP; COUNT_CAP + 1 means "more than COUNT_CAP"
    total: int
    page: int
    page_size: int
    exact: bool = False  # an unfiltered list: matching is the exact total, never capped

    @property
    def capped(self) -> bool:
        return not self.exact and self.matching > COUNT_CAP

    @property
    def first(self) -> int:
        return 0 if not self.rows else (self.page - 1) * self.page_size + 1

    @property
    def last(self) -> int:
        return 0 if not self.rows else self.first + len(self.rows) - 1

    @property
    def pages(self) -> int:
        shown = self.matching if self.exact else min(self.matching, COUNT_CAP)
        return max(1, -(-shown // self.page_size))

    @property
    def summary(self) -> str:
        return self.summary_in("id")

    def summary_in(self, lang: str) -> str:
        """``Menampilkan 1 sampai 10 dari 360 data (…)`` in ``lang``."""
        count = format_number(self.matching, lang)
        of = t("permohonan.more_than", lang, count=format_number(COUNT_CAP, lang)) if self.capped else count
        total = format_number(self.total, lang)
        return t("permohonan.faskes_summary", lang, first=self.first, last=self.last, of=of, total=total)


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


def _like(term: str):
    # On PostgreSQL the trigram GIN index serves LIKE '%term%' directly.
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Faskes.search_text.like(f"%{escaped}%", escape="\\")


# Spellings applicants use for the same word (folded). A query word from a group finds every
# spelling of it, and names are ranked as if written with the group's first spelling.
VARIANTS: tuple[tuple[str, ...], ...] = (
    ("apotek", "apotik"),
    ("praktik", "praktek"),
    ("klinik", "klinic", "clinic"),
    ("puskesmas", "pkm"),
    ("rumah sakit", "rs"),
    ("laboratorium", "lab"),
    ("optik", "optic"),
)
_CANONICAL = {spelling: group[0] for group in VARIANTS for spelling in group}
_GROUPS = {spelling: group for group in VARIANTS for spelling in group}
_VARIANT_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _CANONICAL), key=len, reverse=True)) + r")\b")


def canonical(folded: str) -> str:
    """Folded text with every known variant written the group's first way ("rs" -> "rumah sakit")."""
    return _VARIANT_RE.sub(lambda m: _CANONICAL[m.group(1)], folded)


def _pattern(spelling: str) -> str:
    # A short spelling ("rs") is looked for as a word end: "rs " (search_text always has a
    # space after the name), which the trigram index can serve.
    return spelling if len(spelling) >= MIN_INDEXED_TERM else spelling + " "


def query_terms(query: str) -> list[tuple[str, ...]]:
    """The words to find, each as its alternatives: "apotik sehat" -> [(apotek, apotik), (sehat,)].

    A variant group's spellings are searched as one word; a two-word spelling ("rumah sakit")
    is taken together. Very short words ("jl", "no") are left out beside longer ones: they
    match nearly everything and cannot use the trigram index."""
    words = canonical(fold_text(query)).split()
    terms: list[tuple[str, ...]] = []
    index = 0
    while index < len(words) and len(terms) < 6:
        pair = " ".join(words[index : index + 2])
        if pair in _GROUPS:
            terms.append(tuple(_pattern(s) for s in _GROUPS[pair]))
            index += 2
            continue
        word = words[index]
        terms.append(tuple(_pattern(s) for s in _GROUPS[word]) if word in _GROUPS else (word,))
        index += 1
    if any(all(len(a) >= MIN_INDEXED_TERM for a in t) for t in terms):
        terms = [t for t in terms if all(len(a) >= MIN_INDEXED_TERM for a in t)]
    return terms


def _fts_query(terms: list[tuple[str, ...]]) -> str:
    # FTS5 trigram: each spelling is a quoted substring phrase; a word's spellings are ORed.
    def one(alternatives: tuple[str, ...]) -> str:
        quoted = ['"' + a.replace('"', "") + '"' for a in alternatives]
        return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"

    return " AND ".join(one(t) for t in terms)


# Kinds of faskes by how their names begin (canonical folded), longest first, for the cards.
_KINDS: tuple[tuple[str, str], ...] = (
    ("praktik mandiri bidan", "Praktik Mandiri Bidan"),
    ("laboratorium klinik", "Laboratorium Klinik"),
    ("klinik kecantikan", "Klinik Kecantikan"),
    ("klinik pratama", "Klinik Pratama"),
    ("klinik utama", "Klinik Utama"),
    ("klinik gigi", "Klinik Gigi"),
    ("laboratorium", "Laboratorium"),
    ("rumah sakit", "Rumah Sakit"),
    ("puskesmas", "Puskesmas"),
    ("praktik", "Praktik Mandiri"),
    ("apotek", "Apotek"),
    ("klinik", "Klinik"),
    ("optik", "Optik"),
)


def kind_of(nama: str) -> str:
    """What kind of facility a name says it is ("RS Pertamina" -> "Rumah Sakit")."""
    name = canonical(fold_text(nama))
    for prefix, label in _KINDS:
        if name == prefix or name.startswith(prefix + " "):
            return label
    return "Fasilitas Kesehatan"


def match_rank(name: str, phrase: str) -> int:
    """How well a faskes name answers the query (both canonical folded text); lower is better:
    0 the name is the phrase, 1 it starts with it, 2 the whole phrase stands in the name,
    3 every word of it is in the name, 4 the match is elsewhere (address, owner, code)."""
    return _ranker(phrase)(name)


def _ranker(phrase: str):
    spaced, words = " " + phrase, phrase.split()

    def rank(name: str) -> int:
        if name.startswith(phrase):
            return 0 if len(name) == len(phrase) else 1
        if spaced in name:
            return 2
        for word in words:
            if word not in name:
                return 4
        return 3

    return rank


def active_total(session: Session, include_inactive: bool = False) -> int:
    """How many faskes there are: counted at most once a minute per process. It changes
    only when staff add, import or retire faskes (``forget_total`` after those in this
    process; other workers catch up within TOTAL_TTL_SECONDS), and the page only quotes it.

    Once known, no search waits for a recount (a scan of the register, ~20 ms at 100,000
    rows on PostgreSQL): past the minute the page quotes the last count while a background
    thread counts again."""
    key = (str(session.get_bind().url), include_inactive)
    cached = _total_cache.get(key)
    if cached:
        if time.monotonic() - cached[0] >= TOTAL_TTL_SECONDS:
            _recount_later(session.get_bind(), key)
        return cached[1]
    started, generation = time.monotonic(), _generation[0]
    total = _count_faskes(session, include_inactive)
    if generation == _generation[0]:
        _total_cache[key] = (started, total)
    return total


def _count_faskes(session: Session, include_inactive: bool) -> int:
    stmt = select(sa.func.count(Faskes.id))
    if not include_inactive:
        stmt = stmt.where(Faskes.active.is_(True))
    return int(session.exec(stmt).one())


def _recount_later(bind: Any, key: tuple[str, bool]) -> None:
    with _recount_lock:
        if key in _recounting:
            return
        _recounting.add(key)
    generation = _generation[0]

    def recount() -> None:
        try:
            started = time.monotonic()
            with Session(bind) as session:
                total = _count_faskes(session, key[1])
            if generation == _generation[0]:  # not forgotten meanwhile (a change could predate this count)
                _total_cache[key] = (started, total)
        except Exception as exc:  # the last count stays; the next search tries again
            log.warning("faskes total not recounted: %s", exc)
        finally:
            _recounting.discard(key)

    threading.Thread(target=recount, name="faskes-total", daemon=True).start()


def forget_total() -> None:
    """After a faskes is added, retired or imported: the next page counts again."""
    _generation[0] += 1
    _total_cache.clear()


def _candidates(session: Session, terms: list[tuple[str, ...]], include_inactive: bool) -> list[tuple[int, str]]:
    """(id, nama) of the first COUNT_CAP + 1 matches in register (id) order.

    The index hands matches out in id order and the scan stops after COUNT_CAP + 1, so a
    word that matches half the register costs no more than one that matches a thousand."""
    active = [] if include_inactive else [Faskes.active.is_(True)]
    short = [_like(t[0]) for t in terms if len(t[0]) < MIN_INDEXED_TERM]  # only when no word is longer
    indexed = [t for t in terms if len(t[0]) >= MIN_INDEXED_TERM]
    if session.get_bind().dialect.name == "sqlite" and indexed:
        # FTS5 yields rowids in ascending order, lazily: joined this way nothing is materialised.
        fts = sa.table("faskes_fts", sa.column("rowid"))
        stmt = (
            select(Faskes.id, Faskes.nama)
            .select_from(fts)
            .join(Faskes, Faskes.id == fts.c.rowid)
            .where(sa.text("faskes_fts MATCH :q").bindparams(q=_fts_query(indexed)), *active, *short)
        )
    else:
        # PostgreSQL: the trigram index for rare words, the primary key walk for common ones.
        words = [sa.or_(*(_like(a) for a in t)) for t in indexed]
        stmt = select(Faskes.id, Faskes.nama).where(*active, *short, *words).order_by(Faskes.id)
    # Plain Core rows (no ORM loading): up to 1,001 (id, name) pairs cross into Python.
    return [(i, n) for i, n in session.connection().execute(stmt.limit(COUNT_CAP + 1))]


_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=20_000)
def _name_key(nama: str) -> str:
    """canonical(fold_text(nama)), remembered: typing "klin", "klini", "klinik" ranks the same
    candidates again. Plain ASCII names skip the Unicode decomposition."""
    folded = _NON_WORD.sub(" ", nama.lower()).strip() if nama.isascii() else fold_text(nama)
    return canonical(folded)


def rank_matches(found: list[tuple[int, str]], query: str) -> list[tuple[int, str]]:
    """Best matches first (``match_rank`` of the name), then by name: "Klinik Pratama" lists
    the Klinik Pratama … before a Klinik Gigi whose address says Pratama."""
    rank = _ranker(canonical(fold_text(query)))
    return sorted(found, key=lambda row: (rank(_name_key(row[1])), row[1], row[0]))


def search(
    *, session: Session, query: str = "", page: int = 1, page_size: int = PAGE_SIZE, include_inactive: bool = False
) -> SearchPage:
    """Applicants see active faskes only; the back office also finds deactivated ones.

    Without a query the rows come in name order over the whole register. With one, the
    first COUNT_CAP matches in register order are ranked (the name is the query, starts
    with it, holds the whole phrase, holds every word, then the rest; by name within each)
    and paged; past COUNT_CAP the page says "lebih dari 1.000" and the user adds a word."""
    terms = query_terms(query)
    page_size = max(1, min(int(page_size), COUNT_CAP))
    page = max(1, min(int(page), -(-COUNT_CAP // page_size) if terms else 10**9))
    total = active_total(session, include_inactive)
    if not terms:
        page = min(page, max(1, -(-total // page_size)))
        stmt = select(Faskes).order_by(Faskes.nama, Faskes.id)
        if not include_inactive:
            stmt = stmt.where(Faskes.active.is_(True))
        rows = list(session.exec(stmt.offset((page - 1) * page_size).limit(page_size)))
        return SearchPage(rows, total, total, page, page_size, exact=True)
    found = _candidates(session, terms, include_inactive)
    matching = len(found)
    shown = rank_matches(found, query)[:COUNT_CAP]
    page = min(page, max(1, -(-len(shown) // page_size)))  # past the last page (the list shrank): the last one
    ids = [i for i, _ in shown[(page - 1) * page_size : page * page_size]]
    by_id = {f.id: f for f in session.exec(select(Faskes).where(Faskes.id.in_(ids)))} if ids else {}
    return SearchPage([by_id[i] for i in ids if i in by_id], matching, total, page, page_size)


def get_active(*, session: Session, faskes_id: int) -> Faskes:
    faskes = session.get(Faskes, faskes_id)
    if faskes is None or not faskes.active:
        raise NotFound(msg("permohonan.faskes_gone"))
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
        ("nama", msg("permohonan.faskes_name"), 200),
        ("alamat", msg("permohonan.faskes_address"), 300),
        ("pemilik", msg("permohonan.owner_name"), 200),
        ("penanggung_jawab", msg("permohonan.responsible_name"), 200),
    ):
        try:
            value = clean_text(getattr(form, key), label)
        except ValidationError as exc:
            errors[key], value = exc.message, ""
            values[key] = value
            continue
        if not value:
            errors[key] = msg("permohonan.field_required", label=label)
        elif len(value) > limit:
            errors[key] = msg("permohonan.value_max_chars", label=label, limit=limit)
        values[key] = value
    try:
        kontak = normalize_wa_number(form.kontak, label=msg("permohonan.contact"))
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
        raise PermissionDenied(msg("admin.usulan.may_not_review"))
    proposal = session.get(FaskesProposal, proposal_id)
    if proposal is None:
        raise NotFound(msg("admin.usulan.not_found"))
    if proposal.status != ProposalStatus.PENDING.value:
        raise Conflict(msg("admin.usulan.already_reviewed"))
    try:  # the note is sent to the applicant: NFC, no control/bidi/invisible characters
        note = clean_text(note, msg("admin.proses.note"), multiline=True)
    except ValidationError as exc:
        raise FieldErrors({"reason" if not approve else "note": exc.message}) from None
    proposal.reviewed_by, proposal.reviewed_at, proposal.review_note = staff.id, utcnow(), note[:500]
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
        forget_total()
        proposal.faskes_id, proposal.status = faskes.id, ProposalStatus.APPROVED.value
        key, params = "whatsapp.faskes_approved", {"name": proposal.nama}
    else:
        proposal.status = ProposalStatus.REJECTED.value
        key, params = "whatsapp.faskes_rejected", {"name": proposal.nama, "note": proposal.review_note or "-"}
    session.add(proposal)
    if applicant is not None and not applicant.wa_opt_out:
        body = t(key, applicant.language, **params)
        messaging.queue_message(session=session, to_e164=applicant.wa_number, kind="faskes_proposal", body=body)
    audit.log(session, staff, "review_faskes_proposal", proposal, approve=approve)
    return proposal
