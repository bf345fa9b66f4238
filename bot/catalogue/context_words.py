"""Words of a question that tell the situation, not the procedure asked for; left out before
the question is matched.

- What was already done: "Trại heo bị thu hồi mã số định danh …, khắc phục xong xin lại mã"
  asks for the code again, not for its withdrawal; "văn phòng đã có quyết định cho thành lập,
  giờ đăng ký hoạt động" asks for the registration; "giấy phép do UBND xã cấp sắp hết hạn" asks
  for an extension; "được tỉnh giao khu vực biển, giờ muốn trả lại" asks for the return. The
  action of such a past clause (a procedure's first words: "thu hồi", "thành lập", "cấp", "giao")
  is left out, so that it does not name the procedure already done.
- A certificate the citizen already has, told as it stands ("giấy khai sinh để trống tên cha",
  "đã có giấy xác nhận khuyết tật", "đã có sổ hồng"): the father's recognition, the allowance or
  the building permit is asked, not the certificate, so its words are left out.
- A paper to be copied ("sao y 10 bản cccd", "chứng thực bản sao sổ đỏ"): the copy is certified,
  the ID card or the land certificate is not asked for.
- A birth told where the question names the maternity benefit ("vợ sinh em bé tháng trước, hưởng
  thai sản nộp ở đâu"): the occasion of the benefit, not a birth to register.
- The immigration office a citizen names ("làm hộ chiếu ở Cục Quản lý xuất nhập cảnh"): it says
  which level handles the procedure (the matcher reads it from the whole text), but its words
  would favour every record that mentions the office, such as the report of a lost passport.
"""

from __future__ import annotations

import re
from typing import Iterable, List, Tuple

from bot.text import canonical, fold_words

_TOKEN = re.compile(r"\w+|[^\w\s]")
# words that put what follows in the past, folded: "đã", "bị", "từng", "vừa", "được" ("được tỉnh
# cho phép thành lập"); "do" names who issued it ("do Bộ cấp")
_PAST = {"da", "bi", "tung", "vua", "duoc"}
# "mới" right before the action or "được" ("mới bổ nhiệm", "mới được cải chính"): "môi trường cấp
# tỉnh" folds alike
_JUST = "moi"
_ISSUED_BY = "do"
# "có quyết định cho phép thành lập …": a decision the citizen has
_DECIDED = ["co", "quyet", "dinh"]
# "muốn được công nhận", "xin được cấp": a wish, not the past
_WISHED = {"muon", "xin", "de", "se", "can", "phai", "moi", "co", "dang"}
# words that start what the citizen wants now: the past clause ends before them
_NOW = {"xin", "muon", "gio", "nay", "de", "can", "phai", "thi", "roi", "nhung", "ma", "lai", "lam", "sao"}
# actions that begin procedure names, folded
_ACTIONS = {
    "thu hoi",
    "thanh lap",
    "mien nhiem",
    "phe duyet",
    "cap phep",
    "cong nhan",
    "bo nhiem",
    "chap thuan",
    "cai chinh",
    "bao mat",
    "trinh bao",
    "cam ket",
}
_ONE_WORD_ACTIONS = {"duyet", "cap", "giao"}  # "được xã giao mặt biển": the allocation is done
_GAP = 3  # words between the past word and its action ("được tỉnh cho phép thành lập")
# certificates a citizen already has, folded, with how a question tells one: the words right
# before it, or among the few after it. A birth certificate with the father's part blank asks for
# his recognition; a disability certificate held asks for the allowance it opens.
_HELD = (
    (
        ("khai", "sinh"),
        (),
        ("de trong", "bo trong", "trong ten", "trong phan", "chi co ten me", "khong co ten", "chua co ten"),
    ),
    (("xac", "nhan", "khuyet", "tat"), ("da co giay", "co giay"), ("roi",)),
    (("xac", "nhan", "muc", "do"), ("da co giay", "co giay"), ("co roi",)),
    # a death certificate held ("giấy báo tử làm rồi"): what comes after is asked
    (("bao", "tu"), ("da co giay", "co giay", "da lam giay"), ("lam roi", "co roi", "xong roi")),
    # a land certificate or a household business registration held ("đã có sổ hồng, giờ xin phép
    # xây nhà", "đã có giấy đăng ký hộ kinh doanh, giờ xin giấy an ninh trật tự")
    (("so", "do"), ("da co",), ()),
    (("so", "hong"), ("da co",), ()),
    (("dang", "ki", "ho", "kinh", "doanh"), ("da co giay", "co giay"), ()),
)
_STATE_WORDS = 8  # words after the certificate that may tell its state
# words that ask for a copy to be certified, folded, and the papers citizens have copied: a paper
# named after them is what is copied ("sao y 10 bản cccd", "chứng thực bản sao sổ đỏ"), not the
# procedure asked for
_COPYING = ("sao y", "photo", "chung thuc ban sao", "ban sao co chung thuc")
_COPIED_PAPERS = (
    "the can cuoc",
    "can cuoc cong dan",
    "can cuoc",
    "chung minh nhan dan",
    "giay khai sinh",
    "khai sinh",
    "so do",
    "so hong",
    "so ho khau",
    "ho khau",
    "ho chieu",
    "giay ket hon",
    "giay phep lai xe",
    "bang lai xe",
    "bang lai",
)
_COPY_WORDS = 6  # words after the copying words among which the copied papers are named
# the maternity benefit, and the words that tell a birth, folded
_BENEFIT = ("thai", "san")
_BIRTH = (
    "sinh em be",
    "sinh be",
    "sinh con",
    "sanh con",
    "de con",
    "co em be",
    "co be",
    "moi sinh",
    "vua sinh",
    "moi de",
    "vua de",
    "moi sanh",
    "vua sanh",
)
# the immigration offices, folded, and the level each works at: the ministry's department and a
# province police's office
IMMIGRATION_OFFICES = {
    "cuc quan li xuat nhap canh": "cap bo",
    "cuc xuat nhap canh": "cap bo",
    "cuc xnc": "cap bo",
    "phong quan li xuat nhap canh": "cap tinh",
    "phong xuat nhap canh": "cap tinh",
    "phong xnc": "cap tinh",
}


