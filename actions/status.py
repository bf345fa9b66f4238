"""Application status: how to look a dossier up, until a real connector exists."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import PORTAL, PORTAL_HOTLINE, entity_values, province
from bot.catalogue.client import CatalogueUnavailable


def status_answer(code: str, portal_name: str, portal_url: str) -> str:
    lines = []
    if code:
        lines.append(
            f"Dạ, em đã ghi nhận mã hồ sơ {code}. Em chưa được kết nối với hệ thống quản lý hồ sơ nên chưa tra được tình trạng."
        )
    else:
        lines.append("Dạ, em chưa được kết nối với hệ thống quản lý hồ sơ nên chưa tra được tình trạng hồ sơ.")
    lines.append("Anh/Chị có thể tự tra cứu như sau:")
    lines.append(
        f"1. Hồ sơ nộp trực tuyến: đăng nhập {PORTAL} (hoặc ứng dụng VNeID) bằng tài khoản đã dùng để nộp, mở danh sách hồ sơ đã nộp."
    )
    lines.append(f"2. Hồ sơ nộp ở tỉnh: tra cứu trên {portal_name} {portal_url} bằng mã hồ sơ.")
    lines.append(
        "3. Mã hồ sơ in trên giấy tiếp nhận hồ sơ và hẹn trả kết quả mà Anh/Chị nhận khi nộp; nếu mất giấy, hỏi lại nơi đã nộp."
    )
    lines.append(f"Cần hỗ trợ thêm: tổng đài Cổng Dịch vụ công quốc gia {PORTAL_HOTLINE}.")
    return "\n".join(lines)


class ActionApplicationStatus(Action):
    """Explains how to look a dossier up."""

    def name(self) -> str:
        return "action_application_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        codes = entity_values(tracker, "dossier_code")
        try:
            home = province()
        except CatalogueUnavailable:  # the answer does not need the catalogue to be useful
            home = None
        name = home.portal_name if home and home.portal_name else "Cổng Dịch vụ công của tỉnh"
        url = home.portal_url if home and home.portal_url else ""
        dispatcher.utter_message(text=status_answer(codes[0] if codes else "", name, url))
        return []
