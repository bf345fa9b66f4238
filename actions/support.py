"""Handing over to people (the hotline) and the Vietnamese confirmation step of the two-stage fallback."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import payload, say_answer
from actions.recording import record
from actions.turn import catalogue, latest_text, named_procedure
from actions.wording import PORTAL_NAME, source_line
from bot.catalogue.client import CatalogueUnavailable
from bot.text import WORD

INTENT_DESCRIPTIONS = {
    "ask_procedure_info": "cách làm một thủ tục",
    "ask_documents": "giấy tờ cần có",
    "ask_processing_time": "thời gian giải quyết",
    "ask_fee": "lệ phí",
    "ask_fee_reduction": "giảm lệ phí khi nộp trực tuyến",
    "ask_online_filing": "nộp hồ sơ trực tuyến",
    "ask_service_center": "nơi nộp hồ sơ",
    "ask_application_status": "tra cứu tình trạng hồ sơ",
    "request_human": "gặp cán bộ hỗ trợ",
    "ask_capabilities": "những việc em có thể giúp",
}
ONE_STOP = "hỏi trực tiếp cán bộ tại Bộ phận Một cửa của UBND xã, phường trong giờ hành chính."


def answer_hotline(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """The hotline to reach a person (portal.yml), and the one-stop counter."""
    try:
        portal = catalogue().portal
    except CatalogueUnavailable:
        portal = None
    if not portal or not portal.hotline:
        dispatcher.utter_message(text=f"Dạ, Anh/Chị có thể {ONE_STOP}")
        return []
    say_answer(
        dispatcher,
        tracker,
        f"Dạ, Anh/Chị có thể gọi tổng đài hỗ trợ của {PORTAL_NAME}: {portal.hotline}. "
        f"Giờ trực của tổng đài em chưa có thông tin đã xác minh. Anh/Chị cũng có thể {ONE_STOP}\n"
        + source_line(portal.hotline_source, portal.hotline_verified_on),
    )
    return []


def likely_intent(tracker: Tracker) -> Optional[str]:
    """The NLU's best reading of an unsure message that the confirmation can describe; none for
    a message without a word ("?", "...", an emoji alone), which no reading describes."""
    if not WORD.search(latest_text(tracker)):
        return None
    ranking = tracker.latest_message.get("intent_ranking", [])
    return next((r["name"] for r in ranking if r["name"] in INTENT_DESCRIPTIONS), None)


def ask_affirmation(dispatcher: CollectingDispatcher, tracker: Tracker, guess: Optional[str]) -> List[Dict[str, Any]]:
    """Asks, in Vietnamese, whether ``guess`` (and the procedure the words name) is what the
    citizen meant; asks to rephrase when there is no guess."""
    record(tracker, "unanswered", question=latest_text(tracker))
    if guess is None:
        dispatcher.utter_message(response="utter_ask_rephrase")
        return []
    entities = {
        e["entity"]: e["value"] for e in tracker.latest_message.get("entities", []) if e.get("entity") == "procedure"
    }
    named = named_procedure(tracker)
    about = INTENT_DESCRIPTIONS[guess]
    if len(named) == 1:  # the words name one procedure: confirm it, the button carries it
        entities["procedure"] = named[0].key
        about += f" của thủ tục {named[0].plain_name}"
    dispatcher.utter_message(
        text=f"Dạ, có phải Anh/Chị muốn hỏi về {about} không ạ?",
        buttons=[
            {"title": "Đúng vậy", "payload": payload(guess, **entities)},
            {"title": "Không phải", "payload": "/deny"},
        ],
    )
    return []
