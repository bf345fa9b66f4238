"""Application status: how to look a dossier up, until a real connector exists."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import unavailable
from actions.turn import catalogue, entity_values, province
from actions.wording import PORTAL_NAME
from bot.catalogue.client import CatalogueUnavailable
from bot.catalogue.model import Guide
from bot.text import fold

# Words that ask how far a filed dossier has got, folded ("hồ sơ" alone does not: a procedure
# question says it too; nor do "gồm những bước nào", "số thuế đã nộp", "yêu cầu có kết quả kiểm tra").
PROGRESS = re.compile(
    r"\b(tra cuu|tra ho so|kiem tra (ho so|ket qua)|tien do|trang thai|tinh trang|tinh hinh|xong chua|"
    r"ho so xong|duyet chua|ket qua chua|(?<!yeu cau )co ket qua|nhan duoc ket qua|den dau|toi dau|toi mo|sao roi|"
    r"(?<!nhung )(?<!cac )buoc nao|khau nao|tre hen|qua han|ngay hen|giay hen|bien nhan|"
    r"(?<!thue )(?<!tien )(?<!phi )da nop|nop roi|chua thay|tra ve|"
    r"yeu cau bo sung|ho so bi (tra|tu choi)|theo doi|tiep nhan chua|xu li chua|dang xu li|xu li (den|toi)|ma ho so)\b"
)


def asks_progress(text: str, names: Sequence[str] = ()) -> bool:
    """Whether a message asks how far a filed dossier has got ("hồ sơ của tôi tới đâu rồi"); words
    that belong to one of the procedure ``names`` it may be about do not ("xác nhận tình trạng
    vũ khí", "tình trạng hôn nhân")."""
    said = [fold(name) for name in names]
    return any(not any(f" {cue.group(0)} " in f" {name} " for name in said) for cue in PROGRESS.finditer(fold(text)))


def status_answer(code: str, guide: Guide, province_portal: str, hotline: Optional[str]) -> str:
    """How to look the dossier up (portal.yml's steps), with the province's portal."""
    lines = []
    if code:
        lines.append(
            f"Dạ, em đã ghi nhận mã hồ sơ {code}. Em chưa được kết nối với hệ thống quản lý hồ sơ nên chưa tra được tình trạng."
        )
    else:
        lines.append("Dạ, em chưa được kết nối với hệ thống quản lý hồ sơ nên chưa tra được tình trạng hồ sơ.")
    lines.append("Anh/Chị có thể tự tra cứu như sau:")
    steps = [step.replace("{province_portal}", province_portal) for step in guide.steps]
    lines.extend(f"{i}. {step}" for i, step in enumerate(steps, start=1))
    if hotline:
        lines.append(f"Cần hỗ trợ thêm: tổng đài {PORTAL_NAME} {hotline}.")
    return "\n".join(lines)


def answer_status(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """How to look the dossier up, with the code the citizen gave."""
    codes = entity_values(tracker, "dossier_code")
    try:
        portal, home = catalogue().portal, province()
    except CatalogueUnavailable as error:
        return unavailable(dispatcher, error)
    name = home.portal_name if home and home.portal_name else "Cổng Dịch vụ công của tỉnh"
    url = home.portal_url if home and home.portal_url else ""
    text = status_answer(codes[0] if codes else "", portal.status_lookup, f"{name} {url}", portal.hotline)
    dispatcher.utter_message(text=text)
    return []
