"""Saying things to the citizen: answers with their buttons, the question which procedure is
meant, "not found", and the slots and staff-report counts that go with them."""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Union

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.recording import channel_of, record
from actions.turn import latest_text
from actions.wording import CATALOGUE_ERROR, OTHER_PROCEDURE, SIBLING_CHOICES, UNSURE_CHOICES, portal_search, shorten
from bot.catalogue.model import Procedure
from bot.replies import rating_request

logger = logging.getLogger(__name__)

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
BUTTON_TITLE = 80  # characters of a procedure's name on a button


def payload(intent: str, **entities: Any) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def aspect_payload(proc: Procedure, aspect: str) -> str:
    """The message that asks ``aspect`` of ``proc``; where to file has no intent of its own, so
    it rides on the overview's with an ``aspect`` entity."""
    entities: Dict[str, str] = {"procedure": proc.key}
    if aspect == "agency":
        entities["aspect"] = "agency"
    return payload(INTENT_BY_ASPECT.get(aspect, "ask_procedure_info"), **entities)


def aspect_buttons(proc: Procedure, exclude: Union[str, List[str]]) -> List[Dict[str, str]]:
    """Buttons for the other aspects of the procedure (all but those just answered)."""
    excluded = [exclude] if isinstance(exclude, str) else exclude
    return [
        {"title": title, "payload": aspect_payload(proc, aspect)}
        for aspect, title in ASPECT_TITLES.items()
        if aspect not in excluded
    ]


def procedure_button(proc: Procedure, aspect: str, title: str = "") -> Dict[str, str]:
    """A button that asks ``aspect`` of ``proc``; its title is the name after ``title``."""
    return {"title": shorten(title + proc.plain_name, BUTTON_TITLE), "payload": aspect_payload(proc, aspect)}


def alternative_buttons(procedures: List[Procedure], aspect: str) -> List[Dict[str, str]]:
    """Buttons under an answer for the other procedures the question may mean, same aspect."""
    return [procedure_button(p, aspect, OTHER_PROCEDURE) for p in procedures]


def say_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, buttons: Optional[List[Dict[str, str]]] = None
) -> None:
    """An answer that cites its source, followed by the request for 👍/👎 the chat channels
    render under it (bot/replies.py; in rasa shell staff type /feedback instead)."""
    rating = rating_request() if channel_of(tracker) != "shell" else None
    dispatcher.utter_message(text=text, buttons=buttons or [], json_message=rating)


def offer_choices(
    dispatcher: CollectingDispatcher,
    choices: List[Procedure],
    aspect: str,
    unsure: bool = False,
    asked: str = "",
    head: str = "",
) -> List[Dict[str, Any]]:
    """Ask which procedure is meant (siblings, or the best matches when unsure, with the portal's
    search for ``asked`` in case none is; ``head`` instead of the usual first line); returns the
    slot events to remember the list."""
    lines = [f"{i}. {p.title}" for i, p in enumerate(choices, start=1)]
    buttons = [procedure_button(p, aspect) for p in choices]
    head = head or (UNSURE_CHOICES if unsure else SIBLING_CHOICES)
    if unsure and asked.strip():
        lines.append(f"Nếu không phải, Anh/Chị tìm trên {portal_search(asked)}")
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
                f"Anh/Chị có thể tìm trên {portal_search(asked)}"
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
