"""Citizens rating the answer they just got (👍/👎 buttons, or /feedback in rasa shell)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.recording import record
from actions.turn import entity_values
from bot.replies import RATING_BUTTONS

# answers about one procedure: what was rated is that procedure and the aspect answered
PROCEDURE_ANSWERS = {"action_answer_procedure", "action_online_filing", "action_fee_reduction"}
NOT_ANSWERS = {"action_listen", "action_session_start", "action_record_feedback", "action_unlikely_intent"}


def rated_action(tracker: Tracker) -> Optional[str]:
    """The last action that answered the citizen before this rating."""
    events = list(tracker.events)
    latest_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in reversed(events[:latest_user]):
        if event.get("event") == "action" and event.get("name") not in NOT_ANSWERS:
            return event["name"]
    return None


class ActionRecordFeedback(Action):
    """Stores 👍/👎 for the previous answer (no personal data) and thanks the citizen."""

    def name(self) -> str:
        return "action_record_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        ratings = [r for r in entity_values(tracker, "rating") if r in ("good", "bad")]
        if not ratings:
            dispatcher.utter_message(
                text="Dạ, câu trả lời vừa rồi có giúp được Anh/Chị không ạ?", buttons=RATING_BUTTONS
            )
            return []
        action = rated_action(tracker) or ""
        if action in PROCEDURE_ANSWERS:
            details = {"procedure": tracker.get_slot("procedure") or "", "answer": tracker.get_slot("aspect") or ""}
        else:
            details = {"answer": action}
        record(tracker, "rating", rating=ratings[0], **details)
        if ratings[0] == "good":
            dispatcher.utter_message(text="Dạ, em cảm ơn Anh/Chị đã đánh giá ạ!")
        else:
            dispatcher.utter_message(
                text=(
                    "Dạ, em xin lỗi vì câu trả lời chưa đúng ý Anh/Chị. Em đã ghi lại để cán bộ bổ sung. "
                    'Anh/Chị có thể hỏi lại theo cách khác, hoặc nhắn "gặp cán bộ" để được hỗ trợ trực tiếp ạ.'
                )
            )
        return []
