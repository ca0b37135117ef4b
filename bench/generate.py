"""Fill a database with realistic volumes for the benchmarks: faskes, applicants, and
applications with their history steps and document rows (no files), on SQLite or
PostgreSQL, with bulk inserts (sqlite3 executemany / PostgreSQL COPY).

    python -m bench.generate --url sqlite:////tmp/spontan-bench.db --size full
    python -m bench.generate --url postgresql+psycopg://postgres@127.0.0.1:5432/spontan_perf --size full
    python -m bench.generate --url sqlite:////tmp/t.db --size tiny      # seconds

Sizes: ``full`` is 100,000 faskes, 200,000 applicants, 1,000,000 applications (the issue's
volumes); ``tiny`` runs in seconds. The database is reused between runs: a ``bench_meta``
table records what was generated, and a second run with the same sizes only migrates.

Shape: applicant 1 ("the busy one") has ``busy_files`` applications (200 by default: the
/beranda case); the others share the rest at random. Statuses follow a running office
(mostly issued, a fifth open at some desk, a few returned, rejected, cancelled, drafts).
Every submitted file has its izin's snapshot, a registration number ``seq/CODE/MM/YYYY``,
the history steps the workflow would have written, and one current document per active
requirement. Every applicant's password is ``BENCH_PASSWORD``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GENERATOR_VERSION = 1  # the tallies and working days of f7a2b5c4d3e6 are filled by the migration on old data
BENCH_PASSWORD = "Bench#2026pass"
BUSY_APPLICANT_ID = 1
BATCH = 20_000


@dataclass(frozen=True)
class Sizes:
    faskes: int
    applicants: int
    applications: int
    busy_files: int = 200

    @classmethod
    def named(cls, name: str) -> Sizes:
        return {
            "tiny": cls(faskes=2_000, applicants=300, applications=2_000, busy_files=200),
            "small": cls(faskes=20_000, applicants=20_000, applications=100_000),
            # every faskes, a tenth of the files: the search at full size, lists quicker to load
            "medium": cls(faskes=100_000, applicants=20_000, applications=100_000),
            "full": cls(faskes=100_000, applicants=200_000, applications=1_000_000),
        }[name]


# Status mix of a running office (weights); open files sit at a desk, returned ones with the applicant.
STATUS_WEIGHTS = [
    ("ISSUED", 58),
    ("SUBMITTED", 8),
    ("IN_PROCESS", 12),
    ("RETURNED", 3),
    ("APPROVED", 1),
    ("REJECTED", 5),
    ("DIBATALKAN", 5),
    ("DRAFT", 8),
]
FIRST_STEP = "Pengajuan Permohonan via Online"


# --------------------------------------------------------------------------- helpers


def _is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def _meta(engine: Any) -> dict[str, Any] | None:
    import sqlalchemy as sa

    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("bench_meta"):
            return None
        row = conn.execute(sa.text("SELECT value FROM bench_meta WHERE key = 'generated'")).first()
    return json.loads(row[0]) if row else None


def _write_meta(engine: Any, info: dict[str, Any]) -> None:
    import sqlalchemy as sa

    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE IF NOT EXISTS bench_meta (key VARCHAR(40) PRIMARY KEY, value TEXT)"))
        conn.execute(sa.text("DELETE FROM bench_meta WHERE key = 'generated'"))
        conn.execute(sa.text("INSERT INTO bench_meta (key, value) VALUES ('generated', :v)"), {"v": json.dumps(info)})


class Writer:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, raw: Any, postgres: bool) -> None:
        self.raw, self.postgres = raw, postgres

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        n = 0
        if self.postgres:
            with self.raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
            return n
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        cur = self.raw.cursor()
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cur.executemany(sql, batch)
                n += len(batch)
                batch.clear()
        if batch:
            cur.executemany(sql, batch)
            n += len(batch)
        cur.close()
        return n


def _formatter(postgres: bool):
    """Values in the form each driver takes without a conversion pass: naive UTC datetimes
    (the COPY session runs in UTC) for PostgreSQL; for SQLite the text SQLAlchemy itself
    stores (``YYYY-MM-DD HH:MM:SS.ffffff``, microseconds never 0 so the format is fixed)."""
    if postgres:
        return lambda moment: moment
    return lambda moment: moment.isoformat(" ") if moment is not None else None


# --------------------------------------------------------------------------- rows


def _faskes_rows(count: int) -> Iterator[tuple]:
    """The shape of ``spontan_app.seed.generate_faskes`` without building ORM objects (100x faster)."""
    from spontan_app import seed_data as data
    from spontan_app.domain.validation import fold_text
    from spontan_app.seed import _FASKES_KINDS, _FASKES_NAMES, _FIRST, _LAST, _STREETS

    rng = random.Random(7)
    kinds = [k for k, _ in _FASKES_KINDS]
    weights = [w for _, w in _FASKES_KINDS]
    kelurahan = [kel for _, (_, kels) in data.KECAMATAN.items() for kel in kels]

    def person(title: str = "") -> str:
        return f"{title} {rng.choice(_FIRST)} {rng.choice(_LAST)}".strip()

    for i in range(1, count + 1):
        kind = rng.choices(kinds, weights)[0]
        nama = f"{kind} {rng.choice(_FASKES_NAMES)}"
        if rng.random() < 0.5:
            nama += f" {rng.choice(kelurahan)}"
        alamat = (
            f"{rng.choice(_STREETS)} No.{rng.randint(1, 300)} RT.{rng.randint(1, 80):02d} "
            f"Kel. {rng.choice(kelurahan)} Balikpapan"
        )
        pemilik = rng.choice(
            [f"PT {rng.choice(_FASKES_NAMES)} Medika", f"Yayasan {rng.choice(_FASKES_NAMES)}", person("dr."), person()]
        )
        pj = person("apt." if kind == "Apotek" else ("Bd." if "Bidan" in kind else "dr."))
        kode_daerah = str(1260000 + i * 7 + rng.randint(0, 6)) if rng.random() < 0.7 else None
        kode_pusat = f"6471{rng.randint(100000, 999999)}" if rng.random() < 0.5 else None
        search = fold_text(" ".join([nama, alamat, pemilik, pj, kode_daerah or "", kode_pusat or ""]))
        yield (
            i,
            kode_daerah,
            kode_pusat,
            nama,
            alamat,
            pemilik,
            pj,
            round(rng.uniform(-1.28, -1.15), 6),
            round(rng.uniform(116.80, 116.98), 6),
            search,
            True,
        )


FASKES_COLUMNS = (
    "id",
    "kode_daerah",
    "kode_pusat",
    "nama",
    "alamat",
    "pemilik",
    "penanggung_jawab",
    "latitude",
    "longitude",
    "search_text",
    "active",
)

APPLICANT_COLUMNS = (
    "id",
    "applicant_type",
    "username",
    "email",
    "wa_number",
    "password_hash",
    "status",
    "full_name",
    "sex",
    "address",
    "kelurahan_id",
    "kecamatan_id",
    "kabkota_id",
    "company_name",
    "wa_opt_out",
    "failed_logins",
    "created_at",
    "updated_at",
)


def _applicant_rows(
    count: int, password_hash: str, regions: list[tuple[int, int, int]], now: datetime, fmt
) -> Iterator:
    from spontan_app.seed import _FIRST, _LAST, _STREETS

    rng = random.Random(11)
    for i in range(1, count + 1):
        company = i % 10 == 0
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        kel, kec, kab = rng.choice(regions)
        created = fmt(now - timedelta(days=30 + int(rng.random() * 1470), microseconds=1 + i))
        yield (
            i,
            "badan_usaha" if company else "perorangan",
            f"{i:015d}" if company else f"6471{i:012d}",
            f"pemohon{i}@contoh.id",
            f"+628{i:010d}",
            password_hash,
            "active",
            f"{first} {last}",
            "L" if rng.random() < 0.5 else "P",
            f"{rng.choice(_STREETS)} No.{rng.randint(1, 300)} Balikpapan",
            kel,
            kec,
            kab,
            f"PT {last} {first} Sejahtera" if company else None,
            False,
            0,
            created,
            created,
        )


APPLICATION_COLUMNS = (
    "id",
    "applicant_id",
    "izin_id",
    "registration_number",
    "status",
    "draft_step",
    "lokasi",
    "keterangan",
    "faskes_id",
    "declaration_accepted",
    "submit_key",
    "current_position",
    "submitted_at",
    "due_date",
    "decided_at",
    "created_at",
    "updated_at",
    "working_days",
)
STEP_COLUMNS = (
    "id",
    "application_id",
    "seq",
    "desk",
    "stage",
    "status",
    "note",
    "actor",
    "staff_id",
    "started_at",
    "ended_at",
)
DOCUMENT_COLUMNS = (
    "id",
    "application_id",
    "requirement_id",
    "storage_name",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "version",
    "is_current",
    "flagged",
    "flag_note",
    "uploaded_at",
    "review",
    "review_note",
)


@dataclass
class Izin:
    id: int
    code: str
    days: int
    needs_faskes: bool
    snapshot: str
    desks: list[tuple[int, str, str]]  # (position, desk, stage)
    requirements: list[int]


def _owners(sizes: Sizes, rng: random.Random) -> list[int]:
    """The applicant of each application: the busy applicant's files, then the rest at random."""
    busy = min(sizes.busy_files, sizes.applications)
    others = sizes.applications - busy
    owners = [BUSY_APPLICANT_ID] * busy
    if sizes.applicants > 1:
        span, r = sizes.applicants - 1, rng.random
        owners += [2 + int(r() * span) for _ in range(others)]
    else:
        owners += [BUSY_APPLICANT_ID] * others
    rng.shuffle(owners)
    return owners


