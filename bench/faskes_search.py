"""Faskes search: the index against a naive ``LIKE '%q%'`` scan, side by side.

Fills a scratch database with N faskes (default 100,000), then runs the same queries
through ``services.faskes.search`` (trigram index: FTS5 on SQLite, pg_trgm GIN on
PostgreSQL) and through a plain scan over the unindexed columns, interleaved, and
reports p50/p95 of each and their ratio. Results go to docs/bench/.

    python bench/faskes_search.py                       # SQLite in a temp folder
    python bench/faskes_search.py --url postgresql+psycopg://postgres@127.0.0.1:5432/spontan_bench
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "medika",
    "apotek borneo",
    "klinik pratama sepinggan",
    "bunda",
    "jl mulawarman",
    "santoso",
    "1260",
    "tidak ada yang cocok",
    "prima husada",
    "gunung sari",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=None)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    os.environ["SPONTAN_DATABASE_URL"] = url

    import sqlalchemy as sa
    from sqlmodel import Session

    from spontan_app.db import get_engine
    from spontan_app.domain.validation import fold_text
    from spontan_app.seed import generate_faskes
    from spontan_app.services import faskes
    from tests.support import ensure_postgres_database, migrate_fresh

    if url.startswith("postgresql"):
        ensure_postgres_database(url)
    migrate_fresh(url)
    engine = get_engine()
    started = time.perf_counter()
    with Session(engine) as session:
        batch = generate_faskes(args.rows, seed=7)
        for start in range(0, len(batch), 5000):
            session.add_all(batch[start : start + 5000])
            session.flush()
        session.commit()
    fill_seconds = time.perf_counter() - started
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(sa.text("ANALYZE faskes"))

    def indexed(q: str) -> None:
        with Session(engine) as session:
            faskes.search(session=session, query=q)

    def naive(q: str) -> None:
        # What a first version would do: lower() + LIKE on every column, counted and paged.
        terms = fold_text(q).split()
        cols = ["nama", "alamat", "pemilik", "penanggung_jawab", "coalesce(kode_daerah,'')", "coalesce(kode_pusat,'')"]
        hay = " || ' ' || ".join(f"lower({c})" for c in cols)
        where = " AND ".join(f"({hay}) LIKE :t{i}" for i in range(len(terms))) or "1=1"
        params = {f"t{i}": f"%{t}%" for i, t in enumerate(terms)}
        with engine.connect() as conn:
            conn.execute(sa.text(f"SELECT count(*) FROM faskes WHERE {where}"), params).scalar()
            conn.execute(sa.text(f"SELECT * FROM faskes WHERE {where} ORDER BY nama LIMIT 10"), params).all()

    timings: dict[str, list[float]] = {"indexed": [], "naive": []}
    for _ in range(args.rounds):
        for q in QUERIES:  # interleaved: both see the same cache and machine load
            for name, fn in (("indexed", indexed), ("naive", naive)):
                t0 = time.perf_counter()
                fn(q)
                timings[name].append((time.perf_counter() - t0) * 1000)

    def pct(values: list[float], p: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]

    result = {
        "database": engine.dialect.name,
        "rows": args.rows,
        "queries": len(QUERIES) * args.rounds,
        "fill_seconds": round(fill_seconds, 1),
        "indexed_ms": {
            "p50": round(statistics.median(timings["indexed"]), 2),
            "p95": round(pct(timings["indexed"], 0.95), 2),
        },
        "naive_ms": {
            "p50": round(statistics.median(timings["naive"]), 2),
            "p95": round(pct(timings["naive"], 0.95), 2),
        },
    }
    result["p95_speedup"] = round(result["naive_ms"]["p95"] / result["indexed_ms"]["p95"], 1)
    out = ROOT / "docs" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"faskes_search_{engine.dialect.name}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
