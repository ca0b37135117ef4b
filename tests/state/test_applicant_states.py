"""The logged-in applicant's pages through their Reflex states: the wizard, Beranda, the
detail/edit page with its faskes dialog, and Setting Profil."""

from __future__ import annotations

import json
from typing import Any

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex.route import get_route_args
from sqlmodel import select

from spontan_app.domain import passwords
from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.models import Application, Faskes
from spontan_app.services import applications, snapshot
from spontan_app.state.beranda import BerandaState
from spontan_app.state.faskes_dialog import FaskesDialogState
from spontan_app.state.permohonan import PermohonanState
from spontan_app.state.profil import PARTLY_SAVED, ProfilState
from spontan_app.state.wizard import WizardState
from tests.factories import PASSWORD, complete_draft, izin, login_token, make_applicant, submitted
from tests.state.conftest import logged_in as cookie_of
from tests.state.conftest import run
from tests.state.test_account_states import flatten, redirects, root_of

rx.State.setup_dynamic_args(get_route_args("/permohonan/[id]"))  # as the app does for its routes


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch):
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda password, rounds=4: real(password, rounds=4))


def logged_in(state_of, state_cls: type[rx.State], session, applicant, route: dict[str, str] | None = None) -> Any:
    """A tab of ``applicant`` on a page of ``state_cls`` (``route``: the URL's parameters)."""
    state = state_of(state_cls)
    cookie = f"spontan_session={login_token(session, applicant)}"
    state.router = RouterData.from_router_data({"query": route or {}, "headers": {"cookie": cookie}})
    return state


def toasts(events: list[Any]) -> list[str]:
    return [json.dumps(str(e)) for e in flatten(events) if "toast" in str(e)]


def sent_to_client(state: Any) -> str:
    return json.dumps(root_of(state).dict(), default=str)


def required_text_field(session, application: Application):
    return next(f for f in snapshot.fields_for(session, application) if f.required and f.field_type == "text")


# --------------------------------------------------------------------------- wizard


async def _load_wizard_at(wizard: Any, **ids: int) -> None:
    query = "&".join(f"{k}={v}" for k, v in ids.items())
    wizard.router = RouterData.from_router_data(
        {
            "pathname": "/permohonan/baru",
            "query": {k: str(v) for k, v in ids.items()},
            "asPath": f"/permohonan/baru?{query}",
            "headers": {"cookie": wizard.router.headers.cookie},  # same connection, same cookie
        }
    )
    await run(wizard.load)


@pytest.mark.asyncio
async def test_3_wizard_url_with_unknown_or_forged_ids_falls_back_to_a_real_step(state_of, session):
    wizard = logged_in(state_of, WizardState, session, make_applicant(session, 903))
    await _load_wizard_at(wizard, bidang=999_999)
    assert wizard.step == 1 and wizard.bidang
    kesehatan = next(b for b in wizard.bidang if b.name == "Kesehatan")
    await _load_wizard_at(wizard, bidang=kesehatan.id, layanan=999_999, izin=5)
    assert wizard.step == 2 and wizard.izin_id == 0


@pytest.mark.asyncio
async def test_the_wizard_walks_bidang_layanan_izin_and_opens_a_draft(state_of, session):
    applicant = make_applicant(session, 901)
    wizard = logged_in(state_of, WizardState, session, applicant)
    await run(wizard.load)
    kesehatan = next(b for b in wizard.bidang if b.name == "Kesehatan")
    assert kesehatan.extra == "8 jenis izin"
    await run(wizard.search, "kesehat")
    assert [b.name for b in wizard.bidang] == ["Kesehatan"]

    # Each pick is a new URL (issue 11 item 3); loading that URL rebuilds the step.
    events = await run(wizard.pick_bidang, kesehatan.id)
    assert redirects(events) == [f"/permohonan/baru?bidang={kesehatan.id}"]
    await _load_wizard_at(wizard, bidang=kesehatan.id)
    assert wizard.step == 2 and wizard.bidang_name == "Kesehatan" and wizard.layanan
    layanan = wizard.layanan[0].id
    events = await run(wizard.pick_layanan, layanan)
    assert redirects(events) == [f"/permohonan/baru?bidang={kesehatan.id}&layanan={layanan}"]
    await _load_wizard_at(wizard, bidang=kesehatan.id, layanan=layanan)
    assert wizard.step == 3 and wizard.izin and wizard.izin_id == 0
    first = wizard.izin[0].id
    events = await run(wizard.pick_izin, first)
    assert redirects(events) == [f"/permohonan/baru?bidang={kesehatan.id}&layanan={layanan}&izin={first}"]
    await _load_wizard_at(wizard, bidang=kesehatan.id, layanan=layanan, izin=first)
    assert wizard.izin_id == first and wizard.requirements and wizard.needs_faskes
    # Kembali goes to the URL of the step before.
    assert redirects(await run(wizard.back)) == [f"/permohonan/baru?bidang={kesehatan.id}&layanan={layanan}"]

    events = await run(wizard.start_form)
    draft = session.exec(select(Application).where(Application.applicant_id == applicant.id)).one()
    assert redirects(events) == [f"/permohonan/{draft.id}"]
    assert draft.status == ApplicationStatus.DRAFT.value and draft.izin_id == wizard.izin_id


