"""One sender floods the REST channel with the largest messages; another sender's latency.

The flooding sender sends, from four threads without pause, messages of the largest allowed
size (they are masked and parsed, until its rate limit answers "slow down") and messages ten
times over the limit (refused before anything reads them). Meanwhile a citizen asks ordinary
questions one after the other; its p95 is compared with the same questions asked in quiet.
The measurement is taken three times, each with a new flooding sender, and the median kept
(one p95 of 60 questions swings by half on this machine). The flood comes from a process of its
own, as it would from another client: threads in the measuring process would make the
citizen's requests wait for Python's lock, not for the server.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import uuid
from typing import Any, Dict, List

import requests

from bench.load import ASSISTANT_MESSAGES
from bench.metrics import latency_summary

FLOODERS = 4
REPEATS = 3


def _citizen_latencies(rasa: str, count: int) -> List[float]:
    session, sender, seconds = requests.Session(), f"citizen-{uuid.uuid4().hex[:8]}", []
    for i in range(count):
        if i % 5 == 0:
            sender = f"citizen-{uuid.uuid4().hex[:8]}"  # a new conversation every five messages
        began = time.perf_counter()
        response = session.post(
            f"{rasa}/webhooks/rest/webhook",
            json={"sender": sender, "message": ASSISTANT_MESSAGES[i % len(ASSISTANT_MESSAGES)]},
            timeout=120,
        )
        response.raise_for_status()
        seconds.append(time.perf_counter() - began)
    return seconds


def ratio(run: Dict[str, Any]) -> float:
    """Another sender's p95 during the flood, as a multiple of its p95 in quiet."""
    return run["flooded"]["p95"] / run["quiet"]["p95"]


def measure(rasa: str, questions: int) -> Dict[str, Any]:
    """The run with the median ratio of REPEATS, with every run's ratio."""
    runs = sorted((_measure_once(rasa, questions) for _ in range(REPEATS)), key=ratio)
    return {**runs[len(runs) // 2], "ratios": [ratio(run) for run in runs]}


def _measure_once(rasa: str, questions: int) -> Dict[str, Any]:
    limit = int(os.environ.get("MAX_MESSAGE_CHARS", "1000"))
    largest = ("số 0905123456 " + "đăng ký kết hôn cần giấy tờ gì " * limit)[:limit]
    quiet = latency_summary(_citizen_latencies(rasa, questions))
    stop, sent = multiprocessing.Event(), multiprocessing.Value("i", 0)
    sender = f"flood-{uuid.uuid4().hex[:8]}"  # a new one each time: its rate limit starts afresh
    flooder = multiprocessing.Process(target=_flood, args=(rasa, sender, largest, stop, sent))
    flooder.start()
    try:
        flooded = latency_summary(_citizen_latencies(rasa, questions))
    finally:
        stop.set()
        flooder.join()
    return {"quiet": quiet, "flooded": flooded, "flood_messages": sent.value, "largest": limit}


def _flood(rasa: str, sender: str, largest: str, stop: Any, sent: Any) -> None:
    """The flooding client (its own process): four threads sending until ``stop`` is set."""

    def send(body: str) -> None:
        session = requests.Session()
        while not stop.is_set():
            session.post(f"{rasa}/webhooks/rest/webhook", json={"sender": sender, "message": body}, timeout=120)
            with sent.get_lock():
                sent.value += 1

    too_long = largest * 10
    threads = [threading.Thread(target=send, args=(largest if n % 2 else too_long,)) for n in range(FLOODERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
