"""Rasa replies rendered for Telegram: escaped HTML, 4,096-unit chunks, inline keyboards."""

from __future__ import annotations

import html
from typing import Dict, Iterator, List, Optional, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.payloads import Payloads
from bot.replies import SOURCE_PREFIX

MESSAGE_LIMIT = 4096  # Telegram's limit, counted in UTF-16 code units
CALLBACK_LIMIT = 64  # bytes of callback_data Telegram accepts
LOCATION_KEYBOARD = ReplyKeyboardMarkup(
    [[KeyboardButton("📍 Gửi vị trí để tìm nơi nộp gần nhất", request_location=True)]],
    resize_keyboard=True,
    is_persistent=True,
)


def telegram_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def render_line(line: str) -> str:
    """One line as Telegram HTML: everything escaped, the source line in italics."""
    escaped = html.escape(line, quote=False)
    return f"<i>{escaped}</i>" if line.startswith(SOURCE_PREFIX) else escaped


def _pieces(line: str, limit: int) -> Iterator[str]:
    """A line too long for one message, cut between words (inside a word only if it must)."""
    piece = ""
    for word in line.split(" "):
        while telegram_length(html.escape(word, quote=False)) > limit:
            cut = limit // 6  # the longest escape (&quot;) is six characters
            if piece:
                yield piece
                piece = ""
            yield word[:cut]
            word = word[cut:]
        candidate = f"{piece} {word}" if piece else word
        if telegram_length(html.escape(candidate, quote=False)) > limit:
            yield piece
            piece = word
        else:
            piece = candidate
    if piece:
        yield piece


def chunks(text: str, limit: int = MESSAGE_LIMIT) -> List[str]:
    """Telegram-HTML messages, each within the limit, cut at line breaks where possible."""
    messages: List[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _pieces(line, limit - 7) if telegram_length(render_line(line)) > limit else [line]:
            rendered = render_line(piece)
            candidate = f"{current}\n{rendered}" if current else rendered
            if current and telegram_length(candidate) > limit:
                messages.append(current)
                current = rendered
            else:
                current = candidate
    if current.strip():
        messages.append(current)
    return messages


def _button(button: Dict[str, str], payloads: Payloads) -> InlineKeyboardButton:
    return InlineKeyboardButton(button["title"][:64], callback_data=payloads.short(button["payload"]))


def keyboard(
    buttons: List[Dict[str, str]], payloads: Payloads, rating: Sequence[Dict[str, str]] = ()
) -> Optional[InlineKeyboardMarkup]:
    """One row per Rasa button; with `rating`, a last row of 👍 and 👎 side by side."""
    rows = [[_button(b, payloads)] for b in buttons if b.get("title") and b.get("payload")]
    if rating:
        rows.append([_button(b, payloads) for b in rating])
    return InlineKeyboardMarkup(rows) if rows else None
