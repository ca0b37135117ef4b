"""The desk inbox's search by name or number (services/desk.py, ``_matching_files``): the
applicants come from the name index (pg_trgm on PostgreSQL, the FTS5 trigram table kept
by triggers on SQLite, migration 3c9d1e7a5b20), numbers from a range of their index;
the result is the desk's walk's, oldest first, with its exact total."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from spontan_app.domain.models import Applicant
from spontan_app.services import desk
from tests.factories import izin, make_applicant, staff, submitted
from tests.unit.test_desk import decide

MONDAY = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def search(session, role: str = "front_office", **filters) -> tuple[list[str], int]:
    page = filters.pop("page", 1)
    per_page = filters.pop("per_page", 20)
    rows, total, _ = desk.inbox(
        session=session, staff=staff(session, role), filters=desk.InboxFilter(**filters), page=page, per_page=per_page
    )
    return [r.number for r in rows], total


def test_a_name_is_found_by_any_part_of_it_in_any_case(session):
    _, siti = submitted(session, 1, when=MONDAY, name="Siti Nurhaliza Pratama")
    _, budi = submitted(session, 2, when=MONDAY + timedelta(minutes=1), name="Budi Santoso")
    assert search(session, query="nurHAL") == ([siti.registration_number], 1)  # in the middle
    assert search(session, query="zA prA") == ([siti.registration_number], 1)  # across words
    assert search(session, query="ant") == ([budi.registration_number], 1)  # three characters
    assert search(session, query="tama") == ([siti.registration_number], 1)  # at the end
    assert search(session, query="Santosa") == ([], 0)


def test_a_company_name_is_found(session):
    company, file = submitted(session, 1, when=MONDAY, name="Andi")
    company.company_name = "PT Sinar Harapan Abadi"
    session.add(company)
    session.commit()
    submitted(session, 2, when=MONDAY + timedelta(minutes=1), name="Harap Tenang")
    assert search(session, query="harapan ab") == ([file.registration_number], 1)


def test_a_number_prefix_finds_the_file_and_only_from_the_start(session, is_postgres):
    _, first = submitted(session, 1, when=MONDAY)
    for n in range(2, 13):
        submitted(session, n, when=MONDAY + timedelta(minutes=n))
    number = first.registration_number
    assert search(session, query=number) == ([number], 1)
    assert search(session, query="1/IPRI") == ([number], 1)  # not 11/ nor 12/
    numbers, total = search(session, query="1")  # short: the desk's walk
    assert total == 4 and numbers[0] == number  # 1, 10, 11, 12
    assert search(session, query=number[2:]) == ([], 0)  # the middle of a number is not a prefix
    # As the desk's LIKE always did: SQLite ignores the case of a number, PostgreSQL does not.
    assert search(session, query="1/ipri") == (([], 0) if is_postgres else ([number], 1))


def test_two_characters_still_match_names_and_numbers(session):
    _, ana = submitted(session, 1, when=MONDAY, name="Ana Lestari")
    _, rudi = submitted(session, 2, when=MONDAY + timedelta(minutes=1), name="Rudi Hartono")
    assert search(session, query="ES") == ([ana.registration_number], 1)
    assert search(session, query="ud") == ([rudi.registration_number], 1)
    assert search(session, query="2/") == ([rudi.registration_number], 1)


def test_a_renamed_applicant_is_found_under_the_new_name_only(session):
    person, file = submitted(session, 1, when=MONDAY, name="Siti Aminah")
    person.full_name = "Siti Rahmawati"
    session.add(person)
    session.commit()
    assert search(session, query="rahmawati") == ([file.registration_number], 1)
    assert search(session, query="aminah") == ([], 0)


def test_a_deleted_applicant_leaves_the_index(session, is_postgres):
    gone = make_applicant(session, 7, name="Hilang Sekali")
    session.commit()
    session.execute(sa.delete(Applicant).where(Applicant.id == gone.id))
    session.commit()
    _, kept = submitted(session, 8, when=MONDAY, name="Hilang Tidak")
    assert search(session, query="hilang") == ([kept.registration_number], 1)
    if not is_postgres:  # the FTS5 table holds exactly the applicants
        # Raises (SQLITE_CORRUPT_VTAB) when the index and the applicant table differ.
        session.execute(
            sa.text("INSERT INTO applicant_names_fts(applicant_names_fts, rank) VALUES ('integrity-check', 1)")
        )


def test_only_files_open_at_this_desk_oldest_first_with_other_filters(session):
    _, late = submitted(session, 1, when=MONDAY + timedelta(hours=2), name="Dewi Pratiwi")
    _, early = submitted(session, 2, when=MONDAY, name="Dewi Kartika")
    _, moved = submitted(session, 3, when=MONDAY - timedelta(days=1), name="Dewi Lestari")
    _, skp = submitted(session, 4, code="SKP-B", when=MONDAY + timedelta(hours=1), name="Dewi Sartika")
    decide(session, "front_office", moved.id)  # now at the verifikator's desk
    assert search(session, query="dewi") == (
        [early.registration_number, skp.registration_number, late.registration_number],
        3,
    )
    assert search(session, "verifikator", query="dewi") == ([moved.registration_number], 1)
    assert search(session, query="dewi", izin_id=izin(session, "SKP-B").id) == ([skp.registration_number], 1)
    assert search(session, query="dewi", status="IN_PROCESS") == ([], 0)
    assert search(session, query="dewi", page=2, per_page=2) == ([late.registration_number], 3)
    assert search(session, query="dewi", page=3, per_page=2) == ([], 3)  # past the end: the total alone


def test_quotes_and_like_wildcards_are_plain_text(session):
    _, file = submitted(session, 1, when=MONDAY, name='Toko "Maju" 100%_Jaya')
    submitted(session, 2, when=MONDAY + timedelta(minutes=1), name="Toko Maju 1000 Jaya")
    assert search(session, query='"maju"') == ([file.registration_number], 1)
    assert search(session, query="100%_") == ([file.registration_number], 1)
    assert search(session, query="0%_J") == ([file.registration_number], 1)
    assert search(session, query='"" OR *') == ([], 0)
