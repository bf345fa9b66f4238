"""Handing over to people (hotline) and the Vietnamese confirmation step of the two-stage fallback."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ASPECT_BY_INTENT, PORTAL_HOTLINE, latest_text, named_procedure, payload
from actions.procedure import answer_aspect
from actions.recording import record

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


class ActionRequestHuman(Action):
    """The hotline to reach a person."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(
            text=(
                f"Dạ, Anh/Chị có thể gọi tổng đài hỗ trợ của Cổng Dịch vụ công quốc gia: {PORTAL_HOTLINE}. "
                "Giờ trực của tổng đài em chưa có thông tin đã xác minh. "
                "Anh/Chị cũng có thể hỏi trực tiếp cán bộ tại Bộ phận Một cửa của UBND xã, phường trong giờ hành chính.\n"
                "Nguồn: chân trang Cổng Dịch vụ công quốc gia; kiểm tra ngày 23/11/2026."
            )
        )
        return []


def ranked_aspect(tracker: Tracker) -> str:
    """The aspect of the best-ranked procedure-question intent among the NLU's first three."""
    ranking = [r["name"] for r in tracker.latest_message.get("intent_ranking", [])[:3]]
    return next((ASPECT_BY_INTENT[name] for name in ranking if name in ASPECT_BY_INTENT), "overview")


class ActionOutOfScope(Action):
    """Off-topic, unless the words name a catalogue procedure or point at one clearly: then that
    procedure is answered (the NLU sometimes takes a procedure question worded as a life event
    for small talk)."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if named_procedure(tracker, loose_words=True):
            return answer_aspect(dispatcher, tracker, ranked_aspect(tracker))
        record(tracker, "unanswered", question=latest_text(tracker))
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


class ActionDefaultAskAffirmation(Action):
    """Asks, in Vietnamese, whether the most likely intent is what the citizen meant."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        record(tracker, "unanswered", question=latest_text(tracker))
        ranking = tracker.latest_message.get("intent_ranking", [])
        guess = next((r["name"] for r in ranking if r["name"] in INTENT_DESCRIPTIONS), None)
        if guess is None:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        entities = {
            e["entity"]: e["value"]
            for e in tracker.latest_message.get("entities", [])
            if e.get("entity") == "procedure"
        }
        named = named_procedure(tracker)
        about = INTENT_DESCRIPTIONS[guess]
        if len(named) == 1:  # the words name one procedure: confirm it, the button carries it
            entities["procedure"] = named[0].key
            about += f" của thủ tục {named[0].name}"
        dispatcher.utter_message(
            text=f"Dạ, có phải Anh/Chị muốn hỏi về {about} không ạ?",
            buttons=[
                {"title": "Đúng vậy", "payload": payload(guess, **entities)},
                {"title": "Không phải", "payload": "/deny"},
            ],
        )
        return []
