"""Answers about one procedure's documents, processing time, fee, agency, or an overview."""

from __future__ import annotations

from typing import Callable, Dict, List, Optional

from actions.wording import PORTAL_NAME, ROUTE_NAMES, date_vi, fee_text, money, shorten
from bot.catalogue.model import ROUTES, Document, Procedure, Route
from bot.clock import today


def unknown(proc: Procedure, what: str) -> str:
    return (
        f"Dạ, em chưa có thông tin đã xác minh về {what} của {proc.called}. "
        f"Anh/Chị vui lòng xem trang thủ tục trên {PORTAL_NAME} hoặc hỏi Bộ phận Một cửa nơi nộp hồ sơ."
    )


MAX_DOCUMENTS = 10  # a long list is cut here; the rest is on the portal page
MAX_DOCUMENT_LENGTH = 300


def document_line(document: Document) -> str:
    name = shorten(document.name, MAX_DOCUMENT_LENGTH)
    details = [d for d in (document.copies, document.form and f"mẫu: {document.form}") if d]
    return f"• {name}" + (f" ({'; '.join(details)})" if details else "")


def documents_answer(proc: Procedure) -> str:
    if not proc.documents:
        return unknown(proc, "giấy tờ cần có")
    lines = [f"Dạ, {proc.called} cần:"]
    case = None
    for document in proc.documents[:MAX_DOCUMENTS]:
        if document.case and document.case != case:
            lines.append(f"{document.case}:")
        case = document.case
        lines.append(document_line(document))
    if len(proc.documents) > MAX_DOCUMENTS:
        lines.append(f"… và {len(proc.documents) - MAX_DOCUMENTS} mục khác, Anh/Chị xem đủ trên trang thủ tục.")
    return "\n".join(lines)


def by_route(proc: Procedure, shown: Callable[[Route], Optional[str]]) -> Dict[str, List[str]]:
    """What ``shown`` says of each way to file, with the ways that say it (None: left out)."""
    grouped: Dict[str, List[str]] = {}
    for route in proc.routes:
        text = shown(route)
        if text:
            grouped.setdefault(text, []).append(ROUTE_NAMES[route.route])
    return grouped


def route_time(route: Route) -> Optional[str]:
    """A route's time as the portal gives it (a bare number keeps no unit)."""
    if not route.time:
        return None
    return route.time if not route.time.isdigit() else f"{route.time} (Cổng không ghi đơn vị)"


def route_fee(route: Route) -> Optional[str]:
    """A route's fee: an amount the portal states plainly, else its own words."""
    if route.fee_amount is not None and route.fee and "(" not in route.fee:
        return money(route.fee_amount) if route.fee_amount else "Miễn phí"
    return f"Cổng ghi: “{shorten(route.fee, MAX_DOCUMENT_LENGTH)}”" if route.fee else None


def route_times(proc: Procedure) -> List[str]:
    """The time of each way to file; one line when every way takes the same."""
    by_time = by_route(proc, route_time)
    if len(by_time) == 1 and sum(len(c) for c in by_time.values()) == len(proc.routes):
        return list(by_time)
    return [f"{', '.join(routes)}: {time}" for time, routes in by_time.items()]


def time_answer(proc: Procedure) -> str:
    if proc.processing_time:
        return f"Dạ, thời gian giải quyết {proc.called}: {proc.processing_time}."
    times = route_times(proc)
    if not times:
        return unknown(proc, "thời gian giải quyết")
    if len(times) == 1:
        return f"Dạ, thời gian giải quyết {proc.called} theo Cổng Dịch vụ công: {times[0]}."
    return f"Dạ, thời gian giải quyết {proc.called} theo Cổng Dịch vụ công:\n" + "\n".join(f"• {t}" for t in times)


def route_fee_lines(proc: Procedure) -> List[str]:
    """The fee of each way to file, ways with the same fee together."""
    return [f"• {', '.join(routes)}: {fee}" for fee, routes in by_route(proc, route_fee).items()]


def fee_answer(proc: Procedure) -> str:
    now = today()
    lines = []
    for route in ROUTES:
        current = proc.current_fees(route, now)
        if current:
            lines.append(f"• {ROUTE_NAMES[route]}: " + "; ".join(fee_text(f) for f in current))
    if not proc.fees:
        lines = route_fee_lines(proc)
    notes = [n for n in (proc.fee_note, proc.exemptions and f"Miễn, giảm: {proc.exemptions}") if n]
    for fee in proc.expired_fees(now):
        notes.append(
            f"Mức {money(fee.amount) if fee.amount else fee.note} ({fee.legal_basis or 'mức tạm thời'}) "
            f"đã hết hiệu lực từ sau {date_vi(fee.valid_to)}, không còn áp dụng."
        )
    if not lines and not notes:
        return unknown(proc, "lệ phí")
    head = f"Dạ, lệ phí {proc.called}:"
    if not lines:
        head += " em chưa có số tiền đã xác minh."
    return "\n".join([head, *lines, *notes])


def agency_answer(proc: Procedure) -> str:
    if not proc.agency and not proc.level:
        return unknown(proc, "cơ quan giải quyết")
    parts = [f"Dạ, {proc.called}"]
    if proc.level:
        parts.append(f"thuộc {proc.level.lower()}")
    if proc.agency:
        # the portal ends some agencies with a full stop ("… xã, phường, thị trấn."): not mid-sentence
        return ", ".join([*parts, f"do {proc.agency.rstrip(' .')} giải quyết"]) + "."
    return (
        ", ".join(parts)
        + ". Em chưa có tên cơ quan giải quyết đã xác minh; Anh/Chị xem trang thủ tục hoặc hỏi Bộ phận Một cửa ạ."
    )


def overview_answer(proc: Procedure) -> str:
    lines = [f"Dạ, {proc.called}, lĩnh vực {proc.field}."]
    if proc.agency:
        lines.append(f"• Nơi giải quyết: {proc.agency}" + (f" ({proc.level})" if proc.level else ""))
    times = [proc.processing_time] if proc.processing_time else route_times(proc)
    if times:
        lines.append("• Thời gian: " + "; ".join(times))
    if proc.online.available is True:
        lines.append("• Có thể nộp trực tuyến: " + ", ".join(proc.online.routes or ["Trực tuyến"]))
    elif proc.online.available is False:
        lines.append("• Chưa nộp trực tuyến được: " + ", ".join(proc.online.routes or ["Trực tiếp"]))
    if len(lines) == 1:
        lines.append("Em mới có tên và mã của thủ tục này; các thông tin khác chưa được xác minh.")
    lines.append("Anh/Chị chọn nội dung cần xem bên dưới ạ.")
    return "\n".join(lines)


ASPECT_ANSWERS: Dict[str, Callable[[Procedure], str]] = {
    "documents": documents_answer,
    "time": time_answer,
    "fee": fee_answer,
    "agency": agency_answer,
    "overview": overview_answer,
}
