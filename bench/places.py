"""Place resolution: former names of the province's units, asked through the REST channel.

Each reply is read as a citizen would: a commune named as the place to file ("Bộ phận Một cửa
của UBND xã X."), or a question whose buttons lead (one more turn each) to communes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Set

import yaml

from bench.quality import ask
from bot.places.lookup import lookup_for

HELDOUT = Path(__file__).parent / "data" / "heldout_former_places.yml"
FILED_AT = re.compile(r"Bộ phận Một cửa của UBND (?:xã|phường|đặc khu) ([^.\n]+)\.")
KINDS = re.compile(r"^(xã|phường|đặc khu) ")


def questions(limit: int = 0) -> Dict[str, List[Dict[str, Any]]]:
    """The held-out former communes (with the ambiguous ones) and former districts."""
    raw = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    communes, districts = raw["questions"], raw["districts"]
    return {"communes": communes[:limit] if limit else communes, "districts": districts[:limit] if limit else districts}


def _filed_at(replies: List[Dict[str, Any]]) -> List[str]:
    return [name for r in replies for name in FILED_AT.findall(r.get("text") or "")]


def destinations(rasa: str, replies: List[Dict[str, Any]], depth: int = 2) -> Set[str]:
    """The communes a reply sends the citizen to, following its buttons."""
    named = set(_filed_at(replies))
    buttons = [b for r in replies for b in r.get("buttons", [])]
    if named or not buttons or depth == 0:
        return named
    for button in buttons:
        named |= destinations(rasa, ask(rasa, button["payload"]), depth - 1)
    return named


def outcome(rasa: str, question: Dict[str, Any]) -> str:
    """right (named the one commune), asked (buttons reach every expected commune), guessed (named
    one of several), wrong (sends the citizen elsewhere) or missed (no place understood)."""
    expect = set(question["expect"])
    replies = ask(rasa, question["text"])
    named = _filed_at(replies)
    if len(named) == 1:
        if named[0] not in expect:
            return "wrong"
        return "right" if len(expect) == 1 else "guessed"
    reached = destinations(rasa, replies)
    if not reached:
        return "missed"
    if expect <= reached:
        return "asked"
    return "wrong" if not expect & reached else "missed"


def library_agreement(items: List[Dict[str, Any]], province: str = "Khánh Hòa") -> Dict[str, int]:
    """How often the library's old -> new mapping gives the communes the set's sources give."""
    places = lookup_for(province).places
    agree = checked = 0
    for item in items:
        former = item.get("former")
        if not former or item.get("ambiguous"):
            continue
        units = [
            f
            for f in places.former
            if f.name == former["name"] and f.kind == former["kind"] and f.district and former["district"] in f.district
        ]
        if len(units) == 1:
            checked += 1
            covering = {KINDS.sub("", c.label) for c in places.covering(units[0])}
            agree += covering == set(item["expect"])
    return {"checked": checked, "agree": agree}


def evaluate(rasa: str, limit: int = 0) -> Dict[str, Any]:
    sets = questions(limit)
    results: Dict[str, Any] = {}
    for name, items in sets.items():
        outcomes = [outcome(rasa, q) for q in items]
        results[name] = {kind: outcomes.count(kind) for kind in ("right", "asked", "guessed", "wrong", "missed")}
        results[name]["n"] = len(outcomes)
    results["library"] = library_agreement(sets["communes"])
    return results
