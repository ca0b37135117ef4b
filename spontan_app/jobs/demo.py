"""Demo deployments: the nightly reset to the seed (does nothing unless ``SPONTAN_DEMO=1``)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from spontan_app.db import get_engine
from spontan_app.jobs import register
from spontan_app.jobs.claims import leased

RESET_LEASE = timedelta(minutes=30)


@register("demo-reset", every=600, description="demo only: back to the seed once a night (SPONTAN_DEMO=1)")
def demo_reset() -> int:
    """Checked every 10 minutes by every worker; one of them resets, once per night, after
    ``SPONTAN_DEMO_RESET_HOUR`` WITA. Returns 1 when it reset the database."""
    from spontan_app.domain.models import utcnow
    from spontan_app.seed_demo import last_seeded, reset_due, reset_to_seed
    from spontan_app.settings import get_settings

    settings = get_settings()
    if not settings.demo:
        return 0
    engine = get_engine()
    with leased(engine, "job:demo-reset", RESET_LEASE) as mine:
        if not mine:
            return 0
        with Session(engine) as session:  # read under the lease: a second worker sees the new seed
            last = last_seeded(session)
        if not reset_due(last, utcnow(), settings.demo_reset_hour):
            return 0
        reset_to_seed(engine)
        return 1
