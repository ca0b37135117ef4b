"""Issue 11 item 8: Pencarian Faskes ranks by match and accepts common spelling variants."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from spontan_app.domain.models import Faskes
from spontan_app.domain.validation import fold_text
from spontan_app.services import faskes

ADDED = [
    ("Klinik Pratama", "Jl. Uji Peringkat 1"),
    ("Klinik Gigi Pratama Peringkat", "Jl. Uji Peringkat 2"),  # both words, not the phrase
    ("Klinik Gigi Peringkat", "Jl. Klinik Pratama Peringkat 3"),  # the phrase only in the address
    ("Rumah Bersalin Klinik Pratama Peringkat", "Jl. Uji Peringkat 4"),  # the phrase inside the name
    ("Klinik Pratama Peringkat Zeta", "Jl. Uji Peringkat 5"),  # starts with the phrase
    ("Apotek Varian Satu", "Jl. Uji Varian 1"),
    ("Praktik Mandiri Bidan Varianto", "Jl. Uji Varian 2"),
    ("RS Varianti Medika", "Jl. Uji Varian 3"),
    ("Rumah Sakit Variantu", "Jl. Uji Varian 4"),
    ("Puskesmas Variante", "Jl. Uji Varian 5"),
    ("Laboratorium Variantos", "Jl. Uji Varian 6"),
]


@pytest.fixture
def added(session: Session) -> Iterator[Session]:
    """The rows above, visible to this test's session only (rolled back after it)."""
    for nama, alamat in ADDED:
        row = Faskes(nama=nama, alamat=alamat, pemilik="PT Uji", penanggung_jawab="dr. Uji")
        row.search_text = faskes.search_text_of(row)
        session.add(row)
    session.flush()
    faskes.forget_total()
    yield session
    session.rollback()
    faskes.forget_total()


def names(session: Session, query: str) -> list[str]:
    return [f.nama for f in faskes.search(session=session, query=query, page_size=500).rows]


def test_8_klinik_pratama_lists_the_whole_phrase_before_klinik_gigi(added):
    found = names(added, "Klinik Pratama")
    assert found[0] == "Klinik Pratama"  # the name is the query
    first_gigi = next(i for i, n in enumerate(found) if n.startswith("Klinik Gigi"))
    starts = [i for i, n in enumerate(found) if n.startswith("Klinik Pratama")]
    assert starts and max(starts) < first_gigi  # every "Klinik Pratama …" before any "Klinik Gigi …"
    mine = [n for n in found if "Peringkat" in n]
    assert mine == [
        "Klinik Pratama Peringkat Zeta",  # starts with the phrase
        "Rumah Bersalin Klinik Pratama Peringkat",  # holds the whole phrase
        "Klinik Gigi Pratama Peringkat",  # holds every word
        "Klinik Gigi Peringkat",  # matched in the address only
    ]


def test_8_ranks_are_contiguous_and_names_ordered_within_each(added):
    found = names(added, "klinik pratama")
    ranks = [faskes.match_rank(faskes.canonical(fold_text(n)), "klinik pratama") for n in found]
    assert ranks == sorted(ranks) and ranks[0] == 0 and ranks[-1] == 4
    for rank in set(ranks):
        group = [n for n, r in zip(found, ranks, strict=True) if r == rank]
        assert group == sorted(group)


def test_8_the_summary_and_paging_still_tell_the_count(added):
    page = faskes.search(session=added, query="peringkat", page_size=2)
    assert page.summary.startswith("Menampilkan 1 sampai 2 dari 5 data (Menampilkan dari ")
    assert page.pages == 3
    last = faskes.search(session=added, query="peringkat", page=3, page_size=2)
    assert last.summary.startswith("Menampilkan 5 sampai 5 dari 5 data") and len(last.rows) == 1
    beyond = faskes.search(session=added, query="peringkat", page=9, page_size=2)
    assert beyond.page == 3  # past the end: the last page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("apotik varian satu", "Apotek Varian Satu"),
        ("APOTEK varian", "Apotek Varian Satu"),
        ("praktek bidan varianto", "Praktik Mandiri Bidan Varianto"),
        ("rumah sakit varianti", "RS Varianti Medika"),
        ("rs variantu", "Rumah Sakit Variantu"),
        ("RS. Variantu", "Rumah Sakit Variantu"),
        ("pkm variante", "Puskesmas Variante"),
        ("lab variantos", "Laboratorium Variantos"),
    ],
)
def test_8_common_spelling_variants_find_each_other(added, query, expected):
    found = names(added, query)
    assert found and found[0] == expected, found


def test_8_apotik_finds_the_apotek_of_the_register(added):
    apotik, apotek = names(added, "apotik"), names(added, "apotek")
    assert apotik == apotek and len(apotek) > 10
    assert all(n.startswith("Apotek") for n in apotik[:10])  # the kind is in the name: ranked first


def test_8_variant_terms_and_kinds():
    assert faskes.query_terms("Apotik Sehat") == [("apotek", "apotik"), ("sehat",)]
    assert faskes.query_terms("RS Pertamina") == [("rumah sakit", "rs "), ("pertamina",)]
    assert faskes.query_terms("klinik jl no") == [("klinik", "klinic", "clinic")]  # short words left out
    assert faskes.canonical("rs ibu praktek") == "rumah sakit ibu praktik"
    assert faskes.canonical("pertamina hospital") == "pertamina hospital"  # no partial words
    assert faskes.kind_of("RS Pertamina") == "Rumah Sakit"
    assert faskes.kind_of("Apotik Kimia") == "Apotek"
    assert faskes.kind_of("Klinik Pratama Sehat") == "Klinik Pratama"
    assert faskes.kind_of("Sumber Waras") == "Fasilitas Kesehatan"
