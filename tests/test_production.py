"""The production profile for real: two Rasa servers sharing PostgreSQL (conversations) and
Redis (one citizen's messages one at a time), both started here on loopback."""

from __future__ import annotations

import os
import threading
import uuid
from typing import Iterator, List

import pytest
import requests
from conftest import Citizen

from bot.replies import SLOW_DOWN
from harness import services

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not services.installed() and not os.environ.get("CI"), reason="needs Debian's postgresql and redis-server"
    ),
]


class Production:
    def __init__(self, profile: services.Profile) -> None:
        self.urls, self.query, self.action_url = profile.urls, profile.query, profile.action_url

    def say(self, server: int, sender: str, text: str) -> str:
        return Citizen(self.urls[server], sender).text(text)

    def events(self, sender: str) -> List[tuple]:
        return self.query("SELECT type_name, action_name FROM events WHERE sender_id = %s ORDER BY id", sender)


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> Iterator[Production]:
    with services.production_profile(tmp_path_factory.mktemp("production")) as profile:
        yield Production(profile)


def test_a_conversation_continues_across_two_servers(production: Production) -> None:
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    assert "Đăng ký kết hôn (mã 1.000894)" in production.say(0, sender, "đăng ký kết hôn cần giấy tờ gì")
    assert "lệ phí thủ tục Đăng ký kết hôn" in production.say(1, sender, "còn lệ phí thì sao")
    assert "Đăng ký kết hôn" in production.say(0, sender, "mất bao lâu")


def test_concurrent_messages_from_one_sender_are_handled_one_at_a_time(production: Production) -> None:
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    questions = [
        "xin chào",
        "làm hộ chiếu cần gì",
        "lệ phí làm hộ chiếu",
        "cảm ơn",
        "nộp online được không",
        "tạm biệt",
    ]
    answers: List[str] = [""] * len(questions)

    def send(number: int) -> None:
        answers[number] = production.say(number % 2, sender, questions[number])

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(questions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(answers), "every message got its answer"
    kinds = [kind for kind, _ in production.events(sender) if kind in ("user", "action")]
    actions = [name for kind, name in production.events(sender) if kind == "action"]
    assert kinds.count("user") == len(questions)
    # each turn ends (action_listen) before the next message is taken: no two turns interleave
    turns = "".join("u" if kind == "user" else "a" for kind in kinds)
    assert "uu" not in turns and actions.count("action_listen") >= len(questions)


def test_ratings_are_kept_in_postgresql(production: Production) -> None:
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    assert "Cấp hộ chiếu" in production.say(0, sender, "làm hộ chiếu mất bao lâu")
    assert "cảm ơn" in production.say(1, sender, '/feedback{"rating": "good"}')
    rows = production.query("SELECT kind, rating, answer FROM feedback WHERE kind = 'rating'")
    assert rows == [("rating", "good", "time")]


def test_the_http_api_is_off_in_production(production: Production) -> None:
    assert requests.get(f"{production.urls[0]}/status", timeout=10).status_code in (403, 404)
    assert requests.get(f"{production.urls[0]}/conversations/x/tracker", timeout=10).status_code in (403, 404)


def test_the_rate_limit_is_shared_by_the_servers(production: Production) -> None:
    sender = f"prod-{uuid.uuid4().hex[:8]}"
    answers = [production.say(n % 2, sender, "xin chào") for n in range(21)]
    assert SLOW_DOWN not in answers[:20], "20 messages a minute are allowed"
    assert answers[20] == SLOW_DOWN, "the 21st is refused although each server saw only about half"


def test_a_long_message_counts_for_each_250_characters_in_redis(production: Production) -> None:
    sender, longest = f"prod-{uuid.uuid4().hex[:8]}", ("đăng ký kết hôn cần giấy tờ gì " * 40)[:1000]
    answers = [production.say(n % 2, sender, longest) for n in range(6)]
    assert SLOW_DOWN not in answers[:5], "five messages of 1,000 characters a minute are allowed"
    assert answers[5] == SLOW_DOWN


def test_the_action_server_answers_only_rasa(production: Production) -> None:
    call = {"next_action": "action_service_centre", "sender_id": "x", "tracker": {}, "domain": {}, "version": "3.6.2"}
    refused = requests.post(production.action_url, json=call, timeout=10)
    assert refused.status_code == 403, "no token, no action (and no feedback row)"
    wrong = requests.post(production.action_url, params={"token": "guess"}, json=call, timeout=10)
    assert wrong.status_code == 403
    health = production.action_url.replace("/webhook", "/health")
    assert requests.get(health, timeout=10).status_code == 200, "load balancers may still check it"
