"""Back-office states driven as the framework would: a forged decision, an applicant's token
in the staff cookie, and the staff login. Any browser can send any event with any state, so
the refusal must come from the services, whatever the page showed."""

from __future__ import annotations

from typing import Any

import pytest
import reflex as rx
from reflex import constants
from reflex.istate.data import PageData
from sqlmodel import select

from spontan_app.admin.pages.inbox import InboxState
from spontan_app.admin.pages.login import StaffLoginState
from spontan_app.admin.pages.permohonan import ProsesState
from spontan_app.admin.state import StaffState
from spontan_app.domain.models import Application, ApplicationStep, AuditLog, LoginSession
from spontan_app.services import staff_sessions
from spontan_app.services.staff_sessions import GENERIC_STAFF_LOGIN_ERROR
from spontan_app.state.auth import AuthState
from tests.factories import STAFF_PASSWORD, login_token, staff, submitted
from tests.state.conftest import handoff_of, logged_in, run, staff_logged_in
from tests.state.test_account_states import redirects
from tests.support import redeem

CAPTCHA = "TEST42"  # SPONTAN_CAPTCHA_FIXED in tests/conftest.py
FRONT_OFFICE_DESK = "Berkas ini sedang di meja Petugas Front Office."


@pytest.fixture(scope="module", autouse=True)
def route_args():
    """``/admin/permohonan/[id]``: the app installs the ``id`` route var when it adds the
    page (App.add_page); these tests do the same without compiling the app."""
    rx.State.setup_dynamic_args({"id": constants.RouteArgType.SINGLE})


def open_page(state: Any, application_id: int) -> None:
    """The tab is at /admin/permohonan/<id>."""
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    page = PageData(
        path="/admin/permohonan/[id]",
        raw_path=f"/admin/permohonan/{application_id}",
        params={"id": str(application_id)},
    )
    root.rx_router_page = page
    state.rx_router_page = page


def staff_token(session, username: str) -> str:
    result = staff_sessions.login(session=session, username=username, password=STAFF_PASSWORD, ip=None)
    session.commit()
    assert result.ok, result.message
    return redeem(session, result.handoff)


def file_state(session, application_id: int) -> tuple[str, int | None, int, int]:
    """Status, position, history length and audit entries of one file, as stored."""
    session.expire_all()
    application = session.get(Application, application_id)
    steps = session.exec(select(ApplicationStep).where(ApplicationStep.application_id == application_id)).all()
    audits = session.exec(
        select(AuditLog).where(AuditLog.entity == "application", AuditLog.entity_id == application_id)
    ).all()
    return application.status, application.current_position, len(steps), len(audits)


def forged_view(application: Application, **changes: Any) -> dict[str, Any]:
    """What a browser could claim ProsesState.view holds: this officer may decide."""
    return {
        "id": application.id,
        "number": application.registration_number,
        "status": "SUBMITTED",
        "seen_position": 1,
        "can_decide": True,
        "decide_reason": "",
        "desk": "verifikator",
        "stage": "VERIFIKASI TEKNIS",
        **changes,
    }


# --------------------------------------------------------------------------- a forged decision


@pytest.mark.asyncio
@pytest.mark.parametrize(("action", "note"), [("setujui", ""), ("kembalikan", "Ulangi."), ("tolak", "Tidak.")])
async def test_a_forged_decision_from_another_desk_is_refused(state_of, session, dispatched, action, note):
    _, application = submitted(session, 1)  # waiting at the Front Office desk
    before = file_state(session, application.id)
    messages_before = list(dispatched)

    state = state_of(ProsesState)
    staff_logged_in(state, staff_token(session, "verifikator"))
    open_page(state, application.id)
    state.view = forged_view(application)
    state.note = note
    state.confirm = action
    events = await run(state.decide)

    assert redirects(events) == []
    assert state.form_error == FRONT_OFFICE_DESK
    assert state.done_info == "" and state.confirm == ""
    assert file_state(session, application.id) == before  # the file did not move
    assert dispatched == messages_before  # and nobody was told it did
    # The reload after the refusal shows the truth, not the forged view.
    assert state.found and state.view["can_decide"] is False
    assert state.view["decide_reason"] == FRONT_OFFICE_DESK
    assert state.view["desk"] == "front_office"


