"""Updates of different chats run concurrently; one chat's messages are answered in order
(bot/turns.py). python-telegram-bot takes its own semaphore before calling us; it is sized to
bound only the updates waiting in memory."""

from __future__ import annotations

from typing import Any, Awaitable, Hashable, Optional

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.turns import Turns


def chat_key(update: object) -> Optional[Hashable]:
    return update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None


class PerChatOrder(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 64, max_pending_updates: int = 10_000) -> None:
        super().__init__(max_pending_updates)
        self._turns = Turns(max_concurrent_updates)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        async with self._turns.turn(chat_key(update)):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
