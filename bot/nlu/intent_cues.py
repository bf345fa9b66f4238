"""Questions that name a catalogue procedure are procedure questions, unless they say otherwise.

DIET sometimes reads "căn cước của tôi hết hạn rồi" as a status check or "giải thể hộ kinh
doanh luôn" as a "yes": the classifier sees "của tôi … rồi" or "luôn", not the procedure.
Intents other than procedure questions (status, a person, capabilities, greetings, yes/no,
"the second one") have words of their own ("tra cứu", "nhân viên", "giúp được gì", "chào",
"đúng", "không", "cái"). When the top intent is one of those, none of its words is in the
message, and the gazetteer found a procedure (or the message tells a story of ``story_words``
words or more: a citizen describing a situation; or, for a reply such as "yes", "no" or
"thanks" (``short_intents``), it has ``short_words`` words or more and the words of none of
those replies: "thẻ thừa phát lại bị mất" is no "no"), the message is read as asking about a procedure (the overview intent). A procedure intent with words of its own (a fee reduction:
"giảm", "miễn") chosen without them gives way to the best other procedure intent.

When the NLU is unsure (nlu_fallback) and the words name a procedure (or tell a story), its best
reading is kept if that is a procedure intent (with its own words or without); the overview is
used if it is another intent without its words or one of ``also_when_unsure`` (a bare procedure
name, "off-topic"). The answer offers the other aspects as buttons, which costs the citizen less
than "did you mean …?". A reply with its own words ("không phải khai sinh", "cái thứ hai") keeps
its reading. An intent of ``when_named`` (off-topic) that names a procedure ("Sang tên xe máy.")
is the overview, whatever its other words: off-topic has no words of its own to check.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME as FALLBACK
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_guard import IntentGuard
from bot.privacy import MASK
from bot.text import fold


def without_names(text: str, names: List[Dict[str, Any]]) -> str:
    """The message without the procedure and place names in it: "giảm" in "giảm thuế thu nhập cá
    nhân" names the procedure, it does not ask for a fee reduction, and "tại Nha Trang" is no
    "tại nhà" (online)."""
    for name in sorted(names, key=lambda e: -e.get("start", 0)):
        if isinstance(name.get("start"), int) and isinstance(name.get("end"), int):
            text = text[: name["start"]] + " " + text[name["end"] :]
    return text


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentCueGuard(IntentGuard):
    """Re-reads other intents without their cue words as procedure questions (see module)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "procedure_entity": "procedure",
            "place_entity": None,
            "procedure_intents": [],
            "overview_intent": None,
            "also_when_unsure": [],
            "story_words": 0,
            "short_intents": [],
            "short_words": 0,
            "cues": {},
            "when_named": [],
            "courtesy_intents": [],
        }

    def __init__(self, config: Dict[str, Any]) -> None:
        self.entity = config["procedure_entity"]
        self.place_entity = config["place_entity"]
        self.procedure_intents = set(config["procedure_intents"])
        self.overview = config["overview_intent"]
        self.unsure = self.procedure_intents | set(config["also_when_unsure"])
        self.story_words = config["story_words"]
        self.short_intents = set(config["short_intents"])
        self.short_words = config["short_words"]
        self.cues = {intent: [f" {fold(cue)} " for cue in cues] for intent, cues in config["cues"].items()}
        self.when_named = set(config["when_named"])
        self.courtesies = set(config["courtesy_intents"])

    def reading(self, message: Message) -> Optional[Dict[str, Any]]:
        """The procedure intent to use instead of the message's intent, if any."""
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != FALLBACK]
        read = ranking[0].get(INTENT_NAME_KEY) if intent == FALLBACK and ranking else intent
        entities = message.get(ENTITIES) or []
        names = [e for e in entities if e.get("entity") == self.entity]
        places = [e for e in entities if self.place_entity and e.get("entity") == self.place_entity]
        named = bool(names)
        if read in self.when_named and intent != FALLBACK:
            return self._ranked(ranking, self.overview) if named else None
        if read not in self.cues and not (intent == FALLBACK and read in self.unsure):
            return None
        text = MASK.sub(" ", message.get(TEXT) or "")
        size = len(fold(without_names(text, names)).split())
        # the words asking: without the places either ("tại Nha Trang" is no "tại nhà")
        padded = f" {fold(without_names(text, names + places))} "
        story = self.story_words and size >= self.story_words
        long_for_a_reply = (
            read in self.short_intents
            and self.short_words
            and size >= self.short_words
            and not any(self._has_cues(reply, padded) for reply in self.short_intents)
        )
        if not named and not story and not long_for_a_reply:
            return None
        if self._has_cues(read, padded) and not (named and read in self.courtesies):
            # its own words are there: an unsure procedure reading is kept, not questioned back
            unsure_procedure = intent == FALLBACK and read in self.procedure_intents
            return dict(ranking[0]) if unsure_procedure else None
        # unsure between procedure intents, or a procedure intent without its own words ("giảm"
        # for a fee reduction): the best procedure intent that fits; a service intent: the
        # overview, whose buttons lead to the documents, time and fee
        fitting = [
            r
            for r in ranking
            if r.get(INTENT_NAME_KEY) in self.procedure_intents
            and (r.get(INTENT_NAME_KEY) not in self.cues or self._has_cues(r.get(INTENT_NAME_KEY), padded))
        ]
        wanted = fitting[0].get(INTENT_NAME_KEY) if read in self.procedure_intents and fitting else self.overview
        return self._ranked(ranking, wanted)

    @staticmethod
    def _ranked(ranking: List[Dict[str, Any]], wanted: str) -> Dict[str, Any]:
        """The ranking's entry for ``wanted`` (with no confidence if it is not ranked)."""
        chosen = next((r for r in ranking if r.get(INTENT_NAME_KEY) == wanted), None)
        return dict(chosen) if chosen else {INTENT_NAME_KEY: wanted, "confidence": 0.0}

    def _has_cues(self, intent: str, padded: str) -> bool:
        return any(cue in padded for cue in self.cues.get(intent, []))
