"""What the channels themselves say to a citizen when the assistant cannot answer."""

BUSY = "Dạ, hệ thống đang bận, Anh/Chị vui lòng thử lại sau ít phút ạ."
TOO_LONG = (
    "Dạ, tin nhắn của Anh/Chị dài quá nên em chưa đọc được. "
    "Anh/Chị vui lòng hỏi ngắn gọn hơn, mỗi lần một câu hỏi giúp em ạ."
)
SLOW_DOWN = "Dạ, Anh/Chị gửi tin nhắn hơi nhanh. Anh/Chị vui lòng đợi một chút rồi gửi lại giúp em ạ."

# 👍/👎 under an answer that cites its source, on Telegram and in the widget (tthc-widget.js
# sends the same payloads); actions/feedback.py records them.
SOURCE_PREFIX = "Nguồn:"
RATING_BUTTONS = [
    {"title": "👍 Hữu ích", "payload": '/feedback{"rating": "good"}'},
    {"title": "👎 Chưa đúng", "payload": '/feedback{"rating": "bad"}'},
]


def cites_source(text: str) -> bool:
    """Whether a reply is an answer with its source: the ones citizens can rate."""
    return any(line.startswith(SOURCE_PREFIX) for line in text.split("\n"))
