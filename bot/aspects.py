"""What a question asks about a procedure: documents, time, fee, agency (where to file) or online.

The intent classifier gives one reading per message; a citizen often asks two things at once
("làm sổ đỏ mất bao lâu, tốn bao nhiêu tiền"). The cue phrases below are the everyday ways of
asking each aspect, found in the order they appear in the question. A word typed without
diacritics fits a cue's word whatever its diacritics; a word typed with them must be the cue's own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Collection, Dict, List, Optional, Tuple

from bot.text import WORD, accent_key, canonical, fold, fold_word, fold_words, strip_diacritics, written_words

# the device a citizen files from asks online filing and, unlike the other online words, is in no
# procedure's name: it is left out of the words that find the procedure
DEVICE_CUES = tuple(f"{way} {device}" for way in ("qua", "trên", "bằng") for device in ("điện thoại", "máy tính"))
CUES: Dict[str, Tuple[str, ...]] = {
    "documents": (
        "cần gì",
        "cần những gì",
        "cần giấy gì",
        "cần giấy tờ",
        "giấy tờ gì",
        "giấy tờ nào",
        "giấy gì",
        "mang theo",
        "mang gì",
        "đem theo",
        "đem giấy",
        "đem gì",
        "hồ sơ gồm",
        "gồm gì",
        "gồm những gì",
        "hồ sơ cần",
        "thành phần hồ sơ",
        "chuẩn bị gì",
        "chuẩn bị những gì",
        "cần chuẩn bị",
        "cần những giấy",
        "cần có gì",
        "phải có gì",
        "giấy chi",
        "cần chi",
        "cần mang",
        "mang những gì",
        "nộp gì",
        "nộp những gì",
        "nộp đơn gì",
        "đơn gì",
        "hồ sơ gì",
        "hồ sơ như thế nào",
        "hồ sơ thế nào",
        "hồ sơ có những gì",
        "mang chi",
        "thiếu gì",
        "thiếu chi",
        "hồ sơ ra sao",
        "chứng từ gì",
        "chứng từ nào",
        "tờ khai nào",
        "mẫu nào",
        "danh sách gì",
        "thuyết minh gì",
    ),
    "time": (
        "mất bao lâu",
        "mất mấy ngày",
        "mất bao nhiêu ngày",
        "mất bao nhiêu lâu",
        "bao nhiêu lâu",
        "bao lâu",
        "mấy ngày",
        "bao nhiêu ngày",
        "mấy hôm",
        "mấy tuần",
        "mấy tháng",
        "thời gian",
        "bao giờ có",
        "khi nào có",
        "khi nào xong",
        "lâu không",
        "lâu ko",
        "nhanh không",
        "bao lâu thì",
        "chừng nào",
        "bữa mô",
        "bữa nào",
        "hôm mô",
        "hạn chót",
        "bao giờ xong",
    ),
    "fee": (
        "bao nhiêu tiền",
        "nhiêu tiền",
        "hết bao nhiêu",
        "mất bao nhiêu",
        "tốn bao nhiêu",
        "tốn tiền",
        "mất tiền",
        "lệ phí",
        "chi phí",
        "phí bao nhiêu",
        "mất phí",
        "tốn phí",
        "thu phí",
        "có phí",
        "đóng phí",
        "nộp phí",
        "tiền phí",
        "phải đóng",
        "đóng tiền",
        "trả tiền",
        "giá bao nhiêu",
        "mấy ngàn",
        "bao nhiêu ngàn",
        "miễn phí",
        "giảm phí",
        "phí nhiêu",
        "phí thẩm định",
        "bao nhiêu",
        "hết nhiêu",
        "tốn nhiêu",
        "mất nhiêu",
        "tốn",
        # "có tốn đồng nào không": before the look-alike "tôn đồng"
        "tốn đồng nào",
        "mất đồng nào",
        "hết đồng nào",
        "tốn xu nào",
        "mất xu nào",
    ),
    "agency": (
        "ở đâu",
        "chỗ nào",
        "nơi nào",
        "cơ quan nào",
        "nộp ở",
        "làm ở",
        "đến đâu",
        "đi đâu",
        "ở mô",
        "chỗ mô",
        "ai giải quyết",
        "ai cấp",
        "xã hay",
        "tỉnh hay",
        "phường hay",
        "ra đâu",
        "nộp đâu",
        "làm đâu",
        "tới đâu",
        "lên đâu",
        "báo ai",
        "gửi ai",
        "nộp cho ai",
        "trình ai",
        "ai duyệt",
        "khu vực nào",
        "lại đâu",
        "xin đâu",
    ),
    "online": (
        "online",
        "trực tuyến",
        "qua mạng",
        "trên mạng",
        "vneid",
        "dịch vụ công",
        "tại nhà",
        "qua app",
        "trên app",
        *DEVICE_CUES,
        "không cần đi",
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
    (fold(cue), re.compile(rf"(?<= ){re.escape(fold(cue))}(?= )"), written_words(cue), aspect)
    for cue, aspect in sorted(
        [*((cue, aspect) for aspect, cues in CUES.items() for cue in cues), *((word, "") for word in LOOKALIKES)],
        key=lambda c: -len(fold(c[0])),
    )
]
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook, dot below
SLIP_CUE_WORDS = 3  # words a cue needs for one of them to be typed with a slipped tone mark
_DEVICES = frozenset(fold(cue) for cue in DEVICE_CUES)


@dataclass(frozen=True)
class _Read:
    """A question's words as typed and as written (``accent_key``), and its folded text,
    space-padded, clauses apart ("|"), with where each word's key starts in it."""

    words: List[str]
    written: List[str]
    folded: str
    starts: List[int]

    def fits(self, begin: int, end: int, cue: List[str]) -> bool:
        """Whether the words typed with diacritics between ``begin`` and ``end`` are the cue's own:
        "động tiên" is not "đóng tiền", nor "mỏ" "mô", nor "bảo tồn" "tốn". A word typed without
        diacritics, or shortened ("đc"), fits any; in a cue of three words or more, one word with
        a slipped tone mark fits too ("giây tờ gì")."""
        slips = 0
        for start, word in zip(self.starts, self.written):
            if begin <= start < end:
                bare = strip_diacritics(word)
                if bare != word and fold_word(word) == bare:
                    at = self.folded[begin:start].count(" ")
                    if at < len(cue) and cue[at] != word:
                        if len(cue) < SLIP_CUE_WORDS or _toneless(cue[at]) != _toneless(word):
                            return False
                        slips += 1
        return slips <= 1


