"""Fee reductions: for a procedure, in-person vs online fee; otherwise the rules in force today."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answering import answer_about
from actions.turn import catalogue, province
from actions.wording import ROUTE_NAMES, date_vi, fee_text, money, source_line
from bot.catalogue.model import FeeRule, Procedure
from bot.clock import today


def route_total(proc: Procedure, route: str, now: dt.date) -> Optional[int]:
    """Sum of the fees in force for a way to file; None when any amount is unknown."""
    fees = proc.current_fees(route, now)
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
    in_person = route_total(proc, "in_person", now)
    online = route_total(proc, "online", now)
    lines = [f"Dạ, lệ phí {proc.called}:"]
    for route in ("in_person", "online"):
        fees = proc.current_fees(route, now)
        shown = "; ".join(fee_text(f) for f in fees) if fees else "chưa có số liệu đã xác minh"
        lines.append(f"• {ROUTE_NAMES[route]}: {shown}")
    if in_person is not None and online is not None:
        saved = in_person - online
        if saved > 0:
            lines.append(f"Nộp trực tuyến tiết kiệm {money(saved)} so với nộp trực tiếp.")
        else:
            lines.append("Hiện nộp trực tuyến và nộp trực tiếp có cùng mức thu.")
    else:
        lines.append("Em chưa đủ số liệu đã xác minh để tính số tiền được giảm khi nộp trực tuyến.")
    for fee in proc.expired_fees(now):
        if fee.route == "online":
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


def reduction_answer(proc: Procedure) -> str:
    return procedure_reduction(proc, catalogue().rules_for(proc.code), today())


def reductions_today() -> str:
    home = province()
    return rules_today(catalogue().rules, today(), home.id if home else None)


def answer_reduction(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    return answer_about(dispatcher, tracker, ["reduction"], reduction_answer, without_procedure=reductions_today)
