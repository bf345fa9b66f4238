"""What a question asks about a procedure: documents, time, fee, agency (where to file) or online.

The intent classifier gives one reading per message; a citizen often asks two things at once
("làm sổ đỏ mất bao lâu, tốn bao nhiêu tiền"). The cue phrases below are the everyday ways of
asking each aspect, compared without diacritics and in the order they appear in the question.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from bot.text import WORD, canonical, fold, fold_words

# the device a citizen files from asks online filing and, unlike the other online words, is in no
# procedure's name: it is left out of the words that find the procedure
DEVICE_CUES = tuple(f"{way} {device}" for way in ("qua", "tren", "bang") for device in ("dien thoai", "may tinh"))
CUES: Dict[str, Tuple[str, ...]] = {
    "documents": (
        "can gi",
        "can nhung gi",
        "can giay gi",
        "can giay to",
        "giay to gi",
        "giay to nao",
        "giay gi",
        "mang theo",
        "mang gi",
        "dem theo",
        "dem giay",
        "dem gi",
        "ho so gom",
        "gom gi",
        "gom nhung gi",
        "ho so can",
        "thanh phan ho so",
        "chuan bi gi",
        "chuan bi nhung gi",
        "can chuan bi",
        "can nhung giay",
        "can co gi",
        "phai co gi",
        "giay chi",
        "can chi",
        "can mang",
        "mang nhung gi",
        "nop gi",
        "nop nhung gi",
        "nop don gi",
        "don gi",
        "ho so gi",
        "ho so nhu the nao",
        "ho so the nao",
        "ho so co nhung gi",
        "mang chi",
        "thieu gi",
        "thieu chi",
        "ho so ra sao",
        "chung tu gi",
        "chung tu nao",
        "to khai nao",
        "mau nao",
        "danh sach gi",
        "thuyet minh gi",
    ),
    "time": (
        "mat bao lau",
        "mat may ngay",
        "mat bao nhieu ngay",
        "mat bao nhieu lau",
        "bao nhieu lau",
        "bao lau",
        "may ngay",
        "bao nhieu ngay",
        "may hom",
        "may tuan",
        "may thang",
        "thoi gian",
        "bao gio co",
        "khi nao co",
        "khi nao xong",
        "lau khong",
        "lau ko",
        "nhanh khong",
        "bao lau thi",
        "chung nao",
        "bua mo",
        "bua nao",
        "hom mo",
        "han chot",
        "bao gio xong",
    ),
    "fee": (
        "bao nhieu tien",
        "nhieu tien",
        "het bao nhieu",
        "mat bao nhieu",
        "ton bao nhieu",
        "ton tien",
        "mat tien",
        "le phi",
        "chi phi",
        "phi bao nhieu",
        "mat phi",
        "ton phi",
        "thu phi",
        "co phi",
        "dong phi",
        "nop phi",
        "tien phi",
        "phai dong",
        "dong tien",
        "tra tien",
        "gia bao nhieu",
        "may ngan",
        "bao nhieu ngan",
        "mien phi",
        "phi nhieu",
        "phi tham dinh",
        "bao nhieu",
        "het nhieu",
        "ton nhieu",
        "mat nhieu",
        "ton",
        # "có tốn đồng nào không": before the look-alike "tôn đồng"
        "ton dong nao",
        "mat dong nao",
        "het dong nao",
        "ton xu nao",
        "mat xu nao",
    ),
    "agency": (
        "o dau",
        "cho nao",
        "noi nao",
        "co quan nao",
        "nop o",
        "lam o",
        "den dau",
        "di dau",
        "o mo",
        "cho mo",
        "ai giai quyet",
        "ai cap",
        "xa hay",
        "tinh hay",
        "phuong hay",
        "ra dau",
        "nop dau",
        "lam dau",
        "toi dau",
        "len dau",
        "bao ai",
        "gui ai",
        "nop cho ai",
        "trinh ai",
        "ai duyet",
        "khu vuc nao",
        "lai dau",
        "xin dau",
    ),
    "online": (
        "online",
        "truc tuyen",
        "qua mang",
        "tren mang",
        "vneid",
        "dich vu cong",
        "tai nha",
        "qua app",
        "tren app",
        *DEVICE_CUES,
        "khong can di",
        "trang web",
        "qua trang",
    ),
}
# Words that fold like a cue but ask nothing: "hồ sơ căn cước" is not "hồ sơ cần", "tôn giáo"
# and "tồn kho" are not "tốn", "tại Nha Trang" and "tại nhà văn hóa" are not "tại nhà" (online).
# Matched before the cues, they keep their words in the question.
LOOKALIKES = (
    "ho so can cuoc",
    "ton giao",
    "ton tao",
    "ton vinh",
    "ton tai",
    "ton kho",
    "ton dong",
    "ton trong",
    "tai nha trang",
    "tai nha van hoa",
    "tai nha may",
    "tai nha truong",
    "tai nha tho",
    "tai nha hang",
)
# "bao nhiêu" alone asks a fee unless it asks a time ("bao nhiêu ngày") or something else
# counted; the longer time cues are matched first.
_PUNCTUATION = re.compile(r"[.,;:!?\n]+")
_ORDER = [
    (cue, re.compile(rf"(?<= ){re.escape(cue)}(?= )"), aspect)
    for cue, aspect in sorted(
        [*((cue, aspect) for aspect, cues in CUES.items() for cue in cues), *((word, "") for word in LOOKALIKES)],
        key=lambda c: -len(c[0]),
    )
]


def _cues(folded: str) -> List[Tuple[int, int, str]]:
    """(start, end, aspect) of each cue in a folded, space-padded text; longest cues first, and a
    look-alike's words are no cue's. A shorter cue of the same aspect that overlaps a longer one
    extends it: "hết bao nhiêu" and "bao nhiêu tiền" make one cue of "hết bao nhiêu tiền", so
    that "hết" or "mất" is not left behind to mean "expired" or "lost"."""
    taken: List[Optional[str]] = [None] * len(folded)  # the aspect ("" for a look-alike) owning each character
    found: List[Tuple[int, int, str]] = []
    for cue, pattern, aspect in _ORDER:
        if cue not in folded:  # most cues are not in the text: a quick check before the pattern
            continue
        for match in pattern.finditer(folded):
            span = range(match.start(), match.end())
            here = {taken[i] for i in span}
            owners = here - {None}
            if owners and (owners != {aspect} or not aspect or None not in here):
                continue
            for i in span:
                taken[i] = aspect
            if aspect:
                found.append((match.start(), match.end(), aspect))
    return sorted(found)


def _clauses(text: str) -> List[str]:
    """The text cut at punctuation: a cue does not run across it ("mẹ mới mất, bao lâu …" does
    not ask "mất bao lâu")."""
    return [part for part in _PUNCTUATION.split(canonical(text)) if part.strip()]


def asked_aspects(text: str) -> List[str]:
    """The aspects a question asks, in the order they appear (none when it only names a need)."""
    ordered: List[str] = []
    for _, _, aspect in _cues(f" {' | '.join(fold(part) for part in _clauses(text))} "):
        if aspect not in ordered:
            ordered.append(aspect)
    return ordered


def without_aspect_words(text: str) -> str:
    """The question's words (as typed) without those that ask time, fee, documents or place
    ("mất bao lâu" is not "bị mất") or the device filed from ("trên điện thoại"); the other words
    that ask for online filing stay, as names use them ("trực tuyến toàn trình")."""
    words: List[str] = []
    starts, folded = [], ""
    for part in _clauses(text):
        typed = WORD.findall(part)
        for word, key in zip(typed, fold_words(typed)):
            words.append(word)
            starts.append(len(folded) + 1)
            folded += " " + key
        folded += " |"
    padded = folded + " "
    dropped = [False] * len(words)
    for begin, end, aspect in _cues(padded):
        if aspect != "online" or padded[begin:end].strip() in DEVICE_CUES:
            for i, start in enumerate(starts):
                if begin <= start < end:
                    dropped[i] = True
    return " ".join(w for w, drop in zip(words, dropped) if not drop)
