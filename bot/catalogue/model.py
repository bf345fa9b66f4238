"""Catalogue records as typed objects."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional
from urllib.parse import quote

PORTAL_URL = "https://dichvucong.gov.vn"  # where every procedure link and search points
PORTAL_SEARCH = f"{PORTAL_URL}/tim-kiem-thu-tuc-hanh-chinh?keyword="
ROUTES = ("in_person", "online", "post")  # the ways to file: in person, online, by post

# a name's note of the cases it leaves out: "(trừ …)", ", trừ …", "(không bao gồm …)"
_EXCLUDED = re.compile(
    r"\s*(?:\((?:trừ|ngoại trừ|không bao gồm)\b[^)]*\)|,\s*(?:trừ|ngoại trừ)\b[^(]*$)", re.IGNORECASE
)

# the record's own code repeated at the end of a few portal names: "… (cấp Tỉnh) ( 1.010727 )"
_OWN_CODE = re.compile(r"\s*\(\s*\d\.\d{6}\s*\)\s*$")


class CatalogueError(ValueError):
    """A catalogue file that does not follow the schema."""

    def __init__(self, file: str, record: str, field_name: str, problem: str) -> None:
        self.file, self.record, self.field, self.problem = file, record, field_name, problem
        super().__init__(f"{file}: record {record}: field '{field_name}': {problem}")


def portal_search_url(keyword: str) -> str:
    return PORTAL_SEARCH + quote(keyword)


@dataclass(frozen=True)
class Source:
    name: str
    url: Optional[str]
    date: Optional[dt.date]


@dataclass(frozen=True)
class Fee:
    route: str
    amount: Optional[int]
    unit: Optional[str] = None
    kind: Optional[str] = None
    note: Optional[str] = None
    legal_basis: Optional[str] = None
    valid_from: Optional[dt.date] = None
    valid_to: Optional[dt.date] = None

    def in_force(self, today: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= today) and (
            self.valid_to is None or today <= self.valid_to
        )


@dataclass(frozen=True)
class Document:
    """One document of a dossier: its name, the form to use, how many copies, and the case
    (a heading of the portal's table, e.g. "Giấy tờ phải xuất trình") it belongs to."""

    name: str
    form: Optional[str] = None
    copies: Optional[str] = None
    case: Optional[str] = None


@dataclass(frozen=True)
class Route:
    """One way to file (in person, online, by post) as the portal lists it: time and fee in the
    portal's words; the fee's amount in đồng only where the portal's cell states it unambiguously."""

    route: str
    time: Optional[str]
    fee: Optional[str]
    fee_amount: Optional[int]
    description: Optional[str] = None


@dataclass(frozen=True)
class Online:
    available: Optional[bool]
    routes: List[str]  # the portal's names of the ways to file
    how: Optional[str]


@dataclass(frozen=True)
class Procedure:
    code: Optional[str]
    name: str
    aliases: List[str]
    group: Optional[str]
    field: str
    level: Optional[str]
    agency: Optional[str]
    documents: List[Document]
    processing_time: Optional[str]
    fees: List[Fee]
    fee_note: Optional[str]
    exemptions: Optional[str]
    online: Online
    portal_url: Optional[str]
    legal_basis: List[str]
    caveats: List[str]
    source: Source
    verified_on: dt.date
    routes: List[Route] = field(default_factory=list)
    steps: List[str] = field(default_factory=list)
    conditions: Optional[str] = None
    results: List[str] = field(default_factory=list)
    subjects: Optional[str] = None
    curated: bool = True  # written and checked by staff; False for a record imported as is

    @property
    def key(self) -> str:
        """Stable identifier: the national code, or the name when the code is unknown."""
        return self.code or self.name

    @property
    def core_name(self) -> str:
        """The name without the cases it leaves out ("… xe cơ giới (trừ xe mô tô, xe gắn máy)"):
        those words say what the procedure is not, so they are not searched."""
        return _EXCLUDED.sub("", self.plain_name).strip()

    @property
    def plain_name(self) -> str:
        """The portal's name without the record's own code at its end (ten names: "Cấp giấy
        phép môi trường (cấp Tỉnh) ( 1.010727 )")."""
        return _OWN_CODE.sub("", self.name)

    @property
    def title(self) -> str:
        """Its name with its national code, as citizens and staff are shown it."""
        code = f"mã {self.code}" if self.code else "chưa có mã thủ tục quốc gia"
        return f"{self.plain_name} ({code})"

    @property
    def called(self) -> str:
        """How a reply names it, inside a sentence: "thủ tục <title>", or the title alone when
        the portal's name already starts with "Thủ tục" (648 records), lower-cased, so no reply
        says "thủ tục Thủ tục" or "Dạ, Thủ tục"."""
        if self.name.lower().startswith("thủ tục "):
            return "t" + self.title[1:]
        return f"thủ tục {self.title}"

    @property
    def link(self) -> str:
        """The portal page of the procedure, or a portal search for it."""
        return self.portal_url or portal_search_url(self.code or self.name)

    def current_fees(self, route: str, today: dt.date) -> List[Fee]:
        """Fees in force today for a way to file: per fee kind, a temporary rate beats the base rate."""
        chosen: Dict[Optional[str], Fee] = {}
        for fee in self.fees:
            if fee.route != route or not fee.in_force(today):
                continue
            held = chosen.get(fee.kind)
            if held is None or (held.valid_to is None and fee.valid_to is not None):
                chosen[fee.kind] = fee
        return list(chosen.values())

    def expired_fees(self, today: dt.date) -> List[Fee]:
        return [f for f in self.fees if f.valid_to is not None and f.valid_to < today]


@dataclass(frozen=True)
class ProcedureGroup:
    id: str
    name: str
    aliases: List[str]
    members: List[str] = field(default_factory=list)  # codes of national records in the family


@dataclass(frozen=True)
class FeeRule:
    id: str
    scope: str
    title: str
    reduces: str
    amount: str
    applies_to: List[str]
    legal_basis: str
    valid_from: Optional[dt.date]
    valid_to: Optional[dt.date]
    source: Source
    verified_on: dt.date
    caveats: List[str] = field(default_factory=list)

    def status(self, today: dt.date) -> str:
        """'in_force', 'expired', 'not_yet' or 'unknown' (no dates known)."""
        if self.valid_to is not None and self.valid_to < today:
            return "expired"
        if self.valid_from is not None and today < self.valid_from:
            return "not_yet"
        if self.valid_from is None and self.valid_to is None:
            return "unknown"
        return "in_force"


@dataclass(frozen=True)
class ServiceUnit:
    id: str
    kind: str
    name: str
    address: Optional[str]
    hours: Optional[Dict[str, List[str]]]
    phone: Optional[str]
    latitude: Optional[float]
    longitude: Optional[float]
    serves: List[str]
    source: Source
    verified_on: dt.date
    caveats: List[str]


@dataclass(frozen=True)
class Province:
    id: str
    name: str
    aliases: List[str]
    structure: Optional[str]
    structure_source: Optional[Source]
    portal_name: Optional[str]
    portal_url: Optional[str]
    hotline: Optional[str]
    support_points_note: Optional[str]
    units: List[ServiceUnit]  # the provincial centre and the offices staff have verified
    source: Source
    verified_on: dt.date


@dataclass(frozen=True)
class Guide:
    """Steps the assistant tells citizens, with where they come from."""

    steps: List[str]
    source: Source
    verified_on: dt.date


@dataclass(frozen=True)
class NationalPortal:
    """What the assistant says about the National Public Service Portal (portal.yml)."""

    name: str
    hotline: Optional[str]
    hotline_source: Optional[Source]
    hotline_verified_on: Optional[dt.date]
    online_filing: Guide
    status_lookup: Guide


@dataclass(frozen=True)
class Reorganisation:
    """The 2025 reorganisation of administrative units (administrative_units.yml)."""

    effective_on: dt.date
    effective_source: Source
    names_source: Source  # where the names of today's and former units come from


@dataclass
class Catalogue:
    procedures: List[Procedure]
    groups: Dict[str, ProcedureGroup]
    rules: List[FeeRule]
    provinces: Dict[str, Province]
    portal: NationalPortal
    reorganisation: Reorganisation
    # the catalogue's term -> the everyday phrases citizens use for it (everyday_words.yml)
    everyday: Dict[str, List[str]] = field(default_factory=dict)
    # a procedure's code -> the phrases citizens use for it (everyday_names.yml)
    everyday_names: Dict[str, List[str]] = field(default_factory=dict)
    # a procedure's code -> questions citizens asked about it (asked_questions.yml)
    asked_questions: Dict[str, List[str]] = field(default_factory=dict)
    _by_key: Dict[str, Procedure] = field(init=False, repr=False, compare=False)
    _by_group: Dict[str, List[Procedure]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key = {p.key: p for p in self.procedures}
        self._by_group = {}
        for proc in self.procedures:
            if proc.group:
                self._by_group.setdefault(proc.group, []).append(proc)

    def procedure(self, key: str) -> Optional[Procedure]:
        return self._by_key.get(key)

    def names(self, proc: Procedure) -> List[str]:
        """Every name a procedure is known by: its own, staff's aliases, citizens' phrases."""
        return [proc.core_name, *proc.aliases, *self.everyday_names.get(proc.key, [])]

    def siblings(self, group_id: str) -> List[Procedure]:
        return self._by_group.get(group_id, [])

    def rules_for(self, code: Optional[str]) -> List[FeeRule]:
        return [r for r in self.rules if code and code in r.applies_to]
