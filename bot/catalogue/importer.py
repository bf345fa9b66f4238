"""Importing a capture of the National Public Service Portal into the catalogue's own format.

`python -m bot.catalogue import CAPTURE --captured YYYY-MM-DD` reads the capture (JSON Lines,
optionally gzip-compressed, in the portal's own field names), writes one record per procedure
to ``data/catalogue/national/procedures.jsonl`` (sorted by code, so the same capture gives the
same file), and prints what changed since the previous import and where the hand-curated
records say something else, for staff to check.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from bot.catalogue.model import Catalogue, Procedure
from bot.catalogue.portal_tables import (
    clean,
    parse_documents,
    parse_legal_basis,
    parse_results,
    parse_routes,
    parse_steps,
    split_names,
)
from bot.text import fold

PORTAL_NAME = "Cổng Dịch vụ công quốc gia"
NATIONAL_FILE = Path("national") / "procedures.jsonl"


def read_capture(path: Path) -> List[Dict[str, Any]]:
    """The capture's records, one JSON object per line (``.gz`` is decompressed)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _text(raw: Dict[str, Any], name: str) -> str:
    return unicodedata.normalize("NFC", str(raw.get(name) or ""))


def _agency(raw: Dict[str, Any]) -> Optional[str]:
    for name in ("co_quan_thuc_hien", "co_quan_co_tham_quyen"):
        value = clean(_text(raw, name))
        if value:
            return value
    return None


def portal_record(raw: Dict[str, Any], captured: dt.date, checked: dt.date) -> Dict[str, Any]:
    """One portal record in the catalogue's format; the portal's text wherever a cell is unclear."""
    url = clean(_text(raw, "detail_url"))
    return {
        "code": clean(_text(raw, "ma_thu_tuc")),
        "name": clean(_text(raw, "ten_thu_tuc")),
        "level": ", ".join(split_names(_text(raw, "cap_thuc_hien"))) or None,
        "field": clean(_text(raw, "linh_vuc")) or "Chưa phân loại",
        "subjects": clean(_text(raw, "doi_tuong_thuc_hien")),
        "agency": _agency(raw),
        "receiving_address": clean(_text(raw, "dia_chi_tiep_nhan")),
        "documents": parse_documents(_text(raw, "thanh_phan_ho_so")),
        "steps": parse_steps(_text(raw, "trinh_tu_thuc_hien")),
        "routes": parse_routes(_text(raw, "cach_thuc_thuc_hien")),
        "conditions": clean(_text(raw, "yeu_cau_dieu_kien")),
        "results": parse_results(_text(raw, "ket_qua_xu_ly")),
        "legal_basis": parse_legal_basis(_text(raw, "can_cu_phap_ly")),
        "decision": clean(_text(raw, "so_quyet_dinh")),
        "portal_url": url,
        "source": {"name": PORTAL_NAME, "url": url, "date": captured.isoformat()},
        "verified_on": checked.isoformat(),
    }


def write_records(records: Iterable[Dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(records, key=lambda r: r["code"])
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in ordered), encoding="utf-8"
    )


def read_records(path: Path) -> Dict[str, Dict[str, Any]]:
    if not path.is_file():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return {r["code"]: r for r in (json.loads(line) for line in lines if line.strip())}


@dataclass
class ImportReport:
    """What an import changed, and where curated records disagree with the portal."""

    total: int = 0
    added: List[str] = field(default_factory=list)
    removed: List[str] = field(default_factory=list)
    changed: Dict[str, List[str]] = field(default_factory=dict)
    disagreements: List[str] = field(default_factory=list)
    still_named: List[Tuple[str, str]] = field(default_factory=list)  # (file, code): gone, but the file names it
    still_members: List[str] = field(default_factory=list)  # gone, but a family lists it

    def lines(self) -> List[str]:
        out = [
            f"{self.total} procedures imported: {len(self.added)} new, {len(self.removed)} gone, "
            f"{len(self.changed)} changed since the previous import."
        ]
        out += [f"  gone from the portal: {code}" for code in self.removed]
        out += [f"  remove {code} from {file}: the catalogue refuses it" for file, code in self.still_named]
        out += [f"  remove {code} from its family's members: the catalogue refuses it" for code in self.still_members]
        out += [f"  changed: {code}: {', '.join(fields)}" for code, fields in sorted(self.changed.items())]
        out.append(f"{len(self.disagreements)} differences between curated records and the portal (curated wins):")
        out += [f"  {line}" for line in self.disagreements]
        return out


def _same_text(a: Optional[str], b: Optional[str]) -> bool:
    return fold(a or "") == fold(b or "")


def curated_differences(curated: Procedure, portal: Dict[str, Any]) -> List[str]:
    """Where a hand-curated record says something else than the portal's record of the same code."""
    out = []
    if not _same_text(curated.name, portal["name"]) and not fold(portal["name"]).endswith(fold(curated.name)):
        out.append(f"name: curated {curated.name!r}, portal {portal['name']!r}")
    if curated.level and portal["level"] and not _same_text(curated.level, portal["level"]):
        out.append(f"level: curated {curated.level!r}, portal {portal['level']!r}")
    portal_times = sorted({r["time"] for r in portal["routes"] if r["time"]})
    if curated.processing_time and portal_times and not any(t in curated.processing_time for t in portal_times):
        out.append(f"time: curated {curated.processing_time!r}, portal {portal_times}")
    curated_amounts = sorted({f.amount for f in curated.fees if f.amount is not None})
    portal_amounts = sorted({r["fee_amount"] for r in portal["routes"] if r["fee_amount"] is not None})
    if curated_amounts and portal_amounts and curated_amounts != portal_amounts:
        out.append(f"fee: curated {curated_amounts}, portal {portal_amounts}")
    if curated.portal_url and portal["portal_url"] and curated.portal_url != portal["portal_url"]:
        out.append(f"portal_url: curated {curated.portal_url}, portal {portal['portal_url']}")
    return [f"{curated.code}: {line}" for line in out]


def import_capture(
    capture: Path,
    target: Path,
    captured: dt.date,
    checked: dt.date,
    curated: Optional[Catalogue] = None,
    named: Optional[Mapping[str, Sequence[str]]] = None,
) -> ImportReport:
    """Writes the catalogue records of a capture to ``target`` and reports what changed, and
    which of the ``named`` codes (by the file that has phrases or questions for them) it no longer holds."""
    records = {}
    for raw in read_capture(capture):
        record = portal_record(raw, captured, checked)
        if record["code"] and record["name"]:
            records[record["code"]] = record
    previous = read_records(target)
    report = ImportReport(total=len(records))
    report.added = sorted(set(records) - set(previous))
    report.removed = sorted(set(previous) - set(records))
    ignore = {"verified_on", "source"}
    for code in sorted(set(records) & set(previous)):
        fields = [k for k in records[code] if k not in ignore and records[code][k] != previous[code].get(k)]
        if fields:
            report.changed[code] = fields
    report.still_named = sorted(
        (file, code) for file, codes in (named or {}).items() for code in codes if code not in records
    )
    members = {code for group in curated.groups.values() for code in group.members} if curated else set()
    report.still_members = sorted(members - set(records))
    for proc in curated.procedures if curated else []:
        if proc.code in records:
            report.disagreements += curated_differences(proc, records[proc.code])
    write_records(records.values(), target)
    return report
