"""Per-sender rate limiting for the public channels: in the Rasa server's memory by default, in
Redis when REDIS_HOST is set (the production profile), so that several servers share one limit.

A message counts once for every RATE_LIMIT_CHARS characters it has begun (250 by default): the
work a message costs grows with its length, so a sender may send 20 ordinary messages a
minute but only five of the longest (1,000 characters)."""

from __future__ import annotations

import logging
import math
import os
import time
from collections import OrderedDict, deque
from typing import Callable, Deque, Dict, Union

import redis

log = logging.getLogger(__name__)

# One sliding window per sender, as a sorted set of timestamps (one member per count of a
# message); taken and counted in one step.
SLIDING_WINDOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
local counts = tonumber(ARGV[5])
if redis.call('ZCARD', KEYS[1]) + counts > tonumber(ARGV[3]) then return 0 end
for i = 1, counts do redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4] .. ':' .. i) end
redis.call('PEXPIRE', KEYS[1], math.ceil(ARGV[2] * 1000))
return 1
"""


def counts(text: str, chars: int) -> int:
    """How many times a message counts against its sender's limit: once per begun ``chars``."""
    return max(1, math.ceil(len(text) / chars))


class RateLimit:
    """At most `messages` counts per sender in any `seconds`-long window (a message counting once
    per begun `chars` characters), remembering `senders` senders."""

    def __init__(
        self,
        messages: int,
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
        senders: int = 100_000,
        chars: int = 250,
    ) -> None:
        self.messages, self.seconds, self.clock, self.senders, self.chars = messages, seconds, clock, senders, chars
        self._recent: Dict[str, Deque[float]] = OrderedDict()

    @classmethod
    def from_environment(cls) -> Union[RateLimit, RedisRateLimit]:
        messages = int(os.environ.get("RATE_LIMIT_MESSAGES", "20"))
        seconds = float(os.environ.get("RATE_LIMIT_SECONDS", "60"))
        chars = int(os.environ.get("RATE_LIMIT_CHARS", "250"))
        if os.environ.get("REDIS_HOST"):
            return RedisRateLimit(messages, seconds, redis_from_environment(), chars)
        return cls(messages, seconds, chars=chars)

    def allow(self, sender: str, text: str) -> bool:
        now, weight = self.clock(), counts(text, self.chars)
        recent = self._recent.pop(sender, deque())
        while recent and now - recent[0] >= self.seconds:
            recent.popleft()
        allowed = len(recent) + weight <= self.messages
        if allowed:
            recent.extend([now] * weight)
        self._recent[sender] = recent  # most recently seen last
        while len(self._recent) > self.senders:
            self._recent.pop(next(iter(self._recent)))
        return allowed


def redis_from_environment() -> redis.Redis:
    return redis.Redis(
        host=os.environ["REDIS_HOST"],
        port=int(os.environ.get("REDIS_PORT") or 6379),
        db=int(os.environ.get("REDIS_DB") or 0),
        password=os.environ.get("REDIS_PASSWORD") or None,
        socket_timeout=0.5,
        socket_connect_timeout=0.5,
    )


class RedisRateLimit:
    """The same limit counted in Redis; each sender's window expires with it, so memory is bounded.
    If Redis cannot be reached the message is let through (and logged): the lock store fails then too."""

    def __init__(self, messages: int, seconds: float, client: redis.Redis, chars: int = 250) -> None:
        self.messages, self.seconds, self.chars = messages, seconds, chars
        self.window = client.register_script(SLIDING_WINDOW)

    def allow(self, sender: str, text: str) -> bool:
        now = time.time()
        args = [now, self.seconds, self.messages, repr(now), counts(text, self.chars)]
        try:
            return bool(self.window(keys=[f"tthc:rate:{sender}"], args=args))
        except redis.RedisError as error:
            log.warning("rate limit not counted, Redis unavailable: %s", error)
            return True
