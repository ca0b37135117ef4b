"""Public statistics (`/statistik`): aggregate numbers only.

No published figure is a count of one to four files, and none can be worked out from the
others (a month with two permits of a rare izin would otherwise point at two people):

- a row (month, bidang) of fewer than ``MIN_CELL`` files is not shown; such rows are folded
  into one "other" row per table. When that rest would be 1–4, the smallest shown row is
  folded in too, so the total minus the shown rows is never below ``MIN_CELL``;
- a total of 1–4 is shown as "< 5" and then no row is shown at all;
- the processing-time table shows medians and shares of izin with at least ``MIN_CELL``
  decided files, never their counts (decided counts per izin, set against the issued counts
  per bidang, would give rejections or other izin by subtraction)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.models import Application, Bidang, Holiday, JenisIzin, Permit
from spontan_app.domain.timefmt import to_wita, today_wita
from spontan_app.domain.workdays import working_days_between
from spontan_app.i18n import DEFAULT_LANG, t
from spontan_app.i18n import MONTHS as MONTH_LONG
from spontan_app.services import skm
from spontan_app.services.admin.reports import percentile, wita_day_start

MIN_CELL = 5
SUPPRESSED = "< 5"
OTHER = "other"  # key of the folded row
MONTHS = 12
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
SHORT_MONTHS = {"id": MONTH_NAMES, "en": [name[:3] for name in MONTH_LONG["en"]]}


@dataclass(frozen=True)
class Cell:
    key: str  # OTHER for the folded row
    label: str
    count: int  # never 1–4
    shown: str


def _total(n: int) -> str:
    return SUPPRESSED if 0 < n < MIN_CELL else f"{n}"


def fold(rows: list[tuple[str, str, int]], other_label: str) -> list[Cell]:
    """The rows of ``MIN_CELL`` files or more, in their order, then one ``OTHER`` row with
    the rest (if any). A rest of 1–4 takes the smallest shown row along; a table whose
    whole total is 1–4 shows nothing."""
    total = sum(n for _, _, n in rows)
    if total < MIN_CELL:
        return []
    shown = [r for r in rows if r[2] >= MIN_CELL]
    rest = total - sum(n for _, _, n in shown)
    if 0 < rest < MIN_CELL:
        smallest = min(shown, key=lambda r: r[2])  # exists: the total is at least MIN_CELL
        shown.remove(smallest)
        rest += smallest[2]
    cells = [Cell(key, label, n, f"{n}") for key, label, n in shown]
    if rest:
        cells.append(Cell(OTHER, other_label, rest, f"{rest}"))
    return cells


@dataclass(frozen=True)
class TimeRow:
    izin_code: str
    izin_name: str
    decided: int
    median_days: float
    promised_days: int
    on_time_share: float


@dataclass
class PublicStats:
    period: str
    issued_total: str
    per_month: list[Cell] = field(default_factory=list)
    per_bidang: list[Cell] = field(default_factory=list)
    times: list[TimeRow] = field(default_factory=list)
    on_time_share: float | None = None  # over every izin with enough decided files
    median_days: float | None = None  # over the shown izin's decided files
    ikm: skm.IkmRow | None = None


def _month_keys(today: date) -> list[tuple[int, int]]:
    keys, year, month = [], today.year, today.month
    for _ in range(MONTHS):
        keys.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(keys))


def public_statistics(*, session: Session, today: date | None = None, lang: str = DEFAULT_LANG) -> PublicStats:
    """The last twelve months (WITA) up to ``today``: permits issued, processing time, IKM;
    month names in ``lang``."""
    names = SHORT_MONTHS.get(lang, MONTH_NAMES)
    today = today or today_wita()
    months = _month_keys(today)
    start = wita_day_start(date(months[0][0], months[0][1], 1))
    end = wita_day_start(today + timedelta(days=1))
    issued = session.exec(
        select(Permit.issued_at, JenisIzin.bidang_id)
        .join(Application, Application.id == Permit.application_id)
        .join(JenisIzin, JenisIzin.id == Application.izin_id)
        .where(Permit.issued_at >= start, Permit.issued_at < end)
    ).all()
    by_month: dict[tuple[int, int], int] = defaultdict(int)
    by_bidang: dict[int, int] = defaultdict(int)
    for at, bidang_id in issued:
        local = to_wita(at)
        by_month[(local.year, local.month)] += 1
        by_bidang[bidang_id] += 1
    bidang = session.exec(select(Bidang).order_by(Bidang.sort, Bidang.name)).all()
    stats = PublicStats(
        period=f"{names[months[0][1] - 1]} {months[0][0]} – {names[today.month - 1]} {today.year}",
        issued_total=_total(len(issued)),
        per_month=fold(
            [(f"{y}-{m:02d}", f"{names[m - 1]} {y}", by_month[(y, m)]) for y, m in months],
            t("public.stats.other_months", lang),
        ),
        per_bidang=fold([(b.code, b.name, by_bidang[b.id]) for b in bidang], t("public.stats.other_bidang", lang)),
    )
    _processing(session, stats, start, end)
    stats.ikm = skm.public_ikm(session=session, since=start)
    return stats


def _processing(session: Session, stats: PublicStats, start, end) -> None:
    """Median working days from submission to decision per izin, against its promise."""
    decided = (ApplicationStatus.ISSUED.value, ApplicationStatus.REJECTED.value)
    rows = session.exec(
        select(Application.izin_id, Application.submitted_at, Application.decided_at).where(
            Application.status.in_(decided),
            Application.decided_at.is_not(None),
            Application.submitted_at.is_not(None),
            Application.decided_at >= start,
            Application.decided_at < end,
        )
    ).all()
    spans = [(i, to_wita(s).date(), to_wita(d).date()) for i, s, d in rows]
    if not spans:
        return
    first = min(s for _, s, _ in spans)
    holidays = set(session.exec(select(Holiday.day).where(Holiday.day >= first)))
    days: dict[int, list[int]] = defaultdict(list)
    for izin_id, s, d in spans:
        days[izin_id].append(working_days_between(s, d, holidays))
    izin = {i.id: i for i in session.exec(select(JenisIzin).where(JenisIzin.id.in_(list(days))))}
    on_time, counted = 0, []
    for izin_id, values in sorted(days.items(), key=lambda kv: izin[kv[0]].name):
        if len(values) < MIN_CELL:
            continue  # too few files to show without pointing at someone
        values.sort()
        promised = izin[izin_id].processing_days
        hits = sum(1 for v in values if v <= promised)
        on_time, counted = on_time + hits, counted + values
        stats.times.append(
            TimeRow(
                izin[izin_id].code,
                izin[izin_id].name,
                len(values),
                percentile(values, 0.5),
                promised,
                hits / len(values),
            )
        )
    if counted:
        stats.on_time_share = on_time / len(counted)
        stats.median_days = percentile(sorted(counted), 0.5)


def issued_count(*, session: Session) -> int:
    return int(session.exec(select(sa.func.count(Permit.id))).one())