@pytest.mark.asyncio
async def test_the_wizard_sends_a_logged_out_tab_to_login_and_creates_nothing(state_of, session):
    wizard = state_of(WizardState)
    cookie_of(wizard, "forged")
    wizard.izin_id = izin(session, "IPRI-B").id
    events = await run(wizard.start_form)
    assert redirects(events) == ["/login"]
    assert session.exec(select(Application)).all() == []


@pytest.mark.asyncio
async def test_an_unknown_izin_in_the_url_shows_the_list_not_a_crash(state_of, session):
    wizard = logged_in(state_of, WizardState, session, make_applicant(session, 902))
    await _load_wizard_at(wizard, bidang=1, layanan=1, izin=999_999)
    assert wizard.izin_id == 0 and wizard.form_error == ""


# --------------------------------------------------------------------------- beranda


@pytest.mark.asyncio
async def test_beranda_lists_the_applicants_own_files_only(state_of, session):
    me, mine = submitted(session, 903)
    _other, theirs = submitted(session, 904)
    draft = complete_draft(session, me, "IPRI-B")
    beranda = logged_in(state_of, BerandaState, session, me)
    await run(beranda.load)
    assert beranda.total == 2
    assert sorted(r.id for r in beranda.rows) == sorted([mine.id, draft.id])
    assert theirs.registration_number not in sent_to_client(beranda)
    row = next(r for r in beranda.rows if r.id == mine.id)
    assert row.number == mine.registration_number and not row.is_draft and row.can_cancel
    assert next(r for r in beranda.rows if r.id == draft.id).is_draft


@pytest.mark.asyncio
async def test_beranda_cancels_only_after_ok_and_lists_the_file_as_cancelled(state_of, session):
    me, mine = submitted(session, 905)
    beranda = logged_in(state_of, BerandaState, session, me)
    await run(beranda.load)
    await run(beranda.ask_cancel, mine.id, mine.registration_number)
    assert beranda.confirm_open
    events = await run(beranda.confirm_cancel)
    assert any("dibatalkan" in t for t in toasts(events))
    session.expire_all()
    assert session.get(Application, mine.id).status == ApplicationStatus.CANCELLED.value
    assert beranda.rows[0].status == ApplicationStatus.CANCELLED.label
    # A cancelled file does not look active: no due date, a grey badge.
    assert beranda.rows[0].due == "" and beranda.rows[0].badge_color == "gray"


@pytest.mark.asyncio
async def test_beranda_cannot_cancel_another_applicants_file(state_of, session):
    me = make_applicant(session, 906)
    _other, theirs = submitted(session, 907)
    beranda = logged_in(state_of, BerandaState, session, me)
    await run(beranda.ask_cancel, theirs.id, "x")
    events = await run(beranda.confirm_cancel)
    assert any("tidak ditemukan" in t for t in toasts(events))
    session.expire_all()
    assert session.get(Application, theirs.id).status == ApplicationStatus.SUBMITTED.value


