"""Questions citizens asked before, each with the procedure staff confirmed it was about.

Where a question's words leave several close procedures, the most similar of these questions
settle it when they agree clearly: a nearest-neighbour vote, by BM25 similarity (the bm25s
library) over the folded words but those that ask an aspect ("mất bao nhiêu tiền" is no lost
paper), among the procedures the matcher found; the matcher's own best needs less agreement.
Where the matcher names one, a clear vote for another of its best three makes the assistant
ask. A vote never brings in a procedure the matcher did not find, and a question unlike any
asked before changes nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import List, Mapping, Optional, Sequence

from bot.aspects import without_aspect_words
from bot.catalogue.model import Procedure
from bot.catalogue.search import bm25s
from bot.text import fold

NEIGHBOURS = 8  # the most similar questions that vote
SETTLING_SHARE = 0.8  # of their similarity, for one procedure, to settle it
AGREEING_SHARE = 0.6  # enough for the matcher's own first choice
CLOSENESS = 3  # a question's vote is its similarity cubed: the closest count most


class AskedQuestions:
    """The questions asked before, indexed for a nearest-neighbour vote."""

    def __init__(self, asked: Mapping[str, List[str]]) -> None:
        self.codes = [code for code, questions in asked.items() for _ in questions]
        self.retriever = bm25s.BM25()
        if self.codes:
            corpus = [_words(question) for questions in asked.values() for question in questions]
            self.retriever.index(corpus, show_progress=False)

    def settled(self, text: str, candidates: Sequence[Procedure]) -> Optional[Procedure]:
        """The candidate the most similar questions asked before were about, if they agree on it;
        the first, the matcher's best, needs less agreement than the others."""
        words = _words(text)
        if not self.codes or not words:
            return None
        found, scores = self.retriever.retrieve([words], k=min(NEIGHBOURS, len(self.codes)), show_progress=False)
        votes: Counter = Counter()
        for position, score in zip(found[0], scores[0]):
            votes[self.codes[position]] += float(score) ** CLOSENESS
        total = sum(votes.values())
        if not total:
            return None
        code, share = votes.most_common(1)[0]
        chosen = [p for p in candidates if p.key == code]
        needed = AGREEING_SHARE if chosen and chosen[0] is candidates[0] else SETTLING_SHARE
        return chosen[0] if chosen and share >= needed * total else None


def _words(question: str) -> List[str]:
    return fold(without_aspect_words(question)).split()
