"""Load demo data. Idempotent: every row is found by its natural key before it is added.

python -m spontan_app.seed            # regions, catalogue, faskes, holidays, demo staff
                                      # (+ applications in every status with SPONTAN_DEMO=1)
python -m spontan_app.seed --reset    # SPONTAN_DEMO=1 only: empty the database, seed again
"""

from __future__ import annotations

import logging
import random

from sqlmodel import Session, select

from spontan_app import seed_data as data
from spontan_app.db import session_scope
from spontan_app.domain import wilayah
from spontan_app.domain.enums import RegionLevel
from spontan_app.domain.models import (
    Bidang,
    Faskes,
    FormField,
    Holiday,
    JenisIzin,
    JenisLayanan,
    ProcessStep,
    Region,
    Requirement,
    StaffUser,
)
from spontan_app.domain.passwords import hash_password
from spontan_app.domain.validation import BALIKPAPAN_BOUNDS
from spontan_app.services.faskes import search_text_of
from spontan_app.settings import get_settings

log = logging.getLogger(__name__)
DEMO_FASKES_COUNT = 360


def _region(session: Session, code: str, name: str, level: RegionLevel, parent: Region | None) -> Region:
    region = session.exec(select(Region).where(Region.code == code)).first()
    if region is None:
        region = Region(code=code, name=name, level=level.value, parent_id=parent.id if parent else None)
        session.add(region)
        session.flush()
    return region


def seed_regions(session: Session) -> None:
    kota = _region(session, data.BALIKPAPAN_CODE, "Kota Balikpapan", RegionLevel.KABKOTA, None)
    for kec_code, (kec_name, kelurahan) in data.KECAMATAN.items():
        kec = _region(session, kec_code, kec_name, RegionLevel.KECAMATAN, kota)
        for index, kel_name in enumerate(kelurahan, start=1):
            _region(session, f"{kec_code}.{1000 + index}", kel_name, RegionLevel.KELURAHAN, kec)
    seed_kabkota(session)


def seed_kabkota(session: Session) -> None:
    """Every kabupaten/kota of Indonesia (spontan_app/domain/wilayah.json). Rows an older seed
    wrote under a wrong code keep their id and name (applicants point at them) and get the
    right code."""
    wanted = wilayah.all_kabkota()
    code_of = {name: code for code, name in wanted}
    rows = session.exec(select(Region).where(Region.level == RegionLevel.KABKOTA.value)).all()
    moving = [r for r in rows if r.name in code_of and code_of[r.name] != r.code]
    for row in moving:  # two steps: the right code may still be held by another moving row
        row.code = f"tmp-{row.id}"
        session.add(row)
    session.flush()
    for row in moving:
        row.code = code_of[row.name]
        session.add(row)
    session.flush()
    for code, name in wanted:
        _region(session, code, name, RegionLevel.KABKOTA, None)


# Terms of an izin the seed keeps up to date (key -> value when the spec has none).
_IZIN_TERMS: dict[str, object] = {"validity_months": None, "cost": 0, "legal_basis": ""}