@pytest.mark.asyncio
async def test_a_forged_decision_by_the_administrator_is_refused(state_of, session):
    _, application = submitted(session, 1)
    before = file_state(session, application.id)
    state = state_of(ProsesState)
    staff_logged_in(state, staff_token(session, "admin"))
    open_page(state, application.id)
    state.view = forged_view(application)
    state.confirm = "setujui"
    await run(state.decide)
    assert state.form_error == "Administrator mengelola data dan tidak memutus berkas."
    assert file_state(session, application.id) == before


@pytest.mark.asyncio
async def test_a_forged_view_of_another_file_moves_neither(state_of, session):
    # The view names file B (at Front Office) while the tab is at file A: the service
    # decides on the id it is sent, and checks the desk of that file.
    _, a = submitted(session, 1)
    _, b = submitted(session, 2)
    before = file_state(session, a.id), file_state(session, b.id)
    state = state_of(ProsesState)
    staff_logged_in(state, staff_token(session, "verifikator"))
    open_page(state, a.id)
    state.view = forged_view(b)
    state.confirm = "setujui"
    await run(state.decide)
    assert state.form_error == FRONT_OFFICE_DESK
    assert (file_state(session, a.id), file_state(session, b.id)) == before


@pytest.mark.asyncio
async def test_the_officer_at_the_desk_decides_through_the_same_handler(state_of, session):
    # The control case: the same event from the right desk moves the file.
    _, application = submitted(session, 1)
    state = state_of(ProsesState)
    staff_logged_in(state, staff_token(session, "frontoffice"))
    open_page(state, application.id)
    await run(state.load)
    assert state.found and state.view["can_decide"] is True
    state.confirm = "setujui"
    await run(state.decide)
    assert state.form_error == "" and state.done_info == "Berkas disetujui."
    assert file_state(session, application.id)[:2] == ("IN_PROCESS", 2)
    assert state.view["can_decide"] is False and state.view["desk"] == "verifikator"


@pytest.mark.asyncio
async def test_on_load_again_for_the_file_shown_keeps_the_note_being_typed(state_of, session):
    """Reflex runs on_load again when the socket reconnects: the Catatan box is not emptied
    (remounted); opening another file starts afresh."""
    _, first = submitted(session, 1)
    _, second = submitted(session, 2)
    state = state_of(ProsesState)
    staff_logged_in(state, staff_token(session, "frontoffice"))
    open_page(state, first.id)
    await run(state.load)
    await run(state.set_note, "Scan KTP buram, mohon unggah ulang.")
    await run(state.ask, "kembalikan")
    key = state.note_key
    assert state.confirm == "kembalikan"
    await run(state.load)  # the reconnect's on_load
    assert state.found and state.view["id"] == first.id
    assert (state.note_key, state.note) == (key, "Scan KTP buram, mohon unggah ulang.")
    open_page(state, second.id)
    await run(state.load)
    assert state.view["id"] == second.id
    assert (state.note, state.confirm) == ("", "") and state.note_key == key + 1


@pytest.mark.asyncio
async def test_a_decision_on_a_stale_view_gets_the_conflict_message(state_of, session):
    _, application = submitted(session, 1)
    state = state_of(ProsesState)
    token = staff_token(session, "frontoffice")
    staff_logged_in(state, token)
    open_page(state, application.id)
    await run(state.load)
    other = state_of(ProsesState)  # the same officer in a second tab decides first
    staff_logged_in(other, token)
    open_page(other, application.id)
    await run(other.load)
    other.note = "Tidak lengkap."
    other.confirm = "tolak"
    await run(other.decide)
    before = file_state(session, application.id)
    assert before[0] == "REJECTED"

    state.confirm = "setujui"
    await run(state.decide)
    assert state.form_error.startswith("Berkas ini baru saja diputuskan oleh petugas lain.")
    assert file_state(session, application.id) == before
    assert state.view["status"] == "REJECTED"


