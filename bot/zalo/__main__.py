"""Runs the Zalo OA relay: `python -m bot.zalo` (a webhook behind the province's HTTPS proxy)."""

from __future__ import annotations

import logging

import httpx
from aiohttp import web

from bot.rasa_link import RasaLink
from bot.zalo.api import ZaloApi
from bot.zalo.relay import Relay
from bot.zalo.settings import Settings
from bot.zalo.tokens import TokenKeeper, store_from
from bot.zalo.webhook import application


def main() -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines would not carry tokens, but stay quiet
    settings = Settings.from_env()
    http = httpx.AsyncClient(timeout=15)
    keeper = TokenKeeper(settings, store_from(settings), http)
    relay = Relay(RasaLink(settings.rasa_url, settings.rasa_timeout), ZaloApi(settings.api_url, keeper, http))
    app = application(settings, relay)

    async def close(_: web.Application) -> None:
        await http.aclose()
        await relay.rasa.close()

    app.on_cleanup.append(close)
    web.run_app(app, host=settings.listen, port=settings.port, print=None)


if __name__ == "__main__":
    main()
