"""Validation of raw catalogue files into typed records.

Every problem is reported as a ``CatalogueError`` naming the file, the record and the field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any, Callable, Dict, List, Mapping, Optional

from bot.catalogue.model import (
    ROUTES,
    Catalogue,
    CatalogueError,
    Document,
    Fee,
    FeeRule,
    Guide,
    NationalPortal,
    Online,
    Procedure,
    ProcedureGroup,
    Province,
    Reorganisation,
    Route,
    ServiceUnit,
    Source,
)
from bot.catalogue.portal_tables import PORTAL_ROUTES
from bot.text import fold

NAMES_FILE = "everyday_names.yml"  # citizens' phrases for procedures, by code
ASKED_FILE = "asked_questions.yml"  # questions citizens asked, by the procedure they were about
# the files keyed by procedure code, each with the key of its mapping
BY_CODE = {NAMES_FILE: "names", ASKED_FILE: "questions"}

CODE = re.compile(r"^\d\.\d{6}$")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS = re.compile(r"^\d{2}:\d{2}-\d{2}:\d{2}$")


class _Record:
    """Reads fields of one raw record, raising errors that name where the problem is."""

    def __init__(self, file: str, label: str, raw: Any) -> None:
        self.file, self.label = file, label
        if not isinstance(raw, Mapping):
            self.fail("-", "must be a mapping of fields")
        self.raw = raw

    def fail(self, name: str, problem: str) -> None:
        raise CatalogueError(self.file, self.label, name, problem)

    def get(self, name: str, kind: type, required: bool = True, default: Any = None) -> Any:
        if name not in self.raw:
            if required:
                self.fail(name, "is missing")
            return default
        value = self.raw[name]
        if value is None:
            if required:
                self.fail(name, "must not be empty")
            return default
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(name, f"must be {kind.__name__}, got {type(value).__name__}")
        if kind is str and not value.strip():
            self.fail(name, "must not be empty")
        return value

    def text(self, name: str, required: bool = True) -> Optional[str]:
        value = self.get(name, str, required)
        return value.strip() if value is not None else None

    def texts(self, name: str, required: bool = True, non_empty: bool = False) -> List[str]:
        values = self.get(name, list, required, default=[])
        for i, item in enumerate(values):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{name}[{i}]", "must be non-empty text")
        if non_empty and not values:
            self.fail(name, "must list at least one item")
        return [v.strip() for v in values]

    def sentences(self, name: str) -> List[str]:
        """Texts shown to citizens as they are (caveats): each a whole sentence. A YAML flow list
        splits an unquoted item at its commas ("[Thời hạn (25 ngày, hoặc 20 ngày).]"), which
        leaves a part that opens a parenthesis it does not close or starts in lower case."""
        values = self.texts(name, False)
        for i, item in enumerate(values):
            if item.count("(") != item.count(")") or item[0].islower():
                self.fail(f"{name}[{i}]", f"is not a whole sentence: {item!r} (quote an item that has commas)")
        return values

    def date(self, name: str, required: bool = True) -> Optional[dt.date]:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.fail(name, "is missing (YYYY-MM-DD)")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(name, f"must be a date YYYY-MM-DD, got {value!r}")
        return None

    def url(self, name: str, required: bool = False) -> Optional[str]:
        value = self.text(name, required)
        if value is not None and not value.startswith(("https://", "http://")):
            self.fail(name, f"must be an http(s) URL, got {value!r}")
        return value

    def only(self, *names: str) -> None:
        """Rejects fields not in names: often a comma that YAML read as a new key."""
        unknown = [str(k) for k in self.raw if k not in names]
        if unknown:
            self.fail(unknown[0], f"is not a known field (known: {', '.join(names)}); quote text that contains commas")

    def nested(self, name: str) -> _Record:
        return _Record(self.file, f"{self.label} > {name}", self.get(name, dict))

    def items(self, name: str, required: bool = True) -> List[_Record]:
        return [
            _Record(self.file, f"{self.label} > {name}[{i}]", item)
            for i, item in enumerate(self.get(name, list, required, default=[]))
        ]


def _source(record: _Record, name: str = "source") -> Source:
    src = record.nested(name)
    src.only("name", "url", "date")
    return Source(name=src.text("name"), url=src.url("url"), date=src.date("date", required=False))


def _code(record: _Record, required: bool) -> Optional[str]:
    code = record.text("code", required)
    if code is not None and not CODE.match(code):
        record.fail("code", f"must look like 1.001193, got {code!r}")
    return code


def _route_kind(record: _Record) -> str:
    route = record.text("route")
    if route not in ROUTES:
        record.fail("route", f"must be one of {', '.join(ROUTES)}, got {route!r}")
    return route


def _amount(record: _Record, name: str) -> Optional[int]:
    amount = record.get(name, int, required=False)
    if amount is not None and amount < 0:
        record.fail(name, "must not be negative")
    return amount


def _fee(record: _Record) -> Fee:
    fee = Fee(
        route=_route_kind(record),
        amount=_amount(record, "amount"),
        unit=record.text("unit", False),
        kind=record.text("kind", False),
        note=record.text("note", False),
        legal_basis=record.text("legal_basis", False),
        valid_from=record.date("valid_from", False),
        valid_to=record.date("valid_to", False),
    )
    if fee.valid_from and fee.valid_to and fee.valid_from > fee.valid_to:
        record.fail("valid_to", "is before valid_from")
    return fee


def _document(record: _Record) -> Document:
    record.only("name", "form", "copies", "case")
    return Document(
        name=record.text("name"),
        form=record.text("form", False),
        copies=record.text("copies", False),
        case=record.text("case", False),
    )


def _documents(record: _Record) -> List[Document]:
    """A list of document names, or of mappings with name, form, copies and case."""
    documents = []
    for i, item in enumerate(record.get("documents", list)):
        if isinstance(item, str) and item.strip():
            documents.append(Document(name=item.strip()))
        else:
            documents.append(_document(_Record(record.file, f"{record.label} > documents[{i}]", item)))
    return documents


def _route(record: _Record) -> Route:
    record.only("route", "time", "fee", "fee_amount", "description")
    return Route(
        route=_route_kind(record),
        time=record.text("time", False),
        fee=record.text("fee", False),
        fee_amount=_amount(record, "fee_amount"),
        description=record.text("description", False),
    )


def _legal_title(record: _Record) -> str:
    record.only("title", "number")
    title, number = record.text("title"), record.text("number", False)
    return title if not number or number in title else f"{title} ({number})"


NATIONAL_FIELDS = (
    "code",
    "name",
    "level",
    "field",
    "subjects",
    "agency",
    "receiving_address",
    "documents",
    "steps",
    "routes",
    "conditions",
    "results",
    "legal_basis",
    "decision",
    "portal_url",
    "source",
    "verified_on",
)


def _national_procedure(record: _Record) -> Procedure:
    """A record written by the importer from the portal (national/procedures.jsonl)."""
    record.only(*NATIONAL_FIELDS)
    code = _code(record, required=True)
    routes = [_route(r) for r in record.items("routes")]
    names = {code: name for name, code in PORTAL_ROUTES.items()}
    route_names = [names[r.route] for r in routes]
    return Procedure(
        code=code,
        name=record.text("name"),
        aliases=[],
        group=None,
        field=record.text("field"),
        level=record.text("level", False),
        agency=record.text("agency", False),
        documents=_documents(record),
        processing_time=None,
        fees=[],
        fee_note=None,
        exemptions=None,
        online=Online(available=("Trực tuyến" in route_names) if routes else None, routes=route_names, how=None),
        portal_url=record.url("portal_url"),
        legal_basis=[_legal_title(item) for item in record.items("legal_basis")],
        caveats=[],
        source=_source(record),
        verified_on=record.date("verified_on"),
        routes=routes,
        steps=record.texts("steps", False),
        conditions=record.text("conditions", False),
        results=record.texts("results", False),
        subjects=record.text("subjects", False),
        curated=False,
    )


# Fields a curated record leaves to the portal's record of the same code when it has no value.
_FILLED_FROM_PORTAL = (
    "level",
    "agency",
    "documents",
    "legal_basis",
    "portal_url",
    "routes",
    "steps",
    "conditions",
    "results",
    "subjects",
)


def merge(curated: Procedure, portal: Procedure) -> Procedure:
    """The curated record, field by field, with the portal's values where it has none."""
    filled = {name: getattr(portal, name) for name in _FILLED_FROM_PORTAL if not getattr(curated, name)}
    return dataclasses.replace(curated, **filled)


