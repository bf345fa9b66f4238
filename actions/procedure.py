"""Answers about one procedure: documents, processing time, fee, agency, or an overview."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    ASPECT_BY_INTENT,
    CHANNEL_NAMES,
    answered,
    aspect_buttons,
    date_vi,
    entity_values,
    fee_text,
    footer,
    latest_text,
    money,
    offer_choices,
    resolve_procedure,
    say_not_found,
    shorten,
    today,
    unavailable,
)
from actions.fees import answer_reduction
from actions.online_filing import answer_online, procedure_online
from bot.aspects import asked_aspects
from bot.catalogue.client import CatalogueUnavailable
from bot.catalogue.model import CHANNELS, Document, Procedure, Route


def unknown(proc: Procedure, what: str) -> str:
    return (
        f"Dạ, em chưa có thông tin đã xác minh về {what} của thủ tục {proc.title}. "
        "Anh/Chị vui lòng xem trang thủ tục trên Cổng Dịch vụ công quốc gia hoặc hỏi Bộ phận Một cửa nơi nộp hồ sơ."
    )


MAX_DOCUMENTS = 10  # a long list is cut here; the rest is on the portal page
MAX_DOCUMENT_LENGTH = 300


def document_line(document: Document) -> str:
    name = shorten(document.name, MAX_DOCUMENT_LENGTH)
    details = [d for d in (document.copies, document.form and f"mẫu: {document.form}") if d]
    return f"• {name}" + (f" ({'; '.join(details)})" if details else "")


def documents_answer(proc: Procedure) -> str:
    if not proc.documents:
        return unknown(proc, "giấy tờ cần có")
    lines = [f"Dạ, thủ tục {proc.title} cần:"]
    case = None
    for document in proc.documents[:MAX_DOCUMENTS]:
        if document.case and document.case != case:
            lines.append(f"{document.case}:")
        case = document.case
        lines.append(document_line(document))
    if len(proc.documents) > MAX_DOCUMENTS:
        lines.append(f"… và {len(proc.documents) - MAX_DOCUMENTS} mục khác, Anh/Chị xem đủ trên trang thủ tục.")
    return "\n".join(lines)


def by_route(proc: Procedure, shown: Callable[[Route], Optional[str]]) -> Dict[str, List[str]]:
    """What ``shown`` says of each way to file, with the channels that say it (None: left out)."""
    grouped: Dict[str, List[str]] = {}
    for route in proc.routes:
        text = shown(route)
        if text:
            grouped.setdefault(text, []).append(CHANNEL_NAMES[route.channel])
    return grouped


def route_time(route: Route) -> Optional[str]:
    """A route's time as the portal gives it (a bare number keeps no unit)."""
    if not route.time:
        return None
    return route.time if not route.time.isdigit() else f"{route.time} (Cổng không ghi đơn vị)"


def route_fee(route: Route) -> Optional[str]:
    """A route's fee: an amount the portal states plainly, else its own words."""
    if route.fee_amount is not None and route.fee and "(" not in route.fee:
        return money(route.fee_amount) if route.fee_amount else "Miễn phí"
    return f"Cổng ghi: “{shorten(route.fee, MAX_DOCUMENT_LENGTH)}”" if route.fee else None


def route_times(proc: Procedure) -> List[str]:
    """The time of each way to file; one line when every way takes the same."""
    by_time = by_route(proc, route_time)
    if len(by_time) == 1 and sum(len(c) for c in by_time.values()) == len(proc.routes):
        return list(by_time)
    return [f"{', '.join(channels)}: {time}" for time, channels in by_time.items()]


def time_answer(proc: Procedure) -> str:
    if proc.processing_time:
        return f"Dạ, thời gian giải quyết thủ tục {proc.title}: {proc.processing_time}."
    times = route_times(proc)
    if not times:
        return unknown(proc, "thời gian giải quyết")
    if len(times) == 1:
        return f"Dạ, thời gian giải quyết thủ tục {proc.title} theo Cổng Dịch vụ công: {times[0]}."
    return f"Dạ, thời gian giải quyết thủ tục {proc.title} theo Cổng Dịch vụ công:\n" + "\n".join(
        f"• {t}" for t in times
    )


def route_fee_lines(proc: Procedure) -> List[str]:
    """The fee of each way to file, channels with the same fee together."""
    return [f"• {', '.join(channels)}: {fee}" for fee, channels in by_route(proc, route_fee).items()]


