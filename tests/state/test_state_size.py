"""Issue 12 item 6: what one logged-in applicant's tab keeps in Redis stays small.

With Redis, Reflex pickles every state of a tab's tree that an event touched and writes
it under the tab's token (``StateManagerRedis._collect_state_writes``). The budget is
20 KB for a tab mid-application: the wizard walked to an izin, the form of a draft open
and the faskes dialog showing a page of results. Lists shown (faskes rows, requirements)
count; whole catalogues or every faskes row kept in state would not fit."""

from __future__ import annotations

from typing import Any

import pytest

from spontan_app.state.faskes_dialog import FaskesDialogState
from spontan_app.state.permohonan import PermohonanState
from spontan_app.state.wizard import WizardState
from tests.factories import izin, make_applicant
from tests.state.conftest import run
from tests.state.test_applicant_states import _load_wizard_at, logged_in, root_of

BUDGET = 20 * 1024


def redis_bytes(state: Any) -> dict[str, int]:
    """Bytes Reflex would write to Redis for each state of the tab's tree."""
    sizes, stack = {}, [root_of(state)]
    while stack:
        current = stack.pop()
        sizes[current.get_full_name()] = len(current._serialize())
        stack.extend(current.substates.values())
    return sizes


@pytest.mark.asyncio
async def test_a_tab_mid_application_keeps_under_20_kb_in_redis(state_of, session):
    from spontan_app.services import applications

    me = make_applicant(session, 961)
    wizard = logged_in(state_of, WizardState, session, me)
    await run(wizard.load)
    kesehatan = next(b for b in wizard.bidang if b.name == "Kesehatan")
    await _load_wizard_at(wizard, bidang=kesehatan.id)
    layanan = wizard.layanan[0].id
    await _load_wizard_at(wizard, bidang=kesehatan.id, layanan=layanan)
    await _load_wizard_at(wizard, bidang=kesehatan.id, layanan=layanan, izin=wizard.izin[0].id)
    assert wizard.requirements

    draft = applications.start_draft(session=session, applicant=me, izin_id=izin(session, "SIPD-B").id)
    session.commit()
    page = await wizard.get_state(PermohonanState)
    page.router = wizard.router.__class__.from_router_data(
        {"query": {"id": str(draft.id)}, "headers": {"cookie": wizard.router.headers.cookie}}
    )
    await run(page.load)
    assert page.fields and page.needs_faskes
    dialog = await page.get_state(FaskesDialogState)
    await run(dialog.open_search)
    assert len(dialog.rows) == 10

    sizes = redis_bytes(page)
    total = sum(sizes.values())
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    print(f"state bytes: {total} total; biggest {biggest}")
    assert total <= BUDGET, f"{total} bytes in Redis for one tab (budget {BUDGET}); biggest: {biggest}"