def _procedure(record: _Record) -> Procedure:
    code = _code(record, required=False)
    if "code" not in record.raw:
        record.fail("code", "is missing (write null when the code is unknown)")
    online = record.nested("online")
    available = online.raw.get("available")
    if available is not None and not isinstance(available, bool):
        online.fail("available", "must be true, false or null")
    return Procedure(
        code=code,
        name=record.text("name"),
        aliases=record.texts("aliases", non_empty=True),
        group=record.text("group", False),
        field=record.text("field"),
        level=record.text("level", False),
        agency=record.text("agency", False),
        documents=_documents(record),
        processing_time=record.text("processing_time", False),
        fees=[_fee(f) for f in record.items("fees")],
        fee_note=record.text("fee_note", False),
        exemptions=record.text("exemptions", False),
        online=Online(available=available, routes=online.texts("routes", False), how=online.text("how", False)),
        portal_url=record.url("portal_url"),
        legal_basis=record.texts("legal_basis"),
        caveats=record.sentences("caveats"),
        source=_source(record),
        verified_on=record.date("verified_on"),
    )


def _group(record: _Record) -> ProcedureGroup:
    return ProcedureGroup(
        id=record.text("id"),
        name=record.text("name"),
        aliases=record.texts("aliases", non_empty=True),
        members=record.texts("members", False),
    )


