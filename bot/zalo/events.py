"""Zalo's webhook events: checked, then turned into what the citizen said.

Each event is signed: the X-ZEvent-Signature header holds "mac=" and the SHA-256 of the app id,
the body exactly as sent, the event's timestamp and the OA secret key. Zalo may deliver an
event more than once, so events are remembered by message id (or by sender, name and time when
there is none) and a repeat is acknowledged without being answered again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, MutableMapping, Optional

SIGNATURE_HEADER = "X-ZEvent-Signature"
TEXT, LOCATION, FOLLOW = "user_send_text", "user_send_location", "follow"
UNSUPPORTED = {
    "user_send_image",
    "user_send_gif",
    "user_send_sticker",
    "user_send_audio",
    "user_send_video",
    "user_send_file",
    "user_send_link",
    "user_send_business_card",
}


class BadEvent(ValueError):
    """Not a Zalo event this relay can read."""


@dataclass(frozen=True)
class Event:
    name: str
    user_id: str
    key: str  # what makes the event unique, for repeats
    text: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None


def signed(raw: bytes, body: Dict[str, Any], header: str, app_id: str, oa_secret: str) -> bool:
    """Whether the body was signed by Zalo for this app."""
    supplied = header.strip()
    supplied = supplied[4:] if supplied.lower().startswith("mac=") else supplied
    text = raw.decode("utf-8", errors="replace")
    expected = hashlib.sha256(f"{body.get('app_id')}{text}{body.get('timestamp')}{oa_secret}".encode()).hexdigest()
    return str(body.get("app_id")) == app_id and hmac.compare_digest(supplied.lower(), expected)


def parse(raw: bytes) -> Dict[str, Any]:
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadEvent("not JSON") from error
    if not isinstance(body, dict) or not isinstance(body.get("event_name"), str):
        raise BadEvent("not an event")
    return body


def read(body: Dict[str, Any]) -> Event:
    """The event in the relay's terms (raises BadEvent when a field it needs is missing)."""
    name = body["event_name"]
    sender = (body.get("sender") or {}).get("id") or body.get("follower", {}).get("id")
    if not isinstance(sender, str) or not sender.isdigit():
        raise BadEvent("no user id")
    message = body.get("message") if isinstance(body.get("message"), dict) else {}
    key = str(message.get("msg_id") or f"{name}:{sender}:{body.get('timestamp')}")
    if name == TEXT:
        if not isinstance(message.get("text"), str):
            raise BadEvent("no text")
        return Event(name, sender, key, text=message["text"])
    if name == LOCATION:
        try:
            point = message["attachments"][0]["payload"]["coordinates"]
            return Event(name, sender, key, latitude=float(point["latitude"]), longitude=float(point["longitude"]))
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise BadEvent("no coordinates") from error
    return Event(name, sender, key)


class Seen:
    """The keys of the last ``capacity`` events."""

    def __init__(self, capacity: int = 100_000) -> None:
        self._keys: MutableMapping[str, None] = OrderedDict()
        self._capacity = capacity

    def first_time(self, key: str) -> bool:
        if key in self._keys:
            return False
        self._keys[key] = None
        while len(self._keys) > self._capacity:
            self._keys.popitem(last=False)
        return True
