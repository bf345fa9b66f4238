"""The benchmark runs end to end on a small sample (so it cannot rot); timings are not asserted."""

from __future__ import annotations

import subprocess

import pytest

from bench.baseline import KeywordProcedures, faq_intent
from bench.metrics import macro_f1, percentile
from bench.scale import enlarged
from bot.catalogue.client import CatalogueClient
from harness.processes import BIN, ROOT

pytestmark = pytest.mark.e2e  # real processes


def test_sample_benchmark_prints_every_section_with_the_baseline_and_floor() -> None:
    run = subprocess.run(
        [str(BIN / "python"), "-m", "bench", "--sample"], cwd=ROOT, capture_output=True, text=True, timeout=1500
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    report = (ROOT / "results" / "bench-sample" / "BENCHMARKS.md").read_text(encoding="utf-8")
    for heading in (
        "## Targets",
        "## Understanding questions",
        "## Finding the procedure",
        "## Where to file: former place names",
        "## Speed and memory",
        "## One sender flooding",
        "## Procedure matching as the catalogue grows",
        "## How to read this report",
    ):
        assert heading in report
    assert "baseline accuracy" in report and "floor p50" in report
    assert "(median of 3)" in report, "the flood is measured three times"
    assert (ROOT / "results" / "bench-sample" / "confusion.png").stat().st_size > 10_000
    assert (ROOT / "results" / "bench-sample" / "latency.png").stat().st_size > 10_000
    assert "[" in run.stdout and "Report written" in run.stdout, "progress is printed while it runs"


def test_metrics() -> None:
    assert macro_f1(["a", "a", "b"], ["a", "b", "b"]) == (2 / 3 + 2 / 3) / 2
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3 and percentile([1, 2, 3, 4], 0.99) == 4


def test_keyword_baseline_works_like_a_portal_faq() -> None:
    assert faq_intent("Lệ phí làm hộ chiếu bao nhiêu tiền") == "ask_fee"
    assert faq_intent("thời tiết hôm nay") == "out_of_scope"
    catalogue = CatalogueClient().get()
    assert KeywordProcedures(catalogue).best("lam ho chieu").code == "1.001456"


def test_the_enlarged_catalogue_keeps_the_real_records_and_marks_variants_synthetic() -> None:
    catalogue = CatalogueClient().get()
    size = len(catalogue.procedures) + 100
    big = enlarged(catalogue, size)
    assert len(big.procedures) == size
    assert big.procedures[: len(catalogue.procedures)] == catalogue.procedures
    variants = big.procedures[len(catalogue.procedures) :]
    assert all(p.code.startswith("9.") and p.group is None for p in variants)
    assert len({p.code for p in variants}) == len(variants)