@pytest.mark.asyncio
async def test_beranda_deletes_a_draft_only_after_ok_and_never_anothers(state_of, session):
    me = make_applicant(session, 908)
    mine = complete_draft(session, me).id
    other = make_applicant(session, 909)
    theirs = complete_draft(session, other).id
    beranda = logged_in(state_of, BerandaState, session, me)
    await run(beranda.load)
    assert [r.id for r in beranda.rows] == [mine]
    await run(beranda.ask_delete, mine, "Reklame")
    await run(beranda.dismiss_delete)  # Cancel
    session.expire_all()
    assert session.get(Application, mine) is not None
    await run(beranda.ask_delete, theirs, "x")  # an id sent by hand
    events = await run(beranda.confirm_delete)
    assert any("tidak ditemukan" in t for t in toasts(events))
    await run(beranda.ask_delete, mine, "Reklame")
    events = await run(beranda.confirm_delete)
    assert any("dihapus" in t for t in toasts(events))
    session.expire_all()
    assert session.get(Application, mine) is None and session.get(Application, theirs) is not None
    assert beranda.rows == []


# --------------------------------------------------------------------------- detail / edit


@pytest.mark.asyncio
async def test_the_detail_state_refuses_another_applicants_file_and_leaks_nothing(state_of, session):
    _owner, theirs = submitted(session, 908)
    values = applications.values_of(session=session, application_id=theirs.id)
    stranger = make_applicant(session, 909)
    page = logged_in(state_of, PermohonanState, session, stranger, {"id": str(theirs.id)})
    await run(page.load)
    assert page.loaded and page.missing == "Permohonan tidak ditemukan."
    assert (page.app_id, page.status, page.reg_number, page.izin_name) == (0, "", "", "")
    assert page.fields == [] and page.values == {} and page.docs == [] and page.faskes_info == {}
    text = sent_to_client(page)
    assert theirs.registration_number not in text
    assert not any(v and v in text for v in values.values() if len(v) > 4)


@pytest.mark.asyncio
async def test_the_detail_state_shows_the_applicants_draft(state_of, session):
    me = make_applicant(session, 910)
    draft = complete_draft(session, me, "IPRI-B")
    page = logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)})
    await run(page.load)
    assert page.loaded and page.missing == "" and page.app_id == draft.id
    assert page.is_draft and page.show_form and page.needs_location
    stored = applications.values_of(session=session, application_id=draft.id)
    assert page.values == {f.key: stored.get(f.key, "") for f in page.fields} and any(page.values.values())
    assert all(d.doc_id and d.size_text.endswith("KB") for d in page.docs)
    assert (page.latitude, page.longitude, page.lokasi) == ("-1.2401", "116.8702", "Simpang Dam, Balikpapan")


@pytest.mark.asyncio
async def test_saving_a_draft_keeps_the_typed_values(state_of, session):
    me = make_applicant(session, 911)
    draft = complete_draft(session, me, "IPRI-B")
    field = required_text_field(session, draft)
    page = logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)})
    await run(page.load)
    await run(page.set_value, field.key, "Nilai yang baru diketik")
    await run(page.set_field, "keterangan", "Catatan baru")
    events = await run(page.save_draft)
    assert any("Draf tersimpan" in t for t in toasts(events))

    again = logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)})  # a new visit
    await run(again.load)
    assert again.values[field.key] == "Nilai yang baru diketik"
    assert again.keterangan == "Catatan baru"


@pytest.mark.asyncio
async def test_submit_with_a_missing_field_shows_it_beside_the_field_and_keeps_the_rest(state_of, session):
    me = make_applicant(session, 912)
    draft = complete_draft(session, me, "IPRI-B")
    field = required_text_field(session, draft)
    page = logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)})
    await run(page.load)
    await run(page.set_value, field.key, "")
    await run(page.set_field, "keterangan", "Disimpan walau belum lengkap")
    await run(page.set_declaration, True)
    events = await run(page.submit)
    assert redirects(events) == []
    assert page.errors == {field.key: f"{field.label} wajib diisi."}
    assert page.form_error == "Permohonan belum dapat diajukan: 1 isian perlu dilengkapi."
    session.expire_all()
    stored = session.get(Application, draft.id)
    assert stored.status == ApplicationStatus.DRAFT.value and stored.keterangan == "Disimpan walau belum lengkap"


@pytest.mark.asyncio
async def test_submit_without_the_declaration_marks_it(state_of, session):
    me = make_applicant(session, 913)
    draft = complete_draft(session, me, "IPRI-B")
    page = logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)})
    await run(page.load)
    await run(page.submit)
    assert list(page.errors) == ["declaration"]
    await run(page.set_declaration, True)
    events = await run(page.submit)
    assert redirects(events) == ["/beranda"]
    session.expire_all()
    assert session.get(Application, draft.id).registration_number in " ".join(toasts(events))


