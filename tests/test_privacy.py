"""Personal data never reaches Rasa's logs or conversation store; malformed requests get a 4xx."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
import requests
from conftest import MODEL, Assistant, Citizen, free_port, rasa_command, start, start_rasa, stop, wait_until_up

from bot.privacy import mask_personal_data
from bot.rate_limit import RateLimit
from bot.replies import SLOW_DOWN

CCCD, CMND, PHONE, EMAIL = "079203004512", "225123456", "0905 123 456", "nguyen.van.a@gmail.com"


@pytest.mark.parametrize(
    "text, masked",
    [
        (f"số căn cước {CCCD}", "số căn cước [số định danh]"),
        (f"cmnd cũ {CMND} nhé", "cmnd cũ [số định danh] nhé"),
        (f"gọi {PHONE} hoặc +84905123456", "gọi [số điện thoại] hoặc [số điện thoại]"),
        (f"mail {EMAIL}", "mail [email]"),
        ("lệ phí 50.000 đồng, mã 1.001193, năm 2025", "lệ phí 50.000 đồng, mã 1.001193, năm 2025"),
    ],
)
def test_personal_data_is_masked_and_nothing_else(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked


def test_a_message_with_personal_data_is_answered_and_leaves_no_trace(servers: Assistant, tmp_path: Path) -> None:
    database = tmp_path / "conversations.db"
    port = free_port()
    rasa = start_rasa(port, servers.action_port, tmp_path, extra=["--debug"], conversations=database)
    citizen = Citizen(f"http://127.0.0.1:{port}")
    try:
        question = f"cấp lại thẻ căn cước cần giấy tờ gì, số cũ {CCCD}, sđt {PHONE}, email {EMAIL}"
        replies = citizen.say(question, metadata={"channel": "web", "note": f"gọi {PHONE}", "email": EMAIL})
        assert "Cấp lại thẻ căn cước" in "\n".join(r.get("text", "") for r in replies)
    finally:
        stop(rasa)
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT data FROM events").fetchall()
    stored = " ".join(json.dumps(json.loads(data), ensure_ascii=False) for (data,) in rows)
    logged = (tmp_path / f"rasa-{port}.log").read_text(errors="replace")
    assert "[số định danh]" in stored, "the masked message is what the tracker keeps"
    for secret in (CCCD, PHONE, PHONE.replace(" ", ""), EMAIL):
        assert secret not in stored and secret not in logged


@pytest.mark.parametrize(
    "body, content_type",
    [
        ("{not json", "application/json"),
        ('["a list"]', "application/json"),
        ('{"sender": 5, "message": "xin chào"}', "application/json"),
        ('{"sender": "x", "message": {"text": "hi"}}', "application/json"),
    ],
)
def test_malformed_requests_get_a_clear_4xx(assistant: str, body: str, content_type: str) -> None:
    response = requests.post(
        f"{assistant}/webhooks/rest/webhook", data=body.encode(), headers={"Content-Type": content_type}, timeout=30
    )
    assert 400 <= response.status_code < 500, response.text


def test_rate_limit_counts_each_sender_in_a_sliding_window() -> None:
    now = [0.0]
    limit = RateLimit(messages=2, seconds=10, clock=lambda: now[0], senders=2)
    assert limit.allow("a") and limit.allow("a") and not limit.allow("a")
    assert limit.allow("b")
    now[0] = 10.0
    assert limit.allow("a"), "the window slides"
    limit.allow("c")
    assert len(limit._recent) == 2, "the oldest sender is forgotten first"


def test_a_sender_who_floods_is_asked_to_slow_down_and_others_are_not(servers: Assistant, tmp_path: Path) -> None:
    port = free_port()
    rasa = start_rasa(port, servers.action_port, tmp_path, env={"RATE_LIMIT_MESSAGES": "3", "RATE_LIMIT_SECONDS": "60"})
    try:
        flooder, other = Citizen(f"http://127.0.0.1:{port}"), Citizen(f"http://127.0.0.1:{port}")
        answers = [flooder.text("xin chào") for _ in range(4)]
        assert all("chào" in a for a in answers[:3]) and answers[3] == SLOW_DOWN
        assert "chào" in other.text("xin chào")
    finally:
        stop(rasa)


def test_the_http_api_answers_only_with_its_auth_token(servers: Assistant, tmp_path: Path) -> None:
    """As `make run` starts it: the API behind --auth-token, the channel open to citizens."""
    port, token = free_port(), "tok-" + uuid.uuid4().hex
    rasa = start(rasa_command(port, MODEL, None, ["--auth-token", token]), tmp_path / "rasa.log")
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/", rasa)
        assert requests.get(f"{url}/status", timeout=10).status_code == 401
        assert requests.get(f"{url}/conversations/someone/tracker", timeout=10).status_code == 401
        assert requests.get(f"{url}/status", params={"token": "wrong"}, timeout=10).status_code == 401
        assert requests.get(f"{url}/status", params={"token": token}, timeout=10).status_code == 200
        assert "chào" in Citizen(url).text("xin chào")
    finally:
        stop(rasa)
