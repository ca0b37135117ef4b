"""The back office in English (issue #14): the desk's summary, its labels and a refused
decision follow the tab's language (``lang_choice = "en"``); Indonesian stays as it was."""

from __future__ import annotations

import pytest

from spontan_app.admin.pages.inbox import InboxState
from spontan_app.admin.pages.login import StaffLoginState
from spontan_app.admin.pages.permohonan import ProsesState
from spontan_app.i18n import t
from tests.factories import submitted
from tests.state.conftest import run, staff_logged_in
from tests.state.test_admin_states import open_page, route_args, staff_token  # noqa: F401 - fixture


@pytest.mark.asyncio
async def test_the_desk_summary_and_labels_in_english(state_of, session):
    submitted(session, 1)
    inbox = state_of(InboxState)
    inbox.lang_choice = "en"
    staff_logged_in(inbox, staff_token(session, "frontoffice"))
    await run(inbox.load)
    assert inbox.total >= 1
    assert inbox.summary.startswith("Showing 1 to ") and inbox.summary.endswith(" files")
    assert inbox.desk_label == "Front Office Officer"
    assert {c["label"] for c in inbox.counts} >= {"Front Office Officer", "File Verifier"}
    assert {r["status"] for r in inbox.rows} <= {"Submitted", "In Process"}

    indonesian = state_of(InboxState)
    staff_logged_in(indonesian, staff_token(session, "frontoffice"))
    await run(indonesian.load)
    assert indonesian.summary.startswith("Menampilkan 1 sampai ") and indonesian.summary.endswith(" berkas")
    assert indonesian.desk_label == "Petugas Front Office"


@pytest.mark.asyncio
async def test_a_decision_from_another_desk_is_refused_in_english(state_of, session):
    _, application = submitted(session, 1)
    state = state_of(ProsesState)
    state.lang_choice = "en"
    staff_logged_in(state, staff_token(session, "verifikator"))
    open_page(state, application.id)
    await run(state.load)
    assert state.found and state.view["can_decide"] is False
    assert state.view["decide_reason"] == "This file is currently at the Front Office Officer desk."
    assert state.view["status_label"] == "Submitted"
    # A forged OK from this tab: the service refuses, the message is English.
    state.view = {**state.view, "can_decide": True, "decide_reason": ""}
    state.confirm = "setujui"
    await run(state.decide)
    assert state.form_error == "This file is currently at the Front Office Officer desk."


@pytest.mark.asyncio
async def test_a_note_is_required_in_english_and_the_confirm_text_too(state_of, session):
    state = state_of(ProsesState)
    state.lang_choice = "en"
    state.ask("tolak")
    assert state.errors == {"catatan": "A note is required to Reject."}
    state.note = "Incomplete."
    state.ask("tolak")
    assert state.confirm_text == t("admin.proses.confirm_tolak", "en")


@pytest.mark.asyncio
async def test_staff_login_errors_in_english(state_of, session):
    state = state_of(StaffLoginState)
    state.lang_choice = "en"
    await run(state.load)
    await run(state.submit, {"username": "", "password": "", "captcha": ""})
    assert state.errors["username"] == "Username is required."
    assert state.errors["password"] == "Password is required."
    await run(state.submit, {"username": "verifikator", "password": "wrong-password", "captcha": "TEST42"})
    assert state.form_error == "Wrong username or password."
