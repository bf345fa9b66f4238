"""What the Telegram bot does with each kind of update."""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Dict, List

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.payloads import Payloads
from bot.rasa_link import RasaLink, RasaUnavailable
from bot.replies import BUSY, RATING_PAYLOADS, shown_and_rated
from bot.telegram.render import LOCATION_KEYBOARD, chunks, keyboard

log = logging.getLogger(__name__)

NO_ANSWER = "Dạ, em chưa có câu trả lời cho câu này. Anh/Chị thử hỏi cách khác, hoặc gõ /help để xem em giúp được gì ạ."
UNSUPPORTED = (
    "Dạ, em chỉ đọc được tin nhắn chữ và vị trí. Anh/Chị vui lòng gõ câu hỏi (ví dụ: «làm giấy khai sinh cần gì») ạ."
)
THANKS = "Cảm ơn Anh/Chị đã đánh giá!"
OLD_BUTTON = "Nút này đã cũ. Anh/Chị vui lòng gõ lại câu hỏi ạ."
LOCATION_HINT = "Anh/Chị có thể bấm nút bên dưới để gửi vị trí, em sẽ chỉ nơi nộp hồ sơ gần nhất."
HELP = (
    "Dạ, em là trợ lý thủ tục hành chính. Anh/Chị cứ gõ câu hỏi bằng tiếng Việt (có dấu hay không dấu đều được), ví dụ:\n"
    "• làm giấy khai sinh cần giấy tờ gì\n"
    "• đăng ký kết hôn mất bao lâu\n"
    "• nộp online có được giảm lệ phí không\n"
    "• nộp hồ sơ ở đâu, phường Nha Trang\n"
    "Gõ /start để xem các chủ đề chính; bấm «📍 Gửi vị trí» để tìm nơi nộp gần nhất."
)
TYPING_EVERY = 4.0  # seconds; Telegram shows the indicator for about five


def sender_id(chat_id: int) -> str:
    return f"telegram-{chat_id}"


@asynccontextmanager
async def typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> AsyncIterator[None]:
    """Shows "typing…" in the chat until the block ends."""

    async def keep_typing() -> None:
        while True:
            try:
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError as error:
                log.debug("typing indicator failed: %s", error)
            await asyncio.sleep(TYPING_EVERY)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()


async def send_replies(context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: List[Dict[str, Any]]) -> None:
    payloads: Payloads = context.bot_data["payloads"]
    if not replies:
        await context.bot.send_message(chat_id, NO_ANSWER)
    shown, rated, rating = shown_and_rated(replies)
    for index, reply in enumerate(shown):
        text = reply.get("text") or ""
        if reply.get("image"):
            text = f"{text}\n{reply['image']}".strip()
        parts = chunks(text)
        markup = keyboard(reply.get("buttons") or [], payloads, rating=rating if index == rated else ())
        if not parts and markup:
            parts = ["Anh/Chị chọn:"]
        for number, part in enumerate(parts, start=1):
            last = number == len(parts)
            await context.bot.send_message(
                chat_id,
                part,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if last else None,
                disable_web_page_preview=True,
            )


async def relay(update: Update, context: ContextTypes.DEFAULT_TYPE, message: str) -> None:
    """Sends the citizen's message to Rasa and the answers back to the chat."""
    chat_id = update.effective_chat.id
    link: RasaLink = context.bot_data["rasa"]
    async with typing(context, chat_id):
        try:
            replies = await link.send(sender_id(chat_id), message, {"channel": "telegram"})
        except RasaUnavailable:
            await context.bot.send_message(chat_id, BUSY)
            return
    await send_replies(context, chat_id, replies)


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await relay(update, context, "/greet")
    await context.bot.send_message(update.effective_chat.id, LOCATION_HINT, reply_markup=LOCATION_KEYBOARD)


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.send_message(update.effective_chat.id, HELP, reply_markup=LOCATION_KEYBOARD)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await relay(update, context, update.effective_message.text)


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    place = update.effective_message.location
    await relay(update, context, f'/ask_service_center{{"latitude": {place.latitude}, "longitude": {place.longitude}}}')


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    payload = context.bot_data["payloads"].payload(query.data or "")
    if payload is None:
        await query.answer(OLD_BUTTON, show_alert=True)
        return
    rating = payload in RATING_PAYLOADS
    await query.answer(THANKS if rating else None)
    if rating and query.message:
        await without_rating_row(query)
    if update.effective_chat:
        await relay(update, context, payload)


async def without_rating_row(query: CallbackQuery) -> None:
    """Removes 👍/👎 from the rated answer so it is rated once; its other buttons stay."""
    markup = query.message.reply_markup
    rows = [
        row
        for row in (markup.inline_keyboard if markup else [])
        if not {b.callback_data for b in row} & RATING_PAYLOADS
    ]
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except TelegramError as error:
        log.debug("could not remove the rating buttons: %s", error)


async def on_unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.send_message(update.effective_chat.id, UNSUPPORTED)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs the failure and, where there is a chat, tells the citizen instead of staying silent."""
    log.error("failed to handle an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await context.bot.send_message(update.effective_chat.id, BUSY)
        except TelegramError:
            log.exception("could not tell the chat about the failure")
