"""Intent accuracy on the held-out questions (bench/data/heldout_intents.yml), never used for training.

Prints accuracy for text with diacritics, the same text without, and chat-style text, then
fails below the levels the benchmark reports (BENCHMARKS.md): FLOOR with diacritics, a gap of
at most GAP without them (the target), CHAT_FLOOR for chat-style text.
"""

from __future__ import annotations

import asyncio
import sys
from typing import List, Tuple

from rasa.core.agent import Agent

from bench.heldout import intent_sets
from harness.processes import MODEL

FLOOR = 0.94
GAP = 0.02
CHAT_FLOOR = 0.95


async def accuracy(agent: Agent, cases: List[Tuple[str, str]]) -> Tuple[float, List[str]]:
    errors = []
    for text, intent in cases:
        predicted = (await agent.parse_message(text))["intent"]["name"]
        if predicted != intent:
            errors.append(f"  {text!r}: expected {intent}, got {predicted}")
    return 1 - len(errors) / len(cases), errors


async def main() -> int:
    agent = Agent.load(str(MODEL))
    sets = intent_sets()
    scores = {}
    print("NLU held-out intent accuracy")
    for name, items in sets.items():
        scores[name], errors = await accuracy(agent, items)
        print(f"{name:>20}: {scores[name]:.1%} of {len(items)}")
        print("\n".join(errors))
    ok = (
        scores["with diacritics"] >= FLOOR
        and scores["with diacritics"] - scores["without diacritics"] <= GAP
        and scores["chat style"] >= CHAT_FLOOR
    )
    failed = f"below {FLOOR:.0%} with diacritics, a gap above {GAP:.0%} or chat style below {CHAT_FLOOR:.0%}"
    print("NLU evaluation:", "ok" if ok else failed)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
