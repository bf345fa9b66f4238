"""Reading the National Public Service Portal's flattened tables back into their cells.

The portal's pages show the filing routes, the documents and the legal basis as tables; a
capture of the page text glues the cells together ("Trực tuyến5 Ngày làm việcMiễn phí(…)").
Each function here splits one such text at the boundaries the portal's own formats make
certain, and keeps the portal's wording wherever a value cannot be read unambiguously: a time
without a unit stays a bare number, a fee whose note contradicts or qualifies it keeps no amount,
and a unitless time glued to a fee's digits ("120 VNĐ") is neither a time nor an amount.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional

from bot.text import canonical

EMPTY = {"", "không có thông tin", "không", "không.", "không có", "--", "-"}
ROUTES_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCUMENTS_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
PORTAL_ROUTES = {"Trực tiếp": "in_person", "Trực tuyến": "online", "Dịch vụ bưu chính": "post"}
NO_INFO = "Không có thông tin"
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")

_ROUTE_NAME = "|".join(PORTAL_ROUTES)
_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT = r"Ngày làm việc|Giờ làm việc|Ngày|Giờ|Tháng|Năm"
# A route row starts with its name glued to its time cell (a number or "Không có thông tin").
_ROUTE = re.compile(rf"({_ROUTE_NAME})(?=\d|{NO_INFO})")
_TIME = re.compile(rf"(?:({_NUMBER})\s*({_UNIT})?|{NO_INFO})")
_FEE = re.compile(rf"Miễn phí|{NO_INFO}|(\d[\d,]*)\s*(Việt Nam Đồng|VNĐ|Đồng|USD)|VNĐ|Việt Nam Đồng")
_CURRENCIES = ("VNĐ", "Việt Nam Đồng")  # a fee cell with its currency and no amount
# A note beside "Miễn phí" that points elsewhere for the amount ("Mức lệ phí cụ thể do HĐND tỉnh
# quyết định", "Theo quy định…") or names one: the cell then does not say "free".
_QUALIFIES = re.compile(r"\d|HĐND|Hội đồng nhân dân|[Mm]ức|[Tt]heo quy định|[Pp]hí|[Tt]hu")
# An amount in đồng a note states ("700.000 đồng/cơ sở", "20.000đ/tờ khai").
_NOTE_AMOUNT = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|đ|VNĐ)(?!\w)", re.IGNORECASE)
# The count cell: "1 bản chính" or "0 bản chính,1 bản sao" (one digit: a count inside the text
# is written "01 bản chụp", "02 bản chính").
_COPIES = re.compile(r"(?<!\d)(\d) bản chính(?:,(\d) bản sao)?")
_FORM_FILE = re.compile(r"\.(docx?|pdf|xlsx?)$", re.IGNORECASE)
_LEGAL_NUMBER = re.compile(
    r"(?:(?:Luật|Nghị định|Nghị quyết|Thông tư|Quyết định|Pháp lệnh)(?: số)? )?"
    r"\d+(?:\.\d+)?/\d{4}/(?:QH\d{1,2}|UBTVQH\d{1,2}|[A-ZĐ]+(?:-[A-ZĐ]+)*(?:-TTg)?)"
)

# First words of legal titles: a capital glued to a number belongs to the next title when it
# starts one of these ("…TT-BNNMTLuật …").
_TITLE_START = re.compile(r"(Luật|Nghị|Thông|Quyết|Quy|Hướng|Sửa|Pháp|Văn|Ban|Bãi|Chỉ|Công|Hiệp|Lệnh|Về|Điều|Danh|Kế)")


def clean(text: Optional[str]) -> Optional[str]:
    """The text in canonical form (NFC, one tone-mark style, single spaces, no invisible marks);
    None for the portal's ways of saying nothing."""
    folded = canonical(_INVISIBLE.sub("", text or "")).strip()
    return None if folded.lower() in EMPTY else folded


def _balanced(text: str) -> int:
    """Length of the parenthesised note at the start of ``text`` (0 when there is none)."""
    if not text.startswith("("):
        return 0
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return i + 1
    return len(text)


def _time_text(match: re.Match) -> Optional[str]:
    number, unit = match.group(1), match.group(2)
    if number is None or number == "0":
        return None
    if unit is None:
        return number  # the portal gave no unit: never guess one
    return f"{number} {unit.lower()}"


def _fee(head: str, note: Optional[str]) -> Dict[str, object]:
    """The fee cell: an amount in đồng only when the cell states one and its note does not
    qualify it (a note may say the province sets it, or list other rates) nor name others."""
    if head in _CURRENCIES:
        head = ""  # a currency without an amount says nothing
    stated = _FEE.fullmatch(head) if head else None
    amount: Optional[int] = None
    if head == "Miễn phí" and (note is None or not _QUALIFIES.search(note)):
        amount = 0
    elif stated and stated.group(1) and stated.group(2) != "USD":
        amount = int(stated.group(1).replace(",", ""))
        # "700 VNĐ (… 700.000 đồng/cơ sở)": the cell and its note disagree, neither is chosen
        named = {int(re.sub("[.,]", "", number)) for number in _NOTE_AMOUNT.findall(note or "")}
        amount = None if named and amount not in named else amount
    text = clean(" ".join(p for p in (head, f"({note})" if note else None) if p))
    return {"fee": None if head in ("", NO_INFO) and not note else text, "fee_amount": amount}