def seed_catalogue(session: Session) -> None:
    layanan: dict[str, JenisLayanan] = {}
    for code, name, sort in data.LAYANAN:
        row = session.exec(select(JenisLayanan).where(JenisLayanan.code == code)).first()
        if row is None:
            row = JenisLayanan(code=code, name=name, sort=sort)
            session.add(row)
            session.flush()
        layanan[code] = row

    for b_sort, spec in enumerate(data.CATALOGUE, start=1):
        bidang = session.exec(select(Bidang).where(Bidang.code == spec["code"])).first()
        if bidang is None:
            bidang = Bidang(code=spec["code"], name=spec["name"], description=spec["description"], sort=b_sort)
            session.add(bidang)
            session.flush()
        for i_sort, (lay_code, days, izin_spec) in enumerate(spec["izin"], start=1):
            code = f"{izin_spec['code']}-{lay_code}"
            terms = {key: izin_spec.get(key, default) for key, default in _IZIN_TERMS.items()}
            existing = session.exec(select(JenisIzin).where(JenisIzin.code == code)).first()
            if existing is not None:
                # Catalogues seeded before these terms existed get them; equal values stay untouched.
                if any(getattr(existing, key) != value for key, value in terms.items()):
                    for key, value in terms.items():
                        setattr(existing, key, value)
                    session.add(existing)
                continue
            name = izin_spec["name"]
            if lay_code != "B" and not name.startswith(layanan[lay_code].name):
                name = f"{layanan[lay_code].name} {name}"
            izin = JenisIzin(
                bidang_id=bidang.id,
                layanan_id=layanan[lay_code].id,
                code=code,
                name=name,
                description=izin_spec["description"],
                processing_days=days,
                needs_faskes=izin_spec["needs_faskes"],
                needs_location=izin_spec["needs_location"],
                sort=i_sort,
                **terms,
            )
            session.add(izin)
            session.flush()
            for r_sort, (req_name, note) in enumerate(izin_spec["requirements"], start=1):
                session.add(Requirement(izin_id=izin.id, name=req_name, note=note, sort=r_sort))
            for f_sort, field in enumerate([*data.COMMON_FIELDS, *izin_spec["fields"]], start=1):
                session.add(FormField(izin_id=izin.id, sort=f_sort, **field))
            for position, (desk, stage) in enumerate(data.DEFAULT_PROCESS, start=1):
                session.add(ProcessStep(izin_id=izin.id, position=position, desk=desk, stage=stage))


_FASKES_KINDS = [
    ("Klinik Pratama", 0.30),
    ("Apotek", 0.22),
    ("Praktik Mandiri Bidan", 0.12),
    ("Klinik Utama", 0.08),
    ("Laboratorium Klinik", 0.06),
    ("Klinik Gigi", 0.08),
    ("Rumah Sakit", 0.05),
    ("Klinik Kecantikan", 0.05),
    ("Optik", 0.04),
]
_FASKES_NAMES = [
    "Sehat Sentosa",
    "Harapan Bunda",
    "Mitra Medika",
    "Bunda Kasih",
    "Cahaya Husada",
    "Permata Hati",
    "Medika Utama",
    "Borneo Sehat",
    "Karya Husada",
    "Anugerah Médika",
    "Kasih Ibu",
    "Tunas Harapan",
    "Sinar Husada",
    "Amanah",
    "Insan Sehat",
    "Beruang Madu",
    "Teluk Balikpapan",
    "Mandiri Sejahtera",
    "Pelita Kasih",
    "Nusantara",
    "Kartika",
    "Griya Sehat",
    "Prima Husada",
    "Bakti Husada",
    "Al-Ikhlas",
    "Santa Théresia",
    "Citra Medika",
    "Gunung Sari",
    "Pesisir Sehat",
    "Manggar Medika",
    "Samudra",
]
_STREETS = [
    "Jl. Jenderal Sudirman",
    "Jl. MT Haryono",
    "Jl. Soekarno Hatta",
    "Jl. Marsma R. Iswahyudi",
    "Jl. Jenderal Ahmad Yani",
    "Jl. Mulawarman",
    "Jl. Kol. Syarifuddin Yoes",
    "Jl. Letjen Suprapto",
    "Jl. Pupuk Raya",
    "Jl. Ruhui Rahayu",
    "Jl. Sepinggan Baru",
    "Jl. Gunung Malang",
    "Jl. Imam Bonjol",
    "Jl. Pangeran Antasari",
    "Jl. Manunggal",
    "Jl. Indrakila",
    "Jl. Prapatan",
    "Jl. Dahor",
    "Jl. Telaga Sari",
    "Jl. DI Panjaitan",
    "Jl. Strat III",
]
_FIRST = [
    "Andi",
    "Rina",
    "Yusuf",
    "Dewi",
    "Hendra",
    "Lestari",
    "Fajar",
    "Wulan",
    "Bayu",
    "Ratna",
    "Arief",
    "Maya",
    "Galih",
    "Nur",
    "Eko",
    "Putri",
    "Rahmat",
    "Sinta",
]
_LAST = [
    "Pratama",
    "Wijaya",
    "Saputra",
    "Hidayat",
    "Kusuma",
    "Nugroho",
    "Santoso",
    "Rahayu",
    "Permana",
    "Setiawan",
    "Lubis",
    "Siregar",
    "Tanjung",
    "Hasibuan",
]


