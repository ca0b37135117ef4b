"""Demo mode in the registration and Kotak Pesan Demo states: the browser that registers a
number gets a grant and reads its OTP; a browser resuming that registration gets none."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from spontan_app.domain.models import OtpCode
from spontan_app.settings import reset_settings_cache
from spontan_app.state.demo import DemoInboxState
from spontan_app.state.registrasi import RegistrasiState
from tests.state.conftest import run
from tests.state.test_account_states import form, root_of

OTP_RE = re.compile(r"\b\d{6}\b")


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("SPONTAN_DEMO", "1")
    reset_settings_cache()
    yield
    monkeypatch.undo()
    reset_settings_cache()


def inbox_of(state) -> DemoInboxState:
    return root_of(state).get_substate(DemoInboxState.get_full_name().split(".")[1:])


async def register_in_new_browser(state_of) -> RegistrasiState:
    state = state_of(RegistrasiState)
    await run(state.load)
    await run(state.submit, form())
    assert state.otp_open, (state.errors, state.form_error)
    return state


@pytest.mark.asyncio
async def test_the_registering_browser_reads_its_otp_in_kotak_pesan_demo(demo, state_of):
    browser = await register_in_new_browser(state_of)
    inbox = inbox_of(browser)
    assert inbox.grants  # the signed cookie value the page stores
    await run(inbox.load)
    assert inbox.numbers == ["081234567890"]
    assert len(inbox.messages) == 1 and OTP_RE.search(inbox.messages[0]["body"])


@pytest.mark.asyncio
async def test_resuming_someone_elses_registration_grants_no_inbox(demo, state_of, session):
    first = await register_in_new_browser(state_of)
    assert inbox_of(first).grants
    # A minute later (the resend gap), someone else types the same NIK and number.
    for code in session.exec(select(OtpCode)).all():
        code.created_at -= timedelta(minutes=2)
        session.add(code)
    session.commit()
    other = await register_in_new_browser(state_of)  # same NIK and number, another browser
    assert "kode OTP baru" in other.otp_info  # the registration was resumed
    inbox = inbox_of(other)
    assert inbox.grants == ""
    await run(inbox.load)
    assert inbox.messages == [] and inbox.numbers == []


@pytest.mark.asyncio
async def test_without_the_demo_setting_no_grant_and_no_inbox(state_of):
    browser = await register_in_new_browser(state_of)
    inbox = inbox_of(browser)
    assert inbox.grants == ""
    inbox.grants = "6281234567890.1.forged"
    await run(inbox.load)
    assert inbox.messages == []
