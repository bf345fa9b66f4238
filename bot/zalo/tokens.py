"""The OA's access token, refreshed with the refresh token before it expires.

Zalo gives an access token for about 25 hours and a refresh token that works once; every
refresh returns a new pair, saved together before anything uses it. The pair is kept where it
survives a restart and several relays share it: a file by default (state/zalo-tokens.json,
readable by its owner only), Redis when REDIS_HOST is set. Refreshes never overlap: a lock
(a file lock, or a Redis lock), and after taking it the pair is read again in case another
relay has refreshed meanwhile. Tokens are never logged.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import logging
import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator, Optional, Union

import httpx
import redis

from bot.rate_limit import redis_from_environment
from bot.zalo.settings import Settings

log = logging.getLogger(__name__)
EARLY = 300  # seconds before expiry when the pair is refreshed anyway


class TokenRefreshFailed(Exception):
    """Zalo refused the refresh (an old refresh token, a wrong secret): re-authorize the OA."""


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    expires_at: Optional[float]  # epoch seconds; None when the first pair came without it

    def expiring(self, now: float) -> bool:
        return self.expires_at is not None and self.expires_at - now < EARLY


class FileTokens:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Optional[TokenPair]:
        try:
            return TokenPair(**json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def save(self, pair: TokenPair) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.touch(mode=0o600)
        temporary.write_text(json.dumps(asdict(pair)), encoding="utf-8")
        os.replace(temporary, self.path)

    @contextmanager
    def lock(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield


class RedisTokens:
    KEY = "tthc:zalo:tokens"

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def load(self) -> Optional[TokenPair]:
        raw = self.client.get(self.KEY)
        return TokenPair(**json.loads(raw)) if raw else None

    def save(self, pair: TokenPair) -> None:
        self.client.set(self.KEY, json.dumps(asdict(pair)))

    @contextmanager
    def lock(self) -> Iterator[None]:
        with self.client.lock(f"{self.KEY}:refresh", timeout=30, blocking_timeout=30):
            yield


Store = Union[FileTokens, RedisTokens]


def store_from(settings: Settings) -> Store:
    if settings.redis_host:
        return RedisTokens(redis_from_environment())
    return FileTokens(settings.token_file)


class TokenKeeper:
    def __init__(self, settings: Settings, store: Store, http: httpx.AsyncClient) -> None:
        self.settings, self.store, self.http = settings, store, http
        self._lock = asyncio.Lock()

    def _stored(self) -> Optional[TokenPair]:
        pair = self.store.load()
        if pair is None and self.settings.access_token and self.settings.refresh_token:
            pair = TokenPair(self.settings.access_token, self.settings.refresh_token, None)  # the first pair
            self.store.save(pair)
        return pair

    async def current(self) -> str:
        """An access token good for at least a few minutes more, when its expiry is known."""
        pair = self._stored()
        if pair is None:
            raise TokenRefreshFailed("no token pair: set ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN")
        if pair.expiring(time.time()):
            pair = await self.refresh(pair.access)
        return pair.access

    async def refresh(self, stale: str) -> TokenPair:
        """A new pair, unless another task or relay already replaced the ``stale`` access token."""
        async with self._lock:
            with self.store.lock():
                pair = self._stored()
                if pair is None:
                    raise TokenRefreshFailed("no refresh token")
                if pair.access != stale and not pair.expiring(time.time()):
                    return pair
                fresh = await self._ask_zalo(pair.refresh)
                self.store.save(fresh)
                log.info("Zalo access token refreshed; expires in %.0f s", fresh.expires_at - time.time())
                return fresh

    async def _ask_zalo(self, refresh_token: str) -> TokenPair:
        response = await self.http.post(
            f"{self.settings.oauth_url}/v4/oa/access_token",
            headers={"secret_key": self.settings.app_secret},
            data={"refresh_token": refresh_token, "app_id": self.settings.app_id, "grant_type": "refresh_token"},
        )
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code != 200 or not body.get("access_token") or not body.get("refresh_token"):
            problem = body.get("error_name") or body.get("error") or response.status_code
            raise TokenRefreshFailed(f"Zalo refused the refresh: {problem}")
        return TokenPair(body["access_token"], body["refresh_token"], time.time() + float(body.get("expires_in", 0)))
