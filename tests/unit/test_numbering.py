"""Registration numbers: per permit code and month, gap-free, never repeated."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlmodel import Session

from spontan_app import db
from spontan_app.services.numbering import allocate_registration_number

SEPT = datetime(2026, 9, 4, 3, 18, tzinfo=UTC)  # 11:18 WITA


def test_numbers_count_per_code_and_month(session):
    take = lambda code, when: allocate_registration_number(session=session, izin_code=code, when=when)  # noqa: E731
    assert take("SIPD-B", SEPT) == "1/SIPD-B/09/2026"
    assert take("SIPD-B", SEPT) == "2/SIPD-B/09/2026"
    assert take("SKP-B", SEPT) == "1/SKP-B/09/2026"
    assert take("SIPD-B", datetime(2026, 10, 1, 1, tzinfo=UTC)) == "1/SIPD-B/10/2026"
    session.commit()


def test_month_follows_wita_not_utc(session):
    # 30-09-2026 17:00 UTC is already 01-10-2026 01:00 in Balikpapan.
    when = datetime(2026, 9, 30, 17, 0, tzinfo=UTC)
    assert allocate_registration_number(session=session, izin_code="KRK-B", when=when) == "1/KRK-B/10/2026"
    session.commit()


def test_a_rolled_back_submission_gives_its_number_back(session):
    allocate_registration_number(session=session, izin_code="IPTP-B", when=SEPT)
    session.commit()
    allocate_registration_number(session=session, izin_code="IPTP-B", when=SEPT)
    session.rollback()
    assert allocate_registration_number(session=session, izin_code="IPTP-B", when=SEPT) == "2/IPTP-B/09/2026"
    session.commit()


def test_fifty_concurrent_submitters_get_fifty_distinct_consecutive_numbers(session):
    def submit(_: int) -> str:
        with Session(db.get_engine()) as s:
            number = allocate_registration_number(session=s, izin_code="SIPB-B", when=SEPT)
            s.commit()
            return number

    with ThreadPoolExecutor(max_workers=16) as pool:
        numbers = list(pool.map(submit, range(50)))
    sequences = sorted(int(n.split("/")[0]) for n in numbers)
    assert sequences == list(range(1, 51))
