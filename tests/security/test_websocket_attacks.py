"""An attacker speaking Reflex's event protocol directly (tests/rxclient.py): any handler,
any arguments, another applicant's ids, forged and replayed cookies, a borrowed client
token — and every frame the server sends scanned for what it must never carry."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
import sqlalchemy as sa

from spontan_app.admin.proses_state import ProsesState
from spontan_app.state.beranda import BerandaState
from spontan_app.state.login import LoginState
from spontan_app.state.permohonan import PermohonanState
from tests.factories import PASSWORD, answer_of
from tests.rxclient import RxClient, full_handler_name
from tests.support import ROOT

pytestmark = pytest.mark.e2e


def _made(app_server, n: int) -> dict:
    args = [sys.executable, "-m", "tests.factories", "submitted", "--n", str(n), "--with-login"]
    out = subprocess.run(args, cwd=ROOT, env=app_server.env, check=True, capture_output=True, text=True)
    return answer_of(out.stdout)


@pytest.fixture(scope="module")
def alice_and_bob(app_server) -> tuple[dict, dict]:
    return _made(app_server, 811), _made(app_server, 812)


def _row(app_server, application_id: int) -> tuple:
    engine = sa.create_engine(app_server.database_url)
    try:
        with engine.connect() as conn:
            return tuple(
                conn.execute(
                    sa.text(
                        "SELECT status, registration_number, current_position, updated_at"
                        " FROM application WHERE id = :id"
                    ),
                    {"id": application_id},
                ).one()
            )
    finally:
        engine.dispose()


def _bob_secrets(bob: dict) -> list[str]:
    return [bob["number"], bob["username"], bob["token"]]


def _frames_text(tab: RxClient) -> str:
    return json.dumps(tab.state)


def test_another_applicants_ids_on_every_applicant_handler_change_and_show_nothing(app_server, alice_and_bob):
    alice, bob = alice_and_bob
    before = _row(app_server, bob["id"])
    with RxClient(app_server.url, cookies={"spontan_session": alice["token"]}) as tab:
        tab.connect("/beranda", until=lambda r: bool(r.value(BerandaState, "rows")))
        # Cancel and delete, with Bob's id sent straight to the handlers.
        tab.call(full_handler_name(BerandaState, "ask_cancel"), {"application_id": bob["id"], "number": "x"})
        cancel = tab.call(full_handler_name(BerandaState, "confirm_cancel"), {})
        assert "toast" in json.dumps(cancel.events)  # an error toast, not a success
        tab.call(full_handler_name(BerandaState, "ask_delete"), {"application_id": bob["id"], "izin": "x"})
        tab.call(full_handler_name(BerandaState, "confirm_delete"), {})
        # Bob's detail page, then every action of that page.
        page = f"/permohonan/{bob['id']}?id={bob['id']}"
        tab.navigate(page, until=lambda r: bool(r.value(PermohonanState, "missing")))
        assert tab.value(PermohonanState, "missing")
        assert tab.value(PermohonanState, "reg_number") in ("", None)
        for handler in ("save_draft", "save_changes", "resubmit", "submit"):
            tab.call(full_handler_name(PermohonanState, handler), {}, router_path=page, timeout=5)
        # The staff processing page with an applicant's cookie: sent to the staff login.
        staff_page = f"/admin/permohonan/{bob['id']}?id={bob['id']}"
        reply = tab.navigate(staff_page, until=lambda r: r.redirect_path() is not None, timeout=20)
        assert reply.redirect_path() == "/admin/login"
        tab.call(full_handler_name(ProsesState, "ask"), {"action": "tolak"}, router_path=staff_page, timeout=3)
        tab.call(full_handler_name(ProsesState, "decide"), {}, router_path=staff_page, timeout=5)
        for doc in bob["documents"]:
            tab.call(
                full_handler_name(ProsesState, "review"),
                {"doc_id": doc, "verdict": "perlu_perbaikan", "note": "x"},
                router_path=staff_page,
                timeout=5,
            )
        seen = _frames_text(tab)
    assert _row(app_server, bob["id"]) == before  # Bob's file is exactly as it was
    for secret in _bob_secrets(bob):
        assert secret not in seen
    assert "$2b$" not in seen and alice["token"] not in seen


@pytest.mark.parametrize("cookie", ["forged-token", "", "' OR 1=1 --"])
def test_forged_cookies_open_no_applicant_page(app_server, cookie):
    cookies = {"spontan_session": cookie} if cookie else {}
    with RxClient(app_server.url, cookies=cookies) as tab:
        reply = tab.connect("/beranda", until=lambda r: r.redirect_path() is not None, timeout=20)
        assert reply.redirect_path() == "/login"
        assert tab.value(BerandaState, "rows") in (None, [])


def test_a_cookie_replayed_after_logout_opens_nothing(app_server):
    made = _made(app_server, 813)
    with RxClient(app_server.url, cookies={"spontan_session": made["token"]}) as tab:
        assert tab.connect("/beranda", until=lambda r: bool(r.value(BerandaState, "rows"))).redirect_path() is None
    origin = app_server.url
    with httpx.Client(base_url=app_server.url, cookies={"spontan_session": made["token"]}) as web:
        answer = web.post("/sesi/keluar", content="pemohon", headers={"Origin": origin})
        assert answer.status_code == 200
    with RxClient(app_server.url, cookies={"spontan_session": made["token"]}) as replay:
        reply = replay.connect("/beranda", until=lambda r: r.redirect_path() is not None, timeout=20)
        assert reply.redirect_path() == "/login"


def test_a_borrowed_client_token_without_the_cookie_acts_as_nobody(app_server, alice_and_bob):
    _, bob = alice_and_bob
    with RxClient(app_server.url, cookies={"spontan_session": bob["token"]}) as victim:
        victim.connect("/beranda", until=lambda r: bool(r.value(BerandaState, "rows")))
        token = victim.token
    before = _row(app_server, bob["id"])
    # The attacker knows Bob's tab id (Reflex's client token) but has no cookie of Bob's.
    with RxClient(app_server.url, token=token) as thief:
        reply = thief.connect("/beranda", until=lambda r: r.redirect_path() is not None, timeout=20)
        assert reply.redirect_path() == "/login"
        thief.call(full_handler_name(BerandaState, "ask_cancel"), {"application_id": bob["id"], "number": "x"})
        thief.call(full_handler_name(BerandaState, "confirm_cancel"), {})
    assert _row(app_server, bob["id"]) == before


def test_a_login_over_the_socket_sends_no_secret_and_only_a_one_time_code(app_server):
    made = _made(app_server, 814)
    with RxClient(app_server.url) as tab:
        tab.connect("/login", until=lambda r: bool(r.value(LoginState, "captcha_image")))
        reply = tab.call(
            full_handler_name(LoginState, "submit"),
            {"form": {"username": made["username"], "password": PASSWORD, "captcha": "TEST42"}},
            until=lambda r: "sesi/masuk" in json.dumps(r.events),
        )
        seen = _frames_text(tab) + json.dumps(reply.events)
    assert PASSWORD not in seen and "$2b$" not in seen
    code = json.dumps(reply.events).split("body:")[1].split('\\"')[1]
    # The code works once, from our origin only, and the cookie it buys is a real login.
    with httpx.Client(base_url=app_server.url) as web:
        assert web.post("/sesi/masuk", content=code, headers={"Origin": "http://evil.example"}).status_code == 403
        first = web.post("/sesi/masuk", content=code, headers={"Origin": app_server.url})
        assert first.status_code == 200 and "httponly" in first.headers["set-cookie"].lower()
        assert web.post("/sesi/masuk", content=code, headers={"Origin": app_server.url}).status_code == 400
        token = first.cookies["spontan_session"]
    assert token not in seen
    with RxClient(app_server.url, cookies={"spontan_session": token}) as tab:
        rows = tab.connect("/beranda", until=lambda r: bool(r.value(BerandaState, "rows"))).value(BerandaState, "rows")
        assert [row["number"] for row in rows] == [made["number"]]
