"""Reading the turn: the catalogue and its index, the citizen's words, and which procedure the
turn is about."""

from __future__ import annotations

import ctypes
import gc
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Set, Tuple

from rasa_sdk import Tracker

from bot.catalogue.client import CatalogueClient, CatalogueUnavailable
from bot.catalogue.matching import OFFERED, ProcedureIndex, ProcedureMatch
from bot.catalogue.model import Catalogue, Procedure, Province
from bot.places.admin_units import UnknownProvince, configured_province, province_key
from bot.places.lookup import lookup_for
from bot.places.mentions import without_places
from bot.text import fold

logger = logging.getLogger(__name__)

ALTERNATIVES = 2  # other procedures shown under an answer read from the citizen's words

ORDINALS = {
    "nhat": 1,
    "dau": 1,
    "dau tien": 1,
    "mot": 1,
    "1": 1,
    "hai": 2,
    "2": 2,
    "ba": 3,
    "3": 3,
    "bon": 4,
    "tu": 4,
    "4": 4,
    "nam": 5,
    "5": 5,
}

_client = CatalogueClient.from_environment()
_index: Optional[ProcedureIndex] = None
_index_lock = threading.Lock()


def catalogue() -> Catalogue:
    """The current catalogue (raises CatalogueUnavailable)."""
    return _client.get()


def procedure_index() -> ProcedureIndex:
    """The index of the current catalogue, built once per catalogue version."""
    global _index
    current = catalogue()
    with _index_lock:
        if _index is None or _index.catalogue is not current:
            _index = ProcedureIndex(current)
            release_memory()
        return _index