@pytest.mark.asyncio
async def test_a_logged_out_tab_is_sent_to_login_by_every_action(state_of, session):
    me = make_applicant(session, 914)
    draft = complete_draft(session, me, "IPRI-B")
    page = logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)})
    await run(page.load)
    cookie_of(page, "expired")
    for handler in (page.save_draft, page.submit, page.save_changes):
        assert redirects(await run(handler)) == ["/login"]


@pytest.mark.asyncio
async def test_save_changes_of_a_submitted_file_checks_everything_and_writes_nothing_on_error(state_of, session):
    me, mine = submitted(session, 915)
    field = required_text_field(session, mine)
    before = applications.values_of(session=session, application_id=mine.id)[field.key]
    page = logged_in(state_of, PermohonanState, session, me, {"id": str(mine.id)})
    await run(page.load)
    assert page.editable and page.show_form and not page.is_draft
    await run(page.set_value, field.key, "")
    await run(page.save_changes)
    assert field.key in page.errors
    assert page.form_error == "Perubahan belum disimpan: periksa isian yang ditandai."
    session.expire_all()
    assert applications.values_of(session=session, application_id=mine.id)[field.key] == before


@pytest.mark.asyncio
async def test_the_faskes_dialog_searches_pages_and_picks_for_the_draft(state_of, session):
    me = make_applicant(session, 916)
    draft = applications.start_draft(session=session, applicant=me, izin_id=izin(session, "SIPD-B").id)
    session.commit()
    page = logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)})
    await run(page.load)
    assert page.needs_faskes and page.faskes_id == 0
    page.errors = {"faskes": "Pilih fasilitas kesehatan (faskes) tempat praktik."}
    dialog = await page.get_state(FaskesDialogState)
    await run(dialog.open_search)
    assert dialog.search_open and dialog.rows and dialog.summary.startswith("Menampilkan 1 sampai")
    if dialog.pages > 1:
        await run(dialog.next_page)
        assert dialog.page == 2 and dialog.rows[0].no == 11
    chosen = session.exec(select(Faskes).where(Faskes.active.is_(True)).order_by(Faskes.id)).first()
    await run(dialog.search, chosen.nama)
    assert dialog.page == 1 and chosen.id in [r.id for r in dialog.rows]
    await run(dialog.pick, chosen.id)
    assert not dialog.search_open
    assert page.faskes_id == chosen.id and page.faskes_info["Nama Faskes"] == chosen.nama
    assert "faskes" not in page.errors
    session.expire_all()
    assert session.get(Application, draft.id).faskes_id == chosen.id


@pytest.mark.asyncio
async def test_a_faskes_proposal_shows_its_errors_in_the_dialog_only(state_of, session):
    me = make_applicant(session, 917)
    draft = applications.start_draft(session=session, applicant=me, izin_id=izin(session, "SIPD-B").id)
    session.commit()
    page = logged_in(state_of, PermohonanState, session, me, {"id": str(draft.id)})
    await run(page.load)
    dialog = await page.get_state(FaskesDialogState)
    await run(dialog.open_proposal)
    await run(dialog.submit_proposal, {"usul_nama": "", "usul_alamat": "Jl. Baru"})
    assert "usul_nama" in dialog.errors and all(k.startswith("usul_") for k in dialog.errors)
    assert page.errors == {} and dialog.proposal_info == ""
    await run(
        dialog.submit_proposal,
        {
            "usul_nama": "Klinik Uji",
            "usul_alamat": "Jl. Uji 2",
            "usul_pemilik": "Budi",
            "usul_penanggung_jawab": "dr. Sari",
            "usul_kontak": "081234567890",
        },
    )
    assert dialog.errors == {} and dialog.proposal_info.startswith("Usulan faskes terkirim")


# --------------------------------------------------------------------------- profile


def profile_form(**changes: str) -> dict[str, str]:
    return {
        "full_name": "Pemohon Baru",
        "email": "baru@contoh.id",
        "phone": "081299990000",
        "address": "Jl. Baru No. 2",
        "wa_notifications": "on",
        **changes,
    }


