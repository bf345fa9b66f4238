"""Personal data never reaches Rasa's logs or conversation store; malformed requests get a 4xx."""

from __future__ import annotations

import json
import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from conftest import MODEL, Assistant, Citizen, free_port, rasa_command, start, start_rasa, stop, wait_until_up

from bot.privacy import mask_personal_data
from bot.rate_limit import RateLimit
from bot.replies import SLOW_DOWN, TOO_LONG

CCCD, CMND, PHONE, EMAIL = "079203004512", "225123456", "0905 123 456", "nguyen.van.a@gmail.com"


@pytest.mark.parametrize(
    "text, masked",
    [
        (f"số căn cước {CCCD}", "số căn cước [số định danh]"),
        (f"cmnd cũ {CMND} nhé", "cmnd cũ [số định danh] nhé"),
        (f"gọi {PHONE} hoặc +84905123456", "gọi [số điện thoại] hoặc [số điện thoại]"),
        (f"mail {EMAIL}", "mail [email]"),
        # the forms that once reached the conversation store unmasked
        ("sđt của tôi 0905123456.", "sđt của tôi [số điện thoại]."),
        ("căn cước 079 203 004 512 ạ", "căn cước [số định danh] ạ"),
        ("số0905123456", "số[số điện thoại]"),
        ("cmnd 225123456.", "cmnd [số định danh]."),
        ("(+84) 905 123 456", "[số điện thoại]"),
        # landlines, full-width digits, invisible characters, separators
        ("gọi 0258 3822 123 giờ hành chính", "gọi [số điện thoại] giờ hành chính"),
        ("０９０５１２３４５６", "[số điện thoại]"),
        ("09\u200b05\u2060123456", "[số điện thoại]"),
        ("0905  123  456", "[số điện thoại]"),
        ("0905.123.456 hoặc 0905-123-456", "[số điện thoại] hoặc [số điện thoại]"),
        ("079.203.004.512", "[số định danh]"),
        ("sinh năm 1990 - số 0905123456", "sinh năm 1990 - số [số điện thoại]"),
        # and nothing else: amounts, procedure codes, dates, dossier codes
        ("lệ phí 50.000 đồng, mã 1.001193, năm 2025", "lệ phí 50.000 đồng, mã 1.001193, năm 2025"),
        ("phạt 200.000.000 đồng, hạn 31-12-2026", "phạt 200.000.000 đồng, hạn 31-12-2026"),
        ("mã 1.001193.000.00.00.H56", "mã 1.001193.000.00.00.H56"),
        ("hồ sơ 000.00.25.H56-250101-0001", "hồ sơ 000.00.25.H56-250101-0001"),
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
        question = (
            f"cấp lại thẻ căn cước cần giấy tờ gì, số cũ {CCCD}, sđt {PHONE}, email {EMAIL}, "
            "cmnd 225123456. gọi (+84) 905 123 457 hoặc số0905123458, căn cước vợ 079 203 004 513"
        )
        replies = citizen.say(question, metadata={"channel": "web", "note": f"gọi {PHONE}", "email": EMAIL})
        assert "Cấp lại thẻ căn cước" in "\n".join(r.get("text", "") for r in replies)
    finally:
        stop(rasa)
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT data FROM events").fetchall()
    stored = " ".join(json.dumps(json.loads(data), ensure_ascii=False) for (data,) in rows)
    logged = (tmp_path / f"rasa-{port}.log").read_text(errors="replace")
    logged += (servers.logs / "actions.log").read_text(errors="replace")
    assert "[số định danh]" in stored, "the masked message is what the tracker keeps"
    secrets = (CCCD, PHONE, PHONE.replace(" ", ""), EMAIL, "225123456", "905 123 457", "0905123458", "004 513")
    for secret in secrets:
        assert secret not in stored and secret not in logged


def test_masking_is_linear_in_the_text() -> None:
    """Runs that made the old patterns quadratic are read once (counted, not timed)."""
    for text in ("a" * 40_000, "1 " * 20_000, "a." * 20_000, "x@" * 20_000):
        assert mask_personal_data(text) == text


def test_a_too_long_message_is_answered_politely_and_not_stored(servers: Assistant, tmp_path: Path) -> None:
    database = tmp_path / "conversations.db"
    port = free_port()
    rasa = start_rasa(port, servers.action_port, tmp_path, conversations=database)
    try:
        citizen = Citizen(f"http://127.0.0.1:{port}")
        assert citizen.text(f"{CCCD} " * 4000) == TOO_LONG
        assert "chào" in citizen.text("xin chào"), "the next message is answered as usual"
        big = requests.post(
            f"http://127.0.0.1:{port}/webhooks/rest/webhook",
            json={"sender": citizen.sender, "message": "a", "pad": "x" * 100_000},
            timeout=30,
        )
        assert big.status_code == 413
    finally:
        stop(rasa)
    with sqlite3.connect(database) as connection:
        events = [json.loads(data) for (data,) in connection.execute("SELECT data FROM events")]
    said = [e.get("text") for e in events if e.get("event") == "user"]
    assert said == ["xin chào"], "the too-long message was never stored"
    assert CCCD not in json.dumps(events)


def test_bad_code_points_get_an_answer(assistant: str) -> None:
    body = '{"sender": "test-surrogate", "message": "\\ud800 l\u00e0m h\u1ed9 chi\u1ebfu c\u1ea7n g\u00ec"}'
    response = requests.post(
        f"{assistant}/webhooks/rest/webhook",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 200 and "1.001456" in " ".join(m.get("text", "") for m in response.json())


@pytest.mark.parametrize("sender", ["", "a" * 129, "a b", "người-dùng", "x\ny", "<script>"])
def test_a_sender_id_outside_the_allowed_shape_is_refused(assistant: str, sender: str) -> None:
    response = requests.post(
        f"{assistant}/webhooks/rest/webhook", json={"sender": sender, "message": "xin chào"}, timeout=30
    )
    assert response.status_code == 400


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
    assert limit.allow("a", "xin chào") and limit.allow("a", "xin chào") and not limit.allow("a", "xin chào")
    assert limit.allow("b", "xin chào")
    now[0] = 10.0
    assert limit.allow("a", "xin chào"), "the window slides"
    limit.allow("c", "xin chào")
    assert len(limit._recent) == 2, "the oldest sender is forgotten first"


def test_a_long_message_counts_once_per_250_characters() -> None:
    limit = RateLimit(messages=20, seconds=60, clock=lambda: 0.0)
    longest = "đăng ký kết hôn cần giấy tờ gì " * 33  # 1,023 characters
    assert [limit.allow("a", longest[:1000]) for _ in range(6)] == [True] * 5 + [False], "five of the longest"
    assert limit.allow("b", longest[:251]) and limit.allow("b", "x" * 250)
    assert sum(limit.allow("b", "ok") for _ in range(20)) == 17, "251 characters count twice, 250 once"


def test_a_sender_who_floods_is_asked_to_slow_down_and_others_are_not(servers: Assistant, tmp_path: Path) -> None:
    """The refusal comes after REFUSAL_DELAY, so a client that waits for replies slows down;
    another sender is answered meanwhile."""
    port = free_port()
    env = {"RATE_LIMIT_MESSAGES": "3", "RATE_LIMIT_SECONDS": "60", "REFUSAL_DELAY": "5"}
    rasa = start_rasa(port, servers.action_port, tmp_path, env=env)
    try:
        flooder, other = Citizen(f"http://127.0.0.1:{port}"), Citizen(f"http://127.0.0.1:{port}")
        answers = [flooder.text("xin chào") for _ in range(3)]
        with ThreadPoolExecutor(max_workers=1) as pool:
            refused = pool.submit(flooder.text, "xin chào")
            assert "chào" in other.text("xin chào")
            assert not refused.done(), "the refusal is still held back"
            assert refused.result() == SLOW_DOWN
        assert all("chào" in a for a in answers)
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