def _person(rng: random.Random, title: str = "") -> str:
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    return f"{title} {name}".strip()


def generate_faskes(count: int, seed: int = 1945) -> list[Faskes]:
    """Made-up facilities with realistic shape; deterministic for a given seed."""
    rng = random.Random(seed)
    kinds = [k for k, _ in _FASKES_KINDS]
    weights = [w for _, w in _FASKES_KINDS]
    kelurahan = [kel for _, (_, kels) in data.KECAMATAN.items() for kel in kels]
    b = BALIKPAPAN_BOUNDS
    rows = []
    for index in range(count):
        kind = rng.choices(kinds, weights)[0]
        nama = f"{kind} {rng.choice(_FASKES_NAMES)}"
        if rng.random() < 0.5:
            nama += f" {rng.choice(kelurahan)}"
        alamat = (
            f"{rng.choice(_STREETS)} No.{rng.randint(1, 300)} RT.{rng.randint(1, 80):02d} "
            f"Kel. {rng.choice(kelurahan)} Balikpapan"
        )
        pemilik = rng.choice(
            [
                f"PT {rng.choice(_FASKES_NAMES)} Medika",
                f"Yayasan {rng.choice(_FASKES_NAMES)}",
                _person(rng, "dr."),
                _person(rng),
            ]
        )
        pj_title = "apt." if kind == "Apotek" else ("Bd." if "Bidan" in kind else "dr.")
        faskes = Faskes(
            kode_daerah=str(1260000 + index * 7 + rng.randint(0, 6)) if rng.random() < 0.7 else None,
            kode_pusat=f"6471{rng.randint(100000, 999999)}" if rng.random() < 0.5 else None,
            nama=nama,
            alamat=alamat,
            pemilik=pemilik,
            penanggung_jawab=_person(rng, pj_title),
            latitude=round(rng.uniform(-1.28, -1.15), 6),
            longitude=round(rng.uniform(116.80, 116.98), 6),
        )
        assert b["lat_min"] <= faskes.latitude <= b["lat_max"]
        faskes.search_text = search_text_of(faskes)
        rows.append(faskes)
    return rows


def seed_faskes(session: Session, count: int = DEMO_FASKES_COUNT) -> None:
    if session.exec(select(Faskes.id).limit(1)).first() is not None:
        return
    session.add_all(generate_faskes(count))


def seed_holidays(session: Session) -> None:
    known = {h.day for h in session.exec(select(Holiday))}
    for day, name in data.HOLIDAYS:
        if day not in known:
            session.add(Holiday(day=day, name=name))


def seed_staff(session: Session) -> None:
    # Demo desk accounts share a published password: never in a real production (a public
    # demo, SPONTAN_DEMO=1, publishes them on purpose).
    settings = get_settings()
    if settings.is_production and not settings.demo:
        log.warning("Production: demo staff accounts are not created.")
        return
    password_hash: str | None = None
    for username, full_name, role in data.DEMO_STAFF:
        if session.exec(select(StaffUser).where(StaffUser.username == username)).first():
            continue
        password_hash = password_hash or hash_password(data.DEMO_STAFF_PASSWORD)
        session.add(StaffUser(username=username, full_name=full_name, role=role, password_hash=password_hash))


def seed_all() -> None:
    with session_scope() as session:
        seed_regions(session)
        seed_catalogue(session)
        seed_faskes(session)
        seed_holidays(session)
        seed_staff(session)
        if get_settings().demo:
            session.flush()
            from spontan_app.seed_demo import seed_demo_applications

            seed_demo_applications(session)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m spontan_app.seed", description=__doc__)
    parser.add_argument("--reset", action="store_true", help="demo only: empty the database and seed it again")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.reset:
        if not get_settings().demo:
            parser.error("--reset empties the database: only with SPONTAN_DEMO=1")
        from spontan_app.db import get_engine
        from spontan_app.seed_demo import reset_to_seed

        reset_to_seed(get_engine())
        log.info("Demo database reset to the seed.")
        return
    seed_all()
    log.info("Demo data loaded.")


if __name__ == "__main__":
    main()
