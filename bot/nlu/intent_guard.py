"""What the intent guards share: each reads the classifier's output and the entities, and may
put another intent in its place. They train nothing; the rule is in ``reading``."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


class IntentGuard(GraphComponent):
    """Replaces a message's intent with the one ``reading`` returns, if any."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentGuard:
        return cls(config)  # type: ignore[call-arg]  # each guard is built from its config

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            chosen = self.reading(message)
            if chosen:
                message.set(INTENT, chosen, add_to_output=True)
        return messages

    def reading(self, message: Message) -> Optional[Dict[str, Any]]:
        """The intent to use instead of the message's, or None to keep it."""
        raise NotImplementedError


def as_ranked(message: Message, intent: str) -> Dict[str, Any]:
    """The intent with the confidence the classifier gave it (0 when it did not rank it)."""
    ranked = next((r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) == intent), None)
    return dict(ranked) if ranked else {INTENT_NAME_KEY: intent, "confidence": 0.0}
