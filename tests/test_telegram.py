"""The Telegram channel end to end: a Telegram update → the real bot process (python-telegram-bot)
→ the real Rasa and action servers → the reply, recorded by a local Bot API server
(Telegram's own servers cannot be reached from here)."""

from __future__ import annotations

import itertools
import socket
import sqlite3
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Iterator

import pytest
import requests
from conftest import BIN, Assistant, free_port, start, start_rasa, stop
from fakes.telegram_api import FakeTelegram, buttons, reply_text

from bot.telegram.handlers import BUSY, THANKS, UNSUPPORTED
from bot.telegram.render import MESSAGE_LIMIT

pytestmark = pytest.mark.e2e  # real processes

TOKEN = "123456:TEST-token"
SECRET = "s3cret_token-for-tests"
chats = itertools.count(5001)


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def start_bot(logs: Path, name: str, api: FakeTelegram, env: Dict[str, str]) -> subprocess.Popen:
    settings = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": f"{api.url}/bot", **env}
    return start([str(BIN / "python"), "-m", "bot.telegram"], logs / f"{name}.log", settings)


@pytest.fixture(scope="module")
def telegram(servers: Assistant, tmp_path_factory) -> Iterator[FakeTelegram]:
    """The bot in long-polling mode, relaying to the real assistant."""
    api = FakeTelegram().start()
    process = start_bot(tmp_path_factory.mktemp("telegram"), "polling", api, {"RASA_URL": servers.url})
    try:
        api.wait_for(lambda: api.called("getMe"), timeout=60)
        yield api
    finally:
        stop(process)
        api.stop()


def test_a_question_is_answered_with_its_source_and_a_typing_indicator(telegram: FakeTelegram) -> None:
    chat = next(chats)
    telegram.text(chat, "đăng ký kết hôn cần giấy tờ gì")
    messages = telegram.replies(chat, 1)
    text = reply_text(messages)
    assert "kết hôn" in text.lower()
    assert "<i>Nguồn:" in text
    assert all(m.get("parse_mode") == "HTML" for m in messages)
    assert {"chat_id": chat, "action": "typing"}.items() <= telegram.sent(chat, "sendChatAction")[0].items()


def test_start_shows_the_main_topics_and_a_location_button(telegram: FakeTelegram) -> None:
    chat = next(chats)
    telegram.text(chat, "/start")
    messages = telegram.replies(chat, 2)
    titles = [b["text"] for m in messages for b in buttons(m)]
    assert titles == ["Nộp hồ sơ trực tuyến", "Giảm lệ phí khi nộp online", "Nơi nộp hồ sơ", "Chi tiết một thủ tục"]
    keyboard = messages[-1]["reply_markup"]["keyboard"]
    assert keyboard[0][0]["request_location"] is True


def test_help_explains_how_to_ask(telegram: FakeTelegram) -> None:
    chat = next(chats)
    telegram.text(chat, "/help")
    assert "gõ câu hỏi" in reply_text(telegram.replies(chat, 1))


def test_a_pressed_button_is_acknowledged_and_answered(telegram: FakeTelegram) -> None:
    chat = next(chats)
    telegram.text(chat, "đăng ký kết hôn cần giấy tờ gì")
    first = telegram.replies(chat, 1)
    choices = {b["text"]: b["callback_data"] for m in first for b in buttons(m)}
    assert "Lệ phí" in choices, choices
    query = telegram.press(chat, choices["Lệ phí"])
    telegram.wait_for(lambda: [c for c in telegram.called("answerCallbackQuery") if c["callback_query_id"] == query])
    after = telegram.replies(chat, len(first) + 1)[len(first) :]
    text = reply_text(after)
    assert "kết hôn" in text.lower() and "lệ phí" in text.lower()


