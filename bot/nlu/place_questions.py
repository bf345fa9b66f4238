"""A message that names a place of the province and asks where, or which commune it is now,
is a where-to-file question.

The classifier learns "nộp hồ sơ ở đâu" from a few examples, but citizens name one of ~275 old
and new units in every shape ("nhà ở Cam Nghĩa thì làm giấy tờ ở đâu", "phường Tân Tiến trước
đây nay thuộc phường nào"), and it reads some of them as a procedure question, off-topic or
unsure. When the gazetteer found a place, a where-word is in the message and the intent is one
of ``from_intents``, the message is read as ``place_intent``; the action then answers the
procedure's agency too when a procedure is named.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.text import fold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PlaceQuestionGuard(GraphComponent):
    """Re-reads a message naming a place and asking where as the where-to-file intent."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"place_entity": "location", "place_intent": None, "from_intents": [], "cues": []}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.entity = config["place_entity"]
        self.intent = config["place_intent"]
        self.from_intents = set(config["from_intents"])
        self.cues = [f" {fold(cue)} " for cue in config["cues"]]

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PlaceQuestionGuard:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.asks_where(message):
                ranking = message.get(INTENT_RANKING_KEY) or []
                chosen = next((r for r in ranking if r.get(INTENT_NAME_KEY) == self.intent), None)
                message.set(INTENT, dict(chosen) if chosen else {INTENT_NAME_KEY: self.intent, "confidence": 0.0}, True)
        return messages

    def asks_where(self, message: Message) -> bool:
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) not in self.from_intents:
            return False
        if not any(e.get("entity") == self.entity for e in message.get(ENTITIES) or []):
            return False
        padded = f" {fold(message.get(TEXT) or '')} "
        return any(cue in padded for cue in self.cues)
