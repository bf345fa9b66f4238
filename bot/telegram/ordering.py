"""Updates of different chats run concurrently; one chat's messages are answered in order.

A chat waits for its turn before it takes one of the ``max_concurrent_updates`` slots, so a
chat with a hundred queued messages holds one slot, not all of them, and other chats are
answered meanwhile. (python-telegram-bot takes its own semaphore before calling us; it is
sized to bound only the updates waiting in memory.)"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Dict, Hashable, Optional

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def chat_key(update: object) -> Optional[Hashable]:
    return update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None


class PerChatOrder(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 64, max_pending_updates: int = 10_000) -> None:
        super().__init__(max_pending_updates)
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: Dict[Hashable, asyncio.Lock] = {}
        self._waiting: Dict[Hashable, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self._slots:  # the chat's turn first, then a slot
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