def _rule(record: _Record) -> FeeRule:
    return FeeRule(
        id=record.text("id"),
        scope=record.text("scope"),
        title=record.text("title"),
        reduces=record.text("reduces"),
        amount=record.text("amount"),
        applies_to=record.texts("applies_to"),
        legal_basis=record.text("legal_basis"),
        valid_from=record.date("valid_from", False),
        valid_to=record.date("valid_to", False),
        source=_source(record),
        verified_on=record.date("verified_on"),
        caveats=record.sentences("caveats"),
    )


def _hours(record: _Record) -> Optional[Dict[str, List[str]]]:
    raw = record.raw.get("hours")
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        record.fail("hours", "must map weekdays (mon..sun) to lists like ['07:00-11:30']")
    hours: Dict[str, List[str]] = {}
    for day, spans in raw.items():
        if day not in WEEKDAYS:
            record.fail("hours", f"unknown weekday {day!r} (use {', '.join(WEEKDAYS)})")
        if not isinstance(spans, list) or not all(isinstance(s, str) and HOURS.match(s) for s in spans):
            record.fail(f"hours.{day}", "must be a list like ['07:00-11:30', '13:30-17:00']")
        hours[day] = spans
    return hours


def _unit(record: _Record) -> ServiceUnit:
    latitude = record.get("latitude", float, required=False)
    longitude = record.get("longitude", float, required=False)
    if (latitude is None) != (longitude is None):
        record.fail("latitude", "latitude and longitude go together")
    return ServiceUnit(
        id=record.text("id"),
        kind=record.text("kind"),
        name=record.text("name"),
        address=record.text("address", False),
        hours=_hours(record),
        phone=record.text("phone", False),
        latitude=latitude,
        longitude=longitude,
        serves=record.texts("serves", False),
        source=_source(record),
        verified_on=record.date("verified_on"),
        caveats=record.sentences("caveats"),
    )


def _province(record: _Record) -> Province:
    portal = record.nested("portal") if record.raw.get("portal") else None
    return Province(
        id=record.text("id"),
        name=record.text("name"),
        aliases=record.texts("aliases", False),
        structure=record.text("structure", False),
        structure_source=_source(record, "structure_source") if record.raw.get("structure") else None,
        portal_name=portal.text("name", False) if portal else None,
        portal_url=portal.url("url") if portal else None,
        hotline=record.text("hotline", False),
        support_points_note=record.text("support_points_note", False),
        units=[_unit(u) for u in record.items("units")],
        source=_source(record),
        verified_on=record.date("verified_on"),
    )


def _guide(record: _Record) -> Guide:
    record.only("steps", "source", "verified_on")
    return Guide(
        steps=record.texts("steps", non_empty=True), source=_source(record), verified_on=record.date("verified_on")
    )


def _portal(record: _Record) -> NationalPortal:
    record.only("name", "hotline", "online_filing", "status_lookup")
    hotline = record.nested("hotline") if record.raw.get("hotline") else None
    if hotline:
        hotline.only("number", "source", "verified_on")
    return NationalPortal(
        name=record.text("name"),
        hotline=hotline.text("number") if hotline else None,
        hotline_source=_source(hotline) if hotline else None,
        hotline_verified_on=hotline.date("verified_on") if hotline else None,
        online_filing=_guide(record.nested("online_filing")),
        status_lookup=_guide(record.nested("status_lookup")),
    )


def _reorganisation(record: _Record) -> Reorganisation:
    record.only("effective_on", "effective_source", "names_source")
    return Reorganisation(
        effective_on=record.date("effective_on"),
        effective_source=_source(record, "effective_source"),
        names_source=_source(record, "names_source"),
    )


def _phrases_by_key(file: str, raw: Any, section: str, non_empty: bool, taken: str) -> Dict[str, List[str]]:
    """The mapping under ``section`` of a key (a term, a procedure code) to its phrases; a phrase
    (compared without diacritics) belongs to one key only (``taken`` words the refusal)."""
    items = raw.get(section) if isinstance(raw, Mapping) else None
    if not isinstance(items, Mapping):
        raise CatalogueError(file, "-", section, "the file must be a mapping with this key")
    by_key: Dict[str, List[str]] = {}
    owner: Dict[str, str] = {}
    for key, phrases in items.items():
        record = _Record(file, str(key), {"phrases": phrases or []})
        if not fold(str(key)):
            record.fail(section, "every key must be non-empty text")
        by_key[str(key)] = record.texts("phrases", non_empty=non_empty)
        for phrase in by_key[str(key)]:
            if owner.setdefault(fold(phrase), str(key)) != str(key):
                record.fail("phrases", f"{phrase!r} already {taken} {owner[fold(phrase)]!r}")
    return by_key


