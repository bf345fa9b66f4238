"""Rasa's REST channel, with personal data masked before anything is logged or stored and a
per-sender rate limit (RATE_LIMIT_MESSAGES per RATE_LIMIT_SECONDS, default 20 per 60 s, a long
message counting once per begun RATE_LIMIT_CHARS, 250), and a
polite "busy" answer instead of silence when a turn fails or takes over ANSWER_TIMEOUT (20 s).

Before anything reads a message: the request body is capped (MAX_BODY_BYTES, 64 KB: 413), the
sender id must be 1-128 letters, digits or ``_.:@-`` (400), and a message longer than
MAX_MESSAGE_CHARS (1,000, the widget's own limit) gets a polite "too long" reply without being
masked, parsed or stored; so does a message beyond the sender's rate limit ("slow down").
Such a refusal is sent after REFUSAL_DELAY seconds (1 s): a client that sends without pause
waits for its replies, so a flooding sender slows itself down instead of keeping the server busy
with refusals while others wait.

credentials.yml names it instead of `rest:`; its URL stays /webhooks/rest/webhook. Importing it
also makes Rasa validate action server responses without re-checking their schema on every
turn (bot/action_validation.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage as BadRequest  # 400; named BadRequest in later Sanic
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

from bot import action_validation
from bot.feedback import KNOWN_CHANNELS
from bot.privacy import clean, mask_personal_data
from bot.rate_limit import RateLimit
from bot.replies import BUSY, SLOW_DOWN, TOO_LONG

log = logging.getLogger(__name__)
action_validation.install()

SENDER = re.compile(r"[A-Za-z0-9_.:@-]{1,128}")
# stand for a message that is answered without being read: never masked, parsed or stored
TOO_LONG_TEXT, TOO_FAST_TEXT = "\x00too long", "\x00too fast"


def _body(request: Request) -> Dict[str, Any]:
    limit = int(os.environ.get("MAX_BODY_BYTES", "65536"))
    if len(request.body or b"") > limit:
        raise PayloadTooLarge(f"The request body is over {limit} bytes")
    body = request.json  # Sanic answers 400 itself when the body is not JSON
    if not isinstance(body, dict):
        raise BadRequest('Expected a JSON object: {"sender": "...", "message": "..."}')
    return body


class PrivateRestInput(RestInput):
    def __init__(self) -> None:
        self.rate_limit = RateLimit.from_environment()
        self.answer_timeout = float(os.environ.get("ANSWER_TIMEOUT", "20"))
        self.refusal_delay = float(os.environ.get("REFUSAL_DELAY", "1"))

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def answered(message: UserMessage) -> None:
            """The turn, within the rate limit and ANSWER_TIMEOUT seconds; never silence."""
            channel = message.output_channel
            if message.text in (TOO_LONG_TEXT, TOO_FAST_TEXT):
                await asyncio.sleep(self.refusal_delay)
                await channel.send_text_message(
                    message.sender_id, TOO_LONG if message.text == TOO_LONG_TEXT else SLOW_DOWN
                )
                return
            sent = []
            send_response = channel.send_response

            async def counted(recipient_id: str, response: Dict[str, Any]) -> None:
                sent.append(response)
                await send_response(recipient_id, response)

            channel.send_response = counted  # this turn's channel only (the REST one and the stream's queue)
            try:
                await asyncio.wait_for(on_new_message(message), self.answer_timeout)
            except asyncio.TimeoutError:
                log.warning("no answer for %s within %.0f s", message.sender_id, self.answer_timeout)
            except Exception:  # noqa: BLE001 - whatever failed, the citizen gets an answer
                log.exception("the turn of %s failed", message.sender_id)
            if not sent:
                # e.g. the action server is down or slow: Rasa logged it, the citizen is told
                await send_response(message.sender_id, {"text": BUSY})

        return super().blueprint(answered)

    async def _extract_sender(self, request: Request) -> Optional[str]:
        sender = _body(request).get("sender")
        if not isinstance(sender, str) or not SENDER.fullmatch(sender):
            raise BadRequest('"sender" must be 1-128 letters, digits or _.:@-')
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
        if len(message) > int(os.environ.get("MAX_MESSAGE_CHARS", "1000")):
            return TOO_LONG_TEXT
        if not self.rate_limit.allow(_body(request)["sender"], message):  # sender checked by _extract_sender
            return TOO_FAST_TEXT
        return mask_personal_data(clean(message))
