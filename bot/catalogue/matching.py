"""Finding the procedure a citizen means, accent-insensitively and tolerant of typos."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Dict, List, Optional, Tuple

from bot.catalogue.model import Catalogue, Procedure
from bot.text import fold

_CODE = re.compile(r"\b\d\.\d{6}\b")
MIN_SCORE = 1.6
MIN_RATIO = 0.84


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


def _phrase_score(query: List[str], phrase: List[str]) -> float:
    """Number of syllables of ``phrase`` found in ``query``, weighted by similarity."""
    size = len(phrase)
    if not size or size > len(query) + 1:
        return 0.0
    target = " ".join(phrase)
    best = 0.0
    for start in range(0, max(1, len(query) - size + 1)):
        window = query[start : start + size]
        if window == phrase:
            return float(size)
        if size > 1:
            best = max(best, SequenceMatcher(None, " ".join(window), target).ratio())
    # a near miss counts for less than the same phrase typed exactly
    return size * best - 1.0 if best >= MIN_RATIO else 0.0


class ProcedureIndex:
    """Folded names and aliases of every procedure and group of a catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.records: List[Tuple[Procedure, List[List[str]]]] = [
            (p, [fold(a).split() for a in [p.name, *p.aliases]]) for p in catalogue.procedures
        ]
        self.groups: List[Tuple[str, List[List[str]]]] = [
            (g.id, [fold(a).split() for a in [g.name, *g.aliases]]) for g in catalogue.groups.values()
        ]

    def find(self, text: str) -> ProcedureMatch:
        """The procedure meant by ``text``; siblings to choose from when only the family is clear."""
        codes = [self.catalogue.procedure(c) for c in _CODE.findall(text)]
        codes = [p for p in codes if p]
        if codes:
            return ProcedureMatch(procedures=codes[:1])
        by_key = self.catalogue.procedure(text.strip())
        if by_key:
            return ProcedureMatch(procedures=[by_key])
        query = fold(text).split()
        if not query:
            return ProcedureMatch()
        scores: Dict[str, float] = {}
        for proc, phrases in self.records:
            scores[proc.key] = max(_phrase_score(query, p) for p in phrases)
        group_scores = {gid: max(_phrase_score(query, p) for p in phrases) for gid, phrases in self.groups}
        best = max(scores.values(), default=0.0)
        best_group = max(group_scores, key=group_scores.get, default=None)
        group_score = group_scores.get(best_group, 0.0) if best_group else 0.0
        if group_score > best and group_score >= MIN_SCORE:
            return ProcedureMatch(procedures=self.catalogue.siblings(best_group), group=best_group)
        if best < MIN_SCORE:
            return ProcedureMatch()
        top = [p for p, _ in self.records if scores[p.key] >= best - 1e-9]
        if len(top) == 1:
            return ProcedureMatch(procedures=top)
        groups = {p.group for p in top}
        group = groups.pop() if len(groups) == 1 else None
        return ProcedureMatch(procedures=top[:5], group=group)

    def ranked(self, text: str, limit: int = 3) -> List[Procedure]:
        """Best candidates in order (for evaluation and suggestions)."""
        query = fold(text).split()
        scored = [(max(_phrase_score(query, p) for p in phrases), proc) for proc, phrases in self.records]
        scored = [s for s in scored if s[0] > 0]
        scored.sort(key=lambda s: -s[0])
        return [p for _, p in scored[:limit]]
