"""How to file online: the general steps, and whether a given procedure can be filed online."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answering import answer_about
from actions.turn import catalogue
from actions.wording import source_line
from bot.catalogue.model import Procedure


def general_steps() -> str:
    """The portal's filing steps as the catalogue gives them (portal.yml), with their source."""
    guide = catalogue().portal.online_filing
    steps = "\n".join(f"{i}. {s}" for i, s in enumerate(guide.steps, start=1))
    return f"Dạ, các bước nộp hồ sơ trực tuyến:\n{steps}\n{source_line(guide.source, guide.verified_on)}"


def procedure_online(proc: Procedure) -> str:
    online = proc.online
    if online.available is True:
        head = f"Dạ, {proc.called} có thể nộp trực tuyến."
    elif online.available is False:
        head = f"Dạ, {proc.called} hiện chưa nộp trực tuyến được."
    else:
        head = (
            f"Dạ, em chưa có thông tin đã xác minh về việc nộp trực tuyến {proc.called}. "
            "Anh/Chị xem trang thủ tục trên Cổng để biết các cách nộp."
        )
    lines = [head]
    if online.routes:
        lines.append("Các cách nộp: " + ", ".join(online.routes) + ".")
    if online.how:
        lines.append(online.how)
    return "\n".join(lines)


def online_answer(proc: Procedure) -> str:
    """Whether the procedure can be filed online and, unless it cannot, the steps."""
    text = procedure_online(proc)
    return text if proc.online.available is False else text + "\n\n" + general_steps()


def answer_online(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    return answer_about(dispatcher, tracker, ["online"], online_answer, without_procedure=general_steps)
