"""Concurrent senders on the REST channel: latency percentiles, throughput, errors, in order."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any, Callable, Dict, List

import requests

from bench.metrics import latency_summary

# Questions whose answers run a custom action (the catalogue is read on every turn).
ASSISTANT_MESSAGES = [
    "lệ phí đăng ký kết hôn bao nhiêu",
    "làm hộ chiếu cần giấy tờ gì",
    "đăng ký tạm trú mất bao lâu",
    "nộp online có được giảm lệ phí không",
    "cấp lại căn cước cần gì",
]
# The `rasa init` assistant's own examples.
FLOOR_MESSAGES = ["hello", "I am sad", "yes", "great", "bye"]


CONVERSATION = 5  # messages per conversation: a citizen asks a few questions, not hundreds


def run_load(
    rasa: str, messages: List[str], senders: int, per_sender: int, conversation: int = CONVERSATION
) -> Dict[str, Any]:
    """Each sender sends per_sender messages one after the other, starting a new conversation
    every ``conversation`` messages (Rasa's cost grows with a conversation's length); all senders at once."""
    latencies: List[float] = []
    errors: List[str] = []
    lock = threading.Lock()

    def sender(number: int) -> None:
        session = requests.Session()
        for i in range(per_sender):
            if i % conversation == 0:
                name = f"load-{uuid.uuid4().hex[:8]}"
            message = messages[(number + i) % len(messages)]
            began = time.perf_counter()
            try:
                response = session.post(
                    f"{rasa}/webhooks/rest/webhook", json={"sender": name, "message": message}, timeout=120
                )
                ok = response.status_code == 200 and bool(response.json())
                problem = None if ok else f"HTTP {response.status_code}, {len(response.content)} bytes"
            except (requests.RequestException, ValueError) as error:
                problem = repr(error)
            elapsed = time.perf_counter() - began
            with lock:
                if problem:
                    errors.append(problem)
                else:
                    latencies.append(elapsed)

    wall = all_at_once(sender, senders)
    return {
        "conversation": conversation,
        "senders": senders,
        "messages": senders * per_sender,
        "errors": len(errors),
        "throughput": len(latencies) / wall,
        **latency_summary(latencies),
    }


def all_at_once(sender: Callable[[int], None], senders: int) -> float:
    """Runs sender(0) … sender(senders - 1) in parallel threads; returns the wall time in seconds."""
    threads = [threading.Thread(target=sender, args=(n,)) for n in range(senders)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def warm_up(rasa: str, messages: List[str]) -> None:
    for message in messages:
        requests.post(f"{rasa}/webhooks/rest/webhook", json={"sender": "warm-up", "message": message}, timeout=120)