def release_memory() -> None:
    """Gives the memory freed after reading ~2,650 records back to the system (glibc keeps it
    otherwise: about 60 MB of the action server's resident memory)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to trim


def warm_up() -> None:
    """Loads the catalogue, builds its index and the province's places now; a catalogue that
    cannot be read yet is logged and tried again on the first message."""
    try:
        procedure_index()
    except CatalogueUnavailable as error:
        logger.warning("Catalogue not loaded at start-up: %s", error)
    try:
        lookup_for(configured_province())
    except UnknownProvince:
        logger.error("TTHC_PROVINCE=%r is none of the 34 provinces; places cannot be answered", configured_province())


def province() -> Optional[Province]:
    """The province file of the configured province, if staff wrote one."""
    wanted = province_key(configured_province())
    return next(
        (p for p in catalogue().provinces.values() if wanted in (province_key(p.id), province_key(p.name))), None
    )


def latest_text(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else text


def procedure_words(tracker: Tracker) -> str:
    """The latest message without the places named in it ("nhà tôi ở Cam Lâm, làm sổ đỏ ở đâu"):
    a place says where to file, not which procedure ("nhà" there is a home, not a house deal)."""
    places = [e for e in tracker.latest_message.get("entities", []) if e.get("entity") == "location"]
    return without_places(latest_text(tracker), places)


def entity_values(tracker: Tracker, name: str) -> List[str]:
    return [str(e["value"]) for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]


def procedure_mentions(tracker: Tracker) -> List[Tuple[str, str]]:
    """Each procedure the NLU found: its value (a code, where a synonym maps the words to one)
    and the words typed for it."""
    text = latest_text(tracker)
    found = [e for e in tracker.latest_message.get("entities", []) if e.get("entity") == "procedure"]
    return [(str(e["value"]), text[e["start"] : e["end"]] if "start" in e else str(e["value"])) for e in found]


def ordinal(text: str) -> Optional[int]:
    """1-based position named in "cái thứ hai", "số 2", "cái đầu tiên"; -1 for "cái cuối"."""
    words = fold(text)
    if re.search(r"\bcuoi\b", words):
        return -1
    for phrase, number in sorted(ORDINALS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{phrase}\b", words):
            return number
    return None


@dataclass
class Resolution:
    """The procedure a turn is about, or the choices to offer (siblings, or the best matches
    when the words do not point at one clearly: ``unsure``)."""

    procedure: Optional[Procedure] = None
    choices: List[Procedure] = field(default_factory=list)
    asked: str = ""
    unsure: bool = False
    alternatives: List[Procedure] = field(default_factory=list)  # what else the words fit, after it


def resolve_procedure(tracker: Tracker) -> Resolution:
    """Which procedure the latest message means, using the conversation when it names none."""
    index = procedure_index()
    intent = tracker.latest_message.get("intent", {}).get("name")
    text = latest_text(tracker)
    words = procedure_words(tracker)
    if intent == "choose_option":
        candidates = [index.catalogue.procedure(k) for k in tracker.get_slot("candidates") or []]
        candidates = [c for c in candidates if c]
        position = ordinal(text)
        if candidates and position and position <= len(candidates):
            return Resolution(procedure=candidates[position - 1 if position > 0 else -1])
        if candidates:
            return follow_up(tracker, index, words) or Resolution(choices=candidates)
    whole = index.find(words) if words.strip() else None
    settled = settled_by_context(tracker, index, words, whole)
    if settled:
        return settled
    if whole and whole.found:
        return read_from(index, words, whole.found)  # the whole question beats a shorter name inside it
    for value, said in procedure_mentions(tracker):
        if whole and whole.ambiguous and not whole.unsure:
            break  # the whole question names several: ask among those, not a shorter name's pick
        if whole and whole.unsure and all(fold(said) in fold(p.core_name) for p in whole.procedures):
            break  # "hộ chiếu" in "mat ho chieu bao o dau" is inside each of the procedures offered
        match = index.find(value)
        if match.found and not (whole and match.found in whole.procedures):
            return read_from(index, words, match.found)
        if whole and whole.ambiguous:
            break
        if match.ambiguous:
            return Resolution(choices=match.procedures, asked=value)
    if whole and whole.ambiguous and not whole.unsure and entity_values(tracker, "procedure"):
        return Resolution(choices=whole.procedures, asked=text)  # a procedure named: a new question
    detail = follow_up(tracker, index, words) if words.strip() else None
    if detail:
        return detail
    if whole and whole.ambiguous:
        return Resolution(choices=whole.procedures, asked=text, unsure=whole.unsure)
    previous = tracker.get_slot("procedure")
    if previous and index.catalogue.procedure(previous):
        return Resolution(procedure=index.catalogue.procedure(previous))
    return Resolution(asked=text)


def settled_by_context(
    tracker: Tracker, index: ProcedureIndex, words: str, whole: Optional[ProcedureMatch]
) -> Optional[Resolution]:
    """The procedure a message means read with the question before it, where its words alone
    read otherwise and the two together settle it: one of the procedures offered before, when
    the message names none itself ("cho bé nhà em, bé mới 9 tuổi" after the ID cards, alone a
    birth registration); or one of the message's own choices, other than the one answered before
    ("con trai cưới vợ, muốn tách ra riêng một hộ" after "thủ tục hộ khẩu")."""
    known = context(tracker, index) if whole and (whole.found or whole.ambiguous) else None
    if not known or (whole.found and (not known.offered or entity_values(tracker, "procedure"))):
        return None
    read_together = known.with_detail(words)
    together = index.find(read_together).found
    if not together or together == whole.found:
        return None
    if whole.found:
        settled = together.key in known.offered
    else:  # and about the same matter: "lam so hong" after a passport question is a new question
        settled = together in whole.procedures and together != known.answered and together.field in known.fields(index)
    return read_from(index, read_together, together) if settled else None


def read_from(index: ProcedureIndex, words: str, procedure: Procedure) -> Resolution:
    """The procedure read from the citizen's words, with the next ones those words fit best: a
    citizen who meant another taps it instead of asking again (none for a button, which has no words)."""
    others = next_matches(index, words, procedure, ALTERNATIVES) if words.strip() else []
    return Resolution(procedure=procedure, alternatives=others)


def next_matches(index: ProcedureIndex, words: str, procedure: Procedure, count: int) -> List[Procedure]:
    """The first ``count`` procedures the words fit best, but ``procedure``."""
    return [p for p in index.best_matches(words) if p != procedure][:count]


def _messages(tracker: Tracker) -> List[int]:
    """Where the citizen's messages stand among the conversation's events."""
    return [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]


def _previous_message(tracker: Tracker) -> Dict[str, Any]:
    """The citizen's message before this one (its event), if any."""
    said = _messages(tracker)
    return tracker.events[said[-2]] if len(said) >= 2 else {}


def previous_question(tracker: Tracker) -> str:
    """What the citizen typed before this message (a button's payload is not typed)."""
    text = _previous_message(tracker).get("text") or ""
    return "" if text.startswith("/") else text


@dataclass
class Context:
    """What the conversation had reached before this message: the question typed before (or the
    name of the procedure chosen from a list), the procedures offered, the one answered."""

    before: str
    offered: List[str]
    answered: Optional[Procedure]

    def with_detail(self, words: str) -> str:
        """The question before and this message, read as one."""
        return f"{self.before}, {words}"

    def fields(self, index: ProcedureIndex) -> Set[str]:
        """The fields of the procedures answered or offered before."""
        known = [self.answered, *map(index.catalogue.procedure, self.offered)]
        return {p.field for p in known if p}


