"""How the answers say things in Vietnamese: money, dates, fees, sources and the footer."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from bot.catalogue.model import PORTAL_URL, Fee, Procedure, Source, portal_search_url

PORTAL_NAME = "Cổng Dịch vụ công quốc gia"
ROUTE_NAMES = {"in_person": "Nộp trực tiếp", "online": "Nộp trực tuyến", "post": "Nộp qua bưu chính"}
SIBLING_CHOICES = "Dạ, có mấy thủ tục gần nhau, Anh/Chị muốn hỏi thủ tục nào ạ?"
UNSURE_CHOICES = "Dạ, em chưa chắc Anh/Chị muốn hỏi thủ tục nào. Có phải một trong các thủ tục sau không ạ?"
OTHER_PROCEDURE = "Thủ tục khác: "  # a button under an answer for another procedure the words fit
OTHER_CHOICES = "Dạ, em xin lỗi Anh/Chị. Có phải Anh/Chị muốn hỏi một trong các thủ tục sau không ạ?"
CATALOGUE_ERROR = (
    "Dạ, hệ thống tra cứu thủ tục đang gặp sự cố, em chưa trả lời được lúc này. "
    f"Anh/Chị vui lòng thử lại sau ít phút, hoặc tra cứu trên {PORTAL_NAME} {PORTAL_URL} ạ."
)
IMPORTED_NOTE = (
    f"ℹ Thông tin trích nguyên văn từ {PORTAL_NAME}, cán bộ chưa kiểm tra lại; "
    "Anh/Chị đối chiếu trên trang thủ tục trước khi đi nộp."
)


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def date_vi(value: Optional[dt.date]) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def source_line(source: Source, verified_on: dt.date) -> str:
    dated = f", dữ liệu ngày {date_vi(source.date)}" if source.date else ""
    return f"Nguồn: {source.name}{dated}; kiểm tra ngày {date_vi(verified_on)}."


def fee_text(fee: Fee) -> str:
    """One fee amount with its unit, legal basis and validity."""
    if fee.amount is None:
        text = fee.note or "chưa có số tiền đã xác minh"
    elif fee.amount == 0:
        text = fee.note or "Miễn phí"
    else:
        text = money(fee.amount) + (f" {fee.unit.removeprefix('đồng')}".rstrip() if fee.unit else "")
    details = [d for d in (fee.kind, fee.legal_basis) if d]
    if fee.valid_to:
        details.append(f"áp dụng đến hết {date_vi(fee.valid_to)}")
    return text + (f" ({'; '.join(details)})" if details else "")


def footer(proc: Procedure) -> str:
    """Caveats, the portal link and the source: said with every procedure answer."""
    lines = [f"⚠ {c}" for c in proc.caveats]
    if not proc.curated:
        lines.append(IMPORTED_NOTE)
    lines.append(f"Xem trên {PORTAL_NAME}: {proc.link}")
    lines.append(source_line(proc.source, proc.verified_on))
    return "\n".join(lines)


def portal_search(asked: str) -> str:
    """The national portal's search for what the citizen asked, named."""
    return f"{PORTAL_NAME}: {portal_search_url(asked.strip()[:100])}"


def shorten(text: str, limit: int) -> str:
    """The text, cut at a word before ``limit`` characters with "…" (the page has the rest)."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
