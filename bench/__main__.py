"""`make bench`: trains or reuses the model, starts the real servers, measures, prints the report
and writes it to BENCHMARKS.md (with its pictures in benchmarks/).

`--sample` runs every step on a few questions and a light load (the test suite does this so the
benchmark cannot rot); its report goes to results/bench-sample/ and commits nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

from bench import flood, heldout, load, places, plots, quality, report, scale, soak
from bench.floor import floor_model
from bot.catalogue.client import CatalogueClient
from harness import services
from harness.processes import BIN, MODEL, ROOT, TRAINING_DATA, free_port, rss_mb, start_actions, start_rasa, stop

STARTED = time.monotonic()


def progress(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.0f} s] {message}", flush=True)


def machine() -> Dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return {
        "cpu": f"{cpu}, {len(os.sched_getaffinity(0))} cores",
        "memory": f"{memory:.0f} GB",
        "python": platform.python_version(),
        "commit": commit.strip() or "unknown",
    }


def training_seconds(sample: bool) -> Optional[float]:
    """Makes sure the served model is current, then times one training without Rasa's cache."""
    progress("Model: training if config or data changed (scripts/train_if_changed.py)")
    subprocess.run([str(BIN / "python"), "scripts/train_if_changed.py"], cwd=ROOT, check=True)
    if sample:
        return None
    progress("Model: timing a full training with Rasa's cache off (the served model is not replaced)")
    began = time.monotonic()
    subprocess.run(
        [str(BIN / "rasa"), "train", "--data", *TRAINING_DATA, "--out", str(ROOT / "results" / "bench-logs" / "model")],
        cwd=ROOT,
        check=True,
        env={**os.environ, "RASA_MAX_CACHE_SIZE": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - began


def serve(model: Path, logs: Path, with_actions: bool) -> Dict[str, Any]:
    """Starts (an action server and) a Rasa server; returns their processes and start-up times."""
    servers: Dict[str, Any] = {"processes": []}
    action_port = free_port() if with_actions else None
    if action_port:
        began = time.monotonic()
        servers["actions"] = start_actions(action_port, logs / "actions.log")
        servers["actions_start"] = time.monotonic() - began
        servers["processes"].append(servers["actions"])
    port = free_port()
    began = time.monotonic()
    servers["rasa"] = start_rasa(port, action_port, logs, model=model)
    servers["rasa_start"] = time.monotonic() - began
    servers["processes"].append(servers["rasa"])
    servers["url"] = f"http://127.0.0.1:{port}"
    return servers


def cross_validation(folds: int, logs: Path) -> Dict[str, float]:
    progress(f"NLU: `rasa test nlu --cross-validation --folds {folds}` on the training data (trains {folds} models)")
    out = logs / "cross-validation"
    result = subprocess.run(
        [
            str(BIN / "rasa"),
            "test",
            "nlu",
            "--nlu",
            "data/nlu",
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    text = result.stdout + result.stderr
    scores = {}
    for name in ("Accuracy", "F1-score"):
        found = re.findall(rf"Intent evaluation results[\s\S]*?test {name}: ([0-9.]+) \(([0-9.]+)\)", text)
        if found:
            scores[name] = (float(found[-1][0]), float(found[-1][1]))
    return scores


def measure_load(servers: Dict[str, Any], messages: List[str], plan: List[tuple], label: str) -> Dict[str, Any]:
    """Each row of ``plan``: senders, messages per sender, messages per conversation."""
    progress(f"Load on the REST channel: {label}")
    load.warm_up(servers["url"], messages)
    rows = []
    for senders, per_sender, conversation in plan:
        progress(f"  {senders} concurrent sender(s) × {per_sender} messages, conversations of {conversation}")
        rows.append(load.run_load(servers["url"], messages, senders, per_sender, conversation))
    memory = {"rasa": rss_mb(servers["rasa"].pid)}
    if "actions" in servers:
        memory["actions"] = rss_mb(servers["actions"].pid)
    return {"rows": rows, "rss_mb": memory}


def sustained_load(logs: Path, sample: bool) -> Optional[Dict[str, Any]]:
    """The production profile (2 Rasa servers, PostgreSQL, Redis) under 50 senders for 60 s."""
    if not services.installed():
        progress("Production profile: skipped, PostgreSQL and Redis are not installed (make services)")
        return None
    senders, seconds = (5, 5) if sample else (50, 60)
    progress(f"Production profile: 2 Rasa servers + PostgreSQL + Redis, {senders} senders for {seconds} s")
    (logs / "production").mkdir(exist_ok=True)
    with services.production_profile(logs / "production") as profile:
        for url in profile.urls:
            load.warm_up(url, load.ASSISTANT_MESSAGES)
        return soak.run_soak(profile, load.ASSISTANT_MESSAGES, senders, seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the assistant.")
    parser.add_argument("--sample", action="store_true", help="a few questions and a light load, to check it runs")
    sample = parser.parse_args().sample
    out = ROOT / ("results/bench-sample" if sample else "benchmarks")
    logs = ROOT / "results" / "bench-logs"
    for folder in (out, logs):
        folder.mkdir(parents=True, exist_ok=True)
    # conversations of 5 messages (a citizen's few questions) at 1, 10 and 50 senders, then of 20
    plan = [(1, 4, 5), (10, 2, 5), (50, 1, 5), (1, 4, 20)] if sample else [(1, 200, 5), (10, 30, 5), (50, 10, 5)]
    plan += [] if sample else [(1, 200, 20), (10, 40, 20)]
    results: Dict[str, Any] = {"machine": machine(), "sample": sample, "date": time.strftime("%Y-%m-%d")}

    results["training_s"] = training_seconds(sample)
    catalogue = CatalogueClient().get()
    progress("Starting the action server and the Rasa server")
    servers = serve(MODEL, logs, with_actions=True)
    try:
        results["start_s"] = {"rasa": servers["rasa_start"], "actions": servers["actions_start"]}
        progress("NLU: held-out intents, assistant and keyword baseline")
        results["intents"] = quality.evaluate_intents(servers["url"], heldout.intent_sets(limit=1 if sample else 0))
        marked = results["intents"]["with diacritics"]["assistant"]
        plots.confusion_matrix(marked["expected"], marked["predicted"], out / "confusion.png")
        progress("Procedures: held-out everyday names, assistant and keyword baseline")
        questions = heldout.procedure_questions(limit=3 if sample else 0)
        results["procedures"] = quality.evaluate_procedures(servers["url"], questions, catalogue)
        progress("Places: held-out former communes and districts")
        results["places"] = places.evaluate(servers["url"], limit=3 if sample else 0)
        results["assistant_load"] = measure_load(servers, load.ASSISTANT_MESSAGES, plan, "the assistant")
        progress("Flood: one sender sends the largest messages without pause; another sender's latency")
        results["flood"] = flood.measure(servers["url"], questions=10 if sample else 60)
    finally:
        for process in reversed(servers["processes"]):
            stop(process)

    progress("Floor: the `rasa init` assistant (trained once, then reused from .bench/floor)")
    floor_path, results["floor_training_s"] = floor_model(ROOT / ".bench" / "floor")
    floor = serve(floor_path, logs, with_actions=False)
    try:
        results["floor_start_s"] = floor["rasa_start"]
        results["floor_load"] = measure_load(floor, load.FLOOR_MESSAGES, plan, "the rasa init floor")
    finally:
        for process in floor["processes"]:
            stop(process)
    plots.latency_by_concurrency(
        {
            "assistant": [row for row in results["assistant_load"]["rows"] if row["conversation"] == 5],
            "rasa init floor": [row for row in results["floor_load"]["rows"] if row["conversation"] == 5],
        },
        out / "latency.png",
    )

    results["soak"] = sustained_load(logs, sample)

    progress("Procedure matching with the catalogue enlarged by synthetic variants")
    real = len(catalogue.procedures)
    sizes = [real, real + 100] if sample else [real, 5000, 10000]
    results["scale"] = scale.measure(catalogue, heldout.procedure_questions(), sizes)
    results["cross_validation"] = {} if sample else cross_validation(3, logs)

    text = report.render(results, images=out.relative_to(ROOT).as_posix())
    target = out / "BENCHMARKS.md" if sample else ROOT / "BENCHMARKS.md"
    target.write_text(text, encoding="utf-8")
    print(text)
    progress(f"Report written to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
