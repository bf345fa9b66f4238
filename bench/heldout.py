"""The held-out question sets, never used for training."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from bot.text import strip_diacritics
from harness.processes import ROOT

INTENT_QUESTIONS = ROOT / "bench" / "data" / "heldout_intents.yml"
# In the order they were written. The curated sets were each read while improving the matcher
# after their own first run; each file's header says what it was written to check.
PROCEDURE_SETS = {
    "curated: everyday names": "curated_everyday_names",
    "curated: before the fallback": "curated_before_fallback",
    "curated: before the intent guard": "curated_before_intent_guard",
    "curated: before sibling weighting": "curated_before_sibling_weighting",
    "curated: before sibling names": "curated_before_sibling_names",
    "national": "heldout_national_procedures",
    "life events": "heldout_life_events",
    "citizen questions": "heldout_citizen_questions",
}
# Written by helpers who had not read the code and never read while building: the targets.
UNSEEN_SETS = ("national", "life events", "citizen questions")

Case = Tuple[str, str]  # (text, expected intent)


def intent_sets(limit: int = 0) -> Dict[str, List[Case]]:
    """With diacritics, the same text without, and chat-style; `limit` keeps a few per intent."""
    raw = yaml.safe_load(INTENT_QUESTIONS.read_text(encoding="utf-8"))

    def cases(block: Dict[str, List[str]]) -> List[Case]:
        return [(text, intent) for intent, texts in block.items() for text in (texts[:limit] if limit else texts)]

    marked = cases(raw["diacritics"])
    return {
        "with diacritics": marked,
        "without diacritics": [(strip_diacritics(t), i) for t, i in marked],
        "chat style": cases(raw["chat"]),
    }


def procedure_questions(limit: int = 0) -> List[Dict[str, str]]:
    """Every held-out procedure question, each with the name of its set."""
    questions = [
        {**q, "set": name}
        for name, stem in PROCEDURE_SETS.items()
        for q in yaml.safe_load((Path(__file__).parent / "data" / f"{stem}.yml").read_text(encoding="utf-8"))[
            "questions"
        ]
    ]
    if not limit:
        return questions
    direct = [q for q in questions if "expect" in q][:limit]
    return direct + [q for q in questions if "clarify" in q][: max(1, limit // 3)]
