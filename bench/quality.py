"""Answer quality through the running Rasa server: intents on the held-out sets, procedure resolution."""

from __future__ import annotations

import json
import uuid
from typing import Any, Dict, List

import requests

from bench import baseline
from bench.heldout import UNSEEN_SETS, Case
from bench.metrics import accuracy, confused_pairs, macro_f1
from bot.catalogue.model import Catalogue
from bot.text import canonical

# Questions back, not answers: sibling procedures to choose from, the best matches offered when
# unsure, and the fallback's "did you mean".
QUESTION_BACK = ("có mấy thủ tục gần nhau", "Anh/Chị muốn hỏi thủ tục nào", "có phải Anh/Chị muốn hỏi")


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


# What each aspect's answer says, so that a reader would see the aspect answered (the replies
# are written with diacritics; compared in lower case).
ASPECT_MARKERS = {
    "documents": ("cần:", "giấy tờ cần có"),
    "time": ("thời gian giải quyết", "thời gian:"),
    "fee": ("lệ phí",),
    "agency": ("giải quyết", "nơi nộp"),
    "online": ("nộp trực tuyến",),
    "overview": ("",),
}


def aspects_answered(question: Dict[str, Any], replies: List[Dict[str, Any]]) -> bool:
    """Every aspect the question asks is in the answer's text."""
    asked = question.get("aspect") or "overview"
    text = " ".join(canonical(r.get("text") or "").lower() for r in replies)
    return all(any(m in text for m in ASPECT_MARKERS[a]) for a in ([asked] if isinstance(asked, str) else asked))


def _codes(value: Any) -> List[str]:
    return [value] if isinstance(value, str) else list(value or [])


def outcome(question: Dict[str, Any], named: List[str], asked: bool, catalogue: Catalogue) -> Dict[str, Any]:
    """How one answer did: the right procedure first (top-1), among the first three (top-3), a
    wrong procedure named without asking (the worst outcome), or, where the question does not
    single one out, whether it asked among the right candidates instead of guessing."""
    expected, group = _codes(question.get("expect")), question.get("clarify")
    if expected:
        return {
            "kind": "named",
            "top1": not asked and named[:1] != [] and named[0] in expected,
            "top3": any(code in named[:3] for code in expected),
            "wrong": not asked and named[:1] != [] and named[0] not in expected,
        }
    # a family id of the curated catalogue (older sets) or the candidate codes (newer sets)
    candidates = {p.key for p in catalogue.siblings(group)} if isinstance(group, str) else set(group)
    offered = set(named)
    good = len(offered & candidates) >= min(2, len(candidates))
    return {
        "kind": "ambiguous",
        "clarified": asked and len(named) > 1 and good,
        "wrong": not asked and named[:1] != [] and named[0] not in candidates,
    }


def evaluate_procedures(rasa: str, questions: List[Dict[str, Any]], catalogue: Catalogue) -> Dict[str, Any]:
    keyword = baseline.KeywordProcedures(catalogue)
    bm25 = baseline.Bm25Procedures(catalogue)
    assistant, keywords, bm25s, misses = [], [], [], []
    for question in questions:
        replies = ask(rasa, question["text"])
        asked = any(marker in (r.get("text") or "") for r in replies for marker in QUESTION_BACK)
        named = procedures_named(replies, catalogue)
        result = outcome(question, named, asked, catalogue)
        if result.get("top1"):
            result["aspect"] = aspects_answered(question, replies)
        assistant.append(result)
        if not (result.get("top1") or result.get("clarified")) and question.get("set") not in UNSEEN_SETS:
            misses.append((question["text"], question.get("expect") or question.get("clarify"), named[:3]))
        # the baselines never ask back: they show their best matches
        keywords.append(outcome(question, [p.key for p in keyword.ranked(question["text"])], False, catalogue))
        bm25s.append(outcome(question, [p.key for p in bm25.ranked(question["text"])], False, catalogue))
    results = {"assistant": assistant, "baseline": keywords, "bm25": bm25s}
    by_set = {
        name: {
            who: summarise([r for r, q in zip(rows, questions) if q.get("set") == name])
            for who, rows in results.items()
        }
        for name in dict.fromkeys(q.get("set") for q in questions)
    }
    unseen = [r for r, q in zip(assistant, questions) if q.get("set") in UNSEEN_SETS]
    return {
        **{who: summarise(rows) for who, rows in results.items()},
        "unseen": summarise(unseen),
        "misses": misses,
        "by_set": by_set,
    }


def summarise(results: List[Dict[str, Any]]) -> Dict[str, Any]:
    named = [r for r in results if r["kind"] == "named"]
    ambiguous = [r for r in results if r["kind"] == "ambiguous"]
    right = [r for r in named if r["top1"]]
    return {
        "n_named": len(named),
        "top1": _share([r["top1"] for r in named]),
        "top3": _share([r["top3"] for r in named]),
        "n_ambiguous": len(ambiguous),
        "clarified": _share([r["clarified"] for r in ambiguous]),
        "wrong": _share([r["wrong"] for r in results]),
        "aspect": _share([r["aspect"] for r in right if "aspect" in r]),
        "in_full": _share([r.get("aspect", False) for r in named]),
    }


def _share(flags: List[bool]) -> float:
    return sum(flags) / len(flags) if flags else float("nan")
