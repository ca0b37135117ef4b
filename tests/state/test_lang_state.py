"""The language switch: a visitor's choice in the cookie var, an applicant's in the profile;
after login a tab that never chose takes the profile's language; a service's message is
shown in the tab's language."""

from __future__ import annotations

import pytest

from spontan_app.domain.models import Applicant
from spontan_app.i18n import t
from spontan_app.state.auth import AuthState
from spontan_app.state.lang import LangState
from tests.factories import login_token, make_applicant
from tests.state.conftest import logged_in, run


def _language(session, applicant_id: int) -> str:
    session.expire_all()
    return session.get(Applicant, applicant_id).language


@pytest.mark.asyncio
async def test_a_visitor_switches_back_and_forth_in_the_cookie(state_of):
    state = state_of(LangState)
    assert (state.lang, state.is_en) == ("id", False)
    events = await run(state.switch_lang)
    assert (state.lang_choice, state.lang, state.is_en) == ("en", "en", True)
    assert "documentElement.lang" in str(events)
    await run(state.switch_lang)
    assert (state.lang_choice, state.lang) == ("id", "id")


@pytest.mark.asyncio
async def test_a_logged_in_applicant_keeps_the_choice_in_the_profile(state_of, session):
    applicant = make_applicant(session, 801)
    state = logged_in(state_of(AuthState), login_token(session, applicant))
    await run(state.switch_lang)
    assert state.lang == "en" and _language(session, applicant.id) == "en"
    await run(state.switch_lang)
    assert _language(session, applicant.id) == "id"


@pytest.mark.asyncio
async def test_after_login_a_new_device_takes_the_profiles_language(state_of, session):
    applicant = make_applicant(session, 802, language="en")
    state = logged_in(state_of(AuthState), login_token(session, applicant))
    assert state.lang_choice == ""
    assert await run(state.require_login) == []
    assert state.lang == "en"


@pytest.mark.asyncio
async def test_a_choice_made_before_login_goes_into_the_profile(state_of, session):
    applicant = make_applicant(session, 803)
    state = logged_in(state_of(AuthState), login_token(session, applicant))
    state.lang_choice = "en"  # the visitor switched on /login, then logged in
    await run(state.require_login)
    assert state.lang == "en" and _language(session, applicant.id) == "en"


@pytest.mark.asyncio
async def test_a_services_error_is_shown_in_the_tabs_language(state_of):
    from spontan_app.services.errors import DomainError, FieldErrors

    def refuse(*, session):
        raise FieldErrors({"nama": FieldErrors({}).message})

    from spontan_app.state.lacak import LacakState  # any page state: HandlerMixin + AuthState

    page = state_of(LacakState)
    page.lang_choice = "en"
    result = await page._run(refuse, as_user=False)
    assert not result.ok and page.errors == {"nama": t("common.check_fields", "en")}

    def busy(*, session):
        raise DomainError(FieldErrors({}).message)

    page.lang_choice = "id"
    await page._run(busy, as_user=False)
    assert page.form_error == t("common.check_fields", "id") == "Periksa kembali isian yang ditandai."