def fee_answer(proc: Procedure) -> str:
    now = today()
    lines = []
    for channel in CHANNELS:
        current = proc.current_fees(channel, now)
        if current:
            lines.append(f"• {CHANNEL_NAMES[channel]}: " + "; ".join(fee_text(f) for f in current))
    if not proc.fees:
        lines = route_fee_lines(proc)
    notes = [n for n in (proc.fee_note, proc.exemptions and f"Miễn, giảm: {proc.exemptions}") if n]
    for fee in proc.expired_fees(now):
        notes.append(
            f"Mức {money(fee.amount) if fee.amount else fee.note} ({fee.legal_basis or 'mức tạm thời'}) "
            f"đã hết hiệu lực từ sau {date_vi(fee.valid_to)}, không còn áp dụng."
        )
    if not lines and not notes:
        return unknown(proc, "lệ phí")
    head = f"Dạ, lệ phí thủ tục {proc.title}:"
    if not lines:
        head += " em chưa có số tiền đã xác minh."
    return "\n".join([head, *lines, *notes])


def agency_answer(proc: Procedure) -> str:
    if not proc.agency and not proc.level:
        return unknown(proc, "cơ quan giải quyết")
    parts = [f"Dạ, thủ tục {proc.title}"]
    if proc.level:
        parts.append(f"thuộc {proc.level.lower()}")
    if proc.agency:
        return ", ".join([*parts, f"do {proc.agency} giải quyết"]) + "."
    return (
        ", ".join(parts)
        + ". Em chưa có tên cơ quan giải quyết đã xác minh; Anh/Chị xem trang thủ tục hoặc hỏi Bộ phận Một cửa ạ."
    )


def overview_answer(proc: Procedure) -> str:
    lines = [f"Dạ, thủ tục {proc.title}, lĩnh vực {proc.field}."]
    if proc.agency:
        lines.append(f"• Nơi giải quyết: {proc.agency}" + (f" ({proc.level})" if proc.level else ""))
    times = [proc.processing_time] if proc.processing_time else route_times(proc)
    if times:
        lines.append("• Thời gian: " + "; ".join(times))
    if proc.online.available is True:
        lines.append("• Có thể nộp trực tuyến: " + ", ".join(proc.online.channels or ["Trực tuyến"]))
    elif proc.online.available is False:
        lines.append("• Chưa nộp trực tuyến được: " + ", ".join(proc.online.channels or ["Trực tiếp"]))
    if len(lines) == 1:
        lines.append("Em mới có tên và mã của thủ tục này; các thông tin khác chưa được xác minh.")
    lines.append("Anh/Chị chọn nội dung cần xem bên dưới ạ.")
    return "\n".join(lines)


ANSWERS = {
    "documents": documents_answer,
    "time": time_answer,
    "fee": fee_answer,
    "agency": agency_answer,
    "online": procedure_online,
    "overview": overview_answer,
}


def answer_procedure(dispatcher: CollectingDispatcher, tracker: Tracker, aspects: List[str]) -> List[Dict[str, Any]]:
    """Resolve the procedure of this turn and answer each of ``aspects`` about it."""
    try:
        found = resolve_procedure(tracker)
    except CatalogueUnavailable as error:
        return unavailable(dispatcher, error)
    if found.choices:
        return offer_choices(dispatcher, found.choices, aspects[0], unsure=found.unsure, asked=found.asked)
    if not found.procedure:
        say_not_found(dispatcher, tracker, found.asked)
        return [SlotSet("aspect", aspects[0])]
    proc = found.procedure
    text = "\n\n".join(ANSWERS[aspect](proc) for aspect in aspects)
    dispatcher.utter_message(text=text + "\n" + footer(proc), buttons=aspect_buttons(proc, exclude=aspects))
    return answered(tracker, proc, aspects)


def answer_aspect(dispatcher: CollectingDispatcher, tracker: Tracker, aspect: str) -> List[Dict[str, Any]]:
    if aspect == "online":
        return answer_online(dispatcher, tracker)
    if aspect == "reduction":
        return answer_reduction(dispatcher, tracker)
    return answer_procedure(dispatcher, tracker, [aspect if aspect in ANSWERS else "overview"])


class ActionAnswerProcedure(Action):
    """Answers what was asked (documents, time, fee, agency, online or an overview) about a
    procedure; a question asking several of these gets each."""

    def name(self) -> str:
        return "action_answer_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        requested = entity_values(tracker, "aspect")
        asked = [a for a in asked_aspects(latest_text(tracker)) if a in ANSWERS]
        if requested and requested[0] in ANSWERS:
            aspects = requested[:1]
        elif asked:
            aspects = asked
        elif intent in ASPECT_BY_INTENT:
            aspects = [ASPECT_BY_INTENT[intent]]
        else:
            aspects = [tracker.get_slot("aspect") or "overview"]
        if len(aspects) == 1:
            return answer_aspect(dispatcher, tracker, aspects[0])
        return answer_procedure(dispatcher, tracker, aspects)