class History:
    """Application, step and document rows, generated together (same random story).

    Applications stream out of ``applications()``; their steps and documents collect in
    lists written afterwards. Moments are naive UTC datetimes passed through ``fmt``."""

    def __init__(self, sizes: Sizes, izins: list[Izin], staff: dict[str, tuple[int, str]], now: datetime, fmt) -> None:
        self.sizes, self.izins, self.staff, self.now, self.fmt = sizes, izins, staff, now, fmt
        self.postgres = fmt(now) is now
        self.steps: list[tuple] = []
        self.documents: list[tuple] = []
        self.snapshots: list[tuple] = []  # (application_id, JSON): submitted files only
        self.counters: dict[tuple[str, int, int], int] = {}
        self.holidays: list = []  # the office's holidays (dates), for working days

    def working_days(self, submitted: datetime, decided: datetime) -> int:
        """What the model records when a file is decided (domain.models)."""
        from spontan_app.domain.workdays import working_days_between

        start, end = (submitted + timedelta(hours=8)).date(), (decided + timedelta(hours=8)).date()
        return working_days_between(start, end, [h for h in self.holidays if start < h <= end])

    def applications(self) -> Iterator[tuple]:
        rng = random.Random(23)
        r = rng.random
        fmt, steps, documents = self.fmt, self.steps, self.documents
        cumulative, total = [], 0
        for _, weight in STATUS_WEIGHTS:
            total += weight
            cumulative.append(total)
        statuses = [s for s, _ in STATUS_WEIGHTS]
        span = 3 * 365 * 24 * 3600
        owners = _owners(self.sizes, rng)
        # Submission times ascend with the id, as in real life (numbers count up per month).
        moments = sorted(int(r() * span) for _ in range(self.sizes.applications))
        origin = self.now - timedelta(seconds=span + 86400)
        recent = self.now - timedelta(days=20)
        hour = timedelta(hours=1)
        n_izin, n_faskes = len(self.izins), self.sizes.faskes
        step_id = document_id = 0
        for app_id in range(1, self.sizes.applications + 1):
            owner, offset = owners[app_id - 1], moments[app_id - 1]
            izin = self.izins[int(r() * n_izin)]
            pick = r() * total
            status = statuses[next(i for i, c in enumerate(cumulative) if pick < c)]
            submitted = origin + timedelta(seconds=offset, microseconds=1 + app_id % 999_998)
            if submitted > recent and status in ("ISSUED", "REJECTED", "APPROVED"):
                status = "IN_PROCESS"  # recent files are still being worked on
            created = submitted - timedelta(minutes=5 + int(r() * 600))
            faskes_id = 1 + int(r() * n_faskes) if izin.needs_faskes and n_faskes else None
            if status == "DRAFT":
                yield (
                    app_id, owner, izin.id, None, status, 1 + int(r() * 4), "", "", faskes_id,
                    False, None, None, None, None, None, fmt(created), fmt(created), None,
                )  # fmt: skip
                uploaded = fmt(created)
                for requirement_id in izin.requirements:
                    if r() < 0.6:
                        document_id += 1
                        documents.append(
                            (
                                document_id, app_id, requirement_id, f"bench-{document_id:08d}.pdf", "dokumen.pdf",
                                "application/pdf", 180_000 + document_id % 50_000, "0" * 64, 1, True, False, "",
                                uploaded, "", "",
                            )
                        )  # fmt: skip
                continue
            local = submitted + timedelta(hours=8)
            self.snapshots.append((app_id, izin.snapshot))
            key = (izin.code, local.year, local.month)
            self.counters[key] = seq_no = self.counters.get(key, 0) + 1
            number = f"{seq_no}/{izin.code}/{local.month:02d}/{local.year}"
            due = (submitted + timedelta(days=round(izin.days * 1.4) + 1)).date()

            # The steps the workflow writes (see services/workflow.py).
            desks = izin.desks
            n_desks = len(desks)
            if status in ("SUBMITTED", "RETURNED"):
                reached = 1
            elif status == "IN_PROCESS":
                reached = 2 + int(r() * max(1, n_desks - 1))
            elif status in ("ISSUED", "APPROVED"):
                reached = n_desks
            else:  # rejected or cancelled somewhere along the way
                reached = 1 + int(r() * n_desks)
            step_id += 1
            steps.append(
                (step_id, app_id, 1, "pemohon", FIRST_STEP, "SUBMITTED", "", "", None, fmt(submitted), fmt(submitted))
            )
            seq, at, position = 1, submitted, None
            for position_, desk, stage in desks[:reached]:
                seq += 1
                step_id += 1
                end = at + hour * (2 + int(r() * 58))
                staff_id, actor = self.staff.get(desk, (None, ""))
                if position_ != reached or status in ("ISSUED", "APPROVED", "DIBATALKAN"):
                    steps.append(
                        (step_id, app_id, seq, desk, stage, "APPROVED", "", actor, staff_id, fmt(at), fmt(end))
                    )
                elif status in ("SUBMITTED", "IN_PROCESS"):
                    steps.append((step_id, app_id, seq, desk, stage, "IN_PROGRESS", "", "", None, fmt(at), None))
                    position = position_
                elif status == "REJECTED":
                    note = "Persyaratan tidak terpenuhi."
                    steps.append(
                        (step_id, app_id, seq, desk, stage, "REJECTED", note, actor, staff_id, fmt(at), fmt(end))
                    )
                else:  # RETURNED: the desk sends it back, the applicant holds it
                    note = "Scan KTP buram, mohon unggah ulang."
                    steps.append(
                        (step_id, app_id, seq, desk, stage, "RETURNED", note, actor, staff_id, fmt(at), fmt(end))
                    )
                    seq += 1
                    step_id += 1
                    label = "PERBAIKAN OLEH PEMOHON"
                    steps.append((step_id, app_id, seq, "pemohon", label, "RETURNED", note, "", None, fmt(end), None))
                    position = position_
                at = end
            decided = None
            if status == "ISSUED":
                seq += 1
                step_id += 1
                desk = desks[-1][1]
                staff_id, actor = self.staff.get(desk, (None, ""))
                steps.append(
                    (step_id, app_id, seq, desk, "IZIN TERBIT", "ISSUED", "", actor, staff_id, fmt(at), fmt(at))
                )
                decided = at
            elif status in ("APPROVED", "REJECTED"):
                decided = at
            elif status == "DIBATALKAN":
                seq += 1
                step_id += 1
                label = "PEMBATALAN OLEH PEMOHON"
                steps.append((step_id, app_id, seq, "pemohon", label, "DIBATALKAN", "", "", None, fmt(at), fmt(at)))
            yield (
                app_id, owner, izin.id, number, status, 4, "", "", faskes_id, True, f"bench-{app_id}", position,
                fmt(submitted), due if self.postgres else due.isoformat(),
                fmt(decided) if decided else None, fmt(created), fmt(at),
                self.working_days(submitted, decided) if decided else None,
            )  # fmt: skip
            uploaded = fmt(submitted)
            for requirement_id in izin.requirements:
                document_id += 1
                documents.append(
                    (
                        document_id, app_id, requirement_id, f"bench-{document_id:08d}.pdf", "dokumen.pdf",
                        "application/pdf", 180_000 + document_id % 50_000, "0" * 64, 1, True, False, "",
                        uploaded, "", "",
                    )
                )  # fmt: skip


