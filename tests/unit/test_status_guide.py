"""Issue 11: what the applicant reads about a file's status (items 10, 14, 15 and 6)."""

from __future__ import annotations

from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.status_guide import NEXT_STEP_PREFIX, guide
from spontan_app.services import accounts, applications, tracking, workflow
from spontan_app.services.accounts._common import GENERIC_LOGIN_ERROR
from spontan_app.state.beranda import Row
from tests.factories import PASSWORD, izin, make_applicant, submitted

OPEN = [ApplicationStatus.SUBMITTED, ApplicationStatus.IN_PROCESS, ApplicationStatus.RETURNED]


def test_10_every_status_has_a_plain_indonesian_label_and_a_next_step():
    for status in ApplicationStatus:
        g = guide(status.value)
        assert g.label == status.label and g.label != status.value  # never the stored code
        assert g.next_step_line.startswith(NEXT_STEP_PREFIX) and len(g.next_step) > 10
    assert guide("IN_PROGRESS").label == "-" and guide(None).next_step_line == ""  # unknown: a dash, no advice


def test_10_next_step_says_wait_fix_and_resubmit_or_download():
    assert "Tunggu" in guide("SUBMITTED").next_step and "Tidak ada" in guide("IN_PROCESS").next_step
    assert "Ajukan Ulang" in guide("RETURNED").next_step and "catatan petugas" in guide("RETURNED").next_step
    assert "Unduh Izin" in guide("ISSUED").next_step
    assert "Ajukan Permohonan" in guide("DRAFT").next_step


def test_10_tracking_and_beranda_show_the_label_and_what_to_do(session):
    applicant, application = submitted(session, 7301, name="Rina Lacak")
    view = tracking.lookup(session=session, number=application.registration_number)
    assert view.status_label == "Diajukan" and view.status_color == "blue"
    assert view.next_step == "Yang perlu Anda lakukan: " + guide("SUBMITTED").next_step
    assert all(row.status in {"Diajukan", "Sedang Diproses"} for row in view.timeline), view.timeline
    [item], _ = applications.list_for_owner(session=session, applicant=applicant)
    row = Row.of(item)
    assert (row.status, row.next_step) == ("Diajukan", view.next_step)
    assert row.due != ""  # an open file shows when it should be ready


def test_14_cancelled_file_has_no_due_date_and_a_colour_of_its_own(session):
    applicant, application = submitted(session, 7302)
    workflow.cancel(session=session, applicant=applicant, application_id=application.id)
    session.commit()
    cancelled = guide(ApplicationStatus.CANCELLED.value)
    assert not cancelled.shows_due_date
    assert cancelled.color not in {guide(s.value).color for s in OPEN}  # does not look active
    view = tracking.lookup(session=session, number=application.registration_number)
    assert view.due_date == "" and view.status_label == "Dibatalkan" and view.status_color == "gray"
    [item], _ = applications.list_for_owner(session=session, applicant=applicant)
    row = Row.of(item)
    assert (row.status, row.due, row.badge_color) == ("Dibatalkan", "", "gray")
    detail = applications.detail(session=session, applicant=applicant, application_id=application.id)
    assert detail.due_date is not None  # kept in the database, only not shown
    assert not guide(detail.status).shows_due_date


def test_15_badan_usaha_gets_its_contact_person_as_nama_pemohon_and_jenis_kelamin_optional(session):
    company = make_applicant(session, 7303, name="CV Maju Bersama", company_name="CV Maju Bersama")
    company.applicant_type, company.sex = "badan_usaha", None  # a company has no sex to prefill
    company.pic_name, company.pic_nik = "Rina Kontak", "6471015505900001"
    person = make_applicant(session, 7304)
    person.sex = None
    session.commit()
    for who in (company, person):
        draft = applications.start_draft(session=session, applicant=who, izin_id=izin(session, "IPRI-B").id)
        session.commit()
        fields = {f.key: f for f in applications.detail(session=session, applicant=who, application_id=draft.id).fields}
        errors = applications.validation_errors(session=session, application=draft)
        if who is company:
            # The person who applies, whose NIK is prefilled too; not the company's name.
            assert fields["nama_pemohon"].value == "Rina Kontak"
            assert fields["nomor_ktp"].value == "6471015505900001"
            assert not fields["jenis_kelamin"].required and "jenis_kelamin" not in errors
        else:
            assert fields["jenis_kelamin"].required and errors["jenis_kelamin"] == "Jenis Kelamin wajib diisi."


def test_6_wrong_status_pemohon_names_it_as_a_possible_cause(session):
    person = make_applicant(session, 7305)
    session.commit()
    result = accounts.login(
        session=session, applicant_type="badan_usaha", username=person.username, password=PASSWORD, ip=None
    )
    assert not result.ok
    assert result.message == GENERIC_LOGIN_ERROR == "Username atau password salah, atau Status Pemohon tidak sesuai."
