"""Finding the province's units from the words of a message, or from a position.

A name is matched on folded words (no diacritics, "tp"/"tx"/"tt" expanded), with or without
its type word (xã, phường, thị trấn, đặc khu, huyện, thị xã, thành phố); a name also by its
initials after its type word ("tp. NT", "tp PRTC"), and by the short forms citizens type alone
("PRTC", "PR-TC", "TPNT"). Every unit the words can mean is returned as a reading; the caller
asks when there is more than one.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Set, Tuple, Union

from rapidfuzz.distance import Levenshtein

from bot.places.admin_units import Commune, FormerUnit, ProvincePlaces, load_province
from bot.text import fold

Unit = Union[Commune, FormerUnit]

# folded type word -> the kinds of unit it names ("tt" is folded to "thu tuc" by bot.text)
TYPE_WORDS: Dict[Tuple[str, ...], Set[str]] = {
    ("xa",): {"xã"},
    ("x",): {"xã"},
    ("phuong",): {"phường"},
    ("p",): {"phường"},
    ("thi", "tran"): {"thị trấn"},
    ("thu", "tuc"): {"thị trấn"},
    ("dac", "khu"): {"đặc khu"},
    ("huyen",): {"huyện"},
    ("h",): {"huyện"},
    ("thi", "xa"): {"thị xã"},
    ("thanh", "pho"): {"thành phố"},
}
# the letters citizens write for a former city's or town's kind ("TPNT" is thành phố Nha Trang)
KIND_LETTERS = {"thành phố": "TP", "thị xã": "TX"}
FORMER_WORDS = {"cu", "truoc", "truoc day"}
CURRENT_WORDS = {"moi", "hien nay", "bay gio"}
EARTH_RADIUS_KM = 6371.0
# letters (folded, spaces counted) a name needs before one mistyped letter is forgiven after its
# type word ("huyện Bát Ái", "tp Nha Trag"); shorter names would meet common words
NEAR_MISS_LETTERS = 6
NEAR_MISS_WORDS = 3  # the most words a name has


@dataclass(frozen=True)
class Place:
    """One reading of a place name: a commune today, or a former unit, with the communes that cover it."""

    unit: Unit
    covering: Tuple[Commune, ...]

    @property
    def is_current(self) -> bool:
        return isinstance(self.unit, Commune)


@dataclass(frozen=True)
class _Mention:
    units: Tuple[Unit, ...]
    start: int
    end: int


def near_miss(words: Sequence[str], names: Sequence[Tuple[str, ...]]) -> Optional[Tuple[str, ...]]:
    """The one name that the words at the start of ``words`` miss by one letter, if exactly one."""
    for size in range(1, min(NEAR_MISS_WORDS, len(words)) + 1):
        typed = " ".join(words[:size])
        if len(typed) < NEAR_MISS_LETTERS:
            continue
        close = {
            name
            for name in names
            if len(name) == size and Levenshtein.distance(typed, " ".join(name), score_cutoff=1) == 1
        }
        if len(close) == 1:
            return close.pop()
    return None


def initials(name: str) -> str:
    """A name's initials ("Nha Trang" is "NT", "Phan Rang - Tháp Chàm" "PRTC"); empty for a
    name of one word."""
    words = fold(name).split()
    return "".join(word[0] for word in words).upper() if len(words) > 1 else ""


def short_forms(unit: Unit) -> List[str]:
    """What citizens type for a unit instead of its name, each enough alone: a double name's
    initials, whole or by part ("PRTC", "PR-TC"), and a former city's or town's kind and
    initials run together ("TPNT", "TXNH", "TPPRTC")."""
    letters = initials(unit.name)
    if not letters:
        return []
    forms = [letters, "-".join(initials(part) or part for part in unit.name.split(" - "))] if " - " in unit.name else []
    kind = KIND_LETTERS.get(unit.kind) if isinstance(unit, FormerUnit) else None
    return forms + ([kind + letters] if kind else [])


def _letters_key(form: str) -> Tuple[str, ...]:
    """The words of initials as a message's folded words show them; none where they fold to
    something else: "DK" is read "đăng ký", so Diên Khánh has no "DK"."""
    words = tuple(re.findall(r"\w+", form.lower()))
    return words if tuple(fold(form).split()) == words else ()


def _keys(unit: Unit) -> List[Tuple[str, ...]]:
    """Folded forms of a unit's name: whole, each part of a double name ("Phan Rang - Tháp
    Chàm"), its initials (after its type word only: "tp NT") and its short forms."""
    name = unit.name
    keys = [tuple(fold(p).split()) for p in [name, *name.split(" - ")]]
    keys += [_letters_key(form) for form in [initials(name), *short_forms(unit)]]
    return [key for key in dict.fromkeys(keys) if key]


def _is_district(unit: Unit) -> bool:
    return isinstance(unit, FormerUnit) and unit.is_district


