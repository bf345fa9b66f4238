"""Scores: accuracy, macro-F1, confused pairs, latency percentiles."""

from __future__ import annotations

from collections import Counter
from typing import Dict, List, Sequence, Tuple


def accuracy(expected: Sequence[str], predicted: Sequence[str]) -> float:
    return sum(e == p for e, p in zip(expected, predicted)) / max(1, len(expected))


def macro_f1(expected: Sequence[str], predicted: Sequence[str]) -> float:
    """Mean F1 over the intents that occur in the expected labels."""
    scores = []
    for label in sorted(set(expected)):
        tp = sum(e == p == label for e, p in zip(expected, predicted))
        fp = sum(p == label and e != label for e, p in zip(expected, predicted))
        fn = sum(e == label and p != label for e, p in zip(expected, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / max(1, len(scores))


def confused_pairs(expected: Sequence[str], predicted: Sequence[str], top: int = 5) -> List[Tuple[str, str, int]]:
    pairs = Counter((e, p) for e, p in zip(expected, predicted) if e != p)
    return [(e, p, n) for (e, p), n in pairs.most_common(top)]


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def latency_summary(seconds: Sequence[float]) -> Dict[str, float]:
    return {f"p{int(q * 100)}": percentile(seconds, q) * 1000 for q in (0.5, 0.95, 0.99)}