def context(tracker: Tracker, index: ProcedureIndex) -> Optional[Context]:
    """The conversation before this message, if something was answered or offered in it."""
    offered = tracker.get_slot("candidates") or []
    answered_before = index.catalogue.procedure(tracker.get_slot("procedure") or "")
    if not (offered or answered_before):
        return None
    # the question typed before, or the name of the procedure answered when that message chose
    # from a list ("cái đầu tiên"); a name would add its own qualifiers ("dưới 14 tuổi") to the detail
    chose = (_previous_message(tracker).get("parse_data") or {}).get("intent", {}).get("name") == "choose_option"
    named_before = answered_before.core_name if answered_before and not offered else ""
    before = named_before if chose else previous_question(tracker) or named_before
    return Context(before, offered, answered_before) if before else None


def follow_up(tracker: Tracker, index: ProcedureIndex, words: str) -> Optional[Resolution]:
    """The procedure a message means as a detail added to the question before it ("chồng em
    người Hàn" after "đăng ký kết hôn cần gì", "bị mất" after the ID cards offered): what the
    two read together name, when the detail changes it; None when it does not, or when
    nothing was answered or offered before."""
    known = context(tracker, index)
    if not known:
        return None
    before, offered, answered_before = known.before, known.offered, known.answered
    together = index.find(known.with_detail(words))
    if together.found:
        return Resolution(procedure=together.found) if together.found != answered_before else None
    if not together.ambiguous or together.unsure:
        return None
    if not offered:  # several, where one was answered
        return Resolution(choices=together.procedures, asked=before) if len(together.procedures) >= 2 else None
    narrowed = [p for p in together.procedures if p.key in offered]
    if 2 <= len(narrowed) < len(offered):
        return Resolution(choices=narrowed, asked=before)
    # the detail brings in one not offered ("sổ bị mất" after the two land registrations), or
    # puts another first ("tờ giấy phép cũ bị rách nát" after the building permits)
    brought = any(p.key not in offered for p in together.procedures)
    reordered = together.procedures[0].key != offered[0]
    return Resolution(choices=together.procedures, asked=before) if brought or reordered else None


def just_answered(tracker: Tracker) -> Optional[Procedure]:
    """The procedure the reply to the citizen's previous message answered, if it answered one."""
    events, said = list(tracker.events), _messages(tracker)
    since = events[said[-2] if len(said) >= 2 else 0 : said[-1] if said else len(events)]
    key = next(
        (e.get("value") for e in reversed(since) if e.get("event") == "slot" and e.get("name") == "procedure"), None
    )
    return catalogue().procedure(key) if key else None


def other_meanings(tracker: Tracker) -> List[Procedure]:
    """When the citizen says the answer just given was not what they meant: the procedures their
    question fits best after that one."""
    answered, question = just_answered(tracker), previous_question(tracker)
    if not answered or not question.strip():
        return []
    return next_matches(procedure_index(), question, answered, OFFERED)


def adds_detail(tracker: Tracker) -> bool:
    """Whether the message names no procedure of its own and reads as a detail of the question
    before it (``follow_up``)."""
    words = procedure_words(tracker)
    if not words.strip() or entity_values(tracker, "procedure"):
        return False
    try:
        index = procedure_index()
        return not index.find(words).found and follow_up(tracker, index, words) is not None
    except CatalogueUnavailable:
        return False


# words that name an office where one files, not a procedure (folded): "UBND phường ở đâu"
_OFFICES = re.compile(
    r"\b(ubnd|uy ban( nhan dan)?|trung tam( phuc vu)?( hanh chinh cong)?|hanh chinh cong|bo phan( mot cua)?"
    r"|mot cua|cong an|van phong dang ki dat dai)\b"
)


def procedures_pointed_at(tracker: Tracker) -> List[Procedure]:
    """The procedures the words name or point at clearly (``named_procedure`` with loose words)
    or, when unsure, the best matches if the words beyond the places and offices they name point
    at some ("chở bò từ Khánh Sơn đi tỉnh khác bán, xin giấy kiểm dịch ở đâu"): offered as
    choices rather than dropped for the place or a status check."""
    words = procedure_words(tracker)
    if not words.strip():
        return []
    try:
        index = procedure_index()
        match = index.find(words)
        if not match.unsure:
            return match.procedures
        beyond_offices = _OFFICES.sub(" ", fold(words))
        return match.procedures if beyond_offices.strip() and index.find(beyond_offices).procedures else []
    except CatalogueUnavailable:
        return []


def named_procedure(tracker: Tracker, loose_words: bool = False) -> List[Procedure]:
    """Catalogue procedures the citizen's words name (a name or an alias; with ``loose_words``
    also a procedure the other words point at clearly), never a guess among the best matches."""
    words = procedure_words(tracker)
    try:
        match = procedure_index().find(words, loose_words=loose_words) if words.strip() else None
    except CatalogueUnavailable:
        return []
    return match.procedures if match and not match.unsure else []
