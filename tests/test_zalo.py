"""The Zalo OA relay as a real process, between signed webhook calls from a local Zalo (which
also serves the OA messaging and token endpoints over the same HTTP protocol) and the real
assistant. Zalo's servers cannot be reached from here."""

from __future__ import annotations

import itertools
import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Iterator

import pytest
import requests
from conftest import BIN, Assistant, free_port, start, stop, wait_until_up
from fakes.zalo_api import APP_ID, APP_SECRET, OA_SECRET, FakeZalo, ZaloEvents

from bot.replies import BUSY
from bot.zalo.render import BUTTONS_PER_MESSAGE, TEXT_LIMIT

pytestmark = pytest.mark.e2e  # real processes

users = (str(n) for n in itertools.count(5_000_000_001))


def start_relay(logs: Path, zalo: FakeZalo, rasa_url: str, tokens: Path):
    port = free_port()
    env: Dict[str, str] = {
        "ZALO_APP_ID": APP_ID,
        "ZALO_APP_SECRET": APP_SECRET,
        "ZALO_OA_SECRET": OA_SECRET,
        "ZALO_ACCESS_TOKEN": "access-0",
        "ZALO_REFRESH_TOKEN": "refresh-0",
        "ZALO_API_URL": zalo.url,
        "ZALO_OAUTH_URL": zalo.url,
        "ZALO_TOKEN_FILE": str(tokens),
        "ZALO_PORT": str(port),
        "RASA_URL": rasa_url,
        "REDIS_HOST": "",
    }
    process = start([str(BIN / "python"), "-m", "bot.zalo"], logs / "zalo.log", env)
    wait_until_up(f"http://127.0.0.1:{port}/health", process, timeout=60)
    return process, ZaloEvents(f"http://127.0.0.1:{port}/zalo/webhook")


@pytest.fixture(scope="module")
def zalo(servers: Assistant, tmp_path_factory) -> Iterator[tuple]:
    logs = tmp_path_factory.mktemp("zalo")
    fake = FakeZalo().start()
    process, events = start_relay(logs, fake, servers.url, logs / "tokens.json")
    try:
        yield fake, events, logs
    finally:
        stop(process)
        fake.stop()


def titles(message: dict) -> list:
    return [b["title"] for b in message.get("attachment", {}).get("payload", {}).get("buttons", [])]


def test_a_question_is_answered_with_buttons_and_a_pressed_button_is_answered(zalo, servers: Assistant) -> None:
    started = datetime.now(timezone.utc) - timedelta(seconds=1)
    fake, events, _ = zalo
    user = next(users)
    assert events.post(events.text(user, "làm hộ chiếu mất bao lâu")).status_code == 200
    answer = fake.replies(user, 1)
    assert "Cấp hộ chiếu phổ thông" in answer[0]["text"] and "Nguồn:" in answer[0]["text"]
    assert answer[-1]["text"] == "Anh/Chị chọn tiếp:", "the buttons beyond five come in a second message"
    buttons = [b for m in answer for b in m.get("attachment", {}).get("payload", {}).get("buttons", [])]
    assert all(b["type"] == "oa.query.hide" and len(b["title"]) <= 100 and len(b["payload"]) <= 1000 for b in buttons)
    assert all(len(titles(m)) <= BUTTONS_PER_MESSAGE and len(m["text"]) <= TEXT_LIMIT for m in answer)
    assert "👍 Hữu ích" in [b["title"] for b in buttons]
    fee = next(b for b in buttons if b["title"] == "Lệ phí")
    events.post(events.text(user, fee["payload"]))  # Zalo sends a pressed oa.query.hide button's payload as text
    fee_answer = fake.replies(user, len(answer) + 1)[len(answer) :]
    assert "lệ phí" in fee_answer[0]["text"].lower() and "hộ chiếu" in fee_answer[0]["text"].lower()
    rating = next(
        b
        for m in fee_answer
        for b in m.get("attachment", {}).get("payload", {}).get("buttons", [])
        if b["title"] == "👎 Chưa đúng"
    )
    events.post(events.text(user, rating["payload"]))
    fake.replies(user, len(answer) + len(fee_answer) + 1)
    ratings = [e for e in servers.feedback.entries(started) if e.kind == "rating" and e.channel == "zalo"]
    assert [(e.rating, e.answer) for e in ratings] == [("bad", "fee")]


