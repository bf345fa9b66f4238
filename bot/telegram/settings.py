"""Settings of the Telegram relay, read from the environment (secrets never live in files)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Mapping, Optional

SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass(frozen=True)
class Settings:
    token: str
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout: float = 30.0
    api_url: Optional[str] = None
    webhook_url: Optional[str] = None
    webhook_secret: Optional[str] = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443

    @property
    def uses_webhook(self) -> bool:
        return bool(self.webhook_url)

    @property
    def webhook_path(self) -> str:
        """The local path the webhook listens on: the path part of the public URL."""
        after_host = self.webhook_url.split("://", 1)[-1] if self.webhook_url else ""
        return after_host.partition("/")[2]

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        settings = cls(
            token=token,
            rasa_url=env.get("RASA_URL", cls.rasa_url).rstrip("/"),
            rasa_timeout=float(env.get("RASA_TIMEOUT", cls.rasa_timeout)),
            api_url=env.get("TELEGRAM_API_URL") or None,
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN", cls.webhook_listen),
            webhook_port=int(env.get("TELEGRAM_WEBHOOK_PORT", cls.webhook_port)),
        )
        if settings.uses_webhook and not (settings.webhook_secret and SECRET_TOKEN.match(settings.webhook_secret)):
            raise ValueError("webhook mode needs TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z a-z 0-9 _ -")
        return settings
