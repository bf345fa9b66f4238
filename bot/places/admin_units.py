"""The province's communes today and the units they replaced, read from vietnamadminunits.

The library (pinned in pyproject.toml) ships Vietnam's 34-province structure (after
1 July 2025), the 63-province structure before it, and the old -> new mapping, built from the
General Statistics Office's catalogue (danhmuchanhchinh.gso.gov.vn) and sapnhap.bando.com.vn.
We read its published data files, not its address parser: the parser picks one unit
silently where a name fits several (we must ask), and its converter geocodes online when
given a street (nothing may go to the network at run time). Importing the package would also
load shapely and geopy for nothing, so its data directory is located without importing it.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from bot.text import fold

LIBRARY = "vietnamadminunits"

PROVINCE_VARIABLE = "TTHC_PROVINCE"
DEFAULT_PROVINCE = "Khánh Hòa"


def configured_province() -> str:
    """The province this deployment serves (``TTHC_PROVINCE``: a name, e.g. "Thanh Hóa", or "thanh-hoa")."""
    return os.environ.get(PROVINCE_VARIABLE) or DEFAULT_PROVINCE


class UnknownProvince(ValueError):
    """TTHC_PROVINCE names none of the 34 provinces."""


@dataclass(frozen=True)
class Commune:
    """A commune-level unit today (xã, phường or đặc khu)."""

    code: str
    name: str
    kind: str
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class FormerUnit:
    """A commune, ward, town or district abolished on 1 July 2025."""

    name: str
    kind: str
    district: Optional[str]  # the former district's label, for a former commune, ward or town
    old_province: str
    now: Tuple[str, ...]  # codes of the communes that cover it today

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def is_district(self) -> bool:
        return self.district is None


@dataclass(frozen=True)
class ProvincePlaces:
    name: str
    communes: Tuple[Commune, ...]
    former: Tuple[FormerUnit, ...]
    former_provinces: Tuple[str, ...]

    def commune(self, code: str) -> Commune:
        return next(c for c in self.communes if c.code == code)

    def covering(self, unit: FormerUnit) -> List[Commune]:
        return [self.commune(code) for code in unit.now]


def _data_dir() -> Path:
    spec = importlib.util.find_spec(LIBRARY)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {LIBRARY} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def province_key(name: str) -> str:
    """The library's key of a province name: "Khánh Hòa", "khanh-hoa" and "tỉnh Khánh Hòa" alike."""
    key = re.sub(r"[^a-z0-9]", "", fold(name))
    return re.sub(r"^(tinh|thanhpho)", "", key)


def _kind(value: str) -> str:
    return value[:1].lower() + value[1:]


def _rows(sql: str, *args: str) -> List[sqlite3.Row]:
    with sqlite3.connect(f"file:{_data_dir() / 'dataset.db'}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return db.execute(sql, args).fetchall()


@functools.lru_cache(maxsize=4)
def load_province(name: str) -> ProvincePlaces:
    """The communes of the province named ``name`` and every unit it absorbed in 2025."""
    key = province_key(name)
    current = _rows("SELECT * FROM admin_units WHERE provinceShortKey = ? ORDER BY wardCode", key)
    if not current:
        raise UnknownProvince(name)
    communes = tuple(
        Commune(r["wardCode"], r["wardShort"], _kind(r["wardType"]), r["wardLat"], r["wardLon"]) for r in current
    )
    code_by_key = {r["wardKey"]: r["wardCode"] for r in current}
    mapping = json.loads((_data_dir() / "converter_2025.json").read_text(encoding="utf-8"))
    new_key = current[0]["provinceKey"]
    old_provinces = mapping["DICT_PROVINCE"][new_key]
    now: Dict[str, List[str]] = {}
    for ward_key, old_keys in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"][new_key].items():
        for old in old_keys:
            now.setdefault(old, []).append(code_by_key[ward_key])
    for old, parts in mapping["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {}).items():
        now.setdefault(old, []).extend(code_by_key[p["newWardKey"]] for p in parts)
    marks = ",".join("?" * len(old_provinces))
    legacy = _rows(f"SELECT * FROM admin_units_legacy WHERE provinceKey IN ({marks}) ORDER BY wardCode", *old_provinces)
    former: List[FormerUnit] = []
    districts: Dict[str, Tuple[sqlite3.Row, List[str]]] = {}
    for r in legacy:
        codes = now.get(f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}", [])
        district_label = f"{_kind(r['districtType'])} {r['districtShort']}"
        covered = districts.setdefault(r["districtKey"], (r, []))[1]
        covered.extend(c for c in codes if c not in covered)
        if r["wardKey"] and codes:
            former.append(
                FormerUnit(r["wardShort"], _kind(r["wardType"]), district_label, r["provinceShort"], tuple(codes))
            )
    for r, codes in districts.values():
        if codes:
            former.append(
                FormerUnit(r["districtShort"], _kind(r["districtType"]), None, r["provinceShort"], tuple(codes))
            )
    provinces = tuple(dict.fromkeys(r["provinceShort"] for r in legacy))
    return ProvincePlaces(current[0]["provinceShort"], communes, tuple(former), provinces)
