"""How replies are cut and escaped for Telegram, how button payloads survive its 64-byte limit,
and which settings the relay refuses."""

from __future__ import annotations

import html
import re

import pytest

from bot.payloads import Payloads
from bot.telegram.render import CALLBACK_LIMIT, MESSAGE_LIMIT, chunks, keyboard, telegram_length
from bot.telegram.settings import Settings


def visible(messages: list) -> str:
    """What the citizen reads: tags removed, entities decoded."""
    return html.unescape(re.sub(r"</?i>", "", "\n".join(messages)))


def test_short_reply_is_one_message_with_markup_escaped_and_the_source_in_italics() -> None:
    text = "Dạ, phí <b>50.000</b> đồng & miễn cho hộ nghèo.\nNguồn: Cổng Dịch vụ công quốc gia."
    assert chunks(text) == [
        "Dạ, phí &lt;b&gt;50.000&lt;/b&gt; đồng &amp; miễn cho hộ nghèo.\n<i>Nguồn: Cổng Dịch vụ công quốc gia.</i>"
    ]


def test_long_reply_is_cut_at_line_breaks_within_the_limit_and_loses_nothing() -> None:
    lines = [f"• Giấy tờ số {n}: bản sao có chứng thực <kèm> bản chính để đối chiếu." for n in range(300)]
    text = "\n".join(lines)
    messages = chunks(text)
    assert len(messages) > 1
    assert all(telegram_length(m) <= MESSAGE_LIMIT for m in messages)
    assert all(not m.startswith("\n") and not m.endswith("\n") for m in messages)
    assert visible(messages) == text


def test_one_huge_line_is_cut_between_words_and_emoji_count_as_two_units() -> None:
    text = " ".join(["thủ_tục😀"] * 2000)
    messages = chunks(text)
    assert all(telegram_length(m) <= MESSAGE_LIMIT for m in messages)
    assert visible(messages).replace("\n", " ") == text
    assert all(m.split(" ")[0] == "thủ_tục😀" for m in messages)


def test_a_word_longer_than_a_message_is_still_delivered_whole() -> None:
    text = "&" * 10_000
    messages = chunks(text)
    assert all(telegram_length(m) <= MESSAGE_LIMIT for m in messages)
    assert visible(messages).replace("\n", "") == text


def test_empty_reply_sends_nothing() -> None:
    assert chunks("") == []


def test_long_button_payloads_are_kept_by_the_relay_and_short_ones_travel_as_they_are() -> None:
    payloads = Payloads(CALLBACK_LIMIT)
    short = '/ask_fee{"procedure": "1.000894"}'
    long = '/ask_procedure_info{"procedure": "1.001193", "aspect": "agency", "location": "Nha Trang"}'
    assert payloads.short(short) == short
    data = payloads.short(long)
    assert len(data.encode()) <= CALLBACK_LIMIT and data != long
    assert payloads.payload(data) == long
    assert payloads.payload("#unknown-old-button") is None


def test_the_relay_forgets_the_oldest_payloads_first() -> None:
    payloads = Payloads(CALLBACK_LIMIT, capacity=2)
    keys = [payloads.short("/inform" + "x" * 70 + str(n)) for n in range(3)]
    assert payloads.payload(keys[0]) is None and payloads.payload(keys[2]) is not None


def test_rasa_buttons_become_one_inline_button_per_row() -> None:
    markup = keyboard(
        [{"title": "Lệ phí", "payload": "/ask_fee"}, {"title": "", "payload": "/x"}], Payloads(CALLBACK_LIMIT)
    )
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Lệ phí"]]
    assert keyboard([], Payloads(CALLBACK_LIMIT)) is None


def test_settings_need_a_token_and_a_valid_secret_for_webhooks() -> None:
    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        Settings.from_env({})
    with pytest.raises(ValueError, match="TELEGRAM_WEBHOOK_SECRET"):
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_URL": "https://x.vn/hook"})
    with pytest.raises(ValueError, match="TELEGRAM_WEBHOOK_SECRET"):
        Settings.from_env(
            {"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_URL": "https://x.vn/h", "TELEGRAM_WEBHOOK_SECRET": "có dấu"}
        )
    webhook = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_URL": "https://x.vn/tg/hook", "TELEGRAM_WEBHOOK_SECRET": "ok_1"}
    )
    assert webhook.uses_webhook and webhook.webhook_path == "tg/hook"
    assert not Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:a"}).uses_webhook
