"""Procedure matching as the catalogue grows: realistic synthetic variants of the real records.

The variants exist only in memory for this measurement; their codes start with 9. so they can
never be mistaken for national codes.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from typing import Any, Dict, List

from bench.baseline import KeywordProcedures
from bench.metrics import latency_summary
from bot.catalogue.matching import ProcedureIndex
from bot.catalogue.model import Catalogue

# Qualifiers that real procedure names carry (level, subject, channel), applied to real names.
QUALIFIERS = [
    "(thực hiện tại cấp tỉnh)",
    "(thực hiện tại cấp xã)",
    "đối với người nước ngoài",
    "cho người Việt Nam định cư ở nước ngoài",
    "tại cơ quan đại diện",
    "trong lực lượng vũ trang",
    "liên thông",
    "lưu động",
    "đối với doanh nghiệp",
    "cho người chưa thành niên",
    "trường hợp bị hư hỏng",
    "trường hợp thay đổi thông tin",
    "đối với hộ gia đình",
    "tại khu công nghiệp",
    "đối với đơn vị sự nghiệp",
]


def enlarged(catalogue: Catalogue, size: int) -> Catalogue:
    """The catalogue with synthetic variants added until it holds `size` procedures."""
    procedures = list(catalogue.procedures)
    serial = itertools.count(1)
    for qualifier in itertools.cycle(QUALIFIERS):
        if len(procedures) >= size:
            break
        for real in catalogue.procedures:
            if len(procedures) >= size:
                break
            number = next(serial)
            procedures.append(
                dataclasses.replace(
                    real,
                    code=f"9.{number:06d}",
                    name=f"{real.name} {qualifier}",
                    aliases=[f"{a} {qualifier}" for a in real.aliases[:3]],
                    group=None,
                )
            )
    return dataclasses.replace(catalogue, procedures=procedures)


def measure(catalogue: Catalogue, questions: List[Dict[str, str]], sizes: List[int]) -> List[Dict[str, Any]]:
    named = [q for q in questions if "expect" in q]
    rows = []
    for size in sizes:
        big = enlarged(catalogue, size)
        began = time.perf_counter()
        index = ProcedureIndex(big)
        build = time.perf_counter() - began
        keywords = KeywordProcedures(big)
        seconds, hits, baseline_hits = [], 0, 0
        for question in named:
            began = time.perf_counter()
            match = index.find(question["text"])
            seconds.append(time.perf_counter() - began)
            hits += bool(match.found and match.found.key == question["expect"])
            best = keywords.best(question["text"])
            baseline_hits += bool(best and best.key == question["expect"])
        rows.append(
            {
                "size": len(big.procedures),
                "build_ms": build * 1000,
                "top1": hits / len(named),
                "baseline_top1": baseline_hits / len(named),
                **latency_summary(seconds),
            }
        )
    return rows
