"""Rasa's REST channel, with personal data masked before anything is logged or stored.

credentials.yml names it instead of `rest:`; its URL stays /webhooks/rest/webhook.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from rasa.core.channels.rest import RestInput
from sanic.exceptions import InvalidUsage as BadRequest  # 400; named BadRequest in later Sanic
from sanic.request import Request

from bot.privacy import mask_personal_data


def _body(request: Request) -> Dict[str, Any]:
    body = request.json  # Sanic answers 400 itself when the body is not JSON
    if not isinstance(body, dict):
        raise BadRequest('Expected a JSON object: {"sender": "...", "message": "..."}')
    return body


class PrivateRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, request: Request) -> Optional[str]:
        sender = _body(request).get("sender")
        if not isinstance(sender, str) or not sender.strip():
            raise BadRequest('"sender" must be a non-empty string')
        return sender

    def _extract_message(self, request: Request) -> Optional[str]:
        message = _body(request).get("message")
        if message is None:
            return ""
        if not isinstance(message, str):
            raise BadRequest('"message" must be a string')
        return mask_personal_data(message)
