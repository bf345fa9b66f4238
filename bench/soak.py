"""The production profile under a sustained load: concurrent senders for a fixed time, spread
over two Rasa servers sharing PostgreSQL and Redis. Every reply is checked (an answer, not the
busy or slow-down message), every conversation's order is checked in PostgreSQL afterwards, and
the servers' memory is sampled throughout."""

from __future__ import annotations

import json
import threading
import time
import uuid
from typing import Any, Dict, List

import requests

from bench.load import CONVERSATION, all_at_once
from bench.metrics import latency_summary
from bot.replies import BUSY, SLOW_DOWN
from harness.processes import rss_mb
from harness.services import Profile

MEMORY_EVERY = 5.0  # seconds between memory samples


def _memory_sampler(profile: Profile, samples: List[float], done: threading.Event) -> threading.Thread:
    def sample() -> None:
        while not done.is_set():
            samples.append(sum(rss_mb(p.pid) for p in profile.rasa))
            done.wait(MEMORY_EVERY)

    return threading.Thread(target=sample, daemon=True)


def lost_or_reordered(profile: Profile, sent: Dict[str, List[str]]) -> int:
    """Conversations whose user messages in PostgreSQL are not exactly those sent, in order."""
    stored: Dict[str, List[str]] = {sender: [] for sender in sent}
    rows = profile.query(
        "SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id LIKE 'soak-%%' ORDER BY id"
    )
    for sender, data in rows:
        if sender in stored:
            stored[sender].append(json.loads(data).get("text"))
    return sum(stored[sender] != texts for sender, texts in sent.items())


def run_soak(profile: Profile, messages: List[str], senders: int, seconds: float) -> Dict[str, Any]:
    """Each sender asks one question after another until time is up, turns alternating between
    the servers, a new conversation every CONVERSATION messages."""
    latencies: List[float] = []
    problems: List[str] = []
    sent: Dict[str, List[str]] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def sender(number: int) -> None:
        session = requests.Session()
        turn = 0
        while time.monotonic() < deadline:
            if turn % CONVERSATION == 0:
                name = f"soak-{uuid.uuid4().hex[:10]}"
                with lock:
                    sent[name] = []
            message = messages[(number + turn) % len(messages)]
            url = profile.urls[(number + turn) % len(profile.urls)]
            began = time.perf_counter()
            try:
                response = session.post(
                    f"{url}/webhooks/rest/webhook", json={"sender": name, "message": message}, timeout=120
                )
                texts = [r.get("text", "") for r in response.json()] if response.status_code == 200 else []
                problem = (
                    None
                    if texts and not {BUSY, SLOW_DOWN} & set(texts)
                    else f"HTTP {response.status_code}: {texts[:1]}"
                )
            except (requests.RequestException, ValueError) as error:
                problem = repr(error)
            elapsed = time.perf_counter() - began
            with lock:
                sent[name].append(message)
                if problem:
                    problems.append(problem)
                else:
                    latencies.append(elapsed)
            turn += 1

    memory: List[float] = []
    done = threading.Event()
    sampler = _memory_sampler(profile, memory, done)
    sampler.start()
    wall = all_at_once(sender, senders)
    done.set()
    sampler.join()
    return {
        "senders": senders,
        "servers": len(profile.urls),
        "seconds": wall,
        "messages": len(latencies) + len(problems),
        "errors": len(problems),
        "error_examples": problems[:3],
        "conversations": len(sent),
        "lost_or_reordered": lost_or_reordered(profile, sent),
        "throughput": len(latencies) / wall,
        "rss_mb": {"first": memory[0], "last": memory[-1], "max": max(memory)} if memory else {},
        **latency_summary(latencies),
    }
