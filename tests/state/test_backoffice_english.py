"""Issue 14: the back office in English. The same action in a tab switched to English gives
the services' messages and the states' own texts in English; Indonesian stays as it was."""

from __future__ import annotations

import pytest

from spontan_app.admin.pages.katalog import KatalogState
from spontan_app.admin.pages.libur import LiburState
from spontan_app.admin.pages.pengguna import PenggunaState
from tests.state.conftest import run, staff_logged_in
from tests.state.test_admin_states import staff_token

EMPTY_IZIN = {"code": "", "name": "", "bidang_id": "", "layanan_id": "", "processing_days": "0"}


async def _admin(state_of, session, state_class, lang: str):
    page = staff_logged_in(state_of(state_class), staff_token(session, "admin"))
    page.lang_choice = lang
    await run(page.load)
    return page


@pytest.mark.asyncio
async def test_a_holidays_validation_message_in_english(state_of, session):
    page = await _admin(state_of, session, LiburState, "en")
    await run(page.add, {"day": "", "name": ""})
    assert page.errors == {
        "day": "Enter the date in the right format.",
        "name": "The holiday's description is required.",
    }


@pytest.mark.asyncio
async def test_the_same_holidays_message_stays_indonesian(state_of, session):
    page = await _admin(state_of, session, LiburState, "id")
    await run(page.add, {"day": "", "name": ""})
    assert page.errors["day"] == "Tanggal wajib diisi dengan format yang benar."
    assert page.errors["name"] == "Keterangan hari libur wajib diisi."


@pytest.mark.asyncio
async def test_a_catalogue_message_names_its_field_in_english(state_of, session):
    """The field's name inside the message is translated too (a msg() parameter)."""
    page = await _admin(state_of, session, KatalogState, "en")
    await run(page.new_izin)
    assert page.title == "New Permit"
    await run(page.save_izin, dict(EMPTY_IZIN))
    assert page.errors["code"] == "Permit code is required."
    assert page.errors["processing_days"] == "Processing time (working days) must be at least 1."
    assert page.errors["bidang_id"] == "Division must be chosen."

    indonesian = await _admin(state_of, session, KatalogState, "id")
    await run(indonesian.new_izin)
    await run(indonesian.save_izin, dict(EMPTY_IZIN))
    assert indonesian.errors["code"] == "Kode izin wajib diisi."
    assert indonesian.errors["processing_days"] == "Lama proses (hari kerja) minimal 1."


@pytest.mark.asyncio
async def test_the_staff_list_shows_roles_in_english(state_of, session):
    page = await _admin(state_of, session, PenggunaState, "en")
    roles = {r["role"]: r["role_label"] for r in page.rows}
    assert roles["admin"] == "System Administrator"
    await run(page.create, {"username": "", "full_name": "", "role": "", "password": ""})
    assert page.errors["role"] == "Choose a role."
