"""Fee reductions: for a procedure, in-person vs online fee; otherwise the rules in force today."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    answered,
    aspect_buttons,
    catalogue,
    date_vi,
    fee_text,
    footer,
    money,
    offer_choices,
    province,
    resolve_procedure,
    source_line,
    today,
    unavailable,
)
from bot.catalogue.client import CatalogueUnavailable
from bot.catalogue.model import FeeRule, Procedure


def channel_total(proc: Procedure, channel: str, now: dt.date) -> Optional[int]:
    """Sum of the fees in force for a channel; None when any amount is unknown."""
    fees = proc.current_fees(channel, now)
    if not fees or any(f.amount is None for f in fees):
        return None
    return sum(f.amount for f in fees)


def rule_line(rule: FeeRule, now: dt.date) -> str:
    validity = {
        "in_force": f"hiệu lực {date_vi(rule.valid_from) or '…'} – {date_vi(rule.valid_to) or 'chưa có ngày hết hạn'}",
        "unknown": "chưa xác minh được thời hạn hiệu lực",
        "expired": f"đã hết hiệu lực sau {date_vi(rule.valid_to)}",
        "not_yet": f"áp dụng từ {date_vi(rule.valid_from)}",
    }[rule.status(now)]
    caveats = "".join(f" ⚠ {c}" for c in rule.caveats)
    return f"• {rule.title}: {rule.amount} ({validity}).{caveats}"


def procedure_reduction(proc: Procedure, rules: List[FeeRule], now: dt.date) -> str:
    in_person = channel_total(proc, "in_person", now)
    online = channel_total(proc, "online", now)
    lines = [f"Dạ, lệ phí thủ tục {proc.title}:"]
    for channel, label in (("in_person", "Nộp trực tiếp"), ("online", "Nộp trực tuyến")):
        fees = proc.current_fees(channel, now)
        lines.append(f"• {label}: " + ("; ".join(fee_text(f) for f in fees) if fees else "chưa có số liệu đã xác minh"))
    if in_person is not None and online is not None:
        saved = in_person - online
        if saved > 0:
            lines.append(f"Nộp trực tuyến tiết kiệm {money(saved)} so với nộp trực tiếp.")
        else:
            lines.append("Hiện nộp trực tuyến và nộp trực tiếp có cùng mức thu.")
    else:
        lines.append("Em chưa đủ số liệu đã xác minh để tính số tiền được giảm khi nộp trực tuyến.")
    for fee in proc.expired_fees(now):
        if fee.channel == "online":
            lines.append(
                f"Lưu ý: mức {money(fee.amount) if fee.amount else ''} khi nộp trực tuyến "
                f"({fee.legal_basis}) đã hết hiệu lực sau {date_vi(fee.valid_to)}."
            )
    if rules:
        lines.append("Quy định liên quan:")
        lines.extend(rule_line(r, now) for r in rules)
    return "\n".join(lines)


def rules_today(rules: List[FeeRule], now: dt.date, province_id: Optional[str]) -> str:
    scoped = [r for r in rules if r.scope in ("national", province_id)]
    current = [r for r in scoped if r.status(now) == "in_force"]
    undated = [r for r in scoped if r.status(now) == "unknown"]
    lines = [f"Dạ, các quy định giảm phí, lệ phí đang có hiệu lực hôm nay ({date_vi(now)}):"]
    lines.extend(rule_line(r, now) for r in current)
    if not current:
        lines.append("• Em chưa có quy định nào còn hiệu lực.")
    if undated:
        lines.append("Quy định chưa xác minh được thời hạn (Anh/Chị nên hỏi lại nơi nộp hồ sơ):")
        lines.extend(rule_line(r, now) for r in undated)
    expired = [r for r in scoped if r.status(now) == "expired"]
    if expired:
        lines.append(f"({len(expired)} quy định giảm phí trước đây đã hết hiệu lực nên em không nêu.)")
    lines.extend(source_line(r.source, r.verified_on) for r in current[:3])
    lines.append("Anh/Chị cho em biết tên thủ tục để em so sánh lệ phí nộp trực tiếp và trực tuyến ạ.")
    return "\n".join(lines)


def answer_reduction(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    try:
        found = resolve_procedure(tracker)
        rules = catalogue().rules
        home = province()
    except CatalogueUnavailable as error:
        return unavailable(dispatcher, error)
    now = today()
    if found.choices:
        return offer_choices(dispatcher, found.choices, "reduction", unsure=found.unsure, asked=found.asked)
    proc = found.procedure
    if proc is None:
        dispatcher.utter_message(text=rules_today(rules, now, home.id if home else None))
        return [SlotSet("aspect", "reduction")]
    related = [r for r in rules if proc.code and proc.code in r.applies_to]
    dispatcher.utter_message(
        text=procedure_reduction(proc, related, now) + "\n" + footer(proc),
        buttons=aspect_buttons(proc, exclude="reduction"),
    )
    return answered(tracker, proc, "reduction")


class ActionFeeReduction(Action):
    """Fee reductions for online filing and exemptions."""

    def name(self) -> str:
        return "action_fee_reduction"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        return answer_reduction(dispatcher, tracker)
