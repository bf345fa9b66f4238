"""Finding the procedure a citizen means, accent-insensitively and tolerant of typos.

Two kinds of evidence are combined: whole names and aliases found in the question (phrases,
typo-tolerant) and the question's other words weighted by how rare they are in the catalogue
(IDF), so "thẻ căn cước bị mờ muốn đổi" reaches "Cấp đổi thẻ căn cước" while "làm căn cước"
alone asks which of the four card procedures is meant.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Dict, List, Optional, Sequence, Set, Tuple

from bot.catalogue.model import Catalogue, Procedure
from bot.text import fold

_CODE = re.compile(r"\b\d\.\d{6}\b")
MIN_SCORE = 1.6  # phrase evidence: about two syllables of a name or alias
MIN_RATIO = 0.84  # similarity for a phrase typed with a typo
MIN_WORDS = 4.0  # word evidence alone: about two rare words shared with one procedure
WORD_WEIGHT = 0.5  # a shared rare word counts for about two syllables of a phrase
MARGIN = 1.0  # how far ahead the best must be to answer without asking
SIBLING_MARGIN = math.log(2) - 1e-9  # among siblings: one more word that only half of them share
# Words of questions that say nothing about which procedure is meant.
STOPWORDS = set(
    "thu tuc lam can gi cho toi cua thi co khong the nao o dau la va de muon xin bi da duoc minh em anh chi "
    "ban nhe a roi ra sao nhu voi mot nhung cac ve hoi giay to ho so trong tai khi "
    # words of the question's aspect (fee, time, channel), not of the procedure
    "le phi tien bao lau nhieu ngay nop online truc tuyen mang".split()
)


@dataclass
class ProcedureMatch:
    """Outcome of matching: one procedure, several to choose from, or none."""

    procedures: List[Procedure] = field(default_factory=list)
    group: Optional[str] = None

    @property
    def found(self) -> Optional[Procedure]:
        return self.procedures[0] if len(self.procedures) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.procedures) > 1


def word_features(words: Sequence[str]) -> Set[str]:
    """Content syllables and pairs of adjacent content syllables."""
    content = [w for w in words if w not in STOPWORDS]
    return set(content) | {f"{a} {b}" for a, b in zip(content, content[1:])}


@dataclass
class _Phrase:
    words: List[str]
    text: str = ""
    vocabulary: Set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.text, self.vocabulary = " ".join(self.words), set(self.words)

    def score(self, query: List[str], padded: str, present: Set[str]) -> float:
        """Syllables of the phrase found in the query; a near miss counts one and a half less."""
        size = len(self.words)
        if not size or size > len(query):
            return 0.0
        if f" {self.text} " in padded:
            return float(size)
        if size < 2 or len(self.vocabulary & present) * 2 < len(self.vocabulary):
            return 0.0  # too little in common for a typo of this phrase
        best = max(
            SequenceMatcher(None, " ".join(query[i : i + size]), self.text).ratio()
            for i in range(max(1, len(query) - size + 1))
        )
        return size * best - 1.5 if best >= MIN_RATIO else 0.0


def _phrases(names: Sequence[str]) -> List[_Phrase]:
    return [_Phrase(fold(n).split()) for n in names]


def everyday_reading(words: List[str], everyday: Sequence[Tuple[List[str], List[str]]]) -> List[str]:
    """The folded question with every everyday phrase replaced by the catalogue's term (longest
    phrase first); the same words when none occurs."""
    out: List[str] = []
    i = 0
    while i < len(words):
        for phrase, term in everyday:
            if words[i : i + len(phrase)] == phrase:
                out += term
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return out


class ProcedureIndex:
    """Folded names and aliases of every procedure and group of a catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.everyday = sorted(
            (
                (fold(phrase).split(), fold(term).split())
                for term, phrases in catalogue.everyday.items()
                for phrase in phrases
            ),
            key=lambda pair: -len(pair[0]),
        )
        self.records: List[Tuple[Procedure, List[_Phrase]]] = [
            (p, _phrases([p.name, *p.aliases])) for p in catalogue.procedures
        ]
        self.groups: List[Tuple[str, List[_Phrase]]] = [
            (g.id, _phrases([g.name, *g.aliases])) for g in catalogue.groups.values()
        ]
        self.group_words: Dict[str, Set[str]] = {
            gid: set().union(*(word_features(ph.words) for ph in phrases)) for gid, phrases in self.groups
        }
        self.features: Dict[str, Set[str]] = {
            p.key: set().union(*(word_features(ph.words) for ph in phrases)) for p, phrases in self.records
        }
        counts = Counter(f for features in self.features.values() for f in features)
        total = max(1, len(self.records))
        self.idf: Dict[str, float] = {f: math.log(1 + total / n) for f, n in counts.items()}

    def _scores(self, text: str) -> Tuple[Dict[str, float], Set[str], Optional[str], float]:
        """Phrase scores, word features, and the best-named family with its score. The question
        is read as typed and, when it differs, in its everyday reading ("|" keeps phrases from
        running across the two)."""
        words = fold(text).split()
        reading = everyday_reading(words, self.everyday)
        query = words if reading == words else [*words, "|", *reading]
        padded, present = f" {' '.join(query)} ", set(query)
        phrase = {p.key: max(ph.score(query, padded, present) for ph in phrases) for p, phrases in self.records}
        group_scores = {gid: max(ph.score(query, padded, present) for ph in phrases) for gid, phrases in self.groups}
        best_group = max(group_scores, key=group_scores.get, default=None)
        asked = word_features(words) | word_features(reading)
        return phrase, asked, best_group, group_scores.get(best_group, 0.0) if best_group else 0.0

    def _words(self, asked: Set[str], keys: Sequence[str]) -> Dict[str, float]:
        return {key: sum(self.idf[f] for f in asked & self.features[key]) for key in keys}

    def _evident_words(self, asked: Set[str], key: str, weight: float) -> bool:
        """Enough rare words, and at least two different ones, shared with the procedure."""
        shared = {f for f in asked & self.features[key] if " " not in f}
        return weight >= MIN_WORDS and len(shared) >= 2

    def find(self, text: str, loose_words: bool = True) -> ProcedureMatch:
        """The procedure meant by ``text``; siblings to choose from when only the family is clear.

        Without ``loose_words`` a procedure must be named (its name or an alias, typos allowed):
        shared rare words alone ("mua … máy" in "mua vé máy bay") are not enough."""
        codes = [p for p in map(self.catalogue.procedure, _CODE.findall(text)) if p]
        if codes:
            return ProcedureMatch(procedures=codes[:1])
        by_key = self.catalogue.procedure(text.strip())
        if by_key:
            return ProcedureMatch(procedures=[by_key])
        if not fold(text).split():
            return ProcedureMatch()
        phrase, asked, group, group_score = self._scores(text)
        words = self._words(asked, list(phrase))
        score = {key: phrase[key] + WORD_WEIGHT * words[key] for key in phrase}
        ranked = sorted(self.catalogue.procedures, key=lambda p: -score[p.key])
        top = ranked[0]
        evident = phrase[top.key] >= MIN_SCORE or self._evident_words(asked, top.key, words[top.key])
        if group_score >= MIN_SCORE and group_score >= max(phrase.values(), default=0.0):
            # a family is named, unless another procedure is evident and clearly beats every
            # sibling ("sửa ngày sinh sai trên giấy khai sinh" names births, means a correction)
            siblings = max(score[p.key] for p in self.catalogue.siblings(group))
            if top.group == group or not evident or score[top.key] - siblings < MARGIN:
                return self._within_group(group, asked)
        if phrase[top.key] < MIN_SCORE and not (loose_words and evident):
            return ProcedureMatch()
        close = [p for p in ranked if score[top.key] - score[p.key] < MARGIN]
        groups = {p.group for p in close}
        return ProcedureMatch(procedures=close[:5], group=groups.pop() if len(groups) == 1 else None)

    def _within_group(self, group: str, asked: Set[str]) -> ProcedureMatch:
        """The family is named: one sibling only if the other words point at it clearly, else ask.

        Within a family a word counts by how few siblings share it (a word of every sibling
        says nothing), so "đổi" picks "Cấp đổi thẻ căn cước" although it is common elsewhere."""
        siblings = self.catalogue.siblings(group)
        rest = asked - self.group_words[group]
        shared = Counter(f for p in siblings for f in rest & self.features[p.key])
        weight = {f: math.log(len(siblings) / n) for f, n in shared.items()}
        score = {p.key: sum(weight[f] for f in rest & self.features[p.key]) for p in siblings}
        ranked = sorted(siblings, key=lambda p: -score[p.key])
        if len(ranked) == 1 or score[ranked[0].key] - score[ranked[1].key] >= SIBLING_MARGIN:
            return ProcedureMatch(procedures=ranked[:1])
        return ProcedureMatch(procedures=ranked, group=group)
