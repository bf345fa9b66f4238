"""Intent accuracy on the held-out questions (tests/nlu_heldout.yml), never used for training.

Prints accuracy for text with diacritics, the same text without, and chat-style text,
then fails if accuracy with diacritics drops below FLOOR or the no-diacritics gap exceeds GAP.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import yaml
from rasa.core.agent import Agent

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bot.text import strip_diacritics  # noqa: E402

FLOOR = 0.85
GAP = 0.10


async def accuracy(agent: Agent, cases: List[Tuple[str, str]]) -> Tuple[float, List[str]]:
    errors = []
    for text, intent in cases:
        predicted = (await agent.parse_message(text))["intent"]["name"]
        if predicted != intent:
            errors.append(f"  {text!r}: expected {intent}, got {predicted}")
    return 1 - len(errors) / len(cases), errors


def cases(block: Dict[str, List[str]]) -> List[Tuple[str, str]]:
    return [(text, intent) for intent, texts in block.items() for text in texts]


async def main() -> int:
    heldout = yaml.safe_load((ROOT / "tests" / "nlu_heldout.yml").read_text(encoding="utf-8"))
    agent = Agent.load(str(ROOT / "models" / "tthc.tar.gz"))
    with_marks = cases(heldout["diacritics"])
    sets = {
        "with diacritics": with_marks,
        "without diacritics": [(strip_diacritics(t), i) for t, i in with_marks],
        "chat style": cases(heldout["chat"]),
    }
    scores = {}
    print("NLU held-out intent accuracy")
    for name, items in sets.items():
        scores[name], errors = await accuracy(agent, items)
        print(f"{name:>20}: {scores[name]:.1%} of {len(items)}")
        print("\n".join(errors))
    ok = scores["with diacritics"] >= FLOOR and scores["with diacritics"] - scores["without diacritics"] <= GAP
    print("NLU evaluation:", "ok" if ok else f"below floor {FLOOR:.0%} or gap above {GAP:.0%}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
