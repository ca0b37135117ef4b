"""Applicant accounts: registration, OTP policy, verification link, login, sessions, profile.

Every call gets an explicit ``now`` so time can move without sleeping. OTP codes and links
are read from the queued WhatsApp messages, as the applicant would read them.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from spontan_app import db
from spontan_app.domain import passwords
from spontan_app.domain.enums import AccountStatus, ApplicantType, Origin, RegionLevel
from spontan_app.domain.models import Applicant, LoginThrottle, OtpCode, OutgoingMessage, Region
from spontan_app.services import accounts, cookie_login, messaging
from spontan_app.services.accounts import GENERIC_LOGIN_ERROR, CompletionForm, ProfileForm
from spontan_app.services.errors import Conflict, FieldErrors, NotFound, PermissionDenied, RateLimited
from spontan_app.settings import get_settings

T0 = datetime(2026, 9, 4, 2, 0, tzinfo=UTC)  # 10:00 WITA
NIK = "6471011234560001"
NIK2 = "6471011234560002"
NPWP = "012345678901000"
WA = "081234567890"
WA_E164 = "+6281234567890"
WA2 = "081298765432"
WA2_E164 = "+6281298765432"
WA3_E164 = "+6281311112222"
PASSWORD = "rahasia-123"
PERSON = ApplicantType.PERORANGAN.value
COMPANY = ApplicantType.BADAN_USAHA.value
OTP_RE = re.compile(r"\b\d{6}\b")
LINK_RE = re.compile(r"/verifikasi/([A-Za-z0-9_\-]+)")


@pytest.fixture(autouse=True)
def cheap_bcrypt(monkeypatch):
    """bcrypt at cost 4 for new passwords: the rules under test do not depend on the cost."""
    real = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda password, rounds=4: real(password, rounds=4))


# --------------------------------------------------------------------------- helpers


def s(seconds: float = 0, **kwargs) -> datetime:
    return T0 + timedelta(seconds=seconds, **kwargs)


def me(session: Session, token: str, now: datetime) -> Applicant:
    """The applicant behind a login token at ``now``, resolved as a page does before calling a service."""
    return accounts.current_applicant(session=session, token=token, now=now)


def outbox(session: Session, number: str = WA_E164) -> list[OutgoingMessage]:
    return messaging.outbox_for(session=session, to_e164=number)


def last_otp(session: Session, number: str = WA_E164) -> str:
    """The code in the newest OTP message to ``number``."""
    otps = [m for m in outbox(session, number) if m.kind.startswith("otp_")]
    assert otps, f"no OTP message to {number}"
    codes = OTP_RE.findall(otps[-1].body)
    assert len(codes) == 1, otps[-1].body
    return codes[0]


def last_link_token(session: Session, number: str = WA_E164) -> str:
    links = [m for m in outbox(session, number) if m.kind == "registration_link"]
    assert links, f"no link message to {number}"
    match = LINK_RE.search(links[-1].body)
    assert match, links[-1].body
    return match.group(1)


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def register(session: Session, *, kind=PERSON, identity=NIK, wa=WA, email="warga@example.com", now=T0):
    started = accounts.register(
        session=session, applicant_type=kind, identity=identity, wa_number=wa, email=email, now=now
    )
    session.commit()
    return started


def verify(session: Session, applicant_id: int, code: str, now=T0):
    outcome = accounts.verify_registration_otp(session=session, applicant_id=applicant_id, code=code, now=now)
    session.commit()
    return outcome


def kecamatan(session: Session, name: str) -> Region:
    return session.exec(select(Region).where(Region.name == name, Region.level == RegionLevel.KECAMATAN.value)).one()


def kelurahan_of(session: Session, kec: Region) -> Region:
    return session.exec(select(Region).where(Region.parent_id == kec.id).order_by(Region.name)).first()


def person_form(session: Session, **changes) -> CompletionForm:
    kec = kecamatan(session, "Balikpapan Selatan")
    form = CompletionForm(
        password=PASSWORD,
        password_confirm=PASSWORD,
        full_name="Budi Santoso",
        origin=Origin.DALAM.value,
        kecamatan_id=kec.id,
        kelurahan_id=kelurahan_of(session, kec).id,
        address="Jl. Jenderal Sudirman No. 1",
        phone="081200001111",
        birth_place="Balikpapan",
        birth_date="1990-05-17",
        sex="L",
    )
    return replace(form, **changes)


def company_form(session: Session, **changes) -> CompletionForm:
    form = person_form(
        session,
        full_name="PT Maju Bersama",
        birth_place="",
        birth_date="",
        sex="",
        company_form="PT",
        pic_name="Siti Aminah",
        pic_nik="6471015505900003",
    )
    return replace(form, **changes)


def complete(session: Session, token: str, form: CompletionForm, now=T0) -> Applicant:
    applicant = accounts.complete_registration(session=session, token=token, form=form, now=now)
    session.commit()
    return applicant


def active_account(session: Session, *, kind=PERSON, identity=NIK, wa=WA, now=T0) -> Applicant:
    """Registration as the manual describes it: form, OTP, link, completion form."""
    started = register(session, kind=kind, identity=identity, wa=wa, now=now)
    number = started.wa_number
    assert verify(session, started.applicant_id, last_otp(session, number), now=now).ok
    form = person_form(session) if kind == PERSON else company_form(session)
    return complete(session, last_link_token(session, number), form, now=now)


def test_the_cheap_bcrypt_patch_reaches_every_password_the_services_hash(session):
    """Guards the fixture: the account modules look hash_password up at call time."""
    applicant = active_account(session)
    assert applicant.password_hash.startswith("$2b$04$")
    here = login(session, now=s(1)).token
    accounts.change_password(
        session=session,
        applicant=me(session, here, s(2)),
        old=PASSWORD,
        new="baru-sekali-9",
        confirm="baru-sekali-9",
        keep_token=here,
        now=s(2),
    )
    assert applicant.password_hash.startswith("$2b$04$")


def login(session: Session, *, kind=PERSON, username=NIK, password=PASSWORD, ip="10.0.0.1", now=T0):
    result = accounts.login(session=session, applicant_type=kind, username=username, password=password, ip=ip, now=now)
    session.commit()
    token = None
    if result.ok:  # the browser's next step: /sesi/masuk turns the code into the cookie's session
        cookie = cookie_login.redeem_handoff(session=session, code=result.handoff, now=now)
        session.commit()
        token = cookie.token
    return LoggedIn(result.ok, result.message, token, result.applicant_id, result.retry_after)


@dataclass(frozen=True)
class LoggedIn:
    ok: bool
    message: str
    token: str | None
    applicant_id: int | None
    retry_after: int


def applicant_count(session: Session) -> int:
    return len(session.exec(select(Applicant.id)).all())


# --------------------------------------------------------------------------- registration form


def test_registration_reports_every_wrong_field_at_once(session):
    with pytest.raises(FieldErrors) as excinfo:
        register(session, identity="12345", wa="0712345", email="bukan-email")
    errors = excinfo.value.errors
    assert set(errors) == {"identity", "wa_number", "email"}
    assert "NIK" in errors["identity"]
    assert "WhatsApp" in errors["wa_number"]
    assert "email" in errors["email"].lower()
    assert applicant_count(session) == 0
    assert session.exec(select(OutgoingMessage)).all() == []


def test_registration_names_npwp_for_a_badan_usaha(session):
    with pytest.raises(FieldErrors) as excinfo:
        register(session, kind=COMPANY, identity="01.234.567.8-90")
    assert set(excinfo.value.errors) == {"identity"}
    assert "NPWP" in excinfo.value.errors["identity"]


def test_registration_stores_normalised_identity_number_and_email(session):
    started = register(session, identity="64.71.01.1234560001", wa="+62 812-3456-7890", email=" Warga@Example.COM ")
    applicant = session.get(Applicant, started.applicant_id)
    assert (applicant.username, applicant.wa_number, applicant.email) == (NIK, WA_E164, "warga@example.com")
    assert applicant.status == AccountStatus.PENDING_OTP.value
    assert started.needs_otp and not started.resumed


def test_nik_of_an_active_account_cannot_register_again(session):
    active_account(session)
    with pytest.raises(FieldErrors) as excinfo:
        register(session, wa=WA2, now=s(hours=2))
    assert set(excinfo.value.errors) == {"identity"}
    assert "sudah terdaftar" in excinfo.value.errors["identity"]
    assert outbox(session, WA2_E164) == []


def test_wa_number_of_another_account_is_refused(session):
    register(session)
    with pytest.raises(FieldErrors) as excinfo:
        register(session, identity=NIK2, now=s(120))
    assert set(excinfo.value.errors) == {"wa_number"}
    assert "akun lain" in excinfo.value.errors["wa_number"]
    assert applicant_count(session) == 1


def fullwidth(digits: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in digits)


def test_the_same_nik_in_other_digit_characters_is_not_a_new_account(session):
    # Regression guard (fixed bug; spontan_app/domain/validation.py lines 26-27 and 64/74: ``\d``/``\D`` are Unicode
    # aware): a NIK typed in full-width digits (as some phone keyboards produce) passes
    # normalize_nik unchanged, so it is stored as a different username and a second account
    # for the same NIK is created. The same holds for "+628" followed by full-width digits:
    # it becomes a second spelling of a WhatsApp number already in use.
    active_account(session)
    with pytest.raises(FieldErrors):
        register(session, identity=fullwidth(NIK), wa=WA2, now=s(hours=1))
    with pytest.raises(FieldErrors):
        register(session, identity=NIK2, wa="+628" + fullwidth(WA_E164[4:]), now=s(hours=1))
    assert applicant_count(session) == 1


def test_half_done_registration_resumes_with_a_fresh_otp(session):
    first = register(session)
    old_code = last_otp(session)
    again = register(session, email="baru@example.com", now=s(90))
    assert again.resumed and again.needs_otp
    assert again.applicant_id == first.applicant_id
    assert applicant_count(session) == 1
    assert session.get(Applicant, first.applicant_id).email == "baru@example.com"
    new_code = last_otp(session)
    assert len([m for m in outbox(session) if m.kind == "otp_register"]) == 2
    if new_code != old_code:  # one chance in a million that both codes are the same
        assert not verify(session, first.applicant_id, old_code, now=s(100)).ok
    assert verify(session, first.applicant_id, new_code, now=s(110)).ok


def test_half_done_registration_cannot_continue_with_another_number(session):
    register(session)
    with pytest.raises(FieldErrors) as excinfo:
        register(session, wa=WA2, now=s(120))
    assert set(excinfo.value.errors) == {"wa_number"}
    assert outbox(session, WA2_E164) == []


def test_registering_again_after_the_otp_sends_a_new_link_and_the_old_one_dies(session):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(30)).ok
    old_token = last_link_token(session)
    again = register(session, now=s(120))
    assert again.resumed and not again.needs_otp
    new_token = last_link_token(session)
    assert new_token != old_token
    with pytest.raises(NotFound):
        accounts.open_registration_link(session=session, token=old_token, now=s(130))
    pending = accounts.open_registration_link(session=session, token=new_token, now=s(130))
    assert (pending.username, pending.wa_number) == (NIK, WA_E164)


# --------------------------------------------------------------------------- OTP policy


def test_otp_has_six_digits_from_secrets_and_only_its_hash_is_stored(session, monkeypatch):
    monkeypatch.setattr(accounts.otp.secrets, "randbelow", lambda n: 42)
    started = register(session)
    assert last_otp(session) == "000042"
    rows = session.exec(select(OtpCode).where(OtpCode.applicant_id == started.applicant_id)).all()
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0].model_dump().values())
    assert "000042" not in stored
    assert re.fullmatch(r"[0-9a-f]{64}", rows[0].code_hash)


def test_plain_otp_is_not_in_the_otp_table(session):
    register(session)
    code = last_otp(session)
    rows = session.exec(select(OtpCode)).all()
    assert len(rows) == 1
    for row in rows:
        values = row.model_dump(exclude={"wa_number"})  # the number may contain any six digits
        assert code not in " ".join(str(value) for value in values.values())
        assert row.code_hash != code


def test_otp_codes_differ_between_registrations(session):
    codes = set()
    for index in range(4):
        register(session, identity=f"647101123456{index + 1:04d}", wa=f"08129999000{index}")
        codes.add(last_otp(session, f"+628129999000{index}"))
    assert len(codes) >= 3  # four equal random codes would be a broken generator


def test_otp_is_valid_for_five_minutes(session):
    started = register(session)
    late = verify(session, started.applicant_id, last_otp(session), now=s(minutes=5, seconds=1))
    assert not late.ok and "kedaluwarsa" in late.message
    assert session.get(Applicant, started.applicant_id).status == AccountStatus.PENDING_OTP.value


def test_otp_just_before_five_minutes_works(session):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(minutes=4, seconds=59)).ok
    assert session.get(Applicant, started.applicant_id).status == AccountStatus.PENDING_DATA.value


def test_registration_otp_is_single_use(session):
    started = register(session)
    code = last_otp(session)
    assert verify(session, started.applicant_id, code, now=s(10)).ok
    assert not verify(session, started.applicant_id, code, now=s(20)).ok
    links = [m for m in outbox(session) if m.kind == "registration_link"]
    assert len(links) == 1


def test_reset_otp_is_single_use(session):
    applicant = active_account(session)
    accounts.start_password_reset(session=session, applicant_type=PERSON, username=NIK, now=s(600))
    session.commit()
    code = last_otp(session)
    first, reset_token = accounts.verify_reset_otp(session=session, applicant_id=applicant.id, code=code, now=s(610))
    session.commit()
    assert first.ok and reset_token
    second, none = accounts.verify_reset_otp(session=session, applicant_id=applicant.id, code=code, now=s(620))
    assert not second.ok and none is None


def test_after_five_wrong_tries_even_the_right_code_is_refused(session):
    started = register(session)
    code = last_otp(session)
    outcomes = [verify(session, started.applicant_id, other_code(code), now=s(10 + i)) for i in range(5)]
    assert [o.ok for o in outcomes] == [False] * 5
    assert "Sisa percobaan: 4" in outcomes[0].message
    assert "tidak berlaku lagi" in outcomes[-1].message
    final = verify(session, started.applicant_id, code, now=s(20))
    assert not final.ok
    assert session.get(Applicant, started.applicant_id).status == AccountStatus.PENDING_OTP.value


def test_four_wrong_tries_still_leave_the_right_code_usable(session):
    started = register(session)
    code = last_otp(session)
    for i in range(4):
        assert not verify(session, started.applicant_id, other_code(code), now=s(10 + i)).ok
    assert verify(session, started.applicant_id, code, now=s(20)).ok


def test_concurrent_wrong_tries_cannot_exceed_five(session):
    # Regression guard (fixed bug; spontan_app/services/accounts.py, check_otp, ``otp.attempts += 1``): the OTP row is
    # read without SELECT ... FOR UPDATE and the counter is written back from Python, so
    # simultaneous wrong guesses all see the same count. 20 parallel guesses are all checked
    # (SQLite and PostgreSQL alike) and the stored count ends near 2, not "dead after 5 tries".
    started = register(session)
    code = last_otp(session)
    guesses = 20
    barrier = threading.Barrier(guesses)
    messages: list[str] = []

    def guess(index: int) -> None:
        wrong = f"{(int(code) + 1 + index) % 10**6:06d}"
        barrier.wait()
        try:
            with db.session_scope() as own:
                outcome = accounts.verify_registration_otp(
                    session=own, applicant_id=started.applicant_id, code=wrong, now=s(10)
                )
            messages.append(outcome.message)
        except Exception as exc:  # a refused write is not a checked guess
            messages.append(f"error {type(exc).__name__}")

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = [m for m in messages if m.startswith("Kode OTP salah")]
    assert len(checked) <= accounts.OTP_MAX_ATTEMPTS
    assert not verify(session, started.applicant_id, code, now=s(20)).ok


def test_malformed_code_is_not_counted_as_a_try(session):
    started = register(session)
    code = last_otp(session)
    for i in range(6):
        outcome = verify(session, started.applicant_id, "12ab", now=s(10 + i))
        assert not outcome.ok and "6 digit" in outcome.message
    assert verify(session, started.applicant_id, f" {code} ", now=s(30)).ok


def test_resend_waits_sixty_seconds(session):
    started = register(session)
    with pytest.raises(RateLimited) as excinfo:
        accounts.resend_otp(session=session, applicant_id=started.applicant_id, now=s(30))
    assert 29 <= excinfo.value.retry_after <= 30
    assert "detik" in excinfo.value.message
    message_id = accounts.resend_otp(session=session, applicant_id=started.applicant_id, now=s(61))
    session.commit()
    assert session.get(OutgoingMessage, message_id).to_number == WA_E164


def test_a_resent_otp_replaces_the_previous_one(session):
    started = register(session)
    old = last_otp(session)
    accounts.resend_otp(session=session, applicant_id=started.applicant_id, now=s(61))
    session.commit()
    new = last_otp(session)
    if new != old:
        assert not verify(session, started.applicant_id, old, now=s(70)).ok
    assert verify(session, started.applicant_id, new, now=s(80)).ok


def test_at_most_five_otps_an_hour_to_one_number(session):
    started = register(session)
    for minute in range(1, 5):
        accounts.resend_otp(session=session, applicant_id=started.applicant_id, now=s(minutes=minute))
        session.commit()
    with pytest.raises(RateLimited) as excinfo:
        accounts.resend_otp(session=session, applicant_id=started.applicant_id, now=s(minutes=6))
    assert "per jam" in excinfo.value.message
    assert excinfo.value.retry_after > 50 * 60
    assert len([m for m in outbox(session) if m.kind == "otp_register"]) == 5
    # An hour after the first code the number may get one again.
    accounts.resend_otp(session=session, applicant_id=started.applicant_id, now=s(hours=1, seconds=1))


def test_sixty_second_gap_is_per_purpose(session):
    """A code for another purpose to the same number is not held back by the 60 s gap."""
    owner = active_account(session)
    token = login(session, now=s(60)).token
    assert (
        accounts.request_wa_change(session=session, applicant=me(session, token, s(100)), new_number=WA2, now=s(100))
        == WA2_E164
    )
    session.commit()
    started = register(session, identity=NIK2, wa=WA2, now=s(110))  # the number is still free
    assert started.needs_otp
    assert [m.kind for m in outbox(session, WA2_E164)] == ["otp_wa_change", "otp_register"]
    with pytest.raises(RateLimited):
        accounts.resend_otp(session=session, applicant_id=started.applicant_id, now=s(120))
    # The number went to the other registration; confirming the change must not steal it.
    outcome = accounts.confirm_wa_change(
        session=session,
        applicant=me(session, token, s(130)),
        code=OTP_RE.findall(outbox(session, WA2_E164)[0].body)[0],
        now=s(130),
    )
    assert not outcome.ok
    assert session.get(Applicant, owner.id).wa_number == WA_E164


def test_resend_is_refused_once_the_number_is_confirmed(session):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(10)).ok
    with pytest.raises(Conflict):
        accounts.resend_otp(session=session, applicant_id=started.applicant_id, now=s(120))


def test_link_resend_is_rate_limited(session):
    # Regression guard (fixed bug; spontan_app/services/accounts.py, resend_registration_link -> _check_otp_rate):
    # the check only looks at rows of otp_code, and sending a link creates none, so once the
    # registration OTP is a minute old "Kirim Ulang Tautan" sends a WhatsApp message on
    # every click, without the 60 s gap or the 5-an-hour cap.
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(10)).ok
    sent = 0
    with pytest.raises(RateLimited):
        for i in range(10):
            accounts.resend_registration_link(session=session, applicant_id=started.applicant_id, now=s(120 + i))
            session.commit()
            sent += 1
    assert sent <= 1


# --------------------------------------------------------------------------- verification link


def test_link_expires_after_24_hours(session):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(10)).ok
    token = last_link_token(session)
    assert (
        accounts.open_registration_link(session=session, token=token, now=s(10, hours=23, minutes=59)).username == NIK
    )
    with pytest.raises(NotFound):
        accounts.open_registration_link(session=session, token=token, now=s(11, hours=24))
    with pytest.raises(NotFound):
        complete(session, token, person_form(session), now=s(11, hours=24))
    assert session.get(Applicant, started.applicant_id).status == AccountStatus.PENDING_DATA.value


def test_link_works_once(session):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(10)).ok
    token = last_link_token(session)
    applicant = complete(session, token, person_form(session), now=s(60))
    assert applicant.status == AccountStatus.ACTIVE.value
    with pytest.raises(NotFound):
        accounts.open_registration_link(session=session, token=token, now=s(70))
    with pytest.raises(NotFound):
        complete(session, token, person_form(session, full_name="Orang Lain"), now=s(70))
    assert session.get(Applicant, started.applicant_id).full_name == "Budi Santoso"


def test_a_made_up_link_opens_nothing(session):
    register(session)
    with pytest.raises(NotFound):
        accounts.open_registration_link(session=session, token="x" * 43, now=s(10))
    with pytest.raises(NotFound):
        accounts.open_registration_link(session=session, token="", now=s(10))


def test_completion_of_a_person_stores_the_data_and_activates(session):
    applicant = active_account(session)
    kec = kecamatan(session, "Balikpapan Selatan")
    assert applicant.status == AccountStatus.ACTIVE.value
    assert (applicant.full_name, applicant.sex, applicant.birth_date) == ("Budi Santoso", "L", date(1990, 5, 17))
    assert applicant.kecamatan_id == kec.id
    assert applicant.kelurahan_id == kelurahan_of(session, kec).id
    kota = session.exec(select(Region).where(Region.code == "64.71")).one()
    assert applicant.kabkota_id == kota.id
    assert applicant.phone == "+6281200001111"
    assert passwords.verify_password(PASSWORD, applicant.password_hash)
    assert PASSWORD not in applicant.password_hash


def test_completion_of_a_person_reports_each_missing_field(session):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(10)).ok
    token = last_link_token(session)
    with pytest.raises(FieldErrors) as excinfo:
        complete(session, token, CompletionForm(), now=s(60))
    errors = excinfo.value.errors
    assert {"password", "full_name", "kecamatan_id", "address", "phone", "birth_place", "birth_date", "sex"} <= set(
        errors
    )
    assert not {"company_form", "pic_name", "pic_nik"} & set(errors)
    assert "Nama Lengkap" in errors["full_name"]
    # The link still works after a refused form.
    assert complete(session, token, person_form(session), now=s(120)).status == AccountStatus.ACTIVE.value


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password_confirm": "lain-lain-1"}, "password_confirm"),
        ({"password": "pendek", "password_confirm": "pendek"}, "password"),
        ({"birth_date": "2020-01-01"}, "birth_date"),
        ({"sex": "X"}, "sex"),
        ({"phone": "12345"}, "phone"),
        ({"telephone": "0542-abc"}, "telephone"),
        ({"full_name": "x" * 151}, "full_name"),
    ],
)
def test_completion_of_a_person_names_the_wrong_field(session, changes, field):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(10)).ok
    with pytest.raises(FieldErrors) as excinfo:
        complete(session, last_link_token(session), person_form(session, **changes), now=s(60))
    assert set(excinfo.value.errors) == {field}


def test_completion_of_a_badan_usaha(session):
    started = register(session, kind=COMPANY, identity="01.234.567.8-901.000")
    assert verify(session, started.applicant_id, last_otp(session), now=s(10)).ok
    token = last_link_token(session)
    with pytest.raises(FieldErrors) as excinfo:
        complete(session, token, company_form(session, company_form="", pic_name="", pic_nik="123"), now=s(60))
    errors = excinfo.value.errors
    assert set(errors) == {"company_form", "pic_name", "pic_nik"}
    assert "NIK" in errors["pic_nik"]
    with pytest.raises(FieldErrors) as excinfo:
        complete(session, token, company_form(session, full_name=""), now=s(60))
    assert set(excinfo.value.errors) == {"full_name"}
    assert "Nama Badan Usaha" in excinfo.value.errors["full_name"]
    applicant = complete(session, token, company_form(session), now=s(90))
    assert applicant.status == AccountStatus.ACTIVE.value
    assert (applicant.username, applicant.company_name, applicant.company_form) == (NPWP, "PT Maju Bersama", "PT")
    assert applicant.pic_nik == "6471015505900003"
    assert applicant.birth_date is None and applicant.sex is None


def test_kelurahan_must_belong_to_the_chosen_kecamatan(session):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(10)).ok
    selatan = kecamatan(session, "Balikpapan Selatan")
    timur = kecamatan(session, "Balikpapan Timur")
    form = person_form(session, kecamatan_id=selatan.id, kelurahan_id=kelurahan_of(session, timur).id)
    with pytest.raises(FieldErrors) as excinfo:
        complete(session, last_link_token(session), form, now=s(60))
    assert set(excinfo.value.errors) == {"kelurahan_id"}


def test_kecamatan_must_be_a_kecamatan_of_balikpapan(session):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(10)).ok
    paser = session.exec(select(Region).where(Region.code == "64.01")).one()
    kel = kelurahan_of(session, kecamatan(session, "Balikpapan Selatan"))
    for wrong in (paser.id, kel.id, None, 10**6):
        with pytest.raises(FieldErrors) as excinfo:
            complete(session, last_link_token(session), person_form(session, kecamatan_id=wrong), now=s(60))
        assert "kecamatan_id" in excinfo.value.errors


def test_origin_outside_balikpapan_takes_typed_kecamatan_and_kelurahan(session):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(10)).ok
    token = last_link_token(session)
    kota = session.exec(select(Region).where(Region.code == "64.71")).one()
    paser = session.exec(select(Region).where(Region.code == "64.01")).one()
    outside = person_form(session, origin=Origin.LUAR.value, kabkota_id=kota.id, kecamatan_text="", kelurahan_text="")
    with pytest.raises(FieldErrors) as excinfo:
        complete(session, token, outside, now=s(60))
    assert set(excinfo.value.errors) == {"kabkota_id", "kecamatan_text", "kelurahan_text"}
    applicant = complete(
        session,
        token,
        person_form(
            session,
            origin=Origin.LUAR.value,
            kabkota_id=paser.id,
            kecamatan_text="Tanah Grogot",
            kelurahan_text="Tapis",
        ),
        now=s(90),
    )
    assert applicant.kabkota_id == paser.id
    assert applicant.kecamatan_id is None and applicant.kelurahan_id is None
    assert applicant.region_text == "Kecamatan Tanah Grogot, Kelurahan Tapis"


# --------------------------------------------------------------------------- login


def test_login_success_gives_a_session_for_the_applicant(session):
    applicant = active_account(session)
    result = login(session, username="64.71.01.1234560001", now=s(60))
    assert result.ok and result.token and result.applicant_id == applicant.id
    assert accounts.current_applicant(session=session, token=result.token, now=s(70)).id == applicant.id


@pytest.mark.parametrize(
    "attempt",
    [
        {"username": NIK2},  # unknown user
        {"password": "salah-salah-1"},  # wrong password
        {"kind": COMPANY},  # right NIK and password, wrong Status Pemohon
        {"username": "bukan-nik"},  # not even a NIK
    ],
)
def test_login_failures_all_give_the_same_message(session, attempt):
    active_account(session)
    result = login(session, now=s(60), **attempt)
    assert not result.ok and result.token is None
    assert result.message == GENERIC_LOGIN_ERROR == "Username atau password salah, atau Status Pemohon tidak sesuai."


def test_login_of_an_account_not_yet_active_gives_the_generic_message(session):
    started = register(session)
    assert login(session, now=s(10)).message == GENERIC_LOGIN_ERROR
    assert verify(session, started.applicant_id, last_otp(session), now=s(20)).ok
    assert login(session, now=s(30)).message == GENERIC_LOGIN_ERROR
    applicant = session.get(Applicant, started.applicant_id)
    applicant.password_hash = passwords.hash_password(PASSWORD, rounds=4)  # even with a password set
    session.add(applicant)
    session.commit()
    result = login(session, now=s(40))
    assert not result.ok and result.message == GENERIC_LOGIN_ERROR


def test_disabled_account_cannot_log_in(session):
    applicant = active_account(session)
    applicant.status = AccountStatus.DISABLED.value
    session.add(applicant)
    session.commit()
    assert login(session, now=s(60)).message == GENERIC_LOGIN_ERROR


def test_five_failures_make_the_account_wait_even_with_the_right_password(session):
    active_account(session)
    results = [login(session, password=f"salah-{i}-xyz", ip=f"10.0.1.{i}", now=s(60 + i)) for i in range(5)]
    assert [r.message for r in results[:4]] == [GENERIC_LOGIN_ERROR] * 4
    assert "Coba lagi" in results[4].message and results[4].retry_after > 0
    # Keyed by the account: a new address and the right password are still held back.
    locked = login(session, ip="192.0.2.77", now=s(90))
    assert not locked.ok and locked.token is None
    assert "Terlalu banyak percobaan" in locked.message
    assert locked.message != GENERIC_LOGIN_ERROR
    # The wait ends (one minute after the fifth failure).
    later = login(session, ip="192.0.2.77", now=s(125))
    assert later.ok and later.token


def test_the_wait_grows_with_further_failures(session):
    active_account(session)
    for i in range(5):
        login(session, password="salah-salah", ip=None, now=s(60 + i))
    after_wait = login(session, password="salah-salah", ip=None, now=s(130))
    assert not after_wait.ok
    assert after_wait.retry_after > 60  # the sixth failure waits two minutes
    assert "menit" in after_wait.message


def test_a_success_resets_the_account_counter(session):
    active_account(session)
    for i in range(4):
        assert login(session, password="salah-salah", ip=None, now=s(60 + i)).message == GENERIC_LOGIN_ERROR
    assert login(session, ip=None, now=s(70)).ok
    throttle = session.get(LoginThrottle, f"user:{PERSON}:{NIK}")
    session.refresh(throttle)
    assert throttle.failures == 0
    for i in range(4):  # four more failures would have locked the account without the reset
        result = login(session, password="salah-salah", ip=None, now=s(80 + i))
        assert result.message == GENERIC_LOGIN_ERROR


def test_concurrent_wrong_passwords_still_lock_the_account(session):
    # Regression guard (fixed bug; spontan_app/services/accounts.py, login -> _throttle/_fail, ``row.failures += 1``):
    # the throttle row is read without a lock and written back from Python, so 20 wrong
    # passwords sent at once are all checked and the stored count ends near 2: no lock-out.
    # (Without the priming failure below, simultaneous first failures also crash with an
    # IntegrityError on the new login_throttle row instead of giving the generic message.)
    active_account(session)
    assert login(session, password="salah-salah", ip=None, now=s(60)).message == GENERIC_LOGIN_ERROR
    tries = 20
    barrier = threading.Barrier(tries)
    messages: list[str] = []

    def attempt(index: int) -> None:
        barrier.wait()
        try:
            with db.session_scope() as own:
                result = accounts.login(
                    session=own, applicant_type=PERSON, username=NIK, password=f"tebak-{index}-xx", ip=None, now=s(70)
                )
            messages.append(result.message)
        except Exception as exc:
            messages.append(f"error {type(exc).__name__}")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert messages.count(GENERIC_LOGIN_ERROR) <= accounts.LOGIN_FREE_FAILURES - 2
    assert not login(session, ip=None, now=s(80)).ok  # 21 failures: still waiting


def test_one_address_failing_on_many_accounts_is_held_back(session):
    for i in range(accounts.LOGIN_IP_FREE_FAILURES):
        login(session, username=f"647101123456{i + 10:04d}", password="tebak-tebak", ip="203.0.113.9", now=s(i))
    result = login(session, username="6471011234569999", password="tebak-tebak", ip="203.0.113.9", now=s(30))
    assert "Terlalu banyak percobaan" in result.message


def test_failures_are_forgotten_after_a_quiet_quarter_hour(session):
    for i in range(accounts.LOGIN_IP_FREE_FAILURES - 1):
        login(session, username=f"647101123457{i:04d}", password="tebak-tebak", ip="203.0.113.50", now=s(i))
    later = s(accounts.LOGIN_IP_FREE_FAILURES) + accounts.LOGIN_FAILURE_MEMORY + timedelta(minutes=1)
    for i in range(3):  # without the decay the 20th failure from this address would lock it
        result = login(
            session,
            username=f"647101123458{i:04d}",
            password="tebak-tebak",
            ip="203.0.113.50",
            now=later + timedelta(seconds=i),
        )
        assert result.message == accounts.GENERIC_LOGIN_ERROR


# --------------------------------------------------------------------------- sessions


def test_current_applicant_needs_a_real_token(session):
    active_account(session)
    for token in (None, "", "forged-token-value"):
        with pytest.raises(PermissionDenied):
            accounts.current_applicant(session=session, token=token, now=s(60))


def test_session_ends_after_two_idle_hours(session):
    active_account(session)
    token = login(session, now=s(0)).token
    with pytest.raises(PermissionDenied):
        accounts.current_applicant(session=session, token=token, now=s(1, hours=2))


def test_activity_keeps_the_session_alive(session):
    active_account(session)
    token = login(session, now=s(0)).token
    accounts.current_applicant(session=session, token=token, now=s(hours=1, minutes=30))
    session.commit()
    assert accounts.current_applicant(session=session, token=token, now=s(hours=3)).username == NIK
    session.commit()
    with pytest.raises(PermissionDenied):
        accounts.current_applicant(session=session, token=token, now=s(1, hours=5))


def test_logout_revokes_the_session(session):
    active_account(session)
    token = login(session, now=s(0)).token
    other = login(session, now=s(1)).token
    accounts.logout(session=session, token=token, now=s(10))
    session.commit()
    with pytest.raises(PermissionDenied):
        accounts.current_applicant(session=session, token=token, now=s(20))
    assert accounts.current_applicant(session=session, token=other, now=s(20)).username == NIK


def test_password_reset_ends_every_session(session):
    applicant = active_account(session)
    tokens = [login(session, ip=f"10.0.2.{i}", now=s(i)).token for i in range(2)]
    assert accounts.start_password_reset(session=session, applicant_type=PERSON, username=NIK, now=s(100))
    session.commit()
    outcome, reset_token = accounts.verify_reset_otp(
        session=session, applicant_id=applicant.id, code=last_otp(session), now=s(110)
    )
    session.commit()
    assert outcome.ok
    accounts.reset_password(
        session=session, reset_token=reset_token, new="baru-sekali-9", confirm="baru-sekali-9", now=s(120)
    )
    session.commit()
    for token in tokens:
        with pytest.raises(PermissionDenied):
            accounts.current_applicant(session=session, token=token, now=s(130))
    assert login(session, now=s(140)).message == GENERIC_LOGIN_ERROR
    assert login(session, password="baru-sekali-9", now=s(150)).ok
    assert outbox(session)[-1].kind == "password_changed"
    with pytest.raises(NotFound):  # the reset link is used up
        accounts.reset_password(session=session, reset_token=reset_token, new="x" * 10, confirm="x" * 10, now=s(160))


def test_password_reset_for_an_unknown_account_sends_nothing(session):
    active_account(session)
    before = len(session.exec(select(OutgoingMessage)).all())
    assert accounts.start_password_reset(session=session, applicant_type=PERSON, username=NIK2, now=s(100)) is None
    assert accounts.start_password_reset(session=session, applicant_type=COMPANY, username=NIK, now=s(100)) is None
    assert len(session.exec(select(OutgoingMessage)).all()) == before


def test_change_password_keeps_this_session_and_ends_the_others(session):
    active_account(session)
    here = login(session, ip="10.0.3.1", now=s(0)).token
    elsewhere = login(session, ip="10.0.3.2", now=s(1)).token
    with pytest.raises(FieldErrors) as excinfo:
        accounts.change_password(
            session=session,
            applicant=me(session, here, s(5)),
            old="bukan-password",
            new="baru-sekali-9",
            confirm="baru-sekali-9",
            keep_token=here,
            now=s(5),
        )
    assert set(excinfo.value.errors) == {"old_password"}
    with pytest.raises(FieldErrors) as excinfo:
        accounts.change_password(
            session=session,
            applicant=me(session, here, s(6)),
            old=PASSWORD,
            new="baru-sekali-9",
            confirm="baru-sekali-8",
            keep_token=here,
            now=s(6),
        )
    assert set(excinfo.value.errors) == {"new_password_confirm"}
    accounts.change_password(
        session=session,
        applicant=me(session, here, s(10)),
        old=PASSWORD,
        new="baru-sekali-9",
        confirm="baru-sekali-9",
        keep_token=here,
        now=s(10),
    )
    session.commit()
    assert accounts.current_applicant(session=session, token=here, now=s(20)).username == NIK
    with pytest.raises(PermissionDenied):
        accounts.current_applicant(session=session, token=elsewhere, now=s(20))
    assert login(session, password="baru-sekali-9", now=s(30)).ok


# --------------------------------------------------------------------------- profile and WhatsApp number


def test_update_profile_saves_the_fields(session):
    applicant = active_account(session)
    token = login(session, now=s(0)).token
    form = ProfileForm(full_name="Budi S.", email="BUDI@example.com", phone="0812 0000 2222", address="Jl. Baru 2")
    accounts.update_profile(session=session, applicant=me(session, token, s(10)), form=form, now=s(10))
    session.commit()
    session.refresh(applicant)
    assert (applicant.full_name, applicant.email, applicant.phone, applicant.address) == (
        "Budi S.",
        "budi@example.com",
        "+6281200002222",
        "Jl. Baru 2",
    )


def test_update_profile_reports_each_wrong_field(session):
    applicant = active_account(session)
    token = login(session, now=s(0)).token
    with pytest.raises(FieldErrors) as excinfo:
        accounts.update_profile(
            session=session, applicant=me(session, token, s(10)), form=ProfileForm(email="x@", phone="99"), now=s(10)
        )
    assert set(excinfo.value.errors) == {"full_name", "email", "phone", "address"}
    assert "Nomor Handphone" in excinfo.value.errors["phone"]
    session.refresh(applicant)
    assert applicant.full_name == "Budi Santoso"


def test_update_profile_needs_a_session(session):
    active_account(session)
    with pytest.raises(PermissionDenied):
        accounts.update_profile(
            session=session, applicant=me(session, "forged", s(10)), form=ProfileForm(full_name="X"), now=s(10)
        )


def test_wa_change_sends_the_otp_to_the_new_number_and_changes_only_on_confirm(session):
    applicant = active_account(session)
    token = login(session, now=s(0)).token
    before_old = len(outbox(session, WA_E164))
    assert (
        accounts.request_wa_change(session=session, applicant=me(session, token, s(10)), new_number=WA2, now=s(10))
        == WA2_E164
    )
    session.commit()
    assert len(outbox(session, WA_E164)) == before_old  # nothing to the old number
    assert [m.kind for m in outbox(session, WA2_E164)] == ["otp_wa_change"]
    code = last_otp(session, WA2_E164)
    session.refresh(applicant)
    assert applicant.wa_number == WA_E164
    wrong = accounts.confirm_wa_change(
        session=session, applicant=me(session, token, s(20)), code=other_code(code), now=s(20)
    )
    session.commit()
    assert not wrong.ok
    session.refresh(applicant)
    assert applicant.wa_number == WA_E164
    right = accounts.confirm_wa_change(session=session, applicant=me(session, token, s(30)), code=code, now=s(30))
    session.commit()
    assert right.ok
    session.refresh(applicant)
    assert applicant.wa_number == WA2_E164


def test_wa_change_refuses_same_or_taken_numbers(session):
    active_account(session)
    register(session, identity=NIK2, wa=WA2, now=s(0))
    token = login(session, now=s(0)).token
    for number, words in ((WA, "sama"), (WA2, "akun lain"), ("12345", "")):
        with pytest.raises(FieldErrors) as excinfo:
            accounts.request_wa_change(
                session=session, applicant=me(session, token, s(10)), new_number=number, now=s(10)
            )
        assert set(excinfo.value.errors) == {"wa_number"}
        assert words in excinfo.value.errors["wa_number"]


def test_wa_change_otp_expires(session):
    applicant = active_account(session)
    token = login(session, now=s(0)).token
    accounts.request_wa_change(
        session=session, applicant=me(session, token, s(10)), new_number="0813 1111 2222", now=s(10)
    )
    session.commit()
    code = last_otp(session, WA3_E164)
    outcome = accounts.confirm_wa_change(
        session=session, applicant=me(session, token, s(11, minutes=5)), code=code, now=s(11, minutes=5)
    )
    assert not outcome.ok
    session.refresh(applicant)
    assert applicant.wa_number == WA_E164


# --------------------------------------------------------------------------- messages


def test_registration_queues_the_otp_then_the_link(session, dispatched):
    started = register(session)
    messages = outbox(session)
    assert [m.kind for m in messages] == ["otp_register"]
    code = OTP_RE.findall(messages[0].body)
    assert len(code) == 1
    session.commit()
    assert dispatched == [messages[0].id]
    assert messages[0].status == "queued"
    assert verify(session, started.applicant_id, code[0], now=s(30)).ok
    messages = outbox(session)
    assert [m.kind for m in messages] == ["otp_register", "registration_link"]
    assert messages[0].id < messages[1].id
    link = f"{get_settings().public_url}/verifikasi/"
    assert link in messages[1].body
    token = LINK_RE.search(messages[1].body).group(1)
    assert len(token) >= 32
    assert accounts.open_registration_link(session=session, token=token, now=s(40)).wa_number == WA_E164


def test_verified_otp_hands_the_link_to_delivery_when_it_commits(session, dispatched):
    # Regression guard: the link once left only with the periodic sweep (20-35 s later).
    started = register(session)
    outcome = accounts.verify_registration_otp(
        session=session, applicant_id=started.applicant_id, code=last_otp(session), now=s(30)
    )
    assert outcome.ok
    link = [m for m in outbox(session) if m.kind == "registration_link"]
    assert link[0].id not in dispatched  # not before the commit
    session.commit()
    assert link[0].id in dispatched


def test_link_token_is_not_stored_in_plain(session):
    from spontan_app.domain.models import VerificationToken

    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(30)).ok
    token = last_link_token(session)
    for row in session.exec(select(VerificationToken)).all():
        assert token not in " ".join(str(v) for v in row.model_dump().values())


def test_a_rolled_back_registration_sends_nothing(session, dispatched):
    accounts.register(
        session=session, applicant_type=PERSON, identity=NIK, wa_number=WA, email="warga@example.com", now=T0
    )
    session.rollback()
    session.commit()
    assert dispatched == []
    assert outbox(session) == []


# --------------------------------------------------------------------------- squatting and floods


def test_an_unconfirmed_registration_stops_blocking_the_owner_after_an_hour(session):
    register(session, wa="081299990001")  # someone else's number, never confirmed
    with pytest.raises(FieldErrors):
        register(session, wa=WA, now=s(60))  # meanwhile the owner is told to use that number
    started = register(session, wa=WA, now=s(3601))  # an hour later the stale one is gone
    assert not started.resumed
    [applicant] = session.exec(select(Applicant)).all()
    assert applicant.wa_number == WA_E164


def test_a_confirmed_but_unfinished_registration_expires_with_its_link(session):
    started = register(session)
    assert verify(session, started.applicant_id, last_otp(session), now=s(30)).ok
    assert register(session, wa=WA, now=s(3600)).resumed  # within the link's day: resumed
    fresh = register(session, wa="081299990002", now=s(60 + 25 * 3600))  # a day later: anyone may start anew
    assert not fresh.resumed
    [applicant] = session.exec(select(Applicant)).all()
    assert applicant.wa_number == "+6281299990002" and applicant.status == AccountStatus.PENDING_OTP.value


def test_registrations_from_one_address_are_limited(session):
    for i in range(get_settings().registrations_per_address):
        accounts.register(
            session=session,
            applicant_type=PERSON,
            identity=f"64710141019{i:05d}",
            wa_number=f"08129999{i:04d}",
            email=f"u{i}@contoh.id",
            ip="10.9.9.9",
            now=s(i),
        )
        session.commit()
    with pytest.raises(RateLimited) as caught:
        accounts.register(
            session=session,
            applicant_type=PERSON,
            identity="6471014101999999",
            wa_number="081299998888",
            email="x@contoh.id",
            ip="10.9.9.9",
            now=s(10),
        )
    assert "Terlalu banyak pendaftaran" in caught.value.message
    other = accounts.register(  # another address is not affected
        session=session,
        applicant_type=PERSON,
        identity="6471014101999999",
        wa_number="081299998888",
        email="x@contoh.id",
        ip="10.9.9.10",
        now=s(11),
    )
    assert other.applicant_id


def test_lupa_password_requests_from_one_address_are_limited_alike_for_known_and_unknown_accounts(session):
    """A flood of Lupa Password requests over many accounts from one address stops after
    SPONTAN_OTP_REQUESTS_PER_ADDRESS; the refusal is the same text for an account that
    exists and one that does not, and no code is sent once refused."""
    active_account(session)
    limit = get_settings().otp_requests_per_address
    for i in range(limit):
        username = NIK if i % 2 else f"647101123456{i + 10:04d}"
        accounts.start_password_reset(
            session=session, applicant_type=PERSON, username=username, ip="10.8.8.8", now=s(2 * i)
        )
        session.commit()
    sent = len(outbox(session))
    refusals = []
    for username in (NIK, NIK2):
        with pytest.raises(RateLimited) as caught:
            accounts.start_password_reset(
                session=session, applicant_type=PERSON, username=username, ip="10.8.8.8", now=s(2 * limit + 1)
            )
        session.rollback()
        refusals.append(caught.value.message)
    assert refusals[0] == refusals[1] and "jaringan ini" in refusals[0]
    assert len(outbox(session)) == sent
    # Another address is not held up by this one.
    assert accounts.start_password_reset(
        session=session, applicant_type=PERSON, username=NIK, ip="10.8.8.9", now=s(2 * limit + 200)
    )


def test_otp_resends_from_one_address_are_limited(session):
    """Kirim Ulang OTP across several pending registrations from one address (each within
    its own number's limits) stops after SPONTAN_OTP_REQUESTS_PER_ADDRESS."""
    started = [
        register(session, identity=f"64710112345{700 + i:05d}", wa=f"0812555500{i:02d}", email=f"r{i}@contoh.id")
        for i in range(4)
    ]
    limit = get_settings().otp_requests_per_address
    for i in range(limit):
        accounts.resend_otp(
            session=session, applicant_id=started[i % 4].applicant_id, ip="10.7.7.7", now=s(61 * (i + 1))
        )
        session.commit()
    target = started[limit % 4]
    with pytest.raises(RateLimited) as caught:
        accounts.resend_otp(session=session, applicant_id=target.applicant_id, ip="10.7.7.7", now=s(61 * limit + 20))
    session.rollback()
    assert "jaringan ini" in caught.value.message
    # The same account from another address still gets its code.
    message_id = accounts.resend_otp(
        session=session, applicant_id=target.applicant_id, ip="10.7.7.8", now=s(61 * limit + 21)
    )
    session.commit()
    assert session.get(OutgoingMessage, message_id).to_number == f"+62812555500{limit % 4:02d}"


def test_lupa_password_answers_alike_for_known_and_unknown_accounts_when_asked_twice(session):
    active_account(session)
    assert accounts.start_password_reset(session=session, applicant_type=PERSON, username=NIK, now=s(100))
    session.commit()
    # A second request within the resend gap: no error that would reveal the account.
    assert accounts.start_password_reset(session=session, applicant_type=PERSON, username=NIK, now=s(101))
    assert accounts.start_password_reset(session=session, applicant_type=PERSON, username=NIK2, now=s(101)) is None
