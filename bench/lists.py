"""Lists and lookups at volume: /beranda for the busy applicant, public tracking by number,
the desk inbox (oldest first, with and without filters) and the reports, on a database
filled by ``bench.generate``.

Baselines measured in the same run: the database floor (``SELECT 1`` through the same
kind of session: what any statement costs on this machine right now) and, for /beranda,
the previous implementation that queried per row (``legacy_list_for_owner``).

    python -m bench.lists --url sqlite:////tmp/b.db
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import summary  # noqa: E402


def legacy_list_for_owner(*, session: Any, applicant: Any, limit: int = 20, offset: int = 0) -> list:
    """The list as it was before (one status query, or a full validation, per row)."""
    import sqlalchemy as sa
    from sqlmodel import select

    from spontan_app.domain.enums import ApplicationStatus
    from spontan_app.domain.models import Application, JenisIzin
    from spontan_app.services import applications, tracking, workflow

    session.exec(select(sa.func.count(Application.id)).where(Application.applicant_id == applicant.id)).one()
    rows = session.exec(
        select(Application, JenisIzin)
        .join(JenisIzin, JenisIzin.id == Application.izin_id)
        .where(Application.applicant_id == applicant.id)
        .order_by(Application.updated_at.desc(), Application.id.desc())
        .offset(offset)
        .limit(limit)
    ).all()
    out = []
    for application, _izin in rows:
        if application.status == ApplicationStatus.DRAFT.value:
            out.append(applications.validation_errors(session=session, application=application))
        else:
            out.append(tracking.status_sentence(session=session, application=application))
        workflow.can_edit(session, application)
    return out


def run(url: str, *, rounds: int = 20) -> dict[str, Any]:
    os.environ["SPONTAN_DATABASE_URL"] = url
    import sqlalchemy as sa
    from sqlmodel import Session, select

    from bench.generate import BUSY_APPLICANT_ID, sample_numbers
    from spontan_app.db import make_engine
    from spontan_app.domain.models import Applicant, JenisIzin, StaffUser
    from spontan_app.domain.timefmt import today_wita
    from spontan_app.services import applications, desk, tracking
    from spontan_app.services.admin import reports

    engine = make_engine(url)
    numbers = sample_numbers(url, 40)
    with Session(engine) as session:
        busy = session.get(Applicant, BUSY_APPLICANT_ID)
        files = session.exec(
            sa.text("SELECT count(*) FROM application WHERE applicant_id = :a").bindparams(a=BUSY_APPLICANT_ID)
        ).one()[0]
        officers = {s.role: s for s in session.exec(select(StaffUser))}
        izin_id = session.exec(select(JenisIzin.id).order_by(JenisIzin.id)).first()
        size = session.exec(sa.text("SELECT count(*) FROM application")).one()[0]
    today = today_wita()
    year_ago = reports.ReportFilter(date_from=today - timedelta(days=365), date_to=today)
    cursor = {"n": 0}

    def number() -> str:
        cursor["n"] += 1
        return numbers[cursor["n"] % len(numbers)]

    verifikator, kadis = officers["verifikator"], officers["kepala_dinas"]
    cases: dict[str, tuple[str, float, Callable[[Any], Any]]] = {
        # name: (kind, target ms, work)
        "floor (SELECT 1)": ("floor", 0, lambda s: s.exec(sa.text("SELECT 1")).one()),
        "/beranda list (busy applicant)": (
            "list",
            5,
            lambda s: applications.list_for_owner(session=s, applicant=busy, limit=10),
        ),
        "/beranda list, previous per-row code": (
            "baseline",
            0,
            lambda s: legacy_list_for_owner(session=s, applicant=busy, limit=10),
        ),
        "tracking by number": ("list", 5, lambda s: tracking.lookup(session=s, number=number())),
        "inbox verifikator, oldest first": ("list", 5, lambda s: desk.inbox(session=s, staff=verifikator)),
        "inbox, filter izin + status": (
            "list",
            5,
            lambda s: desk.inbox(
                session=s, staff=verifikator, filters=desk.InboxFilter(izin_id=izin_id, status="IN_PROCESS")
            ),
        ),
        "inbox, search by name": (
            "list",
            5,
            lambda s: desk.inbox(session=s, staff=verifikator, filters=desk.InboxFilter(query="pratama")),
        ),
        "report: counts by izin": ("report", 200, lambda s: reports.counts_by_izin(session=s, staff=kadis)),
        "report: counts by status": ("report", 200, lambda s: reports.counts_by_status(session=s, staff=kadis)),
        "report: counts by month": ("report", 200, lambda s: reports.counts_by_month(session=s, staff=kadis)),
        "report: overdue by desk": ("report", 200, lambda s: reports.overdue_by_desk(session=s, staff=kadis)),
        "report: list page 1": ("report", 200, lambda s: reports.list_applications(session=s, staff=kadis)),
        "report: processing times, last year": (
            "report",
            200,
            lambda s: reports.processing_times(session=s, staff=kadis, filters=year_ago),
        ),
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    statements: dict[str, int] = {}

    def count_statements(name: str, work: Callable[[Any], Any]) -> None:
        seen: list[str] = []

        def record(*_args: Any) -> None:
            seen.append("x")

        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            with Session(engine) as s:
                work(s)
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
        statements[name] = len(seen)

    for name, (_kind, _target, work) in cases.items():  # warm-up, and the statement counts
        count_statements(name, work)
    slow = {k for k, (kind, _, _) in cases.items() if kind in ("report", "baseline")}
    for i in range(rounds):
        for name, (_kind, _target, work) in cases.items():
            if name in slow and i >= max(3, rounds // 4):
                continue  # reports and the old code are slow: fewer samples
            started, used = time.perf_counter(), time.process_time()
            with Session(engine) as s:
                work(s)
            samples[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - used) * 1000)
    engine.dispose()
    floor = summary(samples["floor (SELECT 1)"])
    figures = []
    for name, (kind, target, _work) in cases.items():
        s = summary(samples[name])
        figures.append(
            {
                "name": name,
                "kind": kind,
                "target_ms": target,
                "statements": statements[name],
                **s,
                "cpu_p95": summary(cpu[name])["p95"],
                "floor_ratio_p95": round(s["p95"] / max(floor["p95"], 1e-6), 1),
            }
        )
    return {
        "database": engine.dialect.name,
        "applications": size,
        "busy_applicant_files": files,
        "rounds": rounds,
        "figures": figures,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.lists")
    parser.add_argument("--url", required=True)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.url, rounds=args.rounds), indent=2))


if __name__ == "__main__":
    main()