# --------------------------------------------------------------------------- main


def generate(url: str, sizes: Sizes, *, force: bool = False, quiet: bool = False) -> dict[str, Any]:
    """Migrate ``url`` and fill it with ``sizes``, unless that was already done."""
    os.environ["SPONTAN_DATABASE_URL"] = url
    from spontan_app.settings import reset_settings_cache

    reset_settings_cache()
    from alembic import command
    from spontan_app.db import make_engine, reset_engine
    from tests.support import alembic_config, ensure_postgres_database, reset_database

    reset_engine()
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    postgres = _is_postgres(url)
    if postgres:
        ensure_postgres_database(url)
    engine = make_engine(url)
    wanted = {"version": GENERATOR_VERSION, **asdict(sizes)}
    try:
        meta = _meta(engine)
    except Exception:
        meta = None
    if meta and not force and {k: meta.get(k) for k in wanted} == wanted:
        command.upgrade(alembic_config(url), "head")  # new indexes land on the kept data
        say(f"reusing generated data: {meta}")
        engine.dispose()
        return meta
    started = time.perf_counter()
    engine.dispose()
    reset_database(url)
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    _reference_data()
    info = {**wanted, **_fill(engine, sizes, postgres, say)}
    info["seconds"] = round(time.perf_counter() - started, 1)
    info["database"] = "postgresql" if postgres else "sqlite"
    _write_meta(engine, info)
    engine.dispose()
    say(f"generated: {info}")
    return info


