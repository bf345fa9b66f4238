"""The OA messaging API: one consultation message to one user, the token refreshed once when
Zalo says it has expired (HTTP 401, or error -216 in an HTTP 200 answer)."""

from __future__ import annotations

import logging
from typing import Any, Dict

import httpx

from bot.zalo.tokens import TokenKeeper

log = logging.getLogger(__name__)
EXPIRED_TOKEN = -216


class ZaloRefused(Exception):
    """Zalo did not take the message (its error code and message)."""


class ZaloApi:
    def __init__(self, api_url: str, keeper: TokenKeeper, http: httpx.AsyncClient) -> None:
        self.url, self.keeper, self.http = f"{api_url}/v3.0/oa/message/cs", keeper, http

    async def send(self, user_id: str, message: Dict[str, Any]) -> None:
        body = {"recipient": {"user_id": user_id}, "message": message}
        for attempt in (1, 2):
            token = await self.keeper.current()
            response = await self.http.post(self.url, headers={"access_token": token}, json=body)
            try:
                answer = response.json()
            except ValueError:
                answer = {}
            expired = response.status_code == 401 or answer.get("error") == EXPIRED_TOKEN
            if expired and attempt == 1:
                log.info("Zalo says the access token expired; refreshing it once")
                await self.keeper.refresh(token)
                continue
            if response.status_code != 200 or answer.get("error") != 0:
                raise ZaloRefused(f"HTTP {response.status_code}, error {answer.get('error')}: {answer.get('message')}")
            return