def test_a_location_gives_the_nearest_communes(zalo) -> None:
    fake, events, _ = zalo
    user = next(users)
    events.post(events.location(user, 11.565, 108.99))
    (answer, *_) = fake.replies(user, 1)
    assert "phường Phan Rang: khoảng" in answer["text"] and titles(answer)[0] == "phường Phan Rang"


@pytest.mark.parametrize("name", ["user_send_image", "user_send_sticker", "user_send_audio"])
def test_an_attachment_it_cannot_read_gets_a_polite_request_to_type(zalo, name: str) -> None:
    fake, events, _ = zalo
    user = next(users)
    events.post(events.event(name, user, message={"msg_id": f"{name}-{user}", "attachments": [{"type": "image"}]}))
    assert "gõ câu hỏi" in fake.replies(user, 1)[0]["text"]


def test_follow_is_greeted_and_unfollow_is_left_alone(zalo) -> None:
    fake, events, _ = zalo
    user = next(users)
    events.post(events.event("follow", user, follower={"id": user}))
    assert "em chào Anh/Chị" in fake.replies(user, 1)[0]["text"]
    events.post(events.event("unfollow", user, follower={"id": user}))
    events.post(events.text(user, "cảm ơn"))
    later = fake.replies(user, 2)
    assert len(later) == 2 and "không có gì" in later[1]["text"], "nothing was sent for the unfollow"


def test_an_expired_token_is_refreshed_mid_conversation_kept_and_never_logged(zalo) -> None:
    fake, events, logs = zalo
    user = next(users)
    events.post(events.text(user, "xin chào"))
    fake.replies(user, 1)
    before = fake.refreshes
    fake.expire()
    events.post(events.text(user, "đăng ký kết hôn cần giấy tờ gì"))
    answer = fake.replies(user, 2)[1]
    assert "Đăng ký kết hôn" in answer["text"], "answered after the refresh"
    assert fake.refreshes == before + 1
    kept = json.loads((logs / "tokens.json").read_text())
    assert kept["access"] == fake.access and kept["refresh"] == fake.refresh, "the new pair survives a restart"
    assert oct((logs / "tokens.json").stat().st_mode & 0o777) == "0o600"
    log = (logs / "zalo.log").read_text()
    assert fake.access not in log and fake.refresh not in log and "refresh-0" not in log


def test_refusals_bad_signature_replay_and_malformed_body(zalo) -> None:
    fake, events, _ = zalo
    user = next(users)
    forged = events.text(user, "xin chào")
    assert events.post(forged, secret="guessed").status_code == 401
    assert events.post({**events.text(user, "xin chào"), "app_id": "111"}).status_code == 401
    bad = requests.post(events.webhook, data=b"{not json", headers={"X-ZEvent-Signature": "mac=0"}, timeout=10)
    assert bad.status_code == 400
    first = events.text(user, "cảm ơn nhiều")
    assert events.post(first).status_code == 200
    assert events.post(first).status_code == 200, "Zalo may deliver twice: acknowledged"
    fake.replies(user, 1)
    assert len(fake.to(user)) == 1, "answered once; the forged events never reached Rasa"


def test_busy_answer_when_rasa_is_down(tmp_path: Path) -> None:
    fake = FakeZalo().start()
    process, events = start_relay(tmp_path, fake, f"http://127.0.0.1:{free_port()}", tmp_path / "tokens.json")
    try:
        user = next(users)
        events.post(events.text(user, "làm hộ chiếu cần gì"))
        assert fake.replies(user, 1)[0]["text"] == BUSY
    finally:
        stop(process)
        fake.stop()
    assert os.path.exists(tmp_path / "tokens.json")