# --------------------------------------------------------------------------- the staff cookie


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", ["applicant", "forged", "empty"])
async def test_a_token_that_is_not_a_staff_session_opens_nothing(state_of, session, kind):
    applicant, application = submitted(session, 1)
    token = {"applicant": lambda: login_token(session, applicant), "forged": lambda: "x" * 43, "empty": lambda: ""}[
        kind
    ]()

    inbox = state_of(InboxState)
    staff_logged_in(inbox, token)
    events = await run(inbox.load)
    assert redirects(events) == ["/admin/login"]
    assert inbox.rows == [] and inbox.total == 0 and inbox.counts == []

    guard = state_of(StaffState)
    staff_logged_in(guard, token)
    assert redirects(await run(guard.require_staff)) == ["/admin/login"]
    assert guard.staff_name == "" and not guard.staff_logged_in

    page = state_of(ProsesState)
    staff_logged_in(page, token)
    open_page(page, application.id)
    assert redirects(await run(page.load)) == ["/admin/login"]
    assert not page.found and page.view == {}
    page.view = forged_view(application, desk="front_office")
    page.confirm = "setujui"
    assert redirects(await run(page.decide)) == ["/admin/login"]
    assert file_state(session, application.id)[:2] == ("SUBMITTED", 1)


@pytest.mark.asyncio
async def test_a_staff_token_is_no_applicant_login(state_of, session):
    auth = state_of(AuthState)
    logged_in(auth, staff_token(session, "frontoffice"))
    assert redirects(await run(auth.require_login)) == ["/login"]
    assert not auth.logged_in


@pytest.mark.asyncio
async def test_a_logged_out_staff_token_opens_nothing(state_of, session):
    token = staff_token(session, "verifikator")
    first = state_of(StaffState)
    staff_logged_in(first, token)
    assert redirects(await run(first.require_staff)) == []
    assert first.staff_role == "verifikator" and first.staff_role_label == "Verifikator Berkas"
    assert "/sesi/keluar" in str(await run(first.staff_logout))
    again = state_of(InboxState)
    staff_logged_in(again, token)  # a copy of the old cookie
    assert redirects(await run(again.load)) == ["/admin/login"]


# --------------------------------------------------------------------------- staff login


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("verifikator", "salah-sekali"),
        ("verifikator", STAFF_PASSWORD.lower()),
        ("tidakada", STAFF_PASSWORD),
        ("64710141019000001", STAFF_PASSWORD),  # an applicant's NIK is no staff username
    ],
)
async def test_staff_login_with_wrong_credentials_gives_the_generic_message(state_of, session, username, password):
    state = state_of(StaffLoginState)
    await run(state.load)
    events = await run(state.submit, {"username": username, "password": password, "captcha": CAPTCHA})
    assert redirects(events) == []
    assert state.form_error == GENERIC_STAFF_LOGIN_ERROR
    assert state.errors == {}
    assert "/sesi/masuk" not in str(events)
    session.expire_all()
    assert session.exec(select(LoginSession).where(LoginSession.staff_id.is_not(None))).all() == []


@pytest.mark.asyncio
async def test_staff_login_with_a_wrong_captcha_does_not_try_the_password(state_of, session):
    state = state_of(StaffLoginState)
    await run(state.load)
    events = await run(state.submit, {"username": "verifikator", "password": STAFF_PASSWORD, "captcha": "NOPE"})
    assert set(state.errors) == {"captcha"} and "/sesi/masuk" not in str(events)
    session.expire_all()
    assert session.exec(select(LoginSession)).all() == []


@pytest.mark.asyncio
async def test_staff_login_draws_a_new_captcha_only_while_the_password_form_stays(state_of, session):
    state = state_of(StaffLoginState)
    await run(state.load)
    nonce = state.captcha_nonce
    await run(state.submit, {"username": "verifikator", "password": "salah-sekali", "captcha": CAPTCHA})
    assert state.form_error == GENERIC_STAFF_LOGIN_ERROR and state.captcha_nonce == nonce + 1
    form = {"username": "verifikator", "password": STAFF_PASSWORD, "captcha": CAPTCHA}
    assert handoff_of(await run(state.submit, form))
    assert state.captcha_nonce == nonce + 1  # leaving for the desk: no image drawn
    events = await run(state.submit, form)  # replayed: the code was used up
    assert set(state.errors) == {"captcha"} and "/sesi/masuk" not in str(events)
    assert state.captcha_nonce == nonce + 2


@pytest.mark.asyncio
async def test_staff_login_success_opens_the_desk(state_of, session):
    state = state_of(StaffLoginState)
    await run(state.load)
    events = await run(state.submit, {"username": " Verifikator ", "password": STAFF_PASSWORD, "captcha": CAPTCHA})
    assert state.form_error == ""
    token = redeem(session, handoff_of(events))
    officer = staff_sessions.current_staff(session=session, token=token)
    assert officer.id == staff(session, "verifikator").id
    inbox = state_of(InboxState)
    staff_logged_in(inbox, token)
    assert redirects(await run(inbox.load)) == []
    assert inbox.desk == "verifikator" and inbox.desk_label == "Verifikator Berkas"