def parse_routes(text: str) -> List[Dict[str, object]]:
    """Rows of "Cách thức thực hiện": way to file, time, fee (the portal's text and, when it is
    unambiguous, the amount in đồng) and description."""
    body = (text or "").replace(ROUTES_HEADER, "", 1)
    starts = list(_ROUTE.finditer(body))
    routes = []
    for i, start in enumerate(starts):
        row = body[start.end() : starts[i + 1].start() if i + 1 < len(starts) else len(body)]
        time = _TIME.match(row)
        rest = row[time.end() :] if time else row
        fee = _FEE.match(rest)
        head = fee.group(0) if fee else ""
        rest = rest[len(head) :]
        note_length = _balanced(rest)
        note = clean(rest[1 : note_length - 1]) if note_length else None
        # "Trực tuyến120 VNĐ": a time without its unit glued to a fee's digits. Where the time
        # ends is not known: both stay empty, and the fee keeps only its note
        glued = bool(time and time.group(1) and not time.group(2) and head in _CURRENCIES)
        routes.append(
            {
                "route": PORTAL_ROUTES[start.group(1)],
                "time": _time_text(time) if time and not glued else None,
                **_fee(head, note),
                "description": clean(rest[note_length:]),
            }
        )
    return routes


def _copies(match: re.Match) -> Optional[str]:
    originals, copies = int(match.group(1)), int(match.group(2) or 0)
    parts = [f"{originals} bản chính" if originals else "", f"{copies} bản sao" if copies else ""]
    return " và ".join(p for p in parts if p) or None


def _form_start(name: str) -> Optional[int]:
    """Where a form's file name glued to the document's name begins: the last capital glued to a
    lower-case letter ("…sinh họcĐơn đề nghị.docx"), else to punctuation ("…theo mẫu.Mauon.docx")."""
    glued = [k for k in range(4, len(name)) if name[k].isupper() and not name[k - 1].isspace()]
    after_letter = [k for k in glued if name[k - 1].islower()]
    after_mark = [k for k in glued if name[k - 1] in ".;:)"]
    return (after_letter or after_mark or [None])[-1]


def _document(text: str, copies: Optional[str], case: Optional[str]) -> Optional[Dict[str, Optional[str]]]:
    name = clean(text.strip(" -;+•"))
    if not name:
        return None
    form = None
    if _FORM_FILE.search(name):
        cut = _form_start(name)
        if cut and name[:cut].strip(" .;:"):
            form, name = name[cut:], name[:cut].rstrip(" .;:")
    return {"name": name, "form": form, "copies": copies, "case": case}


def parse_documents(text: str) -> List[Dict[str, Optional[str]]]:
    """Rows of "Thành phần hồ sơ": name, form (when the page names one), copies and the case
    (section heading) they belong to."""
    sections = (text or "").split(DOCUMENTS_HEADER)
    documents = []
    case = None
    for i, section in enumerate(sections):
        if i == 0:
            case = clean(section.strip(" *:-"))
            continue
        # the text after the last count cell of a section is the next section's heading
        rows = list(_COPIES.finditer(section))
        start = 0
        for row in rows:
            document = _document(section[start : row.start()], _copies(row), case)
            if document:
                documents.append(document)
            start = row.end()
        tail = section[start:]
        if i + 1 < len(sections):
            case = clean(tail.strip(" *:-"))
        else:
            document = _document(tail, None, case)
            if document:
                documents.append(document)
    return documents


def parse_legal_basis(text: str) -> List[Dict[str, Optional[str]]]:
    """Rows of "Căn cứ pháp lý": the document's title and its number (the number cell follows
    the title; a title that itself names the number is kept whole)."""
    body = (text or "").replace(LEGAL_HEADER, "", 1)
    rows = []
    start = 0
    for match in _LEGAL_NUMBER.finditer(body):
        end = match.end()
        following = body[end : end + 1]
        number = match.group(0)
        if following.islower() and _TITLE_START.match(number[-1] + body[end : end + 6]):
            number, end = number[:-1], end - 1  # the next title's capital was read as part of the number
        if following and not (following.isupper() or following.islower()) and following not in "\n":
            continue  # a number inside the title ("…số 12/2025/TT-BCA ngày…"), not the number cell
        title = clean(body[start : match.start()])
        rows.append({"title": title or number, "number": re.sub(r"^.* số ", "", number)})
        start = end
    rest = clean(body[start:])
    if rest:
        rows.append({"title": rest, "number": None})
    return rows


def parse_results(text: str) -> List[str]:
    """Names of the results ("Kết quả"), without their codes and the page's interface text."""
    body = re.split(r"Từ khóa|Chọn cơ quan thực hiện", text or "", maxsplit=1)[0]
    names = re.split(r"Mã: ?[A-Z]{2}[\w.\-]*", body)
    return [n for n in (clean(n) for n in names) if n]


def parse_steps(text: str) -> List[str]:
    """Steps of "Trình tự thực hiện", one per "Bước N" (or per line when there are none)."""
    body = (text or "").strip()
    parts = re.split(r"\s*(?=Bước \d+\s*[:.\-])", body) if re.search(r"Bước \d", body) else body.split("\n")
    return [p for p in (clean(p) for p in parts) if p]


def split_names(text: Optional[str]) -> List[str]:
    """A comma-joined list of agencies or levels."""
    return [p for p in (clean(p) for p in (text or "").split(",")) if p]