def distance_km(a: Tuple[float, float], b: Tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(math.sqrt(h))


class PlaceLookup:
    def __init__(self, places: ProvincePlaces) -> None:
        self.places = places
        units = (*places.communes, *places.former)
        self._names: Dict[Tuple[str, ...], List[Unit]] = {}
        for unit in units:
            for key in _keys(unit):
                self._names.setdefault(key, []).append(unit)
        # one-word keys that name a unit without a type word before them ("PRTC", "TPNT")
        self._alone = {key for unit in units for key in map(_letters_key, short_forms(unit)) if len(key) == 1}
        # the names a type word may come before, for a name mistyped after it ("huyện Bát Ái")
        self._after_type = {
            type_word: [key for key, named in self._names.items() if any(u.kind in kinds for u in named)]
            for type_word, kinds in TYPE_WORDS.items()
        }
        self._old_provinces = {tuple(fold(p).split()): p for p in places.former_provinces}
        self._longest = max(len(k) for k in self._names)

    def _name_at(self, words: Sequence[str], i: int) -> Tuple[int, List[Unit]]:
        for size in range(min(self._longest, len(words) - i), 0, -1):
            units = self._names.get(tuple(words[i : i + size]))
            if units:
                return size, units
        return 0, []

    def _mentions(self, words: List[str]) -> List[_Mention]:
        found: List[_Mention] = []
        i = 0
        while i < len(words):
            kinds: Optional[Set[str]] = None
            skip = 0
            for type_word, named in TYPE_WORDS.items():
                if tuple(words[i : i + len(type_word)]) == type_word and len(type_word) > skip:
                    size, units = self._name_at(words, i + len(type_word))
                    if any(u.kind in named for u in units):
                        kinds, skip = named, len(type_word)
            size, units = self._name_at(words, i + skip)
            if not units:
                size, units, kinds, skip = self._mistyped_at(words, i) or (size, units, kinds, skip)
            if kinds is not None:
                units = [u for u in units if u.kind in kinds]
            elif size < 2 and tuple(words[i : i + 1]) not in self._alone:
                units = []  # a one-word name only with its type word ("phường 1")
            if units:
                found.append(_Mention(tuple(units), i, i + skip + size))
                i += skip + size
            else:
                i += 1
        return found

    def _mistyped_at(self, words: List[str], i: int) -> Optional[Tuple[int, List[Unit], Set[str], int]]:
        """A name one letter off after its type word ("huyện Bát Ái"): its size, units, the kinds
        the type word names and the type word's size."""
        for type_word, named in TYPE_WORDS.items():
            if tuple(words[i : i + len(type_word)]) != type_word:
                continue
            name = near_miss(words[i + len(type_word) :], self._after_type[type_word])
            if name:
                return len(name), self._names[name], named, len(type_word)
        return None

    def find(self, text: str) -> List[Place]:
        """Every reading of the place named in ``text`` (empty when none is named)."""
        words = fold(text).split()
        mentions = self._mentions(words)
        if not mentions:
            return []
        # the most precise name is the place; a former district named beside it narrows it
        # ("xã Cam Hải Tây, huyện Cam Lâm", "Phan Rang, phường Phước Mỹ")
        primary = min(mentions, key=lambda m: (all(_is_district(u) for u in m.units), any(map(_is_district, m.units))))
        units = list(primary.units)
        if not all(map(_is_district, units)):
            context = [u for m in mentions if m is not primary for u in m.units if _is_district(u)]
            units = self._within(units, context) or units
        units = self._in_old_province(units, words) or units
        units = self._by_age(units, words[primary.end : primary.end + 2]) or units
        readings = [Place(u, self._covering(u)) for u in units]
        # a former commune now wholly inside a commune also read is that commune ("Diên Khánh")
        current = {r.covering for r in readings if r.is_current}
        readings = [r for r in readings if r.is_current or r.covering not in current]
        if len({c for r in readings for c in r.covering}) == 1:
            return readings[:1]
        return readings

    def _covering(self, unit: Unit) -> Tuple[Commune, ...]:
        return (unit,) if isinstance(unit, Commune) else tuple(self.places.covering(unit))

    def _within(self, units: List[Unit], districts: List[Unit]) -> List[Unit]:
        labels = {d.label for d in districts}
        codes = {code for d in districts if isinstance(d, FormerUnit) for code in d.now}
        return [
            u
            for u in units
            if (isinstance(u, FormerUnit) and u.district in labels) or (isinstance(u, Commune) and u.code in codes)
        ]

    def _in_old_province(self, units: List[Unit], words: List[str]) -> List[Unit]:
        text = f" {' '.join(words)} "
        named = {p for key, p in self._old_provinces.items() if f" {' '.join(key)} " in text} - {self.places.name}
        if len(named) != 1:
            return []
        return [u for u in units if isinstance(u, FormerUnit) and u.old_province in named]

    @staticmethod
    def _by_age(units: List[Unit], following: List[str]) -> List[Unit]:
        """The former units when the name is followed by "cũ", the current ones by "mới"."""
        after = {following[0], " ".join(following)} if following else set()
        if after & FORMER_WORDS:
            return [u for u in units if isinstance(u, FormerUnit)]
        if after & CURRENT_WORDS:
            return [u for u in units if isinstance(u, Commune)]
        return []

    def nearest(self, latitude: float, longitude: float, count: int = 3) -> List[Tuple[Commune, float]]:
        """The communes whose centre is closest to a position, with the distance in km."""
        ranked = sorted(
            ((c, distance_km((latitude, longitude), (c.latitude, c.longitude))) for c in self.places.communes),
            key=lambda pair: pair[1],
        )
        return ranked[:count]


@functools.lru_cache(maxsize=4)
def lookup_for(province: str) -> PlaceLookup:
    """The lookup of the province named ``province``, built once (raises UnknownProvince)."""
    return PlaceLookup(load_province(province))
