"""A bare answer (a procedure, a place or a dossier code) continues what was being asked."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_values
from actions.procedure import ActionAnswerProcedure
from actions.service_centre import answer_place, place_text
from actions.status import ActionApplicationStatus


class ActionHandleInform(Action):
    """Routes a bare procedure name, place or dossier code to the question it answers."""

    def name(self) -> str:
        return "action_handle_inform"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if entity_values(tracker, "dossier_code") and not entity_values(tracker, "procedure"):
            return await ActionApplicationStatus().run(dispatcher, tracker, domain)
        places = entity_values(tracker, "location")
        if places and not entity_values(tracker, "procedure"):
            return answer_place(dispatcher, tracker, place_text(tracker))
        return await ActionAnswerProcedure().run(dispatcher, tracker, domain)
