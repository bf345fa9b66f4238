"""The webhook Zalo calls: a signed event gets 200 at once and is answered in the background;
an unsigned one 401, a malformed body 400, a repeated event 200 without a second answer."""

from __future__ import annotations

import asyncio
import logging
from typing import Set

from aiohttp import web

from bot.zalo.events import SIGNATURE_HEADER, BadEvent, Seen, parse, read, signed
from bot.zalo.relay import Relay
from bot.zalo.settings import Settings

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024


def application(settings: Settings, relay: Relay) -> web.Application:
    seen = Seen()
    running: Set[asyncio.Task] = set()

    async def receive(request: web.Request) -> web.Response:
        raw = await request.read()
        try:
            body = parse(raw)
        except BadEvent:
            return web.json_response({"error": "malformed event"}, status=400)
        if not signed(raw, body, request.headers.get(SIGNATURE_HEADER, ""), settings.app_id, settings.oa_secret):
            log.warning("refused a Zalo event with a wrong signature")
            return web.json_response({"error": "bad signature"}, status=401)
        try:
            event = read(body)
        except BadEvent as error:
            log.info("ignored a Zalo event %s: %s", body.get("event_name"), error)
            return web.json_response({"ok": True})
        if not seen.first_time(event.key):
            return web.json_response({"ok": True, "repeat": True})
        task = asyncio.create_task(relay.handle(event))
        running.add(task)
        task.add_done_callback(running.discard)
        return web.json_response({"ok": True})

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(settings.webhook_path, receive)
    app.router.add_get("/health", health)
    return app
