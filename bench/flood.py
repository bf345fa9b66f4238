"""One sender floods the REST channel with the largest messages; another sender's latency.

The flooding sender sends, from four threads without pause, messages of the largest allowed
size (they are masked and parsed, until its rate limit answers "slow down") and messages ten
times over the limit (refused before anything reads them). Meanwhile a citizen asks ordinary
questions one after the other; its p95 is compared with the same questions asked in quiet.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from typing import Any, Dict, List

import requests

from bench.load import ASSISTANT_MESSAGES
from bench.metrics import latency_summary

FLOODERS = 4


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


def measure(rasa: str, questions: int) -> Dict[str, Any]:
    limit = int(os.environ.get("MAX_MESSAGE_CHARS", "1000"))
    largest = ("số 0905123456 " + "đăng ký kết hôn cần giấy tờ gì " * limit)[:limit]
    too_long = largest * 10
    quiet = latency_summary(_citizen_latencies(rasa, questions))
    stop, sent = threading.Event(), [0]

    def flood(body: str) -> None:
        session = requests.Session()
        while not stop.is_set():
            session.post(f"{rasa}/webhooks/rest/webhook", json={"sender": "flood", "message": body}, timeout=120)
            sent[0] += 1

    threads = [threading.Thread(target=flood, args=(largest if n % 2 else too_long,)) for n in range(FLOODERS)]
    for thread in threads:
        thread.start()
    try:
        flooded = latency_summary(_citizen_latencies(rasa, questions))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return {"quiet": quiet, "flooded": flooded, "flood_messages": sent[0], "largest": limit}
