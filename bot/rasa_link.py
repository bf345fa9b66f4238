"""A relay's connection to Rasa's REST channel (Telegram, Zalo)."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

import httpx

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer in time, refused the connection or failed."""


class RasaLink:
    def __init__(self, base_url: str, timeout: float) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout)

    async def send(self, sender: str, message: str, metadata: Dict[str, Any] = None) -> List[Dict[str, Any]]:
        """Sends one citizen message and returns the assistant's replies."""
        body = {"sender": sender, "message": message, "metadata": metadata or {}}
        try:
            response = await self._client.post("/webhooks/rest/webhook", json=body)
            response.raise_for_status()
            replies = response.json()
        except (httpx.HTTPError, ValueError) as error:
            log.warning("Rasa unavailable for %s: %r", sender, error)
            raise RasaUnavailable(str(error)) from error
        if not isinstance(replies, list):
            raise RasaUnavailable(f"unexpected answer from Rasa: {type(replies).__name__}")
        return replies

    async def close(self) -> None:
        await self._client.aclose()
