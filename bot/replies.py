"""What the channels themselves say to a citizen when the assistant cannot answer, and the 👍/👎
row: an answer asks for it with a custom JSON message right after it (``rating_request``), which
each channel renders under that answer (``shown_and_rated``; tthc-widget.js does the same)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

BUSY = "Dạ, hệ thống đang bận, Anh/Chị vui lòng thử lại sau ít phút ạ."
TOO_LONG = (
    "Dạ, tin nhắn của Anh/Chị dài quá nên em chưa đọc được. "
    "Anh/Chị vui lòng hỏi ngắn gọn hơn, mỗi lần một câu hỏi giúp em ạ."
)
SLOW_DOWN = "Dạ, Anh/Chị gửi tin nhắn hơi nhanh. Anh/Chị vui lòng đợi một chút rồi gửi lại giúp em ạ."

SOURCE_PREFIX = "Nguồn:"  # how an answer's source line starts (Telegram sets it in italics)
RATING = "rating"  # the custom JSON key of a rating request
RATING_BUTTONS = [
    {"title": "👍 Hữu ích", "label": "Câu trả lời hữu ích", "payload": '/feedback{"rating": "good"}'},
    {"title": "👎 Chưa đúng", "label": "Câu trả lời chưa đúng", "payload": '/feedback{"rating": "bad"}'},
]
RATING_PAYLOADS = frozenset(b["payload"] for b in RATING_BUTTONS)


def rating_request() -> Dict[str, Any]:
    """The custom JSON an answer that cites its source sends after itself (actions/feedback.py
    records the rating)."""
    return {RATING: RATING_BUTTONS}


def shown_and_rated(replies: List[Dict[str, Any]]) -> Tuple[List[Dict[str, Any]], Optional[int], List[Dict[str, str]]]:
    """Rasa's replies to show (rating requests left out), the index of the one the 👍/👎 row
    goes under (the last shown before a rating request) and that row's buttons."""
    shown: List[Dict[str, Any]] = []
    rated: Optional[int] = None
    buttons: List[Dict[str, str]] = []
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and RATING in custom:
            if shown:
                rated, buttons = len(shown) - 1, list(custom[RATING])
            continue
        shown.append(reply)
    return shown, rated, buttons
