"""tests/rxclient.py against the served app: it speaks Reflex's event protocol as the
browser does, so attack tests and the load generator can trust what it reports."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from spontan_app.state.auth import CAPTCHA_WRONG, AuthState
from spontan_app.state.beranda import BerandaState
from spontan_app.state.lacak import LacakState
from tests.factories import answer_of
from tests.rxclient import RxClient, full_handler_name, new_token, var_key
from tests.support import ROOT

pytestmark = pytest.mark.e2e

SUBMIT = full_handler_name(LacakState, "submit")


def _captcha_drawn(reply) -> bool:
    return bool(reply.value(LacakState, "captcha_image"))


def test_names_are_derived_from_the_state_tree():
    assert SUBMIT == (
        "reflex___state____state.spontan_app___state___lang____lang_state"
        ".spontan_app___state___auth____auth_state.spontan_app___state___lacak____lacak_state.submit"
    )
    assert var_key(AuthState, "user_name").endswith("auth____auth_state.user_name_rx_state_")
    with pytest.raises(KeyError):
        full_handler_name(LacakState, "no_such_handler")


def test_hydrating_lacak_runs_its_on_load_and_a_wrong_captcha_is_refused(app_server):
    with RxClient(app_server.url) as tab:
        hydrated = tab.connect("/lacak", until=_captcha_drawn)
        assert not hydrated.timed_out and hydrated.latency_s is not None
        # The full snapshot carries every state, then the page's on_load draws a captcha.
        assert hydrated.has(LacakState, "nomor")
        assert tab.value(LacakState, "captcha_image").startswith("data:image/")
        nonce = tab.value(LacakState, "captcha_nonce")

        wrong = tab.call(
            SUBMIT,
            {"form": {"nomor": "1/IPRI-B/01/2026", "captcha": "WRONG1"}},
            until=lambda r: r.has(LacakState, "errors") and r.has(LacakState, "captcha_nonce"),
        )
        assert wrong.value(LacakState, "errors") == {"captcha": CAPTCHA_WRONG}
        assert tab.value(LacakState, "result") == {}
        assert tab.value(LacakState, "captcha_nonce") == nonce + 1  # a new image after any try
        assert wrong.latency_s is not None and wrong.latency_s < 10


def test_the_right_captcha_and_an_unknown_number_give_the_nomor_error(app_server):
    with RxClient(app_server.url) as tab:
        tab.connect("/lacak", until=_captcha_drawn)
        reply = tab.call(
            SUBMIT,
            {"form": {"nomor": "999999/IPRI-B/01/2001", "captcha": "TEST42"}},
            until=lambda r: bool(r.value(LacakState, "errors")),
        )
        errors = reply.value(LacakState, "errors")
        assert set(errors) == {"nomor"} and "tidak ditemukan" in errors["nomor"].lower()
        assert [t.name for t in tab.timings] == ["reflex___state____state.hydrate_and_load", SUBMIT]


def test_the_login_cookie_in_the_handshake_shows_the_applicants_own_list(app_server):
    out = subprocess.run(
        [sys.executable, "-m", "tests.factories", "submitted", "--n", "861", "--with-login"],
        cwd=ROOT,
        env=app_server.env,
        check=True,
        capture_output=True,
        text=True,
    )
    made = answer_of(out.stdout)
    with RxClient(app_server.url, token=new_token(), cookies={"spontan_session": made["token"]}) as tab:
        reply = tab.connect("/beranda", until=lambda r: bool(r.value(BerandaState, "rows")))
        rows = tab.value(BerandaState, "rows")
        assert [row["number"] for row in rows] == [made["number"]]
        assert tab.value(BerandaState, "total") == 1
        assert reply.redirect_path() is None
    # Without the cookie the same page sends the tab to /login, as in the browser; so does the
    # token offered the old way, as a client-side var the page would send (no longer read).
    storage = {var_key(AuthState, "session_token"): made["token"]}
    for stranger in (RxClient(app_server.url), RxClient(app_server.url, client_storage=storage)):
        with stranger:
            reply = stranger.connect("/beranda", until=lambda r: r.redirect_path() is not None, timeout=20)
            assert reply.redirect_path() == "/login"
            assert stranger.value(BerandaState, "rows") in (None, [])


def test_a_quiet_event_times_out_instead_of_hanging(app_server):
    with RxClient(app_server.url) as tab:
        tab.connect("/lacak", until=_captcha_drawn)
        started = time.monotonic()
        # "Selanjutnya" on the only page of an empty list changes nothing: no frame comes.
        reply = tab.call(full_handler_name(BerandaState, "next_page"), {}, timeout=1.0)
        assert reply.timed_out and list(reply) == [] and reply.latency_s is None
        assert time.monotonic() - started < 5
