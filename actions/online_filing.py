"""How to file online: the general steps, and whether a given procedure can be filed online."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    PORTAL,
    answered,
    aspect_buttons,
    footer,
    offer_choices,
    resolve_procedure,
    unavailable,
)
from bot.catalogue.client import CatalogueUnavailable
from bot.catalogue.model import Procedure

# Compiled from the portal and public how-to guides; no official manual was found
# (shared/reference/procedures.md §5), so the reply says so.
STEPS = [
    f'Vào Cổng Dịch vụ công quốc gia {PORTAL} (hoặc ứng dụng VNeID), bấm "Đăng nhập".',
    "Chọn đăng nhập bằng tài khoản định danh điện tử VNeID (nhập số định danh cá nhân và mật khẩu, "
    "hoặc quét mã QR bằng ứng dụng VNeID); một số thủ tục yêu cầu tài khoản VNeID mức độ 2.",
    "Tìm thủ tục theo tên hoặc mã thủ tục, bấm xem chi tiết rồi chọn cơ quan thực hiện (tỉnh, xã/phường).",
    "Điền tờ khai hoặc biểu mẫu điện tử.",
    "Tải lên bản chụp hoặc bản điện tử các giấy tờ cần thiết.",
    "Thanh toán lệ phí trực tuyến (nếu có).",
    "Ghi lại mã hồ sơ để theo dõi tiến độ và nhận kết quả.",
]
STEPS_SOURCE = (
    "Nguồn: tổng hợp từ Cổng Dịch vụ công quốc gia và các hướng dẫn công khai "
    "(chưa có tài liệu hướng dẫn chính thức); kiểm tra ngày 23/11/2026."
)


def general_steps() -> str:
    steps = "\n".join(f"{i}. {s}" for i, s in enumerate(STEPS, start=1))
    return f"Dạ, các bước nộp hồ sơ trực tuyến:\n{steps}\n{STEPS_SOURCE}"


def procedure_online(proc: Procedure) -> str:
    online = proc.online
    if online.available is True:
        head = f"Dạ, thủ tục {proc.title} có thể nộp trực tuyến."
    elif online.available is False:
        head = f"Dạ, thủ tục {proc.title} hiện chưa nộp trực tuyến được."
    else:
        head = (
            f"Dạ, em chưa có thông tin đã xác minh về việc nộp trực tuyến thủ tục {proc.title}. "
            "Anh/Chị xem trang thủ tục trên Cổng để biết các cách nộp."
        )
    lines = [head]
    if online.channels:
        lines.append("Các cách nộp: " + ", ".join(online.channels) + ".")
    if online.how:
        lines.append(online.how)
    return "\n".join(lines)


def answer_online(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    try:
        found = resolve_procedure(tracker)
    except CatalogueUnavailable as error:
        return unavailable(dispatcher, error)
    if found.choices:
        return offer_choices(dispatcher, found.choices, "online", unsure=found.unsure, asked=found.asked)
    if not found.procedure:
        dispatcher.utter_message(text=general_steps())
        return [SlotSet("aspect", "online")]
    proc = found.procedure
    text = procedure_online(proc)
    if proc.online.available is not False:
        text += "\n\n" + general_steps()
    dispatcher.utter_message(text=text + "\n" + footer(proc), buttons=aspect_buttons(proc, exclude="online"))
    return answered(tracker, proc, "online")


class ActionOnlineFiling(Action):
    """Steps to file online; for a procedure, whether and how it can be filed online."""

    def name(self) -> str:
        return "action_online_filing"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        return answer_online(dispatcher, tracker)