@pytest.mark.asyncio
async def test_reset_autentikator_asks_first_and_only_an_admin_gets_it_done(state_of, session):
    """Pengguna: Reset Autentikator waits for OK; a forged call from a non-admin tab
    changes nothing; the admin's OK removes the authenticator and says so."""
    from spontan_app.admin.pages.pengguna import PenggunaState
    from spontan_app.domain.models import StaffUser

    kadis = session.exec(select(StaffUser).where(StaffUser.role == "kepala_dinas")).first()
    kadis.totp_secret = staff_sessions.new_totp_secret()
    session.add(kadis)
    session.commit()
    try:
        forged = staff_logged_in(state_of(PenggunaState), staff_token(session, "verifikator"))
        forged.totp_id = kadis.id  # as a browser could set it
        await run(forged.reset_totp)
        session.expire_all()
        assert session.get(StaffUser, kadis.id).totp_secret

        page = staff_logged_in(state_of(PenggunaState), staff_token(session, "admin"))
        await run(page.load)
        row = next(r for r in page.rows if r["id"] == kadis.id)
        assert row["authenticator"] is True
        await run(page.ask_reset_totp, kadis.id, kadis.username)
        assert page.totp_id == kadis.id and page.totp_name == kadis.username
        session.expire_all()
        assert session.get(StaffUser, kadis.id).totp_secret  # nothing before OK
        await run(page.reset_totp)
        session.expire_all()
        assert session.get(StaffUser, kadis.id).totp_secret is None
        assert page.totp_id == 0 and kadis.username in page.info
        assert next(r for r in page.rows if r["id"] == kadis.id)["authenticator"] is False
    finally:
        session.rollback()
        session.execute(sa_update_totp(kadis.id))
        session.commit()


def sa_update_totp(staff_id: int):
    import sqlalchemy as sa

    from spontan_app.domain.models import StaffUser

    return sa.update(StaffUser).where(StaffUser.id == staff_id).values(totp_secret=None, totp_last_step=None)


# --------------------------------------------------------------------------- the desk's filters


@pytest.mark.asyncio
async def test_the_desk_filters_live_in_the_address_so_a_reconnect_keeps_them(state_of, session):
    """Terapkan sends the officer to /admin?cari=…; loading that address (as a reload or the
    reconnect after a worker dies does) shows the same filtered list, not the whole desk."""
    from urllib.parse import parse_qsl, urlsplit

    from reflex.istate.data import RouterData

    _, first = submitted(session, 31, name="Dewi Filter")
    _, second = submitted(session, 32, name="Eko Lain")
    token = staff_token(session, "frontoffice")

    inbox = staff_logged_in(state_of(InboxState), token)
    await run(inbox.load)
    assert {r["number"] for r in inbox.rows} >= {first.registration_number, second.registration_number}

    target = redirects(await run(inbox.search, {"query": " Dewi Filter ", "izin_id": "", "status": "SUBMITTED"}))
    assert len(target) == 1 and urlsplit(target[0]).path == "/admin"
    params = dict(parse_qsl(urlsplit(target[0]).query))
    assert params["cari"] == "Dewi Filter" and params["status"] == "SUBMITTED"

    for _ in range(2):  # the page opened at that address, then the same tab rehydrated
        inbox.router = RouterData.from_router_data(
            {"query": params, "asPath": target[0], "headers": {"cookie": f"spontan_staff={token}"}}
        )
        assert redirects(await run(inbox.load)) == []
        assert [r["number"] for r in inbox.rows] == [first.registration_number]
        assert inbox.query == "Dewi Filter" and inbox.status == "SUBMITTED"

    # Nonsense in the address is dropped, not trusted.
    inbox.router = RouterData.from_router_data(
        {
            "query": {"status": "'; DROP", "hal": "-3", "dari": "kemarin"},
            "headers": {"cookie": f"spontan_staff={token}"},
        }
    )
    await run(inbox.load)
    assert (inbox.status, inbox.page, inbox.date_from) == ("", 1, "")
