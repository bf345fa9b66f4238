"""Entity extraction from the lookup tables and regexes generated from the catalogue.

Matching is on folded text (no diacritics, abbreviations expanded), so
"đăng ký kết hôn", "dang ky ket hon" and "dk ket hon" are found alike.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.places.lookup import TYPE_WORDS, near_miss
from bot.text import WORD, canonical, fold, fold_words

_PIECE = re.compile(r"\S+")
_FILE = "gazetteer.json"

Unit = Tuple[str, int, int]
LOCATION = "location"


def folded_units(text: str) -> List[Unit]:
    """Folded words of ``text`` with the span of the original piece each comes from; words are
    folded in their sentence ("so hong" is "sổ hồng", not "sổ không")."""
    spans = [(word, p.start(), p.end()) for p in _PIECE.finditer(text) for word in WORD.findall(canonical(p.group()))]
    keys = fold_words([word for word, _, _ in spans])
    return [(word, start, end) for key, (_, start, end) in zip(keys, spans) for word in key.split()]


class Gazetteer:
    """Longest-match search of folded phrases in a text, extending a match only while its words
    begin some phrase (a 1,000-character message costs its length, not its length times the
    longest phrase's)."""

    def __init__(self, phrases: Dict[str, List[str]]) -> None:
        self.phrases = phrases
        self._index: Dict[Tuple[str, ...], str] = {}
        for entity, items in phrases.items():
            for item in items:
                key = tuple(fold(item).split())
                if key:
                    self._index.setdefault(key, entity)
        self._beginnings = {key[:size] for key in self._index for size in range(1, len(key) + 1)}
        # place names by the type word written before them ("huyện" + "bac ai"), for a name
        # mistyped by one letter after its type word ("huyện Bát Ái")
        self._after_type: Dict[Tuple[str, ...], List[Tuple[str, ...]]] = {}
        for key, entity in self._index.items():
            for type_word in TYPE_WORDS:
                if entity == LOCATION and key[: len(type_word)] == type_word and len(key) > len(type_word):
                    self._after_type.setdefault(type_word, []).append(key[len(type_word) :])

    def _longest_at(self, words: List[str], i: int) -> int:
        """Words in the longest phrase starting at ``i`` (0 if none)."""
        longest = 0
        for size in range(1, len(words) - i + 1):
            key = tuple(words[i : i + size])
            if key not in self._beginnings:
                break
            if key in self._index:
                longest = size
        return longest

    def _mistyped_at(self, words: List[str], i: int) -> int:
        """Words in a place name one letter off after its type word at ``i`` (0 if none)."""
        for type_word, names in self._after_type.items():
            if tuple(words[i : i + len(type_word)]) == type_word:
                name = near_miss(words[i + len(type_word) :], names)
                if name:
                    return len(type_word) + len(name)
        return 0

    def find(self, text: str) -> List[Dict[str, Any]]:
        units = folded_units(text)
        words = [u[0] for u in units]
        found: List[Dict[str, Any]] = []
        i = 0
        while i < len(units):
            size = self._longest_at(words, i)
            entity = self._index[tuple(words[i : i + size])] if size else LOCATION
            size = size or self._mistyped_at(words, i)
            if size:
                start, end = units[i][1], units[i + size - 1][2]
                found.append({"entity": entity, "start": start, "end": end, "value": text[start:end]})
                i += size
            else:
                i += 1
        return found


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class GazetteerEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Finds catalogue phrases (lookup tables) and regex entities in accent-insensitive text."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"lookup_entities": ["procedure", "location"], "regex_entities": ["dossier_code"]}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        phrases: Optional[Dict[str, List[str]]] = None,
        patterns: Optional[Dict[str, List[str]]] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._gazetteer = Gazetteer(phrases or {})
        self._patterns = patterns or {}
        self._compiled = [(name, re.compile(p, re.IGNORECASE)) for name, ps in self._patterns.items() for p in ps]

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GazetteerEntityExtractor:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        phrases = {
            table["name"]: list(table["elements"])
            for table in training_data.lookup_tables
            if table["name"] in self._config["lookup_entities"]
        }
        patterns: Dict[str, List[str]] = {}
        for regex in training_data.regex_features:
            if regex["name"] in self._config["regex_entities"]:
                patterns.setdefault(regex["name"], []).append(regex["pattern"])
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE).write_text(
                json.dumps({"phrases": phrases, "patterns": patterns}, ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GazetteerEntityExtractor:
        try:
            with model_storage.read_from(resource) as directory:
                stored = json.loads((directory / _FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            stored = {}
        return cls(config, model_storage, resource, stored.get("phrases"), stored.get("patterns"))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = self._gazetteer.find(text)
            for name, pattern in self._compiled:
                for match in pattern.finditer(text):
                    entities.append(
                        {"entity": name, "start": match.start(), "end": match.end(), "value": match.group()}
                    )
            for entity in entities:
                entity["confidence"] = 1.0
            entities = self.add_extractor_name(entities)
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages
