"""A local Zalo: the OA messaging and token endpoints the relay calls, over the same HTTP
protocol, and signed webhook events sent to the relay the way Zalo sends them."""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from http.server import BaseHTTPRequestHandler
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qsl

import requests

from fakes.server import FakeServer

APP_ID, APP_SECRET, OA_SECRET, OA_ID = "1234567890123", "app-secret", "oa-secret", "987654321"


def signature(raw: str, app_id: str, timestamp: str, secret: str = OA_SECRET) -> str:
    return "mac=" + hashlib.sha256(f"{app_id}{raw}{timestamp}{secret}".encode()).hexdigest()


class FakeZalo(FakeServer):
    def __init__(self) -> None:
        self.sent: List[Dict[str, Any]] = []  # every message the OA accepted
        self.refreshes = 0
        self.access, self.refresh = "access-0", "refresh-0"
        self._numbers = itertools.count(1)
        self._message_ids = itertools.count(1)
        super().__init__(self._handler())

    def recent(self) -> str:
        return str(self.sent[-5:])

    def _handler(self) -> type:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if self.path == "/v3.0/oa/message/cs":
                    answer = fake.message(self.headers.get("access_token"), json.loads(raw))
                elif self.path == "/v4/oa/access_token":
                    answer = fake.token(self.headers.get("secret_key"), dict(parse_qsl(raw)))
                else:
                    answer = {"error": -201, "message": "unknown endpoint"}
                data = json.dumps(answer).encode()
                self.send_response(200)  # Zalo answers most failures with 200 and an error code
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    def message(self, token: Optional[str], body: Dict[str, Any]) -> Dict[str, Any]:
        if token != self.access:
            return {"error": -216, "message": "Access token is invalid"}
        with self._changed:
            self.sent.append({"user_id": body["recipient"]["user_id"], **body["message"]})
            self._changed.notify_all()
        return {"error": 0, "message": "Success", "data": {"message_id": str(next(self._message_ids))}}

    def token(self, secret: Optional[str], form: Dict[str, str]) -> Dict[str, Any]:
        if secret != APP_SECRET or form.get("app_id") != APP_ID or form.get("grant_type") != "refresh_token":
            return {"error": -14014, "error_name": "Invalid app", "error_description": "wrong app id or secret"}
        if form.get("refresh_token") != self.refresh:
            return {"error": -14020, "error_name": "Invalid refresh token", "error_description": "used or expired"}
        number = next(self._numbers)
        self.access, self.refresh, self.refreshes = f"access-{number}", f"refresh-{number}", self.refreshes + 1
        return {"access_token": self.access, "refresh_token": self.refresh, "expires_in": "90000"}

    def expire(self) -> None:
        """The access token in use stops working, as it does after 25 hours."""
        self.access = f"{self.access}-renewed-elsewhere"

    # -- what the tests read ----------------------------------------------------------------
    def to(self, user_id: str) -> List[Dict[str, Any]]:
        with self._changed:
            return [m for m in self.sent if m["user_id"] == user_id]

    def replies(self, user_id: str, count: int, timeout: float = 60.0) -> List[Dict[str, Any]]:
        """Waits for at least ``count`` messages to the user, then a moment for the rest."""
        self.wait_for(lambda: len(self.to(user_id)) >= count, timeout)
        time.sleep(0.5)
        return self.to(user_id)


class ZaloEvents:
    """Signed webhook calls to the relay, as Zalo makes them."""

    def __init__(self, webhook: str) -> None:
        self.webhook = webhook
        self._ids = itertools.count(1)

    def event(self, name: str, user_id: str, **fields: Any) -> Dict[str, Any]:
        return {
            "app_id": APP_ID,
            "event_name": name,
            "sender": {"id": user_id},
            "recipient": {"id": OA_ID},
            "timestamp": str(int(time.time() * 1000)),
            "user_id_by_app": "1" + user_id,
            **fields,
        }

    def text(self, user_id: str, text: str) -> Dict[str, Any]:
        return self.event("user_send_text", user_id, message={"text": text, "msg_id": f"m{next(self._ids)}"})

    def location(self, user_id: str, latitude: float, longitude: float) -> Dict[str, Any]:
        point = {"coordinates": {"latitude": str(latitude), "longitude": str(longitude)}}
        attachments = [{"type": "location", "payload": point}]
        return self.event(
            "user_send_location", user_id, message={"attachments": attachments, "msg_id": f"m{next(self._ids)}"}
        )

    def post(self, body: Dict[str, Any], secret: str = OA_SECRET) -> requests.Response:
        raw = json.dumps(body, ensure_ascii=False)
        headers = {
            "Content-Type": "application/json",
            "X-ZEvent-Signature": signature(raw, body["app_id"], body["timestamp"], secret),
        }
        return requests.post(self.webhook, data=raw.encode(), headers=headers, timeout=30)
