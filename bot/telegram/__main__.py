"""Runs the Telegram relay: `python -m bot.telegram` (long polling, or a webhook when configured)."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.payloads import Payloads
from bot.rasa_link import RasaLink
from bot.telegram import handlers
from bot.telegram.ordering import PerChatOrder
from bot.telegram.render import CALLBACK_LIMIT
from bot.telegram.settings import Settings
from bot.telegram.tolerant_bot import TolerantBot
from bot.telegram.webhook import serve_webhook

UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


def build_application(settings: Settings) -> Application:
    bot = TolerantBot(settings.token, **({"base_url": settings.api_url} if settings.api_url else {}))
    builder = Application.builder().bot(bot).concurrent_updates(PerChatOrder())

    async def connect(app: Application) -> None:
        app.bot_data["rasa"] = RasaLink(settings.rasa_url, settings.rasa_timeout)
        app.bot_data["payloads"] = Payloads(CALLBACK_LIMIT)

    async def disconnect(app: Application) -> None:
        await app.bot_data["rasa"].close()

    app = builder.post_init(connect).post_shutdown(disconnect).build()
    new_messages = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("start", handlers.on_start, filters=new_messages))
    app.add_handler(CommandHandler("help", handlers.on_help, filters=new_messages))
    app.add_handler(MessageHandler(new_messages & filters.COMMAND, handlers.on_help))
    app.add_handler(MessageHandler(new_messages & filters.TEXT, handlers.on_text))
    app.add_handler(MessageHandler(new_messages & filters.LOCATION, handlers.on_location))
    app.add_handler(CallbackQueryHandler(handlers.on_button))
    app.add_handler(MessageHandler(new_messages, handlers.on_unsupported))
    app.add_error_handler(handlers.on_error)
    return app


def main() -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = Settings.from_env()
    app = build_application(settings)
    if settings.uses_webhook:
        asyncio.run(serve_webhook(app, settings, UPDATES))
    else:
        app.run_polling(allowed_updates=UPDATES)


if __name__ == "__main__":
    main()
