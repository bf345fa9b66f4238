"""The words that ask an aspect decide between the procedure-question intents.

DIET reads "đi sang tên xe thì đem theo cà vẹt với giấy mua bán là đủ chưa" as a general
question about the procedure, and "làm hộ chiếu bây giờ giá bao nhiêu" as a where-question: the
procedure's words weigh more than the few that ask. When the message names a procedure and its
other words ask one of the aspects in ``intents`` (``bot.aspects``: "đem theo", "bao lâu",
"bao nhiêu tiền", "ở đâu") while the chosen intent is the overview or another of these that the
words do not ask, the message is read as the first aspect the words ask. Fee reductions, online
filing and status checks have words of their own and are left to the guard before this one.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.aspects import asked_aspects
from bot.nlu.intent_cues import without_names
from bot.nlu.intent_guard import IntentGuard, as_ranked


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class AspectWordGuard(IntentGuard):
    """Re-reads a procedure question as the aspect its words ask (see module)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"procedure_entity": "procedure", "overview_intent": None, "intents": {}}

    def __init__(self, config: Dict[str, Any]) -> None:
        self.entity = config["procedure_entity"]
        self.overview = config["overview_intent"]
        self.intents: Dict[str, str] = dict(config["intents"])

    def reading(self, message: Message) -> Optional[Dict[str, Any]]:
        asked = self.asked_intent(message)
        return as_ranked(message, asked) if asked else None

    def asked_intent(self, message: Message) -> Optional[str]:
        """The intent of the first aspect the words ask, when the chosen intent is not one asked."""
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if intent != self.overview and intent not in self.intents.values():
            return None
        names = [e for e in message.get(ENTITIES) or [] if e.get("entity") == self.entity]
        if not names:
            return None
        words = without_names(message.get(TEXT) or "", names)
        asked = [self.intents[a] for a in asked_aspects(words) if a in self.intents]
        return asked[0] if asked and intent not in asked else None
