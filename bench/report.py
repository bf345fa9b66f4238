"""The benchmark report in Markdown: numbers, the baseline beside them, targets met or missed."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Dict, List

from bench.flood import ratio as flood_ratio

HOW_TO_READ = """## How to read this report

- **Held-out** questions were written for evaluation and never used for training
  (`bench/data/heldout_*.yml`, `bench/data/curated_*.yml`).
  The procedure questions come in sets, each written before a round of changes and measured
  first; the `curated_*` sets were then read while improving the matcher. The three procedure
  `heldout_*` sets were written by helpers who had not read the code (national-catalogue
  procedures in citizens' words; life events about the curated ones; citizen questions over 49
  fields) and are never read while building: the targets are measured on them ("never seen"). "Without
  diacritics" is the same text with its accents stripped; "chat style" is typed the way people chat.
- **Assistant** is this project; **keyword baseline** is accent-insensitive keyword/FAQ matching
  over the same catalogue, the way static FAQ widgets on portals work; **BM25 baseline** is plain
  BM25 (bm25s) over each record's name, results and documents, the way a portal search box ranks; **floor** is the default
  assistant `rasa init` creates, served and loaded the same way (ratios < 1 mean slower than it).
- **Macro-F1** averages F1 over intents, so rare intents count as much as common ones.
- **Top-1**: the assistant answered about the right procedure; **top-3**: the right one was among
  the first three it named (including when it asked which one). **Asked correctly**: for a family
  of similar procedures (e.g. "làm căn cước"), it asked which one instead of guessing.
  **Wrong answer**: it named one procedure, not the right one, without asking: the worst
  outcome. **Aspect answered**: of the answers about the right procedure, the share that gives
  what was asked (documents, time, fee, place, online).
- **Latency** is per message through the REST channel, measured by the client on loopback, with
  a custom action (reading the catalogue) in every answer. p95 means 95% of messages were faster.
  Each sender starts a new conversation every five messages, as citizens do; one conversation of
  hundreds of turns makes every turn slower (Rasa re-reads the history), for the floor too.