def without_context_words(text: str) -> str:
    """The question without the actions it says were already done and the offices it names."""
    tokens = _TOKEN.findall(canonical(text))
    keys = [key or token for token, key in zip(tokens, fold_words(tokens))]  # punctuation folds to ""
    dropped = [False] * len(tokens)
    told = [
        *_past_actions(tokens, keys),
        *_offices(keys),
        *_existing_certificates(tokens, keys),
        *_births_told(keys),
        *_copied_papers(tokens, keys),
    ]
    for start, size in told:
        dropped[start : start + size] = [True] * size
    return " ".join(token for token, drop in zip(tokens, dropped) if not drop)


def _past_actions(tokens: List[str], keys: List[str]) -> List[Tuple[int, int]]:
    """(start, tokens) of each action a past clause names."""
    found = []
    for i, key in enumerate(keys):
        wished = key == "duoc" and i > 0 and keys[i - 1] in _WISHED
        decided = keys[max(0, i - 2) : i + 1] == _DECIDED
        if (key not in _PAST and key not in (_ISSUED_BY, _JUST) and not decided) or wished:
            continue
        for j in range(i + 1, min(len(keys), i + 2 + _GAP)):
            if not tokens[j][0].isalnum() or keys[j] in _NOW or (key == _JUST and j > i + 1 and keys[j - 1] != "duoc"):
                break
            pair = " ".join(keys[j : j + 2])
            action = pair if pair in _ACTIONS else keys[j] if keys[j] in _ONE_WORD_ACTIONS else None
            if action:
                if key != _ISSUED_BY or action == "cap":
                    found.append((j, len(action.split())))
                break
    return found


def _existing_certificates(tokens: List[str], keys: List[str]) -> List[Tuple[int, int]]:
    """(start, tokens) of each certificate the question tells the citizen already has ("khai sinh
    bỏ trống tên ba", "đã có giấy xác nhận khuyết tật")."""
    found = []
    for i in range(len(keys)):
        for certificate, before, after in _HELD:
            size = len(certificate)
            if tuple(keys[i : i + size]) != certificate:
                continue
            told = f" {' '.join(keys[max(0, i - 3) : i])} "
            following: List[str] = []
            for token, key in zip(tokens[i + size : i + size + _STATE_WORDS], keys[i + size : i + size + _STATE_WORDS]):
                if not token[0].isalnum():
                    break
                following.append(key)
            told_after = f" {' '.join(following)} "
            if any(told.endswith(f" {state} ") for state in before) or any(
                f" {state} " in told_after for state in after
            ):
                found.append((i, size))
    return found


def _copied_papers(tokens: List[str], keys: List[str]) -> List[Tuple[int, int]]:
    """(start, tokens) of each paper named as what is to be copied ("photo cccd với giấy khai sinh")."""
    words: List[Tuple[str, int]] = []  # (word, token) of each word, up to the clause's end
    found = []
    for i, (token, key) in enumerate(zip(tokens, keys)):
        words.extend((word, i) for word in key.split())
        if token[0].isalnum() and i + 1 < len(tokens):
            continue
        found.extend(_papers_after_copying(words))
        words = []
    return found


def _papers_after_copying(words: List[Tuple[str, int]]) -> List[Tuple[int, int]]:
    """(start, tokens) of the copied papers named in one clause's (word, token) pairs."""
    found = []
    for start in range(len(words)):
        copying = _phrase_at(words, start, _COPYING)
        if not copying:
            continue
        position = after_copying = start + copying
        while position < min(len(words), after_copying + _COPY_WORDS):
            paper = _phrase_at(words, position, _COPIED_PAPERS)
            if not paper and words[position][0] in _NOW:
                break
            if paper:
                found.append(_tokens_of(words, position, paper))
            position += paper or 1
    return found


def _births_told(keys: List[str]) -> List[Tuple[int, int]]:
    """(start, tokens) of each birth told in a question that names the maternity benefit."""
    if not any(tuple(keys[i : i + 2]) == _BENEFIT for i in range(len(keys))):
        return []
    births = [birth.split() for birth in _BIRTH]
    return [(i, len(birth)) for i in range(len(keys)) for birth in births if keys[i : i + len(birth)] == birth]


def _offices(keys: List[str]) -> List[Tuple[int, int]]:
    """(start, tokens) of each immigration office named ("Cục Quản lý xuất nhập cảnh", "cục xnc")."""
    words = [(word, i) for i, key in enumerate(keys) for word in key.split()]
    found = []
    for start in range(len(words)):
        size = _phrase_at(words, start, IMMIGRATION_OFFICES)
        if size:
            found.append(_tokens_of(words, start, size))
    return found


def _phrase_at(words: List[Tuple[str, int]], position: int, phrases: Iterable[str]) -> int:
    """How many of the (word, token) pairs the first of ``phrases`` found at ``position`` takes; 0 if none."""
    for phrase in phrases:
        parts = phrase.split()
        if [word for word, _ in words[position : position + len(parts)]] == parts:
            return len(parts)
    return 0


def _tokens_of(words: List[Tuple[str, int]], start: int, size: int) -> Tuple[int, int]:
    """(start, tokens) of the tokens that ``size`` of the (word, token) pairs from ``start`` span."""
    first, last = words[start][1], words[start + size - 1][1]
    return first, last - first + 1
