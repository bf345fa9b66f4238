"""Helpers shared by the actions: catalogue access, procedure resolution, formatting."""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import json
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Union

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from zoneinfo import ZoneInfo

from actions.recording import record
from bot.catalogue.client import CatalogueClient, CatalogueUnavailable
from bot.catalogue.matching import ProcedureIndex
from bot.catalogue.model import Catalogue, Fee, Procedure, Province, Source, portal_search_url
from bot.places.admin_units import UnknownProvince, configured_province, province_key
from bot.places.lookup import lookup_for
from bot.text import fold

logger = logging.getLogger(__name__)

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
PORTAL = "https://dichvucong.gov.vn"
PORTAL_HOTLINE = "18001096"
CATALOGUE_ERROR = (
    "Dạ, hệ thống tra cứu thủ tục đang gặp sự cố, em chưa trả lời được lúc này. "
    f"Anh/Chị vui lòng thử lại sau ít phút, hoặc tra cứu trên Cổng Dịch vụ công quốc gia {PORTAL} "
    f"(tổng đài {PORTAL_HOTLINE}) ạ."
)

SIBLING_CHOICES = "Dạ, có mấy thủ tục gần nhau, Anh/Chị muốn hỏi thủ tục nào ạ?"
UNSURE_CHOICES = "Dạ, em chưa chắc Anh/Chị muốn hỏi thủ tục nào. Có phải một trong các thủ tục sau không ạ?"
BUTTON_TITLE = 80  # characters of a procedure's name on a button
IMPORTED_NOTE = (
    "ℹ Thông tin trích nguyên văn từ Cổng Dịch vụ công quốc gia, cán bộ chưa kiểm tra lại; "
    "Anh/Chị đối chiếu trên trang thủ tục trước khi đi nộp."
)

ASPECT_BY_INTENT = {
    "ask_procedure_info": "overview",
    "ask_documents": "documents",
    "ask_processing_time": "time",
    "ask_fee": "fee",
    "ask_online_filing": "online",
    "ask_fee_reduction": "reduction",
}
INTENT_BY_ASPECT = {**{v: k for k, v in ASPECT_BY_INTENT.items()}, "agency": "ask_procedure_info"}
ASPECT_TITLES = {
    "documents": "Giấy tờ cần có",
    "time": "Thời gian giải quyết",
    "fee": "Lệ phí",
    "agency": "Nơi nộp, cơ quan giải quyết",
    "online": "Nộp trực tuyến",
    "reduction": "Giảm lệ phí khi nộp online",
}
CHANNEL_NAMES = {"in_person": "Nộp trực tiếp", "online": "Nộp trực tuyến", "post": "Nộp qua bưu chính"}
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