@pytest.mark.asyncio
async def test_the_profile_shows_the_applicants_data(state_of, session):
    me = make_applicant(session, 918, name="Sari Dewi")
    profil = logged_in(state_of, ProfilState, session, me)
    await run(profil.load)
    assert profil.full_name == "Sari Dewi" and profil.email == "u918@contoh.id"
    assert profil.wa_number.startswith("0812") and profil.form_key == 1


@pytest.mark.asyncio
async def test_a_bad_phone_is_shown_beside_the_field_and_nothing_is_saved(state_of, session):
    me = make_applicant(session, 919)
    profil = logged_in(state_of, ProfilState, session, me)
    await run(profil.load)
    events = await run(profil.save, profile_form(phone="12"))
    assert list(profil.errors) == ["phone"] and "Nomor Handphone" in profil.errors["phone"]
    assert profil.form_error == PARTLY_SAVED and profil.saved_info == ""
    assert toasts(events) == []
    session.expire_all()
    assert session.get(type(me), me.id).full_name == "Pemohon 919"


@pytest.mark.asyncio
async def test_a_profile_save_updates_the_header_and_a_wrong_old_password_is_marked(state_of, session):
    me = make_applicant(session, 920)
    profil = logged_in(state_of, ProfilState, session, me)
    await run(profil.load)
    await run(profil.save, profile_form(old_password="salah-sekali", new_password="baru-12345"))
    assert profil.errors == {"old_password": "Password Lama salah."}
    assert profil.user_name == "Pemohon Baru"  # the profile itself was saved
    events = await run(
        profil.save,
        profile_form(old_password=PASSWORD, new_password="baru-12345", new_password_confirm="baru-12345"),
    )
    assert profil.errors == {} and profil.saved_info == "Profil berhasil diperbarui."
    assert toasts(events)
    session.expire_all()
    assert passwords.verify_password("baru-12345", session.get(type(me), me.id).password_hash)


@pytest.mark.asyncio
async def test_a_wa_change_to_the_same_number_is_refused_beside_the_field(state_of, session):
    me = make_applicant(session, 921)
    profil = logged_in(state_of, ProfilState, session, me)
    await run(profil.load)
    await run(profil.request_wa_change, {"wa_number": profil.wa_number})
    assert profil.errors == {"wa_number": "Nomor ini sama dengan nomor WhatsApp Anda sekarang."}
    assert profil.wa_pending == ""
    await run(profil.request_wa_change, {"wa_number": "081255554444"})
    assert profil.errors == {} and profil.wa_pending == "081255554444"


# --------------------------------------------------------------------------- lacak from beranda


def _on_lacak(state: Any, number: str) -> None:
    """The tab navigates to /lacak?nomor=… (the connection, and its cookie, stay the same)."""
    cookie = state.router.headers.cookie
    state.router = RouterData.from_router_data(
        {
            "pathname": "/lacak",
            "query": {"nomor": number},
            "asPath": f"/lacak?nomor={number}",
            "headers": {"cookie": cookie},
        }
    )


@pytest.mark.asyncio
async def test_11_lacak_from_beranda_shows_the_owner_their_file_without_a_captcha(state_of, session):
    from spontan_app.state.lacak import LacakState

    me, mine = submitted(session, 910, name="Ani Pemilik")
    lacak = logged_in(state_of, LacakState, session, me)
    _on_lacak(lacak, mine.registration_number)
    await run(lacak.load)
    assert lacak.result["number"] == mine.registration_number
    assert lacak.result["applicant_name"] == "Ani Pemilik"  # the owner sees their name and address
    assert lacak.logged_in and lacak.timeline
    # Issue 11 item 10: plain Indonesian and what to do next, never the stored code.
    assert lacak.result["status_label"] == "Diajukan"
    assert lacak.result["next_step"].startswith("Yang perlu Anda lakukan: ")
    assert "SUBMITTED" not in sent_to_client(lacak)


@pytest.mark.asyncio
async def test_11_lacak_from_another_account_still_asks_for_the_captcha(state_of, session):
    from spontan_app.state.lacak import LacakState

    _owner, theirs = submitted(session, 911, name="Budi Pemilik")
    stranger = make_applicant(session, 912)
    lacak = logged_in(state_of, LacakState, session, stranger)
    _on_lacak(lacak, theirs.registration_number)
    await run(lacak.load)
    assert lacak.result == {} and lacak.nomor == theirs.registration_number  # the form, prefilled
    assert "Budi Pemilik" not in sent_to_client(lacak)
