"""The Zalo relay's settings, from the environment only."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    app_id: str
    app_secret: str  # the app's secret key: token refresh requests
    oa_secret: str  # the OA secret key: webhook signatures
    access_token: Optional[str]  # the first pair, from the OA's authorization; then the store's
    refresh_token: Optional[str]
    webhook_path: str
    listen: str
    port: int
    api_url: str
    oauth_url: str
    token_file: Path
    redis_host: Optional[str]
    rasa_url: str
    rasa_timeout: float

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            app_id=env["ZALO_APP_ID"],
            app_secret=env["ZALO_APP_SECRET"],
            oa_secret=env["ZALO_OA_SECRET"],
            access_token=env.get("ZALO_ACCESS_TOKEN") or None,
            refresh_token=env.get("ZALO_REFRESH_TOKEN") or None,
            webhook_path=env.get("ZALO_WEBHOOK_PATH", "/zalo/webhook"),
            listen=env.get("ZALO_LISTEN", "127.0.0.1"),
            port=int(env.get("ZALO_PORT", "8445")),
            api_url=env.get("ZALO_API_URL", "https://openapi.zalo.me").rstrip("/"),
            oauth_url=env.get("ZALO_OAUTH_URL", "https://oauth.zaloapp.com").rstrip("/"),
            token_file=Path(env.get("ZALO_TOKEN_FILE") or ROOT / "state" / "zalo-tokens.json"),
            redis_host=env.get("REDIS_HOST") or None,
            rasa_url=env.get("RASA_URL", "http://127.0.0.1:5005"),
            rasa_timeout=float(env.get("RASA_TIMEOUT", "30")),
        )
