"""The public pages' states in English: the same action in an English tab gives English
texts (Lacak, the catalogue, the statistics, the permit check), Indonesian stays as it was."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex.route import get_route_args

from spontan_app.domain import passwords
from spontan_app.domain.status_guide import guide, status_label, step_status_label
from spontan_app.i18n import localize
from spontan_app.services import catalogue_public, statistics, tracking
from spontan_app.state.lacak import LacakState
from spontan_app.state.layanan import LayananDetailState, LayananListState
from spontan_app.state.statistik import StatistikState
from spontan_app.state.verifikasi_izin import CekIzinState
from tests import factories as f
from tests.state.conftest import run

rx.State.setup_dynamic_args(get_route_args("/layanan/[code]"))
rx.State.setup_dynamic_args(get_route_args("/verifikasi-izin/[code]"))

CAPTCHA = "TEST42"  # SPONTAN_CAPTCHA_FIXED in tests/conftest.py


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch):
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda password, rounds=4: real(password, rounds=4))


def tab(state_of, state_cls, lang: str = "id", query: dict | None = None, path: str = "/"):
    state = state_of(state_cls)
    state.lang_choice = lang
    query = query or {}
    state.router = RouterData.from_router_data(
        {"pathname": path, "query": query, "asPath": path + "?" + urlencode(query), "headers": {"cookie": ""}}
    )
    return state


def test_status_labels_and_next_steps_in_both_languages():
    assert status_label("SUBMITTED", "id") == "Diajukan" and status_label("SUBMITTED", "en") == "Submitted"
    assert status_label("DIBATALKAN", "en") == "Cancelled" and status_label("NOPE", "en") == "-"
    assert step_status_label("IN_PROGRESS", "en") == "In Progress" and step_status_label("x") == "-"
    returned = guide("RETURNED")
    assert returned.label == "Perlu Perbaikan" and localize(returned.label, "en") == "Needs Correction"
    assert localize(returned.next_step_line, "en").startswith("What you need to do: Correct the form")


@pytest.mark.asyncio
async def test_lacak_in_english_tells_an_unknown_number_and_shows_a_file_in_english(state_of, session):
    _, application = f.submitted(session, 3601, name="Ani Peneliti")
    number = application.registration_number

    english = tab(state_of, LacakState, "en", path="/lacak")
    await run(english.load)
    await run(english.submit, {"nomor": "", "captcha": CAPTCHA})
    assert english.errors == {"nomor": "Registration Number is required."}
    await run(english.load)
    await run(english.submit, {"nomor": "99/SIPD-B/01/2020", "captcha": CAPTCHA})
    assert english.errors["nomor"] == "Registration Number 99/SIPD-B/01/2020 was not found."
    await run(english.load)
    await run(english.submit, {"nomor": number, "captcha": CAPTCHA})
    assert english.result["status_label"] == "Submitted"
    assert english.result["next_step"].startswith("What you need to do: Nothing.")
    assert english.result["status_sentence"].startswith("The file is now at ")
    address = english.result["address"]
    assert address.endswith("(full address hidden)") or address == "(address hidden)"
    assert english.timeline[0].status in {"Submitted", "In Progress"}

    indonesian = tab(state_of, LacakState, "id", path="/lacak")
    await run(indonesian.load)
    await run(indonesian.submit, {"nomor": number, "captcha": CAPTCHA})
    assert indonesian.result["status_label"] == "Diajukan"
    assert indonesian.result["status_sentence"].startswith("Berkas saat ini berada di ")
    # The service's Indonesian text is unchanged (it only remembers its key).
    view = tracking.lookup(session=session, number=number)
    assert view.status_label == "Diajukan" and view.next_step.startswith("Yang perlu Anda lakukan: ")


@pytest.mark.asyncio
async def test_catalogue_in_english(state_of, session):
    english = tab(state_of, LayananDetailState, "en", query={"code": "SIPD-B"})
    await run(english.load)
    indonesian = tab(state_of, LayananDetailState, "id", query={"code": "SIPD-B"})
    await run(indonesian.load)
    kinds_en = {x["kind"] for x in english.izin["fields"]}
    kinds_id = {x["kind"] for x in indonesian.izin["fields"]}
    assert kinds_id & {"Teks", "Tanggal", "Angka"} and kinds_en & {"Text", "Date", "Number"}
    assert english.izin["validity"] != indonesian.izin["validity"]
    toast = str(await run(english.start))
    assert "Please log in or register an account first" in toast

    listing = tab(state_of, LayananListState, "en")
    await run(listing.load)
    costs = {i["cost"] for g in listing.groups for i in g["izin"]}
    assert "Rp 0 (Free)" in costs and "Rp 0 (Gratis)" not in costs
    assert catalogue_public.validity_text(None) == "Tanpa batas waktu (selama persyaratan terpenuhi)"


@pytest.mark.asyncio
async def test_statistics_months_in_english(state_of, session):
    english = tab(state_of, StatistikState, "en")
    await run(english.load)
    stats = statistics.public_statistics(session=session, today=date(2026, 5, 15), lang="en")
    assert stats.period == "Jun 2025 – May 2026"
    assert statistics.public_statistics(session=session, today=date(2026, 5, 15)).period == "Jun 2025 – Mei 2026"
    assert english.period == statistics.public_statistics(session=session, lang="en").period


@pytest.mark.asyncio
async def test_permit_check_fallbacks_in_english(state_of, session):
    english = tab(state_of, CekIzinState, "en", query={"code": "no-such-code"})
    english.file_checked(False, "")
    assert english.file_result == "The check failed. Please try again."


@pytest.mark.asyncio
async def test_statistics_grade_and_folded_rows_in_english(state_of, session):
    # Five Reklame permits with a survey each (IKM 100: grade A) and one Perhubungan permit:
    # the lone permit is folded with Reklame, so the bidang table has only the "other" row.
    for n in range(3240, 3245):
        applicant, application, _ = f.issued(session, n)
        f.survey(session, applicant, application, [4] * 9)
    f.issued(session, 3245, code="IPTP-B")
    english, indonesian = tab(state_of, StatistikState, "en"), tab(state_of, StatistikState, "id")
    await run(english.load)
    await run(indonesian.load)
    assert english.ikm_grade == "A (Very Good)" and indonesian.ikm_grade == "A (Sangat Baik)"
    assert [(c["label"], c["shown"]) for c in english.per_bidang] == [("Other sectors", "6")]
    assert [(c["label"], c["shown"]) for c in indonesian.per_bidang] == [("Bidang lainnya", "6")]
    assert english.bidang_chart == [] and english.issued_total == "6"
    assert len(english.month_chart) == 1 and english.month_chart[0]["shown"] == "6"  # all six this month
    assert all("decided" not in row for row in english.times)  # medians and shares, never counts
