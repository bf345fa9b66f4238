"""A local Telegram Bot API: the methods the relay calls, over the same HTTP protocol.

python-telegram-bot is pointed at it with `base_url`; the tests queue updates for
`getUpdates` and read back what the bot sent.
"""

from __future__ import annotations

import itertools
import json
import time
from http.server import BaseHTTPRequestHandler
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qsl

from fakes.server import FakeServer

STRING_FIELDS = {"text", "callback_query_id", "url", "secret_token", "parse_mode", "action", "caption"}
BOT_USER = {"id": 777000, "is_bot": True, "first_name": "Trợ lý TTHC", "username": "tthc_test_bot"}


def decode(raw: Dict[str, str]) -> Dict[str, Any]:
    """Bot API form fields: strings as they are, everything else JSON-encoded."""
    params: Dict[str, Any] = {}
    for key, value in raw.items():
        if key in STRING_FIELDS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


class FakeTelegram(FakeServer):
    def __init__(self) -> None:
        self.calls: List[tuple] = []
        self._updates: List[Dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        super().__init__(self._handler())

    def recent(self) -> str:
        return str(self.calls[-10:])

    def _handler(self) -> type:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                method = self.path.rstrip("/").rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params = json.loads(body or "{}")
                else:
                    params = decode(dict(parse_qsl(body, keep_blank_values=True)))
                result = fake.answer(method, params)
                data = json.dumps({"ok": True, "result": result}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot stopped while long-polling

            def log_message(self, *args: Any) -> None:
                """Quiet."""

        return Handler

    def answer(self, method: str, params: Dict[str, Any]) -> Any:
        if method == "getUpdates":
            return self._take_updates(int(params.get("offset") or 0), float(params.get("timeout") or 0))
        with self._changed:
            self.calls.append((method, params))
            self._changed.notify_all()
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "sendPhoto"):
            chat = {"id": params["chat_id"], "type": "private"}
            return {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": chat,
                "text": params.get("text", ""),
            }
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return True

    def _take_updates(self, offset: int, timeout: float) -> List[Dict[str, Any]]:
        deadline = time.monotonic() + min(timeout, 1.0)
        with self._changed:
            while True:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates or time.monotonic() >= deadline:
                    return list(self._updates)
                self._changed.wait(deadline - time.monotonic())

    # -- what a test does ---------------------------------------------------------------------
    def push(self, **update: Any) -> Dict[str, Any]:
        update = {"update_id": next(self._update_ids), **update}
        with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return update

    def send(self, chat_id: int, **content: Any) -> None:
        """The citizen of chat_id sends a message with this content (text, location, sticker, ...)."""
        self.push(message=self._message(chat_id, **content))

    def text(self, chat_id: int, text: str) -> None:
        content: Dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self.send(chat_id, **content)

    def press(self, chat_id: int, data: str, on: Optional[Dict[str, Any]] = None) -> str:
        """The citizen presses an inline button (of message `on`, as the bot sent it); returns the
        callback query id."""
        query_id = f"q{next(self._message_ids)}"
        shown = {"text": on["text"], "reply_markup": on["reply_markup"]} if on else {"text": "…"}
        message = self._message(chat_id, **shown)
        self.push(
            callback_query={
                "id": query_id,
                "from": message["from"],
                "chat_instance": "c",
                "data": data,
                "message": message,
            }
        )
        return query_id

    def _message(self, chat_id: int, **content: Any) -> Dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Công dân"},
            **content,
        }

    def sent(self, chat_id: int, method: str = "sendMessage") -> List[Dict[str, Any]]:
        with self._changed:
            return [p for m, p in self.calls if m == method and p.get("chat_id") == chat_id]

    def called(self, method: str) -> List[Dict[str, Any]]:
        with self._changed:
            return [p for m, p in self.calls if m == method]

    def replies(self, chat_id: int, count: int, timeout: float = 60.0) -> List[Dict[str, Any]]:
        """Waits for at least `count` messages to chat_id, then a moment for the rest of the answer."""
        self.wait_for(lambda: len(self.sent(chat_id)) >= count, timeout)
        time.sleep(0.3)
        return self.sent(chat_id)


def reply_text(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def buttons(message: Dict[str, Any]) -> List[Dict[str, Any]]:
    markup: Optional[Dict[str, Any]] = message.get("reply_markup")
    return [b for row in (markup or {}).get("inline_keyboard", []) for b in row]
