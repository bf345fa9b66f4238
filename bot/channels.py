"""Rasa's REST channel, with personal data masked before anything is logged or stored and a
per-sender rate limit (RATE_LIMIT_MESSAGES per RATE_LIMIT_SECONDS, default 20 per 60 s), and a
polite "busy" answer instead of silence when a turn fails or takes over ANSWER_TIMEOUT (20 s).

credentials.yml names it instead of `rest:`; its URL stays /webhooks/rest/webhook. Importing it
also makes Rasa validate action server responses without re-checking their schema on every
turn (bot/action_validation.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage as BadRequest  # 400; named BadRequest in later Sanic
from sanic.request import Request

from bot import action_validation
from bot.feedback import KNOWN_CHANNELS
from bot.privacy import mask_personal_data
from bot.rate_limit import RateLimit
from bot.replies import BUSY, SLOW_DOWN

log = logging.getLogger(__name__)
action_validation.install()


def _body(request: Request) -> Dict[str, Any]:
    body = request.json  # Sanic answers 400 itself when the body is not JSON
    if not isinstance(body, dict):
        raise BadRequest('Expected a JSON object: {"sender": "...", "message": "..."}')
    return body


class PrivateRestInput(RestInput):
    def __init__(self) -> None:
        self.rate_limit = RateLimit.from_environment()
        self.answer_timeout = float(os.environ.get("ANSWER_TIMEOUT", "20"))

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def answered(message: UserMessage) -> None:
            """The turn, within the rate limit and ANSWER_TIMEOUT seconds; never silence."""
            if not self.rate_limit.allow(message.sender_id):
                await message.output_channel.send_text_message(message.sender_id, SLOW_DOWN)
                return
            try:
                await asyncio.wait_for(on_new_message(message), self.answer_timeout)
            except asyncio.TimeoutError:
                log.warning("no answer for %s within %.0f s", message.sender_id, self.answer_timeout)
            if not getattr(message.output_channel, "messages", True):
                # e.g. the action server is down or slow: Rasa logged it, the citizen is told
                await message.output_channel.send_text_message(message.sender_id, BUSY)

        return super().blueprint(answered)

    async def _extract_sender(self, request: Request) -> Optional[str]:
        sender = _body(request).get("sender")
        if not isinstance(sender, str) or not sender.strip():
            raise BadRequest('"sender" must be a non-empty string')
        return sender

    def get_metadata(self, request: Request) -> Dict[str, Any]:
        """Only the channel name the Telegram relay and the widget send; anything else a client
        puts in `metadata` could carry personal data into the tracker, so it is dropped."""
        metadata = _body(request).get("metadata")
        channel = metadata.get("channel") if isinstance(metadata, dict) else None
        return {"channel": channel} if channel in KNOWN_CHANNELS else {}

    def _extract_input_channel(self, request: Request) -> str:
        return self.name()  # not the client's word for it

    def _extract_message(self, request: Request) -> Optional[str]:
        message = _body(request).get("message")
        if message is None:
            return ""
        if not isinstance(message, str):
            raise BadRequest('"message" must be a string')
        return mask_personal_data(message)
