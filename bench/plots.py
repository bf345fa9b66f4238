"""The pictures of the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def confusion_matrix(expected: List[str], predicted: List[str], path: Path) -> None:
    labels = sorted(set(expected) | set(predicted))
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for e, p in zip(expected, predicted):
        matrix[index[e]][index[p]] += 1
    figure, axes = plt.subplots(figsize=(11, 9))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)))
    axes.set_xticklabels(labels, rotation=60, ha="right", fontsize=8)
    axes.set_yticks(range(len(labels)))
    axes.set_yticklabels(labels, fontsize=8)
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            if count:
                colour = "white" if i == j and count > 5 else "black"
                axes.text(j, i, str(count), ha="center", va="center", fontsize=7, color=colour)
    axes.set_xlabel("predicted intent")
    axes.set_ylabel("expected intent")
    axes.set_title("Held-out questions with diacritics: expected vs predicted intent")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def latency_by_concurrency(series: Dict[str, List[Dict[str, Any]]], path: Path) -> None:
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for name, rows in series.items():
        senders = [r["senders"] for r in rows]
        for key, style in (("p50", "-o"), ("p95", "--^")):
            axes.plot(senders, [r[key] for r in rows], style, label=f"{name} {key}")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xticks([1, 10, 50])
    axes.set_xticklabels(["1", "10", "50"])
    axes.set_xlabel("concurrent senders")
    axes.set_ylabel("latency per message (ms)")
    axes.set_title("REST channel latency against concurrency")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
