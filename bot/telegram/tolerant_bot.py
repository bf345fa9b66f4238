"""A bot whose long polling survives an update this version of python-telegram-bot cannot parse.

Without it one such update (a field Telegram made required after this release, say) stops
the polling loop for good: the library fetches the same batch again and again.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from telegram import Update
from telegram.ext import ExtBot

log = logging.getLogger(__name__)


def parsed(update: Dict[str, Any], bot: ExtBot) -> Optional[Update]:
    """The update, or None (logged) when this version cannot parse it."""
    try:
        return Update.de_json(dict(update), bot)
    except Exception as error:  # noqa: BLE001 - any parsing failure must only skip the update
        log.warning("skipping update %s this version cannot parse: %s", update.get("update_id"), error)
        return None


def readable(update: Dict[str, Any], bot: ExtBot) -> Dict[str, Any]:
    """The update itself, or only its id (which no handler matches) when it cannot be parsed."""
    return update if parsed(update, bot) is not None else {"update_id": update["update_id"]}


class TolerantBot(ExtBot):
    async def _post(self, endpoint: str, data: Dict[str, Any] = None, *args: Any, **kwargs: Any) -> Any:
        result = await super()._post(endpoint, data, *args, **kwargs)
        if endpoint == "getUpdates" and isinstance(result, list):
            return [readable(u, self) for u in result if isinstance(u, dict) and "update_id" in u]
        return result
