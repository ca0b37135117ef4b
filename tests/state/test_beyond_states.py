"""The public catalogue, the survey and Perpanjangan through their Reflex states."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex.route import get_route_args
from sqlmodel import select

from spontan_app.domain import passwords
from spontan_app.domain.models import Application, Renewal, SkmResponse
from spontan_app.state.layanan import LayananDetailState, LayananListState
from spontan_app.state.perpanjangan import PerpanjanganState, StartRenewalState
from spontan_app.state.survei import SurveiState
from tests import factories as f
from tests.state.conftest import run
from tests.state.test_account_states import redirects, visible_text

rx.State.setup_dynamic_args(get_route_args("/layanan/[code]"))
rx.State.setup_dynamic_args(get_route_args("/survei/[id]"))

MONDAY = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch):
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda password, rounds=4: real(password, rounds=4))


def tab(state_of, state_cls, session=None, applicant=None, query: dict | None = None):
    state = state_of(state_cls)
    cookie = f"spontan_session={f.login_token(session, applicant)}" if applicant is not None else ""
    query = query or {}
    state.router = RouterData.from_router_data(
        {"pathname": "/", "query": query, "asPath": "/?" + urlencode(query), "headers": {"cookie": cookie}}
    )
    return state


@pytest.mark.asyncio
async def test_catalogue_list_searches_and_filters_by_bidang(state_of, session):
    state = tab(state_of, LayananListState, query={"bidang": "REK"})
    await run(state.load)
    assert [g["name"] for g in state.groups] == ["Reklame"] and state.total == 2
    await run(state.all_bidang)
    assert state.total == 16
    await run(state.search, "parkir")
    assert [i["code"] for g in state.groups for i in g["izin"]] == ["IPTP-B"]


@pytest.mark.asyncio
async def test_ajukan_goes_through_login_when_logged_out_and_straight_to_the_wizard_when_in(state_of, session):
    visitor = tab(state_of, LayananDetailState, query={"code": "SIPD-B"})
    await run(visitor.load)
    assert visitor.found and visitor.izin["name"] == "Surat Izin Praktik Dokter"
    assert redirects(await run(visitor.start)) == ["/login?next=%2Fpermohonan%2Fbaru%3Fkode%3DSIPD-B"]

    member = tab(state_of, LayananDetailState, session, f.make_applicant(session, 3501), query={"code": "SIPD-B"})
    await run(member.load)
    assert redirects(await run(member.start)) == ["/permohonan/baru?kode=SIPD-B"]

    unknown = tab(state_of, LayananDetailState, query={"code": "NOPE-X"})
    await run(unknown.load)
    assert not unknown.found and redirects(await run(unknown.start)) == []


@pytest.mark.asyncio
async def test_survey_by_a_stranger_is_refused_and_writes_nothing(state_of, session):
    _, application, _ = f.issued(session, 3502, when=MONDAY)
    stranger = f.make_applicant(session, 3503)
    state = tab(state_of, SurveiState, session, stranger, query={"id": str(application.id)})
    await run(state.load)
    assert not state.available and state.form_error == "Permohonan tidak ditemukan."
    await run(state.submit, {f"u{i}": "4" for i in range(1, 10)})
    assert session.exec(select(SkmResponse)).all() == []
    assert application.registration_number not in visible_text(state)


@pytest.mark.asyncio
async def test_survey_by_the_owner_is_stored_once(state_of, session):
    owner, application, _ = f.issued(session, 3504, when=MONDAY)
    state = tab(state_of, SurveiState, session, owner, query={"id": str(application.id)})
    await run(state.load)
    assert state.available and not state.answered and state.number == application.registration_number
    await run(state.submit, {"u1": "4"})
    assert set(state.errors) == {f"u{i}" for i in range(2, 10)} and not state.answered
    await run(state.submit, {f"u{i}": "3" for i in range(1, 10)})
    assert state.answered and state.done
    await run(state.submit, {f"u{i}": "1" for i in range(1, 10)})
    assert "sudah diisi" in state.form_error
    rows = session.exec(select(SkmResponse)).all()
    assert [(r.u1, r.u9) for r in rows] == [(3, 3)]


@pytest.mark.asyncio
async def test_perpanjangan_opens_the_renewal_draft_and_reuses_a_confirmed_document(state_of, session):
    owner, old, _ = f.issued(session, 3505, when=MONDAY, valid_until=date.today() + timedelta(days=7))
    starter = tab(state_of, StartRenewalState, session, owner)
    events = await run(starter.start, old.id)
    link = session.exec(select(Renewal)).one()
    assert redirects(events) == [f"/perpanjangan/{link.application_id}"]
    page = tab(state_of, PerpanjanganState, session, owner, query={"id": str(link.application_id)})
    await run(page.load)
    assert page.available and page.previous_number == old.registration_number
    first = page.documents[0]
    await run(page.reuse, first["document_id"])
    assert page.documents[0]["reused"] is True and not any(d["reused"] for d in page.documents[1:])
    assert session.get(Application, link.application_id).status == "DRAFT"