def _records(
    file: str, raw: Any, key: str, build: Callable[[_Record], Any], label: Callable[[Any, int], str]
) -> List[Any]:
    if not isinstance(raw, Mapping):
        raise CatalogueError(file, "-", key, "the file must be a mapping with this key")
    items = raw.get(key) or []
    if not isinstance(items, list):
        raise CatalogueError(file, "-", key, "must be a list")
    return [build(_Record(file, label(item, i), item)) for i, item in enumerate(items)]


def _label(item: Any, index: int) -> str:
    if isinstance(item, Mapping):
        for name in ("code", "id", "name"):
            if item.get(name):
                return f"#{index + 1} ({item[name]})"
    return f"#{index + 1}"


def build_catalogue(files: Mapping[str, Any]) -> Catalogue:
    """Validate raw files (relative path -> parsed YAML) and build the catalogue."""
    procedures: List[Procedure] = []
    groups: Dict[str, ProcedureGroup] = {}
    rules: List[FeeRule] = []
    provinces: Dict[str, Province] = {}
    everyday: Dict[str, List[str]] = {}
    everyday_names: Dict[str, List[str]] = {}
    asked_questions: Dict[str, List[str]] = {}
    portal: Optional[NationalPortal] = None
    reorganisation: Optional[Reorganisation] = None
    where: Dict[str, str] = {}
    group_files: Dict[str, str] = {}
    national: Dict[str, Procedure] = {}
    for path in sorted(files):
        raw = files[path]
        if path.startswith("national/"):
            if not isinstance(raw, list):
                raise CatalogueError(path, "-", "-", "must be a list of records (JSON Lines)")
            for i, item in enumerate(raw):
                proc = _national_procedure(_Record(path, _label(item, i), item))
                national[proc.key] = proc
        elif path.startswith("procedures/"):
            for group in _records(path, raw, "groups", _group, _label):
                groups[group.id] = group
                group_files[group.id] = path
            for proc in _records(path, raw, "procedures", _procedure, _label):
                if proc.key in where:
                    raise CatalogueError(path, proc.key, "code", f"duplicate of a record in {where[proc.key]}")
                where[proc.key] = path
                procedures.append(proc)
        elif path == "fee_rules.yml":
            rules = _records(path, raw, "rules", _rule, _label)
        elif path == "everyday_words.yml":
            everyday = _phrases_by_key(path, raw, "words", non_empty=True, taken="stands for")
        elif path == NAMES_FILE:
            everyday_names = _phrases_by_key(path, raw, BY_CODE[path], non_empty=False, taken="names")
        elif path == ASKED_FILE:
            asked_questions = _phrases_by_key(path, raw, BY_CODE[path], non_empty=True, taken="was asked of")
        elif path == "portal.yml":
            portal = _portal(_Record(path, path, raw))
        elif path == "administrative_units.yml":
            reorganisation = _reorganisation(_Record(path, path, raw))
        elif path.startswith("provinces/"):
            province = _province(_Record(path, path, raw))
            provinces[province.id] = province
    for proc in procedures:
        if proc.group and proc.group not in groups:
            raise CatalogueError(where[proc.key], proc.key, "group", f"unknown group {proc.group!r}")
    for group in groups.values():  # checked when the national records are loaded (not in an import)
        for code in group.members if national else []:
            if code not in national:
                raise CatalogueError(group_files[group.id], group.id, "members", f"{code} is no national record")
            national[code] = dataclasses.replace(national[code], group=group.id)
    procedures = [merge(p, national.pop(p.key)) if p.key in national else p for p in procedures]
    procedures += national.values()
    if not procedures:
        raise CatalogueError("procedures/", "-", "procedures", "no procedure records found")
    known = {p.key for p in procedures}
    for file, by_code in ((NAMES_FILE, everyday_names), (ASKED_FILE, asked_questions)):
        for code in by_code:
            if code not in known:
                raise CatalogueError(file, code, BY_CODE[file], "no procedure has this code")
    if portal is None:
        raise CatalogueError("portal.yml", "-", "-", "missing: the portal's hotline and filing steps live there")
    if reorganisation is None:
        raise CatalogueError("administrative_units.yml", "-", "-", "missing: the place answers cite it")
    return Catalogue(
        procedures=procedures,
        groups=groups,
        rules=rules,
        provinces=provinces,
        everyday=everyday,
        everyday_names=everyday_names,
        asked_questions=asked_questions,
        portal=portal,
        reorganisation=reorganisation,
    )
