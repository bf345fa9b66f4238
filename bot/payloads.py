"""Rasa button payloads kept by the relay when a messenger cannot carry them whole.

Telegram's callback_data holds 64 bytes and Zalo's button payload 1,000 characters; a longer
payload is sent as a short key ("#" and a hash) and looked up when the button is pressed.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import MutableMapping, Optional

KEYED = "#"


class Payloads:
    def __init__(self, limit_bytes: int, capacity: int = 50_000) -> None:
        self._by_key: MutableMapping[str, str] = OrderedDict()
        self._limit, self._capacity = limit_bytes, capacity

    def short(self, payload: str) -> str:
        """The payload itself when it fits, or the key it is kept under."""
        if len(payload.encode()) <= self._limit and not payload.startswith(KEYED):
            return payload
        key = KEYED + hashlib.sha1(payload.encode()).hexdigest()[:20]
        self._by_key[key] = payload
        self._by_key.move_to_end(key)
        while len(self._by_key) > self._capacity:
            self._by_key.popitem(last=False)
        return key

    def payload(self, data: str) -> Optional[str]:
        """The payload behind a pressed button, or None for a button older than the relay's memory."""
        return self._by_key.get(data) if data.startswith(KEYED) else data