def _reference_data() -> None:
    from spontan_app.db import session_scope
    from spontan_app.seed import seed_catalogue, seed_holidays, seed_regions, seed_staff

    with session_scope() as session:
        seed_regions(session)
        seed_catalogue(session)
        seed_holidays(session)
        seed_staff(session)


def _fill(engine: Any, sizes: Sizes, postgres: bool, say: Any) -> dict[str, Any]:
    import sqlalchemy as sa
    from sqlmodel import Session, select

    from spontan_app.domain.models import Holiday, JenisIzin, Region, StaffUser
    from spontan_app.domain.passwords import hash_password
    from spontan_app.services import snapshot

    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # naive UTC, see _formatter
    fmt = _formatter(postgres)
    with Session(engine) as session:
        izins = []
        for izin in session.exec(select(JenisIzin).where(JenisIzin.active.is_(True)).order_by(JenisIzin.id)):
            desks = [(d.position, d.desk, d.stage) for d in snapshot.live_steps(session, izin.id)]
            if not desks:
                continue
            requirements = [r.id for r in snapshot.live_requirements(session, izin.id)]
            snap = json.dumps(snapshot.take(session, izin))
            izins.append(Izin(izin.id, izin.code, izin.processing_days, izin.needs_faskes, snap, desks, requirements))
        staff = {s.role: (s.id, s.full_name) for s in session.exec(select(StaffUser))}
        kel = session.exec(select(Region).where(Region.level == "kelurahan")).all()
        by_id = {r.id: r for r in session.exec(select(Region))}
        regions = [(k.id, k.parent_id, by_id[k.parent_id].parent_id) for k in kel]
        holidays = sorted(session.exec(select(Holiday.day)))
    password_hash = hash_password(BENCH_PASSWORD)

    raw = engine.raw_connection()
    dbapi = raw.driver_connection
    if postgres:
        dbapi.execute("SET TIME ZONE 'UTC'")  # naive moments are UTC
    else:
        dbapi.execute("PRAGMA synchronous=OFF")
        dbapi.execute("PRAGMA foreign_keys=OFF")
    writer = Writer(dbapi, postgres)
    counts: dict[str, int] = {}

    def timed(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        t0 = time.perf_counter()
        counts[table] = writer.write(table, columns, rows)
        say(f"  {table}: {counts[table]:,} rows in {time.perf_counter() - t0:.1f} s")

    timed("faskes", FASKES_COLUMNS, _faskes_rows(sizes.faskes))
    timed("applicant", APPLICANT_COLUMNS, _applicant_rows(sizes.applicants, password_hash, regions, now, fmt))
    history = History(sizes, izins, staff, now, fmt)
    history.holidays = holidays
    timed("application", APPLICATION_COLUMNS, history.applications())
    timed("application_step", STEP_COLUMNS, history.steps)
    timed("application_document", DOCUMENT_COLUMNS, history.documents)
    timed("application_snapshot", ("application_id", "data"), history.snapshots)
    counters = [(code, year, month, value) for (code, year, month), value in history.counters.items()]
    timed("registration_counter", ("izin_code", "year", "month", "last_value"), counters)
    t0 = time.perf_counter()
    # Each step carries its file's submission moment (as services/workflow.py writes it).
    dbapi.execute(
        "UPDATE application_step SET filed_at = "
        "(SELECT a.submitted_at FROM application a WHERE a.id = application_step.application_id)"
    )
    say(f"  application_step.filed_at: copied in {time.perf_counter() - t0:.1f} s")
    dbapi.commit()
    raw.close()
    with engine.begin() as conn:
        if postgres:
            for table in ("faskes", "applicant", "application", "application_step", "application_document"):
                conn.execute(
                    sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # PostgreSQL: VACUUM too, as autovacuum would have by then (index-only scans need
        # the visibility map); SQLite: the planner's statistics.
        conn.execute(sa.text("VACUUM ANALYZE" if postgres else "ANALYZE"))
    return {"rows": counts, "busy_applicant": BUSY_APPLICANT_ID, "password": BENCH_PASSWORD}


def sample_numbers(url: str, n: int = 50, seed: int = 3) -> list[str]:
    """Registration numbers spread over the generated data (for lookups)."""
    import sqlalchemy as sa

    from spontan_app.db import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        top = conn.execute(sa.text("SELECT max(id) FROM application")).scalar() or 0
        rng = random.Random(seed)
        ids = sorted({rng.randint(1, top) for _ in range(n * 3)}) if top else []
        rows = conn.execute(
            sa.text(
                "SELECT registration_number FROM application WHERE id IN :ids AND registration_number IS NOT NULL"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": ids or [0]},
        ).all()
    engine.dispose()
    return [r[0] for r in rows][:n]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="SQLAlchemy URL of a scratch database (it is emptied)")
    parser.add_argument("--size", default="tiny", choices=["tiny", "small", "medium", "full"])
    parser.add_argument("--faskes", type=int)
    parser.add_argument("--applicants", type=int)
    parser.add_argument("--applications", type=int)
    parser.add_argument("--force", action="store_true", help="generate again even if the sizes match")
    args = parser.parse_args(argv)
    base = Sizes.named(args.size)
    sizes = Sizes(
        faskes=args.faskes if args.faskes is not None else base.faskes,
        applicants=args.applicants if args.applicants is not None else base.applicants,
        applications=args.applications if args.applications is not None else base.applications,
        busy_files=base.busy_files,
    )
    generate(args.url, sizes, force=args.force)


if __name__ == "__main__":
    main()