def _toneless(word: str) -> str:
    """A word without its tone mark, its vowels kept ("giấy" is "giây")."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", word) if c not in _TONES))


def _read(text: str) -> _Read:
    words: List[str] = []
    starts, folded = [], ""
    for part in _PUNCTUATION.split(canonical(text)):
        typed = WORD.findall(part)
        if not typed:
            continue
        for word, key in zip(typed, fold_words(typed)):
            words.append(word)
            starts.append(len(folded) + 1)
            folded += " " + key
        folded += " |"
    return _Read(words, [accent_key(w) for w in words], folded[:-2] + " ", starts)


def _cues(read: _Read) -> List[Tuple[int, int, str]]:
    """(start, end, aspect) of each cue in a question; longest cues first, and a look-alike's
    words are no cue's. A cue typed with other diacritics is none ("bảo tồn" does not ask what it
    costs). A shorter cue of the same aspect that overlaps a longer one extends it: "hết bao
    nhiêu" and "bao nhiêu tiền" make one cue of "hết bao nhiêu tiền", so that "hết" or "mất" is
    not left behind to mean "expired" or "lost"."""
    folded = read.folded
    taken: List[Optional[str]] = [None] * len(folded)  # the aspect ("" for a look-alike) owning each character
    found: List[Tuple[int, int, str]] = []
    for cue, pattern, written, aspect in _ORDER:
        if cue not in folded:  # most cues are not in the text: a quick check before the pattern
            continue
        for match in pattern.finditer(folded):
            span = range(match.start(), match.end())
            here = {taken[i] for i in span}
            owners = here - {None}
            if owners and (owners != {aspect} or not aspect or None not in here):
                continue
            if aspect and not read.fits(match.start(), match.end(), written):
                continue
            for i in span:
                taken[i] = aspect
            if aspect:
                found.append((match.start(), match.end(), aspect))
    return sorted(found)


def asked_aspects(text: str) -> List[str]:
    """The aspects a question asks, in the order they appear (none when it only names a need).
    A cue does not run across punctuation ("mẹ mới mất, bao lâu …" does not ask "mất bao lâu")."""
    ordered: List[str] = []
    for _, _, aspect in _cues(_read(text)):
        if aspect not in ordered:
            ordered.append(aspect)
    return ordered


def without_aspect_words(text: str, kept: Collection[str] = ()) -> str:
    """The question's words (as typed) without those that ask time, fee, documents or place
    ("mất bao lâu" is not "bị mất") or the device filed from ("trên điện thoại"); the other words
    that ask for online filing stay, as names use them ("trực tuyến toàn trình"). The words of a
    ``kept`` phrase (folded) are the question's own wherever they are in it: "xin thêm thời gian"
    asks an extension, not how long it takes."""
    read = _read(text)
    dropped = [False] * len(read.words)
    for begin, end, aspect in _cues(read):
        if aspect != "online" or read.folded[begin:end].strip() in _DEVICES:
            for i, start in enumerate(read.starts):
                if begin <= start < end:
                    dropped[i] = True
    for phrase in (phrase for phrase in kept if phrase in read.folded):
        for match in re.finditer(rf"(?<= ){re.escape(phrase)}(?= )", read.folded):
            for i, start in enumerate(read.starts):
                if match.start() <= start < match.end():
                    dropped[i] = False
    return " ".join(w for w, drop in zip(read.words, dropped) if not drop)
