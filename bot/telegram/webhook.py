"""Webhook mode: the HTTPS endpoint (behind the province's reverse proxy) Telegram posts updates to.

Our own small aiohttp server rather than python-telegram-bot's run_webhook: PTB 22.8's handler
answers a body that is not JSON with a 500. Here every request must carry the secret token
(403 otherwise), a body that is not a JSON object gets a 400 that says why, and an update this
PTB version cannot parse is acknowledged (200, so Telegram does not resend it) and skipped.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from typing import List

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.telegram.settings import Settings
from bot.telegram.tolerant_bot import parsed

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
BODY_LIMIT = 1_000_000  # bytes; Telegram's updates are far smaller


def problem(status: int, message: str) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status)


def webhook_app(application: Application, path: str, secret: str) -> web.Application:
    async def receive(request: web.Request) -> web.Response:
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(), secret.encode()):
            return problem(403, "wrong or missing secret token")
        try:
            data = json.loads(await request.read())
        except ValueError:  # not JSON, or not UTF-8
            return problem(400, "the body must be a Telegram update as a JSON object")
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return problem(400, "the body must be a JSON object with an integer update_id")
        update = parsed(data, application.bot) or Update(update_id=data["update_id"])  # no handler matches a bare id
        await application.update_queue.put(update)
        return web.json_response({"ok": True})

    app = web.Application(client_max_size=BODY_LIMIT)
    app.router.add_post(f"/{path}", receive)
    return app


async def serve_webhook(application: Application, settings: Settings, allowed_updates: List[str]) -> None:
    """Registers the webhook with Telegram and serves it until SIGTERM or SIGINT."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    async with application:  # unlike run_webhook, it leaves post_init/post_shutdown to us
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(
            settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=allowed_updates
        )
        await application.start()
        runner = web.AppRunner(webhook_app(application, settings.webhook_path, settings.webhook_secret))
        await runner.setup()
        await web.TCPSite(runner, settings.webhook_listen, settings.webhook_port).start()
        log.info("webhook listening on %s:%d/%s", settings.webhook_listen, settings.webhook_port, settings.webhook_path)
        try:
            await stopping.wait()
        finally:
            await runner.cleanup()
            await application.stop()
            if application.post_shutdown:
                await application.post_shutdown(application)
