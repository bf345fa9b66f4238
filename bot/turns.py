"""One conversation's messages are handled one at a time, in order, while conversations run
concurrently: a conversation waits for its turn before it takes one of the shared slots, so
one with a hundred queued messages holds one slot, not all of them (Telegram, Zalo)."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from typing import AsyncIterator, Dict, Hashable, Optional


class Turns:
    def __init__(self, slots: int = 64) -> None:
        self._slots = asyncio.Semaphore(slots)
        self._locks: Dict[Hashable, asyncio.Lock] = {}
        self._waiting: Dict[Hashable, int] = {}

    @asynccontextmanager
    async def turn(self, key: Optional[Hashable]) -> AsyncIterator[None]:
        """Waits for this conversation's turn (none to wait for when key is None), then a slot."""
        if key is None:
            async with self._slots:
                yield
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self._slots:
                yield
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]
