"""Issue 11 item 7: Luar Wilayah offers every province and kabupaten/kota of Indonesia."""

from __future__ import annotations

from sqlmodel import select

from spontan_app.domain import wilayah
from spontan_app.domain.enums import RegionLevel
from spontan_app.domain.models import Region
from spontan_app.seed import seed_kabkota
from spontan_app.services import accounts
from spontan_app.state.verifikasi import filter_kabkota, kabkota_groups


def test_7_data_file_has_38_provinces_and_514_kabkota_with_kemendagri_codes():
    provinces = wilayah.provinces()
    assert len(provinces) == 38
    codes = [code for code, _ in wilayah.all_kabkota()]
    assert len(codes) == 514 == len(set(codes))
    assert all(code.startswith(p.code + ".") for p in provinces for code, _ in p.kabkota)
    names = dict(wilayah.all_kabkota())
    assert names["64.71"] == "Kota Balikpapan"
    assert names["64.02"] == "Kabupaten Kutai Kartanegara"
    assert names["31.71"].startswith("Kota Adm. Jakarta")
    assert wilayah.province_of("96.71") == "Papua Barat Daya"  # the 2022 Papua provinces
    assert {p.name for p in provinces} >= {"Aceh", "Papua Selatan", "Papua Tengah", "Papua Pegunungan"}


def test_7_luar_wilayah_lists_every_other_kabkota_grouped_by_province(session):
    outside = accounts.outside_kabkota(session=session)
    assert len(outside) == 513  # every one but Kota Balikpapan
    groups = dict(kabkota_groups(outside))
    assert len(groups) == 38
    assert "Kota Balikpapan" not in [name for _, name in groups["Kalimantan Timur"]]
    assert "Kabupaten Merauke" in [name for _, name in groups["Papua Selatan"]]

    # Searchable: every name starts with "Kabupaten"/"Kota", so the words typed are found
    # anywhere in the name (or the province), in any case.
    listed = kabkota_groups(outside)

    def found(query: str, keep: str = "") -> list[str]:
        return [name for _, options in filter_kabkota(listed, query, keep) for _, name in options]

    assert found("Samarinda") == ["Kota Samarinda"]
    assert found("bandung") == ["Kabupaten Bandung", "Kabupaten Bandung Barat", "Kota Bandung"]
    assert found("kab. bandung") == ["Kabupaten Bandung", "Kabupaten Bandung Barat"]
    assert found("  MERAUKE ") == ["Kabupaten Merauke"]
    assert found("gorontalo") == [name for _, name in groups["Gorontalo"]]  # a whole province
    assert found("") == [name for _, options in listed for _, name in options]
    assert found("tidak ada") == []
    merauke = next(value for value, name in groups["Papua Selatan"] if name == "Kabupaten Merauke")
    assert found("tidak ada", keep=merauke) == ["Kabupaten Merauke"]


def test_7_seed_moves_rows_of_an_older_seed_to_their_right_code_and_keeps_them(session):
    # An older seed stored Kutai Barat under 64.02 (Kutai Kartanegara's code).
    wrong = session.exec(select(Region).where(Region.code == "64.02")).one()
    right = session.exec(select(Region).where(Region.code == "64.07")).one()
    wrong_id = wrong.id
    session.delete(right)
    session.flush()
    wrong.name = "Kabupaten Kutai Barat"
    session.add(wrong)
    session.flush()
    seed_kabkota(session)
    session.flush()
    moved = session.get(Region, wrong_id)
    assert (moved.code, moved.name) == ("64.07", "Kabupaten Kutai Barat")
    kukar = session.exec(select(Region).where(Region.code == "64.02")).one()
    assert kukar.name == "Kabupaten Kutai Kartanegara"
    count = len(session.exec(select(Region).where(Region.level == RegionLevel.KABKOTA.value)).all())
    assert count == 514
