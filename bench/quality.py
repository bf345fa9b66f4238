"""Answer quality through the running Rasa server: intents on the held-out sets, procedure resolution."""

from __future__ import annotations

import json
import uuid
from typing import Any, Dict, List

import requests

from bench import baseline
from bench.heldout import Case
from bench.metrics import accuracy, confused_pairs, macro_f1
from bot.catalogue.model import Catalogue

CLARIFY = "có mấy thủ tục gần nhau"
CONFIRM = "có phải Anh/Chị muốn hỏi"  # the fallback's "did you mean": a question back, not an answer


def parse(rasa: str, text: str) -> str:
    response = requests.post(f"{rasa}/model/parse", json={"text": text}, timeout=60)
    response.raise_for_status()
    return response.json()["intent"]["name"]


def intent_scores(expected: List[str], predicted: List[str]) -> Dict[str, Any]:
    return {
        "n": len(expected),
        "accuracy": accuracy(expected, predicted),
        "macro_f1": macro_f1(expected, predicted),
        "confused": confused_pairs(expected, predicted),
    }


def evaluate_intents(rasa: str, sets: Dict[str, List[Case]]) -> Dict[str, Dict[str, Dict[str, Any]]]:
    """For each set: the assistant's scores and the keyword baseline's, plus labels for the matrix."""
    results: Dict[str, Dict[str, Dict[str, Any]]] = {}
    for name, cases in sets.items():
        expected = [intent for _, intent in cases]
        assistant = [parse(rasa, text) for text, _ in cases]
        keywords = [baseline.faq_intent(text) for text, _ in cases]
        results[name] = {
            "assistant": {**intent_scores(expected, assistant), "expected": expected, "predicted": assistant},
            "baseline": intent_scores(expected, keywords),
        }
    return results


def procedures_named(replies: List[Dict[str, Any]], catalogue: Catalogue) -> List[str]:
    """Catalogue procedures in the order the replies' buttons name them (including the one a
    fallback's "did you mean" button carries)."""
    keys: List[str] = []
    for reply in replies:
        for button in reply.get("buttons") or []:
            _, _, entities = button.get("payload", "").partition("{")
            try:
                key = json.loads("{" + entities).get("procedure") if entities else None
            except ValueError:
                key = None
            if key and key not in keys and catalogue.procedure(key):
                keys.append(key)
    return keys


def ask(rasa: str, text: str) -> List[Dict[str, Any]]:
    body = {"sender": f"bench-{uuid.uuid4().hex[:10]}", "message": text}
    response = requests.post(f"{rasa}/webhooks/rest/webhook", json=body, timeout=60)
    response.raise_for_status()
    return response.json()


def outcome(question: Dict[str, str], named: List[str], asked: bool, catalogue: Catalogue) -> Dict[str, Any]:
    """How one answer did: the right procedure first (top-1), among the first three (top-3), or,
    for a family of siblings, whether it asked which one instead of guessing."""
    expected, group = question.get("expect"), question.get("clarify")
    if expected:
        return {"kind": "named", "top1": not asked and named[:1] == [expected], "top3": expected in named[:3]}
    siblings = {p.key for p in catalogue.siblings(group)}
    return {"kind": "ambiguous", "clarified": asked and len(named) > 1 and set(named) <= siblings}


def evaluate_procedures(rasa: str, questions: List[Dict[str, str]], catalogue: Catalogue) -> Dict[str, Any]:
    keyword = baseline.KeywordProcedures(catalogue)
    assistant, keywords, misses = [], [], []
    for question in questions:
        replies = ask(rasa, question["text"])
        asked = any(marker in (r.get("text") or "") for r in replies for marker in (CLARIFY, CONFIRM))
        named = procedures_named(replies, catalogue)
        result = outcome(question, named, asked, catalogue)
        assistant.append(result)
        if not (result.get("top1") or result.get("clarified")):
            misses.append((question["text"], question.get("expect") or question.get("clarify"), named[:3]))
        # a keyword FAQ never asks back: it shows its best matches
        keywords.append(outcome(question, [p.key for p in keyword.ranked(question["text"])], False, catalogue))
    by_set = {
        name: {
            "assistant": summarise([r for r, q in zip(assistant, questions) if q.get("set") == name]),
            "baseline": summarise([r for r, q in zip(keywords, questions) if q.get("set") == name]),
        }
        for name in dict.fromkeys(q.get("set") for q in questions)
    }
    return {"assistant": summarise(assistant), "baseline": summarise(keywords), "misses": misses, "by_set": by_set}


def summarise(results: List[Dict[str, Any]]) -> Dict[str, Any]:
    named = [r for r in results if r["kind"] == "named"]
    ambiguous = [r for r in results if r["kind"] == "ambiguous"]
    return {
        "n_named": len(named),
        "top1": _share([r["top1"] for r in named]),
        "top3": _share([r["top3"] for r in named]),
        "n_ambiguous": len(ambiguous),
        "clarified": _share([r["clarified"] for r in ambiguous]),
    }


def _share(flags: List[bool]) -> float:
    return sum(flags) / len(flags) if flags else float("nan")