- Timings vary from run to run by roughly 10–20% on a shared 2-core machine; accuracy does not.
"""


def pct(value: float) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1%}"


def ms(value: float) -> str:
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def table(header: List[str], rows: List[List[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def targets(r: Dict[str, Any]) -> str:
    intents = r["intents"]
    marked = intents["with diacritics"]["assistant"]["accuracy"]
    plain = intents["without diacritics"]["assistant"]["accuracy"]
    unseen = r["procedures"]["unseen"]
    one = r["assistant_load"]["rows"][0]
    floor_peak = max(row["throughput"] for row in r["floor_load"]["rows"])
    peak = max(row["throughput"] for row in r["assistant_load"]["rows"])
    rss = r["assistant_load"]["rss_mb"]["rasa"]
    training = r["training_s"]
    rows = [
        ["intent accuracy, with diacritics", "≥ 95%", pct(marked), marked >= 0.95],
        ["gap without diacritics", "≤ 2 points", f"{(marked - plain) * 100:.1f} points", marked - plain <= 0.02],
        ["procedure top-1, sets never seen while building", "≥ 90%", pct(unseen["top1"]), unseen["top1"] >= 0.9],
        ["procedure top-3, same sets", "≥ 97%", pct(unseen["top3"]), unseen["top3"] >= 0.97],
        ["wrong-answer rate, same sets", "≤ 3%", pct(unseen["wrong"]), unseen["wrong"] <= 0.03],
        ["aspect answered, same sets", "≥ 95%", pct(unseen["aspect"]), unseen["aspect"] >= 0.95],
        *place_targets(r["places"]),
        [
            "another sender's p95 during a flood",
            "≤ 2× quiet",
            f"{flood_ratio(r['flood']):.2f}× (median of {len(r['flood']['ratios'])})",
            flood_ratio(r["flood"]) <= 2,
        ],
        ["p50, one sender, custom action", "≤ 30 ms", ms(one["p50"]), one["p50"] <= 30],
        ["peak throughput vs floor", "≥ 1.0× (aim 1.5×)", f"{peak / floor_peak:.2f}×", peak >= floor_peak],
        [
            "training time",
            "≤ 3 min",
            f"{training:.0f} s" if training else "not measured",
            bool(training) and training <= 180,
        ],
        ["Rasa server RSS", "≤ 1.3 GB", f"{rss / 1024:.2f} GB", rss <= 1.3 * 1024],
    ]
    return table(["target", "goal", "measured", "met"], [[a, b, c, "yes" if d else "**no**"] for a, b, c, d in rows])


def analysis() -> str:
    """The hand-written analysis of the gaps (bench/analysis.md), kept beside the generated numbers."""
    path = Path(__file__).with_name("analysis.md")
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def nlu(r: Dict[str, Any]) -> str:
    rows = []
    for name, result in r["intents"].items():
        a, b = result["assistant"], result["baseline"]
        rows.append(
            [name, a["n"], pct(a["accuracy"]), f"{a['macro_f1']:.3f}", pct(b["accuracy"]), f"{b['macro_f1']:.3f}"]
        )
    text = table(
        ["set", "questions", "assistant accuracy", "assistant macro-F1", "baseline accuracy", "baseline macro-F1"], rows
    )
    for name in ("with diacritics", "without diacritics", "chat style"):
        confused = r["intents"][name]["assistant"]["confused"]
        if confused:
            pairs = "; ".join(f"{e} → {p} ({n})" for e, p, n in confused)
            text += f"\n\nMost confused ({name}): {pairs}."
    cv = r.get("cross_validation") or {}
    if cv:
        parts = [f"{name} {mean:.3f} (± {sd:.3f})" for name, (mean, sd) in cv.items()]
        text += (
            "\n\n`rasa test nlu --cross-validation --folds 3` on the training data, intents: " + ", ".join(parts) + "."
        )
    return text


def _procedure_rows(a: Dict[str, Any], k: Dict[str, Any], b: Dict[str, Any]) -> List[List[str]]:
    return [
        [f"top-1 ({a['n_named']} questions)", pct(a["top1"]), pct(k["top1"]), pct(b["top1"])],
        ["top-3", pct(a["top3"]), pct(k["top3"]), pct(b["top3"])],
        [
            f"asked correctly ({a['n_ambiguous']} ambiguous questions)",
            pct(a["clarified"]),
            pct(k["clarified"]) + " (never asks)",
            pct(b["clarified"]) + " (never asks)",
        ],
        ["wrong answer (named a wrong procedure without asking)", pct(a["wrong"]), pct(k["wrong"]), pct(b["wrong"])],
        ["aspect answered (of top-1 answers)", pct(a["aspect"]), "–", "–"],
        ["right in full (procedure and aspect)", pct(a["in_full"]), "–", "–"],
    ]


def procedures(r: Dict[str, Any]) -> str:
    result = r["procedures"]
    header = ["", "assistant", "keyword baseline", "BM25 baseline"]
    text = table(header, _procedure_rows(result["assistant"], result["baseline"], result["bm25"]))
    sets = result.get("by_set") or {}
    if len(sets) > 1:
        text += "\n\nBy question set (in the order written; see each file's header):\n\n" + table(
            ["set", "named", "top-1", "top-3", "asked correctly", "wrong", "aspect", "BM25 top-1", "keyword top-1"],
            [
                [
                    name,
                    s["assistant"]["n_named"],
                    pct(s["assistant"]["top1"]),
                    pct(s["assistant"]["top3"]),
                    pct(s["assistant"]["clarified"]),
                    pct(s["assistant"]["wrong"]),
                    pct(s["assistant"]["aspect"]),
                    pct(s["bm25"]["top1"]),
                    pct(s["baseline"]["top1"]),
                ]
                for name, s in sets.items()
            ],
        )
    misses = result["misses"]
    if misses:
        text += (
            "\n\nAssistant misses on the sets read while building (first 12; the never-seen sets are not listed):\n"
            + "\n".join(f"- «{q}»: expected {e}, named {n or 'nothing'}" for q, e, n in misses[:12])
        )
    return text


def _placed(s: Dict[str, int]) -> float:
    return (s["right"] + s["asked"]) / s["n"] if s["n"] else float("nan")


def place_targets(p: Dict[str, Any]) -> List[list]:
    districts, communes = p["districts"], p["communes"]
    wrong = (districts["wrong"] + communes["wrong"]) / max(1, districts["n"] + communes["n"])
    return [
        ["former districts and towns placed or asked", "100%", pct(_placed(districts)), _placed(districts) >= 1],
        ["former communes placed or asked (never seen)", "≥ 98%", pct(_placed(communes)), _placed(communes) >= 0.98],
        ["wrong-place rate", "0", pct(wrong), wrong == 0],
    ]


def places(r: Dict[str, Any]) -> str:
    p = r["places"]
    header = ["", "questions", "placed", "asked correctly", "guessed one of several", "wrong place", "missed"]
    rows = [
        [name, s["n"], s["right"], s["asked"], s["guessed"], s["wrong"], s["missed"]]
        for name, s in (("former communes, wards, towns", p["communes"]), ("former districts", p["districts"]))
    ]
    library = p["library"]
    return (
        "Held-out questions naming a former unit of Khánh Hòa or Ninh Thuận (`bench/data/heldout_former_places.yml`, "
        "written from the resolution's sources by a helper who had not read the code), asked through the REST "
        "channel; a question's buttons are followed one turn to see where they lead.\n\n"
        + table(header, rows)
        + f"\n\nThe library's old → new mapping gives the set's communes for {library['agree']} of "
        f"{library['checked']} unambiguous former units."
    )


def flood(r: Dict[str, Any]) -> str:
    f = r["flood"]
    rows = [[name, ms(f[name]["p50"]), ms(f[name]["p95"]), ms(f[name]["p99"])] for name in ("quiet", "flooded")]
    ratios = ", ".join(f"{x:.2f}×" for x in f["ratios"])
    return (
        f"One sender sends, from four threads without pause, messages of the largest allowed size "
        f"({f['largest']} characters: masked and parsed until its rate limit answers) and messages ten "
        f"times longer (refused before anything reads them), from a process of its own: "
        f"{f['flood_messages']} messages while another sender asks ordinary questions one after the other. "
        f"Measured {len(f['ratios'])} times, each with a new flooding sender (p95 ratios {ratios}); the "
        "median run:\n\n" + table(["the other sender", "p50", "p95", "p99"], rows)
    )


def speed(r: Dict[str, Any]) -> str:
    rows = []
    for mine, floor in zip(r["assistant_load"]["rows"], r["floor_load"]["rows"]):
        rows.append(
            [
                mine.get("conversation", 5),
                mine["senders"],
                mine["messages"],
                mine["errors"],
                f"{ms(mine['p50'])} / {ms(mine['p95'])} / {ms(mine['p99'])}",
                f"{mine['throughput']:.1f}/s",
                f"{ms(floor['p50'])} / {ms(floor['p95'])} / {ms(floor['p99'])}",
                f"{floor['throughput']:.1f}/s",
                f"{floor['p50'] / mine['p50']:.2f}× / {mine['throughput'] / floor['throughput']:.2f}×",
            ]
        )
    header = [
        "messages per conversation",
        "senders",
        "messages",
        "errors",
        "assistant p50 / p95 / p99",
        "assistant throughput",
        "floor p50 / p95 / p99",
        "floor throughput",
        "vs floor: speed (p50) / throughput",
    ]
    memory = r["assistant_load"]["rss_mb"]
    facts = [
        ["Rasa server RSS after load", f"{memory['rasa']:.0f} MB", f"{r['floor_load']['rss_mb']['rasa']:.0f} MB"],
        ["action server RSS after load", f"{memory['actions']:.0f} MB", "–"],
        ["Rasa server start-up (process → /status)", f"{r['start_s']['rasa']:.1f} s", f"{r['floor_start_s']:.1f} s"],
        ["action server start-up", f"{r['start_s']['actions']:.1f} s", "–"],
        [
            "model training",
            f"{r['training_s']:.0f} s" if r["training_s"] else "reused (no record)",
            f"{r['floor_training_s']:.0f} s (rasa init)" if r["floor_training_s"] else "reused",
        ],
    ]
    return table(header, rows) + "\n\n" + table(["", "assistant", "floor"], facts)


def production(r: Dict[str, Any]) -> str:
    soak = r.get("soak")
    if not soak:
        return "Not run: PostgreSQL and Redis are not installed (`make services` installs them)."
    memory = soak["rss_mb"]
    rows = [
        ["Rasa servers (sharing PostgreSQL + Redis)", soak["servers"]],
        ["concurrent senders, duration", f"{soak['senders']}, {soak['seconds']:.0f} s"],
        ["messages answered / sent", f"{soak['messages'] - soak['errors']} / {soak['messages']}"],
        ["errors (no reply, busy, slow down, HTTP error)", soak["errors"]],
        [
            "conversations lost or out of order in PostgreSQL",
            f"{soak['lost_or_reordered']} of {soak['conversations']}",
        ],
        ["latency p50 / p95 / p99", f"{ms(soak['p50'])} / {ms(soak['p95'])} / {ms(soak['p99'])}"],
        ["throughput", f"{soak['throughput']:.1f} messages/s"],
        [
            "Rasa servers' RSS (both): first / last / max sample",
            f"{memory['first']:.0f} / {memory['last']:.0f} / {memory['max']:.0f} MB" if memory else "–",
        ],
    ]
    examples = "".join(f"\n- `{e}`" for e in soak["error_examples"])
    return table(["", "measured"], rows) + (f"\n\nFirst errors:{examples}" if examples else "")


def scale(r: Dict[str, Any]) -> str:
    rows = [
        [
            row["size"],
            f"{row['build_ms']:.0f} ms",
            ms(row["p50"]),
            ms(row["p95"]),
            pct(row["top1"]),
            pct(row["baseline_top1"]),
        ]
        for row in r["scale"]
    ]
    return table(["procedures", "index build", "match p50", "match p95", "matcher top-1", "baseline top-1"], rows)


def render(r: Dict[str, Any], images: str) -> str:
    m = r["machine"]
    sample = " — **sample run (few questions, light load): not the reference numbers**" if r["sample"] else ""
    parts = [
        f"# Benchmarks{sample}",
        f"Run {r['date']} at commit `{m['commit']}` on {m['cpu']}, {m['memory']}, Python {m['python']}. "
        "Produced by `make bench`.",
        "## Targets",
        targets(r),
        analysis(),
        "## Understanding questions (intents)",
        nlu(r),
        f"![confusion matrix]({images}/confusion.png)",
        "## Finding the procedure",
        procedures(r),
        "## Where to file: former place names",
        places(r),
        "## Speed and memory (REST channel, loopback)",
        speed(r),
        f"![latency against concurrency]({images}/latency.png)",
        "## One sender flooding",
        flood(r),
        "## Production profile under sustained load",
        "Two Rasa servers with `endpoints.production.yml` (conversations in PostgreSQL, one citizen's "
        "messages one at a time through Redis) and one action server, all on this machine; each sender's "
        "turns alternate between the servers and it starts a new conversation every five messages.",
        production(r),
        "## Procedure matching as the catalogue grows",
        "Synthetic variants of the real records (real names with qualifiers such as “(thực hiện tại cấp xã)”, "
        "“đối với người nước ngoài”) are added in memory; accuracy is on the held-out procedure questions.",
        scale(r),
        HOW_TO_READ.strip(),
    ]
    return "\n\n".join(parts) + "\n"
