"""Answers about one procedure: documents, processing time, fee, agency, or an overview."""

from __future__ import annotations

from typing import Any, Dict, List

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
    money,
    offer_choices,
    resolve_procedure,
    say_not_found,
    today,
    unavailable,
)
from actions.fees import answer_reduction
from actions.online_filing import answer_online
from bot.catalogue.client import CatalogueUnavailable
from bot.catalogue.model import CHANNELS, Procedure


def unknown(proc: Procedure, what: str) -> str:
    return (
        f"Dạ, em chưa có thông tin đã xác minh về {what} của thủ tục {proc.title}. "
        "Anh/Chị vui lòng xem trang thủ tục trên Cổng Dịch vụ công quốc gia hoặc hỏi Bộ phận Một cửa nơi nộp hồ sơ."
    )


def documents_answer(proc: Procedure) -> str:
    if not proc.documents:
        return unknown(proc, "giấy tờ cần có")
    items = "\n".join(f"• {d}" for d in proc.documents)
    return f"Dạ, thủ tục {proc.title} cần:\n{items}"


def time_answer(proc: Procedure) -> str:
    if not proc.processing_time:
        return unknown(proc, "thời gian giải quyết")
    return f"Dạ, thời gian giải quyết thủ tục {proc.title}: {proc.processing_time}."


def fee_answer(proc: Procedure) -> str:
    now = today()
    lines = []
    for channel in CHANNELS:
        current = proc.current_fees(channel, now)
        if current:
            lines.append(f"• {CHANNEL_NAMES[channel]}: " + "; ".join(fee_text(f) for f in current))
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
        parts.append(f"do {proc.agency} giải quyết")
    return ", ".join(parts) + "."


def overview_answer(proc: Procedure) -> str:
    lines = [f"Dạ, thủ tục {proc.title}, lĩnh vực {proc.field}."]
    if proc.agency:
        lines.append(f"• Nơi giải quyết: {proc.agency}" + (f" ({proc.level})" if proc.level else ""))
    if proc.processing_time:
        lines.append(f"• Thời gian: {proc.processing_time}")
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
    "overview": overview_answer,
}


def answer_procedure(dispatcher: CollectingDispatcher, tracker: Tracker, aspect: str) -> List[Dict[str, Any]]:
    """Resolve the procedure of this turn and answer ``aspect`` about it."""
    try:
        found = resolve_procedure(tracker)
    except CatalogueUnavailable as error:
        return unavailable(dispatcher, error)
    if found.choices:
        return offer_choices(dispatcher, found.choices, aspect)
    if not found.procedure:
        say_not_found(dispatcher, tracker, found.asked)
        return [SlotSet("aspect", aspect)]
    proc = found.procedure
    dispatcher.utter_message(
        text=ANSWERS[aspect](proc) + "\n" + footer(proc), buttons=aspect_buttons(proc, exclude=aspect)
    )
    return answered(tracker, proc, aspect)


def answer_aspect(dispatcher: CollectingDispatcher, tracker: Tracker, aspect: str) -> List[Dict[str, Any]]:
    if aspect == "online":
        return answer_online(dispatcher, tracker)
    if aspect == "reduction":
        return answer_reduction(dispatcher, tracker)
    return answer_procedure(dispatcher, tracker, aspect if aspect in ANSWERS else "overview")


class ActionAnswerProcedure(Action):
    """Answers the aspect asked (documents, time, fee, agency or overview) about a procedure."""

    def name(self) -> str:
        return "action_answer_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        requested = entity_values(tracker, "aspect")
        if requested and requested[0] in ANSWERS:
            aspect = requested[0]
        elif intent in ASPECT_BY_INTENT:
            aspect = ASPECT_BY_INTENT[intent]
        else:
            aspect = tracker.get_slot("aspect") or "overview"
        return answer_aspect(dispatcher, tracker, aspect)
