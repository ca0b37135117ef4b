"""The wizard, the application form and its faskes dialog in English (issue #14 item 2): the same
actions as in tests/state/test_applicant_states.py, in a tab whose language is English. Form
labels and requirement names come from the catalogue (data, in Indonesian) and stay as they are."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from spontan_app.services import applications, snapshot
from spontan_app.state.faskes_dialog import FaskesDialogState
from spontan_app.state.permohonan import PermohonanState
from spontan_app.state.wizard import WizardState
from tests.factories import izin, login_token, make_applicant
from tests.state.conftest import run
from tests.state.test_account_states import flatten, redirects
from tests.state.test_applicant_states import logged_in


def english(state):
    state.lang_choice = "en"
    return state


@pytest.mark.asyncio
async def test_submitting_an_incomplete_form_in_english_gives_english_messages(state_of, session):
    me = make_applicant(session, 1401)
    draft = applications.start_draft(session=session, applicant=me, izin_id=izin(session, "IPRI-B").id)
    session.commit()
    page = english(logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)}))
    await run(page.load)
    events = await run(page.submit)
    assert redirects(events) == []
    field = next(f for f in snapshot.fields_for(session, draft) if f.key in page.errors)  # not prefilled
    requirement = next(r for r in snapshot.requirements_for(session, draft) if r.required)
    # The field's label and the requirement's name are the catalogue's (data); the sentence is English.
    assert page.errors[field.key] == f"{field.label} is required."
    assert page.errors[f"doc-{requirement.id}"] == f"{requirement.name} must be uploaded."
    assert page.errors["declaration"] == "Tick the statement that the data you entered is valid."
    assert page.form_error.startswith("The application cannot be submitted yet:")
    assert "wajib" not in json.dumps(page.errors) and "Permohonan" not in page.form_error
    # Pilih Lokasi without a point, and the same in Indonesian for a tab that switches back.
    await run(page.confirm_location)
    assert page.errors["latitude"] == "Click the location on the map first."
    page.lang_choice = "id"
    await run(page.submit)
    assert page.errors[field.key] == f"{field.label} wajib diisi."
    assert page.form_error.startswith("Permohonan belum dapat diajukan:")


@pytest.mark.asyncio
async def test_the_wizard_in_english_counts_in_english(state_of, session):
    wizard = english(logged_in(state_of, WizardState, session, make_applicant(session, 1402)))
    await run(wizard.load)
    kesehatan = next(b for b in wizard.bidang if b.name == "Kesehatan")  # the catalogue's name: data
    assert kesehatan.extra == "8 permit types"


@pytest.mark.asyncio
async def test_the_faskes_dialog_in_english(state_of, session):
    me = make_applicant(session, 1403)
    draft = applications.start_draft(session=session, applicant=me, izin_id=izin(session, "SIPD-B").id)
    session.commit()
    page = english(logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)}))
    await run(page.load)
    dialog = english(await page.get_state(FaskesDialogState))
    await run(dialog.open_search)
    assert dialog.summary.startswith("Showing 1 to ") and "entries in total" in dialog.summary
    await run(dialog.pick, dialog.rows[0].id)
    assert page.faskes_info["Facility Name"] == dialog.rows[0].nama
    await run(dialog.open_proposal)
    await run(dialog.submit_proposal, {"usul_nama": "", "usul_alamat": "Jl. Baru"})
    assert dialog.errors["usul_nama"] == "Facility Name is required."
    assert dialog.errors["usul_pemilik"] == "Owner Name is required."
    form = {"usul_nama": "Klinik Uji", "usul_alamat": "Jl. Uji 2", "usul_pemilik": "Budi"}
    form |= {"usul_penanggung_jawab": "dr. Sari", "usul_kontak": "081234567890"}
    await run(dialog.submit_proposal, form)
    assert dialog.proposal_info.startswith("Your facility proposal was sent")


@pytest.mark.asyncio
async def test_toasts_after_saving_follow_the_tab_language(state_of, session):
    me = make_applicant(session, 1404)
    draft = applications.start_draft(session=session, applicant=me, izin_id=izin(session, "IPRI-B").id)
    session.commit()
    page = english(logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)}))
    await run(page.load)
    events = await run(page.save_draft)
    assert "Draft saved." in json.dumps([str(e) for e in flatten(events)])
    assert page.save_text == "Saved"


def test_an_upload_refused_in_an_english_tab_is_explained_in_english(session):
    from spontan_app.routes import api

    me = make_applicant(session, 1405)
    draft = applications.start_draft(session=session, applicant=me, izin_id=izin(session, "IPRI-B").id)
    session.commit()
    requirement = snapshot.requirements_for(session, draft)[0]
    web = TestClient(api)
    url = f"/unggah/{draft.id}/{requirement.id}"
    headers = {"X-Requested-With": "spontan", "X-File-Name": "kosong.pdf"}
    token = login_token(session, me)
    web.cookies.set("spontan_session", token)
    web.cookies.set("spontan_lang", "en")
    answer = web.post(url, content=b"", headers=headers)
    assert answer.json() == {"ok": False, "message": "The file is empty (0 bytes). Choose another file."}
    web.cookies.set("spontan_lang", "id")
    answer = web.post(url, content=b"", headers=headers)
    assert answer.json() == {"ok": False, "message": "Berkas kosong (0 byte). Pilih berkas lain."}
