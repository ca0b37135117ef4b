"""Faskes search: ``services.faskes.search`` against a naive scan, side by side.

The naive baseline is what a first version would do: ``lower()`` + ``LIKE '%term%'`` over
every column, an exact ``count(*)`` and ``ORDER BY nama`` over all matches. Both run the
same queries of each kind (prefix, infix, multi-word, accent-insensitive, code,
no-match), interleaved, so both see the same cache and the same machine load.

    python -m bench.faskes_search --url sqlite:////tmp/b.db            # data from bench.generate
    python -m bench.faskes_search --url postgresql+psycopg://postgres@127.0.0.1:5432/spontan_bench
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import summary  # noqa: E402

# Kinds of query an applicant types (the code is taken from the data at run time).
KINDS: dict[str, list[str]] = {
    "prefix": ["klin", "apot", "prak"],
    "infix": ["medika", "bunda", "sentosa"],
    "multi-word": ["klinik pratama sepinggan", "apotek borneo", "gunung sari"],
    "accent": ["médika", "SÉNTOSA", "Hüsada"],
    "code": [],
    "no-match": ["tidak ada yang cocok", "zzqx", "rumah sakit xylofon"],
}


def _naive(engine: Any, query: str) -> None:
    import sqlalchemy as sa

    from spontan_app.domain.validation import fold_text

    terms = fold_text(query).split()
    cols = ["nama", "alamat", "pemilik", "penanggung_jawab", "coalesce(kode_daerah,'')", "coalesce(kode_pusat,'')"]
    hay = " || ' ' || ".join(f"lower({c})" for c in cols)
    where = " AND ".join(f"({hay}) LIKE :t{i}" for i in range(len(terms))) or "1=1"
    params = {f"t{i}": f"%{t}%" for i, t in enumerate(terms)}
    with engine.connect() as conn:
        conn.execute(sa.text(f"SELECT count(*) FROM faskes WHERE active AND {where}"), params).scalar()
        conn.execute(sa.text(f"SELECT * FROM faskes WHERE active AND {where} ORDER BY nama, id LIMIT 10"), params).all()


def run(url: str, *, rounds: int = 5) -> dict[str, Any]:
    """p50/p95 (wall and CPU, ms) of the service and of the naive scan per kind and overall."""
    os.environ["SPONTAN_DATABASE_URL"] = url
    import sqlalchemy as sa
    from sqlmodel import Session

    from spontan_app.db import make_engine
    from spontan_app.services import faskes

    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT count(*) FROM faskes")).scalar()
        codes = [
            r[0]
            for r in conn.execute(
                sa.text("SELECT kode_daerah FROM faskes WHERE kode_daerah IS NOT NULL ORDER BY id DESC LIMIT 2")
            )
        ]
    kinds = {**KINDS, "code": [*codes, codes[0][:5] if codes else "1260"]}
    samples: dict[str, dict[str, list[float]]] = {}
    summaries: dict[str, str] = {}

    def record(kind: str, name: str, wall: float, cpu: float) -> None:
        for key in (kind, "all"):
            bucket = samples.setdefault(key, {})
            bucket.setdefault(f"{name}_wall", []).append(wall * 1000)
            bucket.setdefault(f"{name}_cpu", []).append(cpu * 1000)

    faskes.forget_total()
    with Session(engine) as session:  # warm-up: caches, compiled statements, the total
        for queries in kinds.values():
            for q in queries:
                summaries[q] = faskes.search(session=session, query=q).summary
    for _ in range(rounds):
        for kind, queries in kinds.items():
            for q in queries:
                w, c = time.perf_counter(), time.process_time()
                with Session(engine) as session:
                    faskes.search(session=session, query=q)
                record(kind, "index", time.perf_counter() - w, time.process_time() - c)
                w, c = time.perf_counter(), time.process_time()
                _naive(engine, q)
                record(kind, "naive", time.perf_counter() - w, time.process_time() - c)
    engine.dispose()
    result: dict[str, Any] = {"database": engine.dialect.name, "rows": rows, "rounds": rounds, "kinds": {}}
    for kind, bucket in samples.items():
        entry = {name: summary(values) for name, values in bucket.items()}
        entry["ratio_p95"] = round(entry["naive_wall"]["p95"] / max(entry["index_wall"]["p95"], 1e-6), 1)
        entry["queries"] = kinds.get(kind, [q for qs in kinds.values() for q in qs])
        result["kinds"][kind] = entry
    result["summaries"] = summaries
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.faskes_search")
    parser.add_argument("--url", required=True, help="a database filled by bench.generate")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.url, rounds=args.rounds), indent=2))


if __name__ == "__main__":
    main()
