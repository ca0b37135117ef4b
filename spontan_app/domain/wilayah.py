"""Every province and kabupaten/kota of Indonesia with its Kemendagri code, shipped with
the app in ``spontan_app/domain/wilayah.json`` (38 provinces, 514 kabupaten/kota; nothing is
downloaded at run time). Source and licence are named in the file itself."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().with_suffix(".json")


@dataclass(frozen=True)
class Province:
    code: str  # "64"
    name: str  # "Kalimantan Timur"
    kabkota: tuple[tuple[str, str], ...]  # (code "64.71", name "Kota Balikpapan")


@cache
def provinces() -> tuple[Province, ...]:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(
        Province(p["code"], p["name"], tuple((k["code"], k["name"]) for k in p["kabkota"])) for p in raw["provinces"]
    )


@cache
def province_names() -> dict[str, str]:
    return {p.code: p.name for p in provinces()}


def province_of(kabkota_code: str) -> str:
    """The province name of a kabupaten/kota code ("64.71" -> "Kalimantan Timur"), or ""."""
    return province_names().get((kabkota_code or "")[:2], "")


def all_kabkota() -> list[tuple[str, str]]:
    return [item for p in provinces() for item in p.kabkota]
