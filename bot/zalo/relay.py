"""What the relay does with each event: one user's events in order, users concurrently."""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List

from bot.payloads import Payloads
from bot.rasa_link import RasaLink, RasaUnavailable
from bot.replies import BUSY
from bot.turns import Turns
from bot.zalo.api import ZaloApi, ZaloRefused
from bot.zalo.events import FOLLOW, LOCATION, TEXT, UNSUPPORTED, Event
from bot.zalo.render import PAYLOAD_LIMIT, messages
from bot.zalo.tokens import TokenRefreshFailed

log = logging.getLogger(__name__)

NO_ANSWER = "Dạ, em chưa có câu trả lời cho câu này. Anh/Chị thử hỏi cách khác giúp em ạ."
UNSUPPORTED_REPLY = (
    "Dạ, em chỉ đọc được tin nhắn chữ và vị trí. Anh/Chị vui lòng gõ câu hỏi (ví dụ: «làm giấy khai sinh cần gì») ạ."
)
OLD_BUTTON = "Dạ, nút này đã cũ. Anh/Chị vui lòng gõ lại câu hỏi ạ."


def sender_id(user_id: str) -> str:
    return f"zalo-{user_id}"


class Relay:
    def __init__(self, rasa: RasaLink, api: ZaloApi) -> None:
        self.rasa, self.api = rasa, api
        self.payloads = Payloads(PAYLOAD_LIMIT)
        self.turns = Turns()

    async def handle(self, event: Event) -> None:
        """Answers the event (unfollow, delivery and read receipts need no answer)."""
        if event.name not in (TEXT, LOCATION, FOLLOW) and event.name not in UNSUPPORTED:
            return
        async with self.turns.turn(event.user_id):
            try:
                for message in await self._replies(event):
                    await self.api.send(event.user_id, message)
            except (ZaloRefused, TokenRefreshFailed) as error:
                log.error("could not answer a Zalo user: %s", error)

    async def _replies(self, event: Event) -> List[Dict[str, Any]]:
        if event.name in UNSUPPORTED:
            return [{"text": UNSUPPORTED_REPLY}]
        if event.name == LOCATION:
            said = f"/ask_service_center{json.dumps({'latitude': event.latitude, 'longitude': event.longitude})}"
        elif event.name == FOLLOW:
            said = "/greet"
        else:
            said = self.payloads.payload(event.text)
            if said is None:
                return [{"text": OLD_BUTTON}]
        try:
            replies = await self.rasa.send(sender_id(event.user_id), said, {"channel": "zalo"})
        except RasaUnavailable:
            return [{"text": BUSY}]
        return messages(replies, self.payloads) or [{"text": NO_ANSWER}]
