"""A message that names a place of the province and asks where, or which commune it is now,
is a where-to-file question.

The classifier learns "nộp hồ sơ ở đâu" from a few examples, but citizens name one of ~275 old
and new units in every shape ("nhà ở Cam Nghĩa thì làm giấy tờ ở đâu", "phường Tân Tiến trước
đây nay thuộc phường nào"), and it reads some of them as a procedure question, off-topic or
unsure. When the gazetteer found a place, a where-word is in the message and the intent is one
of ``from_intents`` (or any intent read with less confidence than ``unsure_below``), the
message is read as ``place_intent``; the action then answers the
procedure's agency too when a procedure is named. Words that ask which unit a place is now
(``unit_cues``: "Trường Sa giờ là xã nào") make it so from any intent. A message that is only a place ("thành phố
Nha Trang", "H. Thuận Nam cũ", "nhà tôi ở Vạn Thạnh": at most ``bare_words`` other words
besides the place and its lead-in, no procedure) is read so
whatever the classifier chose, unless it chose one of ``bare_keeps`` (a bare answer, "inform",
already goes to the place) or, with some word besides the place ("đúng rồi, Cam Lâm"), one of
``worded_keeps``: a place name alone is no yes or no ("Trường Sa" read as "no").
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_guard import IntentGuard, as_ranked
from bot.places.mentions import without_places
from bot.text import fold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PlaceQuestionGuard(IntentGuard):
    """Re-reads a message naming a place and asking where as the where-to-file intent."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "place_entity": "location",
            "procedure_entity": "procedure",
            "place_intent": None,
            "from_intents": [],
            "cues": [],
            "unit_cues": [],
            "bare_words": 2,
            "bare_keeps": [],
            "worded_keeps": [],
            "unsure_below": 0.0,
        }

    def __init__(self, config: Dict[str, Any]) -> None:
        self.entity = config["place_entity"]
        self.procedure_entity = config["procedure_entity"]
        self.bare_words = config["bare_words"]
        self.bare_keeps = set(config["bare_keeps"])
        self.worded_keeps = set(config["worded_keeps"])
        self.unsure_below = config["unsure_below"]
        self.intent = config["place_intent"]
        self.from_intents = set(config["from_intents"])
        self.cues = [f" {fold(cue)} " for cue in config["cues"]]
        self.unit_cues = [f" {fold(cue)} " for cue in config["unit_cues"]]

    def reading(self, message: Message) -> Optional[Dict[str, Any]]:
        return as_ranked(message, self.intent) if self.asks_where(message) else None

    def asks_where(self, message: Message) -> bool:
        entities = message.get(ENTITIES) or []
        places = [e for e in entities if e.get("entity") == self.entity]
        if not places:
            return False
        text = message.get(TEXT) or ""
        read = message.get(INTENT) or {}
        intent = read.get(INTENT_NAME_KEY)
        besides = fold(without_places(text, places, keep_kind=False)).split()  # "huyện Trường Sa" is a place
        if intent in self.bare_keeps or (intent in self.worded_keeps and besides):
            return False
        if len(besides) <= self.bare_words and not any(e.get("entity") == self.procedure_entity for e in entities):
            return True
        padded = f" {fold(text)} "
        if any(cue in padded for cue in self.unit_cues):
            return True
        if intent not in self.from_intents and (read.get("confidence") or 0.0) >= self.unsure_below:
            return False
        return any(cue in padded for cue in self.cues)
