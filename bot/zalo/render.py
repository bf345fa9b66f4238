"""Rasa replies as OA consultation messages: text cut at line breaks within Zalo's limit, Rasa's
buttons as the OA's own buttons (oa.query.hide: pressing one sends its payload back unseen),
at most five a message, 👍/👎 under the last answer that cites its source."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List

from bot.payloads import Payloads
from bot.replies import shown_and_rated

TEXT_LIMIT = 2000  # characters of a text message
BUTTONS_PER_MESSAGE = 5
TITLE_LIMIT = 100  # characters of a button's title
PAYLOAD_LIMIT = 1000  # characters of a button's payload; longer ones stay with the relay
MORE = "Anh/Chị chọn tiếp:"
CHOOSE = "Anh/Chị chọn:"


def _lines(text: str, limit: int) -> Iterator[str]:
    """The text's lines, a line over the limit cut between words (inside a word if it must)."""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            yield line[:cut]
            line = line[cut:].lstrip(" ")
        yield line


def split_text(text: str, limit: int = TEXT_LIMIT) -> List[str]:
    parts: List[str] = []
    current = ""
    for line in _lines(text, limit):
        candidate = f"{current}\n{line}" if current else line
        if current and len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        parts.append(current)
    return parts


def _button(button: Dict[str, str], payloads: Payloads) -> Dict[str, str]:
    return {
        "type": "oa.query.hide",
        "title": button["title"][:TITLE_LIMIT],
        "payload": payloads.short(button["payload"]),
    }


def _with_buttons(text: str, buttons: List[Dict[str, str]]) -> Dict[str, Any]:
    return {"text": text, "attachment": {"type": "template", "payload": {"buttons": buttons}}}


def messages(replies: List[Dict[str, Any]], payloads: Payloads) -> List[Dict[str, Any]]:
    """The OA messages for Rasa's replies to one citizen message, in order."""
    shown, rated, rating = shown_and_rated(replies)
    out: List[Dict[str, Any]] = []
    for index, reply in enumerate(shown):
        text = "\n".join(t for t in (reply.get("text"), reply.get("image")) if t)
        buttons = [b for b in reply.get("buttons") or [] if b.get("title") and b.get("payload")]
        buttons = [_button(b, payloads) for b in buttons + (rating if index == rated else [])]
        parts = split_text(text) or ([CHOOSE] if buttons else [])
        out += [{"text": part} for part in parts[:-1]]
        groups = [buttons[i : i + BUTTONS_PER_MESSAGE] for i in range(0, len(buttons), BUTTONS_PER_MESSAGE)]
        if not groups:
            out += [{"text": part} for part in parts[-1:]]
            continue
        out.append(_with_buttons(parts[-1], groups[0]))
        out += [_with_buttons(MORE, group) for group in groups[1:]]
    return out
