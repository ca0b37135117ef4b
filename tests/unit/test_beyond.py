"""Beyond the manual: the public catalogue, SKM/IKM, public statistics and renewals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import combinations, product

import pytest
from sqlmodel import select

from spontan_app.domain.models import (
    Application,
    ApplicationDocument,
    ApplicationValue,
    JenisIzin,
    OutgoingMessage,
    Permit,
    Renewal,
    RenewalReminder,
    Requirement,
    SkmResponse,
)
from spontan_app.services import applications, catalogue_public, permits, renewals, skm, statistics, workflow
from spontan_app.services.errors import Conflict, FieldErrors, NotFound, PermissionDenied
from spontan_app.state.login import next_path
from tests import factories as f

MONDAY = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # Monday 01-06-2026, 10:00 WITA
ALL_FOUR = [4] * 9


# --------------------------------------------------------------------------- catalogue


def test_catalogue_groups_active_izin_by_bidang_and_searches(session):
    groups = catalogue_public.search(session=session)
    names = [g.name for g in groups]
    assert names[0] == "Kesehatan" and "Reklame" in names
    assert sum(len(g.izin) for g in groups) == 16
    found = catalogue_public.search(session=session, query="reklame insidentil")
    assert [(g.name, [i.code for i in g.izin]) for g in found] == [("Reklame", ["IPRI-B"])]
    assert catalogue_public.search(session=session, query="tidak ada izin seperti ini") == []
    only = catalogue_public.search(session=session, bidang="HUB")
    assert [g.code for g in only] == ["HUB"]


def test_izin_detail_tells_requirements_fields_time_cost_basis_and_desks(session):
    d = catalogue_public.detail(session=session, code="sipd-b")
    assert d.name == "Surat Izin Praktik Dokter" and d.bidang == "Kesehatan"
    assert d.processing_days == 5
    assert d.cost == "Rp 0 (Gratis)"
    assert d.validity == "5 tahun"
    assert "2052/MENKES/PER/X/2011" in d.legal_basis
    assert "Surat Tanda Registrasi (STR)" in [r.name for r in d.requirements]
    assert ("Nomor STR", "Teks", True) in [(x.label, x.kind, x.required) for x in d.fields]
    assert d.desks[0].desk == "Petugas Front Office" and len(d.desks) == 5
    assert d.needs_faskes


def test_retired_or_unknown_izin_is_not_in_the_catalogue(session):
    izin = f.izin(session, "IPTP-B")
    izin.active = False
    session.add(izin)
    session.commit()
    try:
        with pytest.raises(NotFound):
            catalogue_public.detail(session=session, code="IPTP-B")
        with pytest.raises(NotFound):
            catalogue_public.locate(session=session, code="IPTP-B")
        assert "IPTP-B" not in [i.code for g in catalogue_public.search(session=session) for i in g.izin]
        for garbage in ["", "x" * 500, "' OR 1=1 --", None]:
            with pytest.raises(NotFound):
                catalogue_public.detail(session=session, code=garbage)
    finally:
        izin.active = True
        session.add(izin)
        session.commit()


def test_rupiah_and_validity_texts():
    assert catalogue_public.format_rupiah(0) == "Rp 0 (Gratis)"
    assert catalogue_public.format_rupiah(1500000) == "Rp 1.500.000"
    assert catalogue_public.validity_text(None).startswith("Tanpa batas")
    assert catalogue_public.validity_text(18) == "18 bulan"


def test_login_leads_back_only_to_the_wizard():
    assert next_path("/permohonan/baru?kode=SIPD-B") == "/permohonan/baru?kode=SIPD-B"
    for bad in ["https://evil.example/", "//evil.example", "/permohonan/baru?kode=<x>", "/admin", "", None]:
        assert next_path(bad) == "/beranda"


# --------------------------------------------------------------------------- SKM / IKM


def test_ikm_follows_the_regulation():
    assert skm.ikm_of([4.0] * 9) == pytest.approx(100.0)
    assert skm.ikm_of([1.0] * 9) == pytest.approx(25.0)
    # Mean per element x 1/9, summed, x 25.
    assert skm.ikm_of([4, 4, 3, 3, 4, 4, 4, 3, 4]) == pytest.approx(33 / 9 * 25)
    assert skm.category(100) == ("A", "Sangat Baik")
    assert skm.category(88.31) == ("A", "Sangat Baik")
    assert skm.category(88.30) == ("B", "Baik")
    assert skm.category(76.61) == ("B", "Baik")
    assert skm.category(76.60) == ("C", "Kurang Baik")
    assert skm.category(65.00) == ("C", "Kurang Baik")
    assert skm.category(64.99) == ("D", "Tidak Baik")
    assert skm.category(25.0) == ("D", "Tidak Baik")


def test_issuing_invites_the_applicant_to_the_survey_after_commit(session, dispatched):
    applicant, application, _ = f.issued(session, 3101, when=MONDAY)
    invite = session.exec(
        select(OutgoingMessage).where(
            OutgoingMessage.to_number == applicant.wa_number, OutgoingMessage.kind == "skm_invite"
        )
    ).one()
    assert f"/survei/{application.id}" in invite.body
    assert invite.id in dispatched
    assert [v.application_id for v in skm.pending_for(session=session, applicant=applicant)] == [application.id]


def test_survey_once_per_application_by_its_owner_only(session):
    owner, application, _ = f.issued(session, 3102, when=MONDAY)
    stranger = f.make_applicant(session, 3103)
    answers = {f"u{i}": "3" for i in range(1, 10)}
    with pytest.raises(NotFound):
        skm.submit(session=session, applicant=stranger, application_id=application.id, scores=answers)
    with pytest.raises(FieldErrors) as bad:
        skm.submit(session=session, applicant=owner, application_id=application.id, scores={**answers, "u4": "5"})
    assert set(bad.value.errors) == {"u4"}
    skm.submit(session=session, applicant=owner, application_id=application.id, scores=answers, suggestion="Cepat")
    session.commit()
    with pytest.raises(Conflict):
        skm.submit(session=session, applicant=owner, application_id=application.id, scores=answers)
    session.rollback()
    assert len(session.exec(select(SkmResponse)).all()) == 1
    assert skm.pending_for(session=session, applicant=owner) == []


def test_survey_waits_for_the_permit(session):
    applicant, application = f.submitted(session, 3104)
    with pytest.raises(Conflict):
        skm.submit(
            session=session,
            applicant=applicant,
            application_id=application.id,
            scores={f"u{i}": "4" for i in range(1, 10)},
        )


def test_ikm_report_per_izin_and_quarter_for_heads_only(session):
    a1, app1, _ = f.issued(session, 3105, when=MONDAY)
    a2, app2, _ = f.issued(session, 3106, code="SKP-B", when=MONDAY)
    f.survey(session, a1, app1, ALL_FOUR)
    f.survey(session, a2, app2, [4, 4, 3, 3, 4, 4, 4, 3, 4])
    with pytest.raises(PermissionDenied):
        skm.report(session=session, staff=f.staff(session, "front_office"))
    report = skm.report(session=session, staff=f.staff(session, "kepala_dinas"))
    by_izin = {r.key: (r.responses, round(r.ikm, 2), r.grade) for r in report.per_izin}
    assert by_izin == {"IPRI-B": (1, 100.0, "A"), "SKP-B": (1, 91.67, "A")}
    assert report.overall.responses == 2
    assert round(report.overall.ikm, 2) == round((4 + 4 + 3.5 + 3.5 + 4 + 4 + 4 + 3.5 + 4) / 9 * 25, 2)
    this_quarter = skm.quarter_of(datetime.now(UTC))
    assert [(r.key, r.responses) for r in report.per_quarter] == [(this_quarter, 2)]


# --------------------------------------------------------------------------- statistics


def _left_after_subtraction(total: str, cells: list[statistics.Cell]) -> set[int]:
    """Every count someone can work out from a table and its total: the total minus any
    choice of its published rows (what is left is a published row, the folded rest, or a
    union of them)."""
    if total == statistics.SUPPRESSED:
        assert cells == []  # a total of 1-4: no row at all
        return set()
    counts = [c.count for c in cells]
    assert sum(counts) == int(total)  # the rows add up to the total: nothing unaccounted for
    return {int(total) - sum(chosen) for r in range(len(counts) + 1) for chosen in combinations(counts, r)}


def assert_no_count_below_five(stats: statistics.PublicStats) -> None:
    for table in (stats.per_month, stats.per_bidang):
        assert all(c.count >= statistics.MIN_CELL and c.shown == str(c.count) for c in table), table
        derivable = _left_after_subtraction(stats.issued_total, table)
        assert not {n for n in derivable if 0 < n < statistics.MIN_CELL}, (table, stats.issued_total)
    assert all(t.decided >= statistics.MIN_CELL for t in stats.times)


def test_public_statistics_fold_small_rows_so_no_count_below_five_shows_or_follows(session):
    today = date(2026, 11, 30)
    june, july, august = MONDAY, MONDAY + timedelta(days=30), MONDAY + timedelta(days=63)
    for n in range(3200, 3206):  # six Perhubungan permits in June: two working days each
        f.issued(session, n, code="IPTP-B", when=june, decided=june + timedelta(days=2))
    for n in range(3206, 3208):  # two Pekerjaan Umum permits in June
        f.issued(session, n, code="KRK-B", when=june)
    for n in range(3210, 3213):  # three Reklame permits in July
        f.issued(session, n, code="IPRI-B", when=july)
    for n in range(3213, 3218):  # five Reklame permits in August
        f.issued(session, n, code="IPRI-B", when=august)
    stats = statistics.public_statistics(session=session, today=today)
    assert stats.issued_total == "16"
    # June (8) is shown; July (3) is not, and with it the smallest shown month, August (5):
    # else 16 - 8 - 5 would give July's three. The nine other months (0) are folded too.
    assert [(c.label, c.shown) for c in stats.per_month] == [("Jun 2026", "8"), ("Bulan lainnya", "8")]
    # Pekerjaan Umum (2) would follow from 16 - 8 - 6, so Perhubungan (6) is folded with it.
    assert [(c.label, c.shown) for c in stats.per_bidang] == [("Reklame", "8"), ("Bidang lainnya", "8")]
    assert_no_count_below_five(stats)
    # Only izin with at least five decided files get a processing-time row.
    assert [(t.izin_code, t.decided, t.median_days, t.on_time_share) for t in stats.times] == [
        ("IPRI-B", 8, 0.0, 1.0),
        ("IPTP-B", 6, 2.0, 1.0),
    ]
    assert stats.on_time_share == 1.0 and stats.median_days == 0.0  # eight files of 0 days, six of 2
    assert stats.ikm is None  # no survey yet


def test_a_year_of_fewer_than_five_permits_shows_no_row(session):
    for n in range(3230, 3233):
        f.issued(session, n, when=MONDAY)
    stats = statistics.public_statistics(session=session, today=date(2026, 11, 30))
    assert (stats.issued_total, stats.per_month, stats.per_bidang) == ("< 5", [], [])


def test_no_table_lets_anyone_compute_a_count_below_five():
    """Every table of four rows with 0..8 files each: what is published, and every total
    minus published rows, is never 1-4."""
    for values in product(range(9), repeat=4):
        rows = [(f"r{i}", f"Row {i}", n) for i, n in enumerate(values)]
        cells = statistics.fold(rows, "Lainnya")
        total = sum(values)
        shown_total = "< 5" if 0 < total < 5 else str(total)
        assert all(c.count >= statistics.MIN_CELL for c in cells), (values, cells)
        derivable = _left_after_subtraction(shown_total, cells)
        assert not {n for n in derivable if 0 < n < statistics.MIN_CELL}, (values, cells)
        shown = {c.key: c.count for c in cells if c.key != statistics.OTHER}
        assert all(values[int(k[1:])] == n for k, n in shown.items())  # shown rows are exact
        assert len([n for n in values if n >= 5]) - len(shown) <= 1  # at most one big row folded
        assert total < 5 or len(shown) + bool(cells and cells[-1].key == statistics.OTHER) == len(cells)


def test_public_ikm_needs_five_responses(session):
    made = [f.issued(session, n, when=MONDAY) for n in range(3220, 3225)]
    for applicant, application, _ in made[:4]:
        f.survey(session, applicant, application, ALL_FOUR)
    assert skm.public_ikm(session=session) is None
    applicant, application, _ = made[4]
    f.survey(session, applicant, application, [1] * 9)
    row = skm.public_ikm(session=session)
    assert row.responses == 5 and round(row.ikm, 2) == round((4 * 4 + 1) / 5 * 25, 2)


# --------------------------------------------------------------------------- renewals


def _reminders(session) -> list[tuple[int, str]]:
    rows = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind.startswith("renewal_reminder"))).all()
    return [(int(m.kind.rsplit("_", 1)[1]), m.to_number) for m in rows]


def test_each_reminder_goes_once_at_90_30_and_7_days(session, dispatched):
    end = date(2027, 3, 31)
    applicant, _, permit = f.issued(session, 3300, when=MONDAY, valid_until=end)
    sent_on = {}
    day = end - timedelta(days=120)
    while day <= end + timedelta(days=5):
        for _ in range(2):  # the job runs twice a day: nothing doubles
            for r in renewals.send_renewal_reminders(session=session, today=day):
                sent_on[r.days_before] = day
            session.commit()
        day += timedelta(days=1)
    assert sent_on == {90: end - timedelta(days=90), 30: end - timedelta(days=30), 7: end - timedelta(days=7)}
    assert sorted(_reminders(session)) == [
        (7, applicant.wa_number),
        (30, applicant.wa_number),
        (90, applicant.wa_number),
    ]
    body = session.exec(select(OutgoingMessage).where(OutgoingMessage.kind == "renewal_reminder_30")).one().body
    assert permit.number in body and "31-03-2027" in body and "30 hari lagi" in body
    rows = session.exec(select(RenewalReminder).where(RenewalReminder.permit_id == permit.id)).all()
    assert sorted(r.days_before for r in rows) == [7, 30, 90] and all(r.message_id in dispatched for r in rows)


def test_a_missed_day_still_reminds_but_never_late_for_a_passed_step(session):
    end = date(2027, 3, 31)
    f.issued(session, 3301, when=MONDAY, valid_until=end)
    # The job did not run for weeks; 20 days before the end only the 30-day reminder goes.
    sent = renewals.send_renewal_reminders(session=session, today=end - timedelta(days=20))
    session.commit()
    assert [r.days_before for r in sent] == [30]
    assert renewals.send_renewal_reminders(session=session, today=end - timedelta(days=19)) == []


def test_no_reminder_for_revoked_expired_or_endless_permits(session):
    today = date(2027, 1, 1)
    _, _, revoked = f.issued(session, 3302, when=MONDAY, valid_until=today + timedelta(days=7))
    revoked.revoked_at = datetime.now(UTC)
    session.add(revoked)
    f.issued(session, 3303, when=MONDAY, valid_until=today - timedelta(days=1))
    f.issued(session, 3304, code="IOPAUD-B", when=MONDAY)  # no end
    session.commit()
    assert renewals.send_renewal_reminders(session=session, today=today) == []


def test_opted_out_applicant_is_recorded_but_not_messaged(session):
    end = date(2027, 3, 31)
    applicant, _, _ = f.issued(session, 3305, when=MONDAY, valid_until=end)
    applicant.wa_opt_out = True
    session.add(applicant)
    session.commit()
    sent = renewals.send_renewal_reminders(session=session, today=end - timedelta(days=7))
    session.commit()
    assert [(r.days_before, r.message_id) for r in sent] == [(7, None)]
    assert _reminders(session) == []


def test_renewal_draft_is_prefilled_and_reuses_only_confirmed_documents(session):
    today = date.today()
    applicant, old, _ = f.issued(session, 3306, when=MONDAY, valid_until=today + timedelta(days=30))
    old_values = {
        v.field_key: v.value
        for v in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == old.id))
    }
    assert renewals.renewable_for(session=session, applicant=applicant) == {
        old.id: (today + timedelta(days=30)).strftime("%d-%m-%Y")
    }
    draft = renewals.start_renewal(session=session, applicant=applicant, application_id=old.id)
    session.commit()
    assert draft.status == "DRAFT" and draft.izin_id == old.izin_id
    assert draft.lokasi == old.lokasi and draft.keterangan == old.keterangan
    new_values = {
        v.field_key: v.value
        for v in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == draft.id))
    }
    assert new_values == old_values
    # A second click opens the same draft.
    again = renewals.start_renewal(session=session, applicant=applicant, application_id=old.id)
    assert again.id == draft.id
    view = renewals.renewal_view(session=session, applicant=applicant, draft_id=draft.id)
    assert view.previous_number == old.registration_number
    assert [d.reused for d in view.documents] == [False] * len(view.documents) and view.documents
    first = view.documents[0]
    renewals.reuse_document(session=session, applicant=applicant, draft_id=draft.id, document_id=first.document_id)
    session.commit()
    docs = applications.current_documents(session=session, application_id=draft.id)
    assert list(docs) == [first.requirement_id]  # only the confirmed one
    copy = docs[first.requirement_id]
    original = session.get(ApplicationDocument, first.document_id)
    assert copy.sha256 == original.sha256 and copy.storage_name != original.storage_name
    view = renewals.renewal_view(session=session, applicant=applicant, draft_id=draft.id)
    assert view.documents[0].reused is True


def test_renewal_only_for_the_owner_and_near_the_end(session):
    today = date.today()
    owner, near, _ = f.issued(session, 3307, when=MONDAY, valid_until=today + timedelta(days=60))
    _, far_app, _ = f.issued(session, 3308, when=MONDAY, valid_until=today + timedelta(days=200))
    far_owner = session.get(type(owner), far_app.applicant_id)
    stranger = f.make_applicant(session, 3309)
    with pytest.raises(NotFound):
        renewals.start_renewal(session=session, applicant=stranger, application_id=near.id)
    with pytest.raises(Conflict):
        renewals.start_renewal(session=session, applicant=far_owner, application_id=far_app.id)
    assert renewals.renewable_for(session=session, applicant=far_owner) == {}
    draft = renewals.start_renewal(session=session, applicant=owner, application_id=near.id)
    session.commit()
    with pytest.raises(NotFound):
        renewals.renewal_view(session=session, applicant=stranger, draft_id=draft.id)
    with pytest.raises(NotFound):
        renewals.reuse_document(session=session, applicant=owner, draft_id=draft.id, document_id=999999)


def test_deleting_a_renewal_draft_removes_its_link(session):
    applicant, old, _ = f.issued(session, 3310, when=MONDAY, valid_until=date.today() + timedelta(days=10))
    draft = renewals.start_renewal(session=session, applicant=applicant, application_id=old.id)
    session.commit()
    applications.delete_draft(session=session, applicant=applicant, application_id=draft.id)
    session.commit()
    assert session.exec(select(Renewal)).all() == []
    assert session.get(Application, old.id).status == "ISSUED"
    assert session.exec(select(JenisIzin).where(JenisIzin.id == old.izin_id)).one()


def test_a_practice_permit_is_renewed_under_its_perpanjangan_izin(session):
    applicant, old, _ = f.issued(
        session, 3311, code="SIPD-B", when=MONDAY, valid_until=date.today() + timedelta(days=60)
    )
    draft = renewals.start_renewal(session=session, applicant=applicant, application_id=old.id)
    session.commit()
    assert session.get(JenisIzin, draft.izin_id).code == "SIPD-P"
    assert draft.faskes_id == old.faskes_id and draft.faskes_id is not None
    values = {
        v.field_key: v.value
        for v in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == draft.id))
    }
    assert values["nomor_str"] == "Isian Nomor STR" and values["praktik_ke"] == "1"
    view = renewals.renewal_view(session=session, applicant=applicant, draft_id=draft.id)
    names = [d.requirement for d in view.documents]
    # Matched by name across the two izin; "SIP Lama" is new, so it is uploaded fresh.
    assert "Surat Tanda Registrasi (STR)" in names and "SIP Lama" not in names and len(names) == 6
    assert view.izin_name == "Perpanjangan Surat Izin Praktik Dokter"
    renewals.reuse_document(
        session=session, applicant=applicant, draft_id=draft.id, document_id=view.documents[1].document_id
    )
    session.commit()
    assert list(applications.current_documents(session=session, application_id=draft.id)) == [
        view.documents[1].requirement_id
    ]


# --------------------------------------------------------------------------- validity and the STR


def _str_value(session, application_id: int) -> ApplicationValue:
    return session.exec(
        select(ApplicationValue).where(
            ApplicationValue.application_id == application_id, ApplicationValue.field_key == "masa_berlaku_str"
        )
    ).one()


def test_a_practice_permit_ends_with_the_str_when_that_comes_first(session):
    start = date(2026, 6, 1)
    assert permits.validity_end(start, 60, date(2029, 12, 31)) == date(2029, 12, 31)  # the STR ends first
    assert permits.validity_end(start, 60, date(2035, 1, 1)) == date(2031, 6, 1)  # five years first
    assert permits.validity_end(start, None, date(2029, 12, 31)) == date(2029, 12, 31)
    assert permits.validity_end(start, 60, None) == date(2031, 6, 1)
    assert permits.validity_end(start, None, None) is None
    assert permits.parse_form_date("2029-12-31") == date(2029, 12, 31)
    assert permits.parse_form_date("bukan tanggal") is None and permits.parse_form_date(None) is None

    # Issued on 01-06-2026 (SIP: five years); the form says the STR ends 31-12-2029.
    _, _, capped = f.issued(session, 3400, code="SIPD-B", when=MONDAY)
    assert capped.valid_from == date(2026, 6, 1) and capped.valid_until == date(2029, 12, 31)
    # An STR that outlasts the five years leaves the SIP's own end.
    _, application = f.submitted(session, 3401, code="SIPD-B", when=MONDAY)
    value = _str_value(session, application.id)
    value.value = "2040-01-31"
    session.add(value)
    session.commit()
    for desk in workflow.process_steps(session, application):
        workflow.staff_forward(
            session=session, staff=f.staff(session, desk.desk), application_id=application.id, now=MONDAY
        )
        session.commit()
    permit = session.exec(select(Permit).where(Permit.application_id == application.id)).one()
    assert permit.valid_until == date(2031, 6, 1)
    # An izin without an STR field keeps its months (IPRI-B: one month).
    _, _, poster = f.issued(session, 3402, when=MONDAY)
    assert poster.valid_until == date(2026, 7, 1)


def _reuse_names(session, applicant, draft_id, today) -> list[str]:
    view = renewals.renewal_view(session=session, applicant=applicant, draft_id=draft_id, today=today)
    return [d.requirement for d in view.documents]


def test_renewal_offers_only_documents_still_valid(session):
    today = date.today()
    # A midwife's permit ending in 40 days; her form said the STR ends 31-12-2029.
    applicant, old, _ = f.issued(session, 3403, code="SIPB-B", when=MONDAY, valid_until=today + timedelta(days=40))
    str_value = _str_value(session, old.id)
    draft = renewals.start_renewal(session=session, applicant=applicant, application_id=old.id)
    session.commit()
    old_docs = applications.current_documents(session=session, application_id=old.id)
    names = {r.id: r.name for r in session.exec(select(Requirement).where(Requirement.id.in_(list(old_docs))))}
    str_doc = next(d for r, d in old_docs.items() if names[r] == "Surat Tanda Registrasi (STR)")
    # Before the STR's end every document the renewal asks for is offered, the STR too.
    assert "Surat Tanda Registrasi (STR)" in _reuse_names(session, applicant, draft.id, today)

    # After the STR's end (01-01-2030) the old STR is neither offered nor copied on request.
    later = date(2030, 1, 1)
    offered = _reuse_names(session, applicant, draft.id, later)
    assert "Surat Tanda Registrasi (STR)" not in offered and "Scan KTP Pemohon" in offered
    with pytest.raises(NotFound):
        renewals.reuse_document(
            session=session, applicant=applicant, draft_id=draft.id, document_id=str_doc.id, today=later
        )
    session.rollback()
    assert applications.current_documents(session=session, application_id=draft.id) == {}

    # An STR that ended the old permit (its end on or before the permit's) is not offered either.
    str_value.value = (today + timedelta(days=40)).isoformat()
    session.add(str_value)
    session.commit()
    assert "Surat Tanda Registrasi (STR)" not in _reuse_names(session, applicant, draft.id, today)

    # A document whose requirement the renewal izin no longer asks for is not offered.
    ktp = next(r for r, name in names.items() if name == "Scan KTP Pemohon")
    renewal_ktp = session.exec(
        select(Requirement).where(Requirement.izin_id == draft.izin_id, Requirement.name == "Scan KTP Pemohon")
    ).one()
    renewal_ktp.active = False
    session.add(renewal_ktp)
    session.commit()
    try:
        assert "Scan KTP Pemohon" not in _reuse_names(session, applicant, draft.id, today)
        with pytest.raises(NotFound):
            renewals.reuse_document(
                session=session, applicant=applicant, draft_id=draft.id, document_id=old_docs[ktp].id, today=today
            )
        session.rollback()
    finally:
        renewal_ktp.active = True
        session.add(renewal_ktp)
        session.commit()


def test_a_renewal_does_not_copy_an_str_end_that_has_passed(session):
    applicant, old, _ = f.issued(
        session, 3404, code="SIPB-B", when=MONDAY, valid_until=date.today() + timedelta(days=40)
    )
    value = _str_value(session, old.id)
    value.value = (date.today() - timedelta(days=1)).isoformat()  # the STR ended yesterday
    session.add(value)
    session.commit()
    draft = renewals.start_renewal(session=session, applicant=applicant, application_id=old.id)
    session.commit()
    copied = {
        v.field_key: v.value
        for v in session.exec(select(ApplicationValue).where(ApplicationValue.application_id == draft.id))
    }
    assert copied.get("masa_berlaku_str", "") == "" and copied["nomor_str"] == "Isian Nomor STR"
