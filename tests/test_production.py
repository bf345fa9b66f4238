"""The production profile for real: two Rasa servers sharing PostgreSQL (conversations) and
Redis (one citizen's messages one at a time), both started here on loopback."""

from __future__ import annotations

import os
import threading
import uuid
from typing import Iterator, List

import psycopg2
import pytest
import requests
import services  # noqa: I001
from conftest import Assistant, Citizen

from bench.processes import MODEL, ROOT, free_port, rasa_command, start, stop, wait_until_up

pytestmark = pytest.mark.skipif(
    not services.installed() and not os.environ.get("CI"), reason="needs Debian's postgresql and redis-server"
)


class Production:
    def __init__(self, urls: List[str], database: dict) -> None:
        self.urls, self.database = urls, database

    def say(self, server: int, sender: str, text: str) -> str:
        return Citizen(self.urls[server], sender).text(text)

    def events(self, sender: str) -> List[tuple]:
        connection = psycopg2.connect(
            host="127.0.0.1",
            port=self.database["POSTGRES_PORT"],
            dbname="tthc",
            user="tthc",
            password=self.database["POSTGRES_PASSWORD"],
        )
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT type_name, action_name FROM events WHERE sender_id = %s ORDER BY id", (sender,))
            rows = cursor.fetchall()
        connection.close()
        return rows


@pytest.fixture(scope="module")
def production(servers: Assistant, tmp_path_factory) -> Iterator[Production]:
    logs = tmp_path_factory.mktemp("production")
    postgres = services.Postgres(free_port())
    redis_port = free_port()
    redis = services.start_redis(redis_port, logs / "redis.log")
    processes = [redis]
    try:
        env = {
            **postgres.start(),
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(redis_port),
            "REDIS_PASSWORD": "",
            "REDIS_DB": "0",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{servers.action_port}/webhook",
        }
        urls = []
        for _ in range(2):
            port = free_port()
            args = rasa_command(port, MODEL, ROOT / "endpoints.production.yml", api=False)
            rasa = start(args, logs / f"rasa-{port}.log", env)
            processes.append(rasa)
            urls.append(f"http://127.0.0.1:{port}")
            wait_until_up(f"{urls[-1]}/", rasa)
        yield Production(urls, env)
    finally:
        for process in reversed(processes):
            stop(process)
        postgres.stop()


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


def test_the_http_api_is_off_in_production(production: Production) -> None:
    assert requests.get(f"{production.urls[0]}/status", timeout=10).status_code in (403, 404)
    assert requests.get(f"{production.urls[0]}/conversations/x/tracker", timeout=10).status_code in (403, 404)
