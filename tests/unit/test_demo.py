"""Demo deployments (SPONTAN_DEMO=1): the settings it relaxes and the ones it keeps, Kotak Pesan
Demo showing a browser only its own numbers' messages, the seed in every status and the
nightly reset back to it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from spontan_app import db
from spontan_app.domain.enums import ApplicationStatus
from spontan_app.domain.models import Applicant, Application, OutgoingMessage, Permit, StaffUser
from spontan_app.services import demo_inbox, messaging, staff_sessions
from spontan_app.settings import DEV_SECRET_KEY, Settings, UnsafeSettingsError, reset_settings_cache
from tests.support import ensure_postgres_database, migrate_fresh

DEMO_PRODUCTION = {
    "SPONTAN_ENV": "production",
    "SPONTAN_DEMO": "1",
    "SPONTAN_WA_PROVIDER": "console",
    "SPONTAN_SECRET_KEY": "d" * 48,
}


@pytest.fixture
def setting(monkeypatch):
    def apply(**values: str) -> None:
        monkeypatch.delenv("SPONTAN_CAPTCHA_FIXED", raising=False)  # refused in production
        for key, value in values.items():
            monkeypatch.setenv(key, value)
        reset_settings_cache()

    yield apply
    monkeypatch.undo()
    reset_settings_cache()


# --------------------------------------------------------------------------- settings


def _settings(monkeypatch, values: dict[str, str]) -> Settings:
    for key in ("SPONTAN_CAPTCHA_FIXED", "SPONTAN_WA_TOKEN", "SPONTAN_WA_PHONE_NUMBER_ID", "SPONTAN_METRICS_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return Settings()


def test_a_production_demo_may_use_console_whatsapp(monkeypatch):
    settings = _settings(monkeypatch, DEMO_PRODUCTION)
    assert settings.demo and settings.is_production
    settings.check_safe()
    assert settings.production_problems() == []


def test_without_the_demo_setting_console_whatsapp_is_still_refused_in_production(monkeypatch):
    settings = _settings(monkeypatch, {**DEMO_PRODUCTION, "SPONTAN_DEMO": "0"})
    with pytest.raises(UnsafeSettingsError, match="SPONTAN_WA_PROVIDER"):
        settings.check_safe()


@pytest.mark.parametrize(
    ("override", "variable"),
    [
        ({"SPONTAN_CAPTCHA_FIXED": "ABC"}, "SPONTAN_CAPTCHA_FIXED"),
        ({"SPONTAN_SECRET_KEY": DEV_SECRET_KEY}, "SPONTAN_SECRET_KEY"),
        ({"SPONTAN_SECRET_KEY": "short"}, "SPONTAN_SECRET_KEY"),
        ({"SPONTAN_WA_PROVIDER": "cloud"}, "SPONTAN_WA_TOKEN"),
    ],
)
def test_a_demo_keeps_every_other_production_check(monkeypatch, override, variable):
    settings = _settings(monkeypatch, {**DEMO_PRODUCTION, **override})
    with pytest.raises(UnsafeSettingsError) as excinfo:
        settings.check_safe()
    assert variable in str(excinfo.value)
    assert "SPONTAN_WA_PROVIDER=console" not in str(excinfo.value)


def test_published_demo_accounts_need_no_authenticator_only_in_a_demo(setting):
    admin = StaffUser(username="admin", full_name="Admin", role="admin", password_hash="x")
    setting(**DEMO_PRODUCTION)
    assert not staff_sessions.totp_required(admin)
    setting(SPONTAN_DEMO="0", SPONTAN_WA_PROVIDER="cloud", SPONTAN_WA_TOKEN="t", SPONTAN_WA_PHONE_NUMBER_ID="1")
    assert staff_sessions.totp_required(admin)


# --------------------------------------------------------------------------- Kotak Pesan Demo

MINE = "+6281299100001"
OTHER = "+6281299100002"


def _message(session: Session, to: str, body: str, at: datetime) -> None:
    session.add(OutgoingMessage(to_number=to, kind="otp_register", body=body, provider="console", created_at=at))
    session.commit()


def test_inbox_shows_only_the_numbers_this_browser_registered(session):
    now = datetime.now(UTC)
    cookie = demo_inbox.remember("", MINE, now)
    _message(session, MINE, "Kode OTP SPONTAN Anda: 111111", now + timedelta(seconds=2))
    _message(session, OTHER, "Kode OTP SPONTAN Anda: 222222", now + timedelta(seconds=3))

    shown = demo_inbox.inbox(session=session, cookie=cookie)
    assert [m.body for m in shown] == ["Kode OTP SPONTAN Anda: 111111"]
    assert shown[0].to == "081299100001"
    assert demo_inbox.numbers(cookie) == ["081299100001"]
    assert demo_inbox.inbox(session=session, cookie="") == []  # a new browser sees nothing


def test_an_edited_cookie_grants_nothing(session):
    now = datetime.now(UTC)
    cookie = demo_inbox.remember("", MINE, now)
    _message(session, OTHER, "Kode OTP SPONTAN Anda: 222222", now + timedelta(seconds=2))
    forged = cookie.replace(MINE.lstrip("+"), OTHER.lstrip("+"))  # someone else's number, old signature
    assert demo_inbox.inbox(session=session, cookie=forged) == []
    assert demo_inbox.inbox(session=session, cookie=f"{OTHER.lstrip('+')}.{int(now.timestamp())}.abc") == []
    assert demo_inbox.inbox(session=session, cookie="garbage_1.2.3_..") == []


def test_messages_the_number_got_before_this_browser_registered_it_stay_hidden(session):
    now = datetime.now(UTC)
    _message(session, MINE, "Tautan untuk pemilik sebelumnya", now - timedelta(hours=2))
    cookie = demo_inbox.remember("", MINE, now)
    _message(session, MINE, "Kode OTP SPONTAN Anda: 333333", now + timedelta(seconds=1))
    assert [m.body for m in demo_inbox.inbox(session=session, cookie=cookie)] == ["Kode OTP SPONTAN Anda: 333333"]


def test_grants_expire_and_a_browser_keeps_a_few_numbers(session):
    long_ago = datetime.now(UTC) - demo_inbox.GRANT_TTL - timedelta(minutes=1)
    assert demo_inbox.grants_in(demo_inbox.remember("", MINE, long_ago)) == []

    cookie = ""
    for n in range(demo_inbox.MAX_NUMBERS + 2):
        cookie = demo_inbox.remember(cookie, f"+62812991000{n:02d}")
    again = demo_inbox.remember(cookie, f"+62812991000{demo_inbox.MAX_NUMBERS + 1:02d}")
    assert again == cookie  # registering the same number again changes nothing
    numbers = demo_inbox.numbers(cookie)
    assert len(numbers) == demo_inbox.MAX_NUMBERS
    assert numbers[0] == f"0812991000{demo_inbox.MAX_NUMBERS + 1:02d}"  # newest first


def test_a_link_in_a_message_is_offered_as_a_link(session):
    now = datetime.now(UTC)
    cookie = demo_inbox.remember("", MINE, now)
    messaging.queue_message(
        session=session,
        to_e164=MINE,
        kind="registration_link",
        body="Lengkapi data melalui tautan berikut:\nhttp://demo.example/verifikasi/abc_DEF-1",
    )
    session.commit()
    (shown,) = demo_inbox.inbox(session=session, cookie=cookie)
    assert shown.link == "http://demo.example/verifikasi/abc_DEF-1"


# --------------------------------------------------------------------------- seed and nightly reset


@pytest.fixture
def demo_database(migrated, tmp_path: Path, monkeypatch) -> Iterator[str]:
    """A database of its own (the reset empties every table), seeded as a demo."""
    url = sa.engine.make_url(migrated)
    if url.get_backend_name() == "sqlite":
        demo_url = f"sqlite:///{tmp_path / 'demo.db'}"
    else:
        demo_url = url.set(database=f"{url.database}_demo").render_as_string(hide_password=False)
        ensure_postgres_database(demo_url)
    migrate_fresh(demo_url)
    monkeypatch.setenv("SPONTAN_DATABASE_URL", demo_url)
    monkeypatch.setenv("SPONTAN_UPLOAD_DIR", str(tmp_path / "uploads"))
    monkeypatch.setenv("SPONTAN_DEMO", "1")
    reset_settings_cache()
    db.reset_engine()
    from spontan_app.seed import seed_all

    seed_all()
    yield demo_url
    db.reset_engine()
    monkeypatch.undo()
    reset_settings_cache()
    from spontan_app.services import faskes

    faskes.forget_total()


def _statuses(session: Session) -> set[str]:
    return set(session.exec(select(Application.status)))


def test_the_demo_seed_has_an_application_in_every_status(demo_database):
    with Session(db.get_engine()) as session:
        assert _statuses(session) == {s.value for s in ApplicationStatus}
        issued = session.exec(select(Application).where(Application.status == "ISSUED")).one()
        assert session.exec(select(Permit).where(Permit.application_id == issued.id)).one()
        assert {s.username for s in session.exec(select(StaffUser))} >= {"frontoffice", "admin", "kadis"}
    from spontan_app.seed import seed_all

    seed_all()  # a second seed (make demo again) adds nothing
    with Session(db.get_engine()) as session:
        assert session.exec(select(sa.func.count()).select_from(Application)).one() == len(_demo_files())


def _demo_files():
    from spontan_app.seed_demo import DEMO_FILES

    return DEMO_FILES


def _at_wita(day: int, hour: int, minute: int = 0) -> datetime:
    from spontan_app.domain.timefmt import WITA

    return datetime(2026, 12, day, hour, minute, tzinfo=WITA)


def test_the_reset_is_due_once_a_night_after_the_reset_hour():
    from spontan_app.seed_demo import reset_due

    seeded = _at_wita(1, 14).astimezone(UTC).replace(tzinfo=None)  # stored as naive UTC
    assert not reset_due(seeded, _at_wita(1, 23), hour=3)
    assert not reset_due(seeded, _at_wita(2, 2, 59), hour=3)
    assert reset_due(seeded, _at_wita(2, 3, 1), hour=3)
    assert reset_due(seeded, _at_wita(5, 12), hour=3)  # a worker that was down catches up
    reseeded = _at_wita(2, 3, 5)
    assert not reset_due(reseeded, _at_wita(2, 23), hour=3)
    assert not reset_due(None, _at_wita(2, 4), hour=3)  # never seeded as a demo: never wiped


def test_the_nightly_job_puts_the_demo_back_to_its_seed(demo_database, monkeypatch):
    from spontan_app import jobs
    from spontan_app.domain import models

    engine = db.get_engine()
    with Session(engine) as session:
        visitor = Applicant(applicant_type="perorangan", username="6471990101900001", email="v@contoh.id",
                            wa_number="+6281299100009", status="pending_otp")  # fmt: skip
        session.add(visitor)
        first = session.exec(select(Application).where(Application.status == "SUBMITTED")).one()
        first.status = "DIBATALKAN"  # a visitor played with the back office
        session.add(first)
        session.commit()

    assert jobs.run("demo-reset") == 0  # seeded a moment ago: not due before the reset hour
    tomorrow = datetime.now(UTC) + timedelta(days=1, hours=1)
    monkeypatch.setattr(models, "utcnow", lambda: tomorrow)
    assert jobs.run("demo-reset") == 1

    with Session(engine) as session:
        assert session.exec(select(Applicant).where(Applicant.username == "6471990101900001")).first() is None
        assert _statuses(session) == {s.value for s in ApplicationStatus}
        assert session.exec(select(StaffUser).where(StaffUser.username == "verifikator")).one()
    monkeypatch.setattr(models, "utcnow", lambda: datetime.now(UTC))
    assert jobs.run("demo-reset") == 0  # the new seed counts from its own time: once a night
    assert os.listdir(os.environ["SPONTAN_UPLOAD_DIR"])  # the seed's documents are stored again


def test_the_reset_job_does_nothing_without_the_demo_setting(demo_database, monkeypatch):
    from spontan_app import jobs
    from spontan_app.domain import models

    monkeypatch.setenv("SPONTAN_DEMO", "0")
    reset_settings_cache()
    tomorrow = datetime.now(UTC) + timedelta(days=1, hours=1)
    monkeypatch.setattr(models, "utcnow", lambda: tomorrow)
    with Session(db.get_engine()) as session:
        session.add(Applicant(applicant_type="perorangan", username="6471990101900002", email="w@contoh.id",
                              wa_number="+6281299100010", status="pending_otp"))  # fmt: skip
        session.commit()
    assert jobs.run("demo-reset") == 0
    with Session(db.get_engine()) as session:
        assert session.exec(select(Applicant).where(Applicant.username == "6471990101900002")).one()
