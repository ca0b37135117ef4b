import pytest
from sqlmodel import select

from spontan_app.domain.models import JenisIzin
from spontan_app.state.landing import LandingState
from tests.state.conftest import run


@pytest.mark.asyncio
async def test_landing_lists_bidang_with_izin_counts(state_of, session):
    state = state_of(LandingState)
    assert state.bidang == []
    await run(state.load)
    names = [b["name"] for b in state.bidang]
    assert names[:3] == ["Kesehatan", "Penelitian", "Reklame"]
    assert {
        "name": "Kesehatan",
        "description": state.bidang[0]["description"],
        "count": "8 jenis izin",
        "code": "KES",  # the card leads to /layanan?bidang=KES
    } == state.bidang[0]
    assert state.total_izin == len(session.exec(select(JenisIzin)).all())


@pytest.mark.asyncio
async def test_landing_follows_catalogue_changes(state_of, session):
    izin = session.exec(select(JenisIzin).where(JenisIzin.code == "KRK-B")).one()
    izin.active = False
    session.add(izin)
    session.commit()
    try:
        state = state_of(LandingState)
        await run(state.load)
        assert "Pekerjaan Umum dan Penataan Ruang" not in [b["name"] for b in state.bidang]
    finally:
        izin.active = True
        session.add(izin)
        session.commit()
