"""Places named in passing in a message, and the words that lead into them."""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable

from bot.text import strip_diacritics

# "nhà tôi ở", "tui ở", "tại" before a place named in passing (compared without diacritics);
# "nhà ở" only where it starts the sentence: in "thuê nhà ở Nha Trang" the house is rented
_LEAD_IN = re.compile(
    r"(?:(?:^|[.,;!?]\s*)nha\s+|\b(?:nha\s+)?(?:toi|tui|minh|em|anh|chi|chung toi)\s+)?\b(?:o|tai|thuoc)\s*$"
)

# words after a place that say it is the unit before the 2025 reorganisation ("huyện Diên Khánh
# cũ", "Ninh Hòa trước đây"): part of the place, not of the question ("cũ" would ask for a
# re-issue); as typed, so that "cụ" (an elder) is not "cu"
_FORMER = re.compile(
    r"\s*\(?\s*(?:cũ|cu|trước đây|truoc day|hồi trước|hoi truoc|trước kia|truoc kia|ngày trước|ngay truoc"
    r"|trước sáp nhập|truoc sap nhap)(?!\w)(?:\s*\))?"
)

# the kind of unit a place's name starts with, kept where it names an office ("công an phường …")
_KIND = re.compile(r"^(?:xa|phuong|thi tran|thi xa|huyen|thanh pho|tinh)\b")


def without_places(text: str, places: Iterable[Dict[str, Any]], keep_kind: bool = True) -> str:
    """``text`` without the places found in it (entities with ``start`` and ``end``), the words
    that lead into each ("nhà tôi ở Cam Lâm, làm sổ đỏ ở đâu" → ", làm sổ đỏ ở đâu") and those
    that say it is a former unit ("huyện Diên Khánh cũ"); a place not led into keeps its kind of
    unit, which names the office's level ("báo mất ở công an phường Nam Nha Trang" → "báo mất ở
    công an phường"), unless not ``keep_kind``."""
    for place in sorted(places, key=lambda e: -int(e.get("start") or 0)):
        start, end = place.get("start"), place.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or end > len(text):
            continue
        former = _FORMER.match(text[end:].lower())
        end += former.end() if former else 0
        lead = _LEAD_IN.search(strip_diacritics(text[:start]).lower())
        kind = None if lead or not keep_kind else _KIND.match(strip_diacritics(text[start:end]).lower())
        text = (
            text[: lead.start() if lead else start]
            + " "
            + (text[start : start + kind.end()] + " " if kind else "")
            + text[end:]
        )
    return text