def test_an_answer_can_be_rated_once_and_the_rating_is_kept_for_staff(
    servers: Assistant, telegram: FakeTelegram
) -> None:
    started = datetime.now(timezone.utc) - timedelta(seconds=1)
    chat = next(chats)
    telegram.text(chat, "làm hộ chiếu mất bao lâu")
    first = telegram.replies(chat, 1)
    answer = next(m for m in first if "<i>Nguồn:" in m["text"])
    rows = answer["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in rows[-1]] == ["👍 Hữu ích", "👎 Chưa đúng"], "👍 and 👎 side by side under the answer"
    assert len(rows) > 1, "the other aspects' buttons stay above them"
    query = telegram.press(chat, rows[-1][1]["callback_data"], on=answer)
    acknowledged = telegram.wait_for(
        lambda: [c for c in telegram.called("answerCallbackQuery") if c["callback_query_id"] == query]
    )
    assert acknowledged[0].get("text") == THANKS
    [edited] = telegram.wait_for(lambda: telegram.sent(chat, "editMessageReplyMarkup"))
    assert edited["reply_markup"]["inline_keyboard"] == rows[:-1], "rated once: 👍/👎 removed, the rest kept"
    after = reply_text(telegram.replies(chat, len(first) + 1)[len(first) :])
    assert "Em đã ghi lại để cán bộ bổ sung" in after
    [rating] = [e for e in servers.feedback.entries(started) if e.kind == "rating" and e.channel == "telegram"]
    assert rating.rating == "bad" and rating.answer == "time" and rating.procedure


def test_a_shared_location_asks_for_the_nearest_service_point(telegram: FakeTelegram) -> None:
    chat = next(chats)
    telegram.send(chat, location={"latitude": 12.2388, "longitude": 109.1967})
    replies = telegram.replies(chat, 1)
    text = reply_text(replies)
    # the nearest communes by their centroid, said to be a centroid, with a button each
    assert "phường Nha Trang: khoảng" in text and "tâm địa giới" in text
    assert buttons(replies[0])[0]["text"] == "phường Nha Trang", "the communes are offered as buttons"


@pytest.mark.parametrize(
    "content",
    [
        {
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "u1",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        },
        {"photo": [{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}]},
        {"voice": {"file_id": "v1", "file_unique_id": "u3", "duration": 3}},
    ],
    ids=["sticker", "photo", "voice"],
)
def test_unsupported_messages_get_a_polite_request_to_type(telegram: FakeTelegram, content: dict) -> None:
    chat = next(chats)
    telegram.send(chat, **content)
    assert reply_text(telegram.replies(chat, 1)) == UNSUPPORTED


def test_unexpected_updates_do_not_stop_the_bot(telegram: FakeTelegram) -> None:
    chat = next(chats)
    poll = {"id": "p", "question": "?", "options": [], "total_voter_count": 0, "is_closed": False}
    telegram.push(poll={**poll, "is_anonymous": True, "type": "regular", "allows_multiple_answers": False})
    edited = {"message_id": 1, "date": 0, "edit_date": 1, "chat": {"id": chat, "type": "private"}, "text": "x"}
    telegram.push(edited_message=edited)
    telegram.push(channel_post={**edited, "chat": {"id": -100, "type": "channel"}})
    telegram.push(kind_added_after_this_release={"anything": True})
    telegram.send(chat, dice={"emoji": "🎲", "value": 3})
    telegram.text(chat, "cảm ơn")
    messages = telegram.replies(chat, 2)
    assert [m["text"] for m in messages][0] == UNSUPPORTED and "không có gì" in messages[1]["text"].lower()


def test_one_chat_is_answered_in_order(telegram: FakeTelegram) -> None:
    chat = next(chats)
    for question in ("xin chào", "làm căn cước mất bao lâu", "cảm ơn"):
        telegram.text(chat, question)
    text = reply_text(telegram.replies(chat, 3, timeout=90))
    assert text.index("chào") < text.lower().index("căn cước") < text.lower().index("không có gì")


def test_personal_data_never_reaches_the_relay_log_or_the_conversation(servers: Assistant, tmp_path: Path) -> None:
    api = FakeTelegram().start()
    port = free_port()
    database = tmp_path / "conversations.db"
    rasa = start_rasa(port, servers.action_port, tmp_path, extra=["--debug"], conversations=database)
    bot = start_bot(tmp_path, "private", api, {"RASA_URL": f"http://127.0.0.1:{port}"})
    try:
        api.wait_for(lambda: api.called("getMe"), timeout=60)
        chat = next(chats)
        api.text(chat, "cấp lại căn cước 079 203 004 512, sđt của tôi 0905123456.")
        assert "căn cước" in reply_text(api.replies(chat, 1)).lower()
    finally:
        stop(bot)
        stop(rasa)
        api.stop()
    with sqlite3.connect(database) as connection:
        stored = " ".join(data for (data,) in connection.execute("SELECT data FROM events"))
    logs = (tmp_path / "private.log").read_text(errors="replace") + (tmp_path / f"rasa-{port}.log").read_text(
        errors="replace"
    )
    for secret in ("079 203 004 512", "079203004512", "0905123456"):
        assert secret not in stored and secret not in logs


def test_a_busy_chat_does_not_hold_up_the_others(servers: Assistant, tmp_path: Path) -> None:
    """A chat with 100 queued questions holds one slot: another chat is answered meanwhile."""
    api = FakeTelegram().start()
    port = free_port()
    rasa = start_rasa(port, servers.action_port, tmp_path, env={"RATE_LIMIT_MESSAGES": "1000"})
    bot = start_bot(tmp_path, "busy", api, {"RASA_URL": f"http://127.0.0.1:{port}"})
    try:
        api.wait_for(lambda: api.called("getMe"), timeout=60)
        busy, other = next(chats), next(chats)
        for _ in range(100):
            api.text(busy, "làm hộ chiếu cần giấy tờ gì")
        api.text(other, "xin chào")
        assert "chào" in reply_text(api.replies(other, 1, timeout=120))
        answered_before = len(api.sent(busy))
        assert answered_before < 15, f"the other chat waited for {answered_before} answers of the busy one"
        api.replies(busy, 100, timeout=300)  # and the busy chat gets all its answers, in order
    finally:
        stop(bot)
        stop(rasa)
        api.stop()


def test_busy_message_while_rasa_is_down_and_answers_when_it_returns(servers: Assistant, tmp_path: Path) -> None:
    api = FakeTelegram().start()
    port = free_port()
    bot = start_bot(tmp_path, "down", api, {"RASA_URL": f"http://127.0.0.1:{port}"})
    rasa = None
    try:
        chat = next(chats)
        api.text(chat, "làm hộ chiếu cần gì")
        assert reply_text(api.replies(chat, 1)) == BUSY
        rasa = start_rasa(port, servers.action_port, tmp_path)
        api.text(chat, "làm hộ chiếu cần gì")
        assert "hộ chiếu" in reply_text(api.replies(chat, 2)[1:]).lower()
    finally:
        stop(bot)
        if rasa:
            stop(rasa)
        api.stop()


def test_busy_message_when_rasa_is_too_slow(tmp_path: Path) -> None:
    api = FakeTelegram().start()
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        env = {"RASA_URL": f"http://127.0.0.1:{silent.getsockname()[1]}", "RASA_TIMEOUT": "2"}
        bot = start_bot(tmp_path, "slow", api, env)
        try:
            chat = next(chats)
            api.text(chat, "xin chào")
            assert reply_text(api.replies(chat, 1)) == BUSY
        finally:
            stop(bot)
            api.stop()


def test_webhook_mode_registers_its_secret_and_rejects_a_wrong_one_or_a_malformed_body(
    servers: Assistant, tmp_path: Path
) -> None:
    api = FakeTelegram().start()
    port = free_port()
    env = {
        "RASA_URL": servers.url,
        "TELEGRAM_WEBHOOK_URL": "https://tthc.example.gov.vn/telegram/hook",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_WEBHOOK_PORT": str(port),
    }
    bot = start_bot(tmp_path, "webhook", api, env)
    try:
        registered = api.wait_for(lambda: api.called("setWebhook"))[0]
        assert registered["url"] == env["TELEGRAM_WEBHOOK_URL"] and registered["secret_token"] == SECRET
        chat = next(chats)
        update = {
            "update_id": 1,
            "message": {"message_id": 1, "date": 0, "chat": {"id": chat, "type": "private"}, "text": "xin chào"},
        }
        hook = f"http://127.0.0.1:{port}/telegram/hook"
        wait_for_port(port)
        wrong = requests.post(hook, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}, timeout=10)
        missing = requests.post(hook, json=update, timeout=10)
        assert wrong.status_code == 403 and missing.status_code == 403
        signed = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
        for body in (b"{not json", b"\xff\xfe garbage", b'["a list"]', b'{"message": "no update_id"}'):
            refused = requests.post(hook, data=body, headers=signed, timeout=10)
            assert refused.status_code == 400 and "JSON object" in refused.json()["error"], body
        right = requests.post(hook, json=update, headers=signed, timeout=10)
        assert right.status_code == 200
        assert "chào" in reply_text(api.replies(chat, 1))
        assert len(api.sent(chat)) == 1, "the rejected updates must not have been answered"
    finally:
        stop(bot)
        api.stop()


def test_every_message_sent_fits_telegrams_limit(telegram: FakeTelegram) -> None:
    chat = next(chats)
    telegram.text(chat, "khai sinh " * 1500)
    messages = telegram.replies(chat, 1)
    assert all(len(m["text"].encode("utf-16-le")) // 2 <= MESSAGE_LIMIT for m in messages)
