"""Per-sender rate limiting for the public channels (in each Rasa server's memory)."""

from __future__ import annotations

import os
import time
from collections import OrderedDict, deque
from typing import Callable, Deque, Dict


class RateLimit:
    """At most `messages` per sender in any `seconds`-long window."""

    def __init__(
        self, messages: int, seconds: float, clock: Callable[[], float] = time.monotonic, senders: int = 100_000
    ) -> None:
        self.messages, self.seconds, self.clock, self.senders = messages, seconds, clock, senders
        self._recent: Dict[str, Deque[float]] = OrderedDict()

    @classmethod
    def from_environment(cls) -> RateLimit:
        return cls(int(os.environ.get("RATE_LIMIT_MESSAGES", "20")), float(os.environ.get("RATE_LIMIT_SECONDS", "60")))

    def allow(self, sender: str) -> bool:
        now = self.clock()
        recent = self._recent.pop(sender, deque())
        while recent and now - recent[0] >= self.seconds:
            recent.popleft()
        allowed = len(recent) < self.messages
        if allowed:
            recent.append(now)
        self._recent[sender] = recent  # most recently seen last
        while len(self._recent) > self.senders:
            self._recent.pop(next(iter(self._recent)))
        return allowed