def today() -> dt.date:
    """Today in Vietnam, or TTHC_TODAY (YYYY-MM-DD): staff preview the answers on a coming date
    (e.g. the day after a fee rule ends), and the tests fix the date they run at."""
    fixed = os.environ.get("TTHC_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.datetime.now(TIMEZONE).date()


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def date_vi(value: Optional[dt.date]) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def source_line(source: Source, verified_on: dt.date) -> str:
    dated = f", dữ liệu ngày {date_vi(source.date)}" if source.date else ""
    return f"Nguồn: {source.name}{dated}; kiểm tra ngày {date_vi(verified_on)}."


def fee_text(fee: Fee) -> str:
    """One fee amount with its unit, legal basis and validity."""
    if fee.amount is None:
        text = fee.note or "chưa có số tiền đã xác minh"
    elif fee.amount == 0:
        text = fee.note or "Miễn phí"
    else:
        text = money(fee.amount) + (f" {fee.unit.removeprefix('đồng')}".rstrip() if fee.unit else "")
    details = [d for d in (fee.kind, fee.legal_basis) if d]
    if fee.valid_to:
        details.append(f"áp dụng đến hết {date_vi(fee.valid_to)}")
    return text + (f" ({'; '.join(details)})" if details else "")


def footer(proc: Procedure) -> str:
    """Caveats, the portal link and the source: said with every procedure answer."""
    lines = [f"⚠ {c}" for c in proc.caveats]
    if not proc.curated:
        lines.append(IMPORTED_NOTE)
    lines.append(f"Xem trên Cổng Dịch vụ công quốc gia: {proc.link}")
    lines.append(source_line(proc.source, proc.verified_on))
    return "\n".join(lines)


def shorten(text: str, limit: int) -> str:
    """The text, cut at a word before ``limit`` characters with "…" (the page has the rest)."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def payload(intent: str, **entities: Any) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def aspect_buttons(proc: Procedure, exclude: Union[str, List[str]]) -> List[Dict[str, str]]:
    """Buttons for the other aspects of the procedure (all but those just answered)."""
    excluded = [exclude] if isinstance(exclude, str) else exclude
    buttons = []
    for aspect, title in ASPECT_TITLES.items():
        if aspect not in excluded:
            entities: Dict[str, str] = {"procedure": proc.key}
            if aspect == "agency":
                entities["aspect"] = "agency"
            buttons.append({"title": title, "payload": payload(INTENT_BY_ASPECT[aspect], **entities)})
    return buttons


def latest_text(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else text


def entity_values(tracker: Tracker, name: str) -> List[str]:
    return [str(e["value"]) for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]


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


def resolve_procedure(tracker: Tracker) -> Resolution:
    """Which procedure the latest message means, using the conversation when it names none."""
    index = procedure_index()
    intent = tracker.latest_message.get("intent", {}).get("name")
    text = latest_text(tracker)
    if intent == "choose_option":
        candidates = [index.catalogue.procedure(k) for k in tracker.get_slot("candidates") or []]
        candidates = [c for c in candidates if c]
        position = ordinal(text)
        if candidates and position and position <= len(candidates):
            return Resolution(procedure=candidates[position - 1 if position > 0 else -1])
        if candidates:
            return Resolution(choices=candidates)
    whole = index.find(text) if text else None
    if whole and whole.found:
        return Resolution(procedure=whole.found)  # the whole question beats a shorter name inside it
    for value in entity_values(tracker, "procedure"):
        if whole and whole.ambiguous and not whole.unsure:
            break  # the whole question names several: ask among those, not a shorter name's pick
        match = index.find(value)
        if match.found and not (whole and match.found in whole.procedures):
            return Resolution(procedure=match.found)
        if whole and whole.ambiguous:
            break
        if match.ambiguous:
            return Resolution(choices=match.procedures, asked=value)
    if whole and whole.ambiguous:
        return Resolution(choices=whole.procedures, asked=text, unsure=whole.unsure)
    previous = tracker.get_slot("procedure")
    if previous and index.catalogue.procedure(previous):
        return Resolution(procedure=index.catalogue.procedure(previous))
    return Resolution(asked=text)


def named_procedure(tracker: Tracker, loose_words: bool = False) -> List[Procedure]:
    """Catalogue procedures the citizen's words name (a name or an alias; with ``loose_words``
    also a procedure the other words point at clearly), never a guess among the best matches."""
    text = latest_text(tracker)
    try:
        match = procedure_index().find(text, loose_words=loose_words) if text else None
    except CatalogueUnavailable:
        return []
    return match.procedures if match and not match.unsure else []


def offer_choices(
    dispatcher: CollectingDispatcher, choices: List[Procedure], aspect: str, unsure: bool = False, asked: str = ""
) -> List[Dict[str, Any]]:
    """Ask which procedure is meant (siblings, or the best matches when unsure, with the portal's
    search for ``asked`` in case none is); returns the slot events to remember the list."""
    lines = [f"{i}. {p.title}" for i, p in enumerate(choices, start=1)]
    intent = INTENT_BY_ASPECT.get(aspect, "ask_procedure_info")
    buttons = [{"title": shorten(p.name, BUTTON_TITLE), "payload": payload(intent, procedure=p.key)} for p in choices]
    head = UNSURE_CHOICES if unsure else SIBLING_CHOICES
    if unsure and asked.strip():
        lines.append(
            f"Nếu không phải, Anh/Chị tìm trên Cổng Dịch vụ công quốc gia: {portal_search_url(asked.strip()[:100])}"
        )
    dispatcher.utter_message(text=head + "\n" + "\n".join(lines), buttons=buttons)
    return [SlotSet("candidates", [p.key for p in choices]), SlotSet("aspect", aspect)]


def answered(tracker: Tracker, proc: Procedure, aspects: Union[str, List[str]]) -> List[Dict[str, Any]]:
    """The slots to remember after answering ``aspects`` of ``proc``; counted for the staff report."""
    aspects = [aspects] if isinstance(aspects, str) else aspects
    for aspect in aspects:
        record(tracker, "answered", procedure=proc.key, answer=aspect)
    return [SlotSet("procedure", proc.key), SlotSet("aspect", aspects[0]), SlotSet("candidates", None)]


def say_not_found(dispatcher: CollectingDispatcher, tracker: Tracker, asked: str) -> None:
    if asked.strip():
        record(tracker, "unanswered", question=latest_text(tracker) or asked)
        dispatcher.utter_message(
            text=(
                "Dạ, em chưa tìm thấy thủ tục phù hợp trong danh mục của em. "
                f"Anh/Chị có thể tìm trên Cổng Dịch vụ công quốc gia: {portal_search_url(asked.strip()[:100])}"
            )
        )
    else:
        dispatcher.utter_message(
            text='Dạ, Anh/Chị hỏi về thủ tục nào ạ? Ví dụ: "đăng ký kết hôn", "làm hộ chiếu", "đăng ký tạm trú".'
        )


def unavailable(dispatcher: CollectingDispatcher, error: Exception) -> List[Dict[str, Any]]:
    logger.error("Catalogue unavailable: %s", error)
    dispatcher.utter_message(text=CATALOGUE_ERROR)
    return []
