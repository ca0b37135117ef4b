"""Beranda, Perpanjangan and the survey in English: the texts a state sets (dates, the
completeness word, toasts, a service's refusal) follow the tab's language; Indonesian stays
as it was."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from spontan_app.domain import passwords
from spontan_app.domain.models import Permit
from spontan_app.i18n import catalogue, t
from spontan_app.services import applications
from spontan_app.state.beranda import BerandaState
from spontan_app.state.perpanjangan import StartRenewalState
from spontan_app.state.survei import SurveiState
from tests import factories as f
from tests.state.conftest import run
from tests.state.test_applicant_states import logged_in, toasts

MONDAY = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch):
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda password, rounds=4: real(password, rounds=4))


@pytest.mark.asyncio
async def test_beranda_in_english_shows_english_texts_from_the_state(state_of, session):
    me, mine = f.submitted(session, 3501, when=MONDAY)
    beranda = logged_in(state_of, BerandaState, session, me)
    beranda.lang_choice = "en"
    await run(beranda.load)
    row = next(r for r in beranda.rows if r.id == mine.id)
    assert row.kelengkapan == "Complete"
    assert row.date.startswith("1 Jun 2026 ")  # 10:00 WITA, English date
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} 2026", row.due)  # "12 Jun 2026", not 12-06-2026
    await run(beranda.ask_cancel, mine.id, mine.registration_number)
    events = await run(beranda.confirm_cancel)
    assert any(f"Application {mine.registration_number} cancelled." in e for e in toasts(events))
    assert not any("dibatalkan" in e for e in toasts(events))


@pytest.mark.asyncio
async def test_beranda_in_indonesian_is_unchanged(state_of, session):
    me, mine = f.submitted(session, 3502, when=MONDAY)
    beranda = logged_in(state_of, BerandaState, session, me)
    await run(beranda.load)
    row = beranda.rows[0]
    assert row.kelengkapan == "Lengkap" and row.date == "01-06-2026 10:00:00"
    await run(beranda.ask_cancel, mine.id, mine.registration_number)
    events = await run(beranda.confirm_cancel)
    assert any(f"Permohonan {mine.registration_number} dibatalkan." in e for e in toasts(events))


@pytest.mark.asyncio
async def test_a_refused_renewal_and_a_refused_survey_are_told_in_english(state_of, session):
    me, mine = f.submitted(session, 3503, when=MONDAY)
    start = logged_in(state_of, StartRenewalState, session, me)
    start.lang_choice = "en"
    events = await run(start.start, mine.id)
    assert any("A renewal can be requested from 90 days before the permit expires." in e for e in toasts(events))
    survey = logged_in(state_of, SurveiState, session, me, route={"id": str(mine.id)})
    survey.lang_choice = "en"
    await run(survey.load)
    assert not survey.available
    assert survey.form_error == "The survey can be filled in once the permit has been issued."


@pytest.mark.asyncio
async def test_beranda_offers_the_renewal_with_the_end_date_in_the_tabs_language(state_of, session):
    end = date(2026, 7, 15)
    me, mine, _ = f.issued(session, 3504, when=MONDAY, valid_until=end)
    assert session.exec(select(Permit).where(Permit.application_id == mine.id)).one().valid_until == end
    beranda = logged_in(state_of, BerandaState, session, me)
    beranda.lang_choice = "en"
    await run(beranda.load)
    assert next(r for r in beranda.rows if r.id == mine.id).renew_until == "15 Jul 2026"


def test_the_declaration_on_the_detail_page_is_the_services_text():
    assert catalogue("id")["beranda.detail_declaration"] == applications.DECLARATION
    assert t("beranda.detail_declaration", "en").startswith("I declare")
