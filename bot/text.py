"""Vietnamese text normalisation shared by the NLU pipeline and the actions.

Two levels:
- ``canonical``: what the citizen wrote, cleaned (NFC, one tone-mark style,
  single spaces). Same length rules as the input syllables, so it is safe to
  show back.
- ``fold``: a search key (lower case, no diacritics, chat abbreviations
  expanded, punctuation dropped) used to compare texts typed with or without
  diacritics.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Dict, List, Sequence, Tuple

# Old-style placement (hòa, thủy, khỏe) is what official names use ("Khánh Hòa"),
# so the new-style forms (hoà, thuỷ, khoẻ) are rewritten to it.
_TONED = {
    "à": ("a", "\u0300"),
    "á": ("a", "\u0301"),
    "ả": ("a", "\u0309"),
    "ã": ("a", "\u0303"),
    "ạ": ("a", "\u0323"),
    "è": ("e", "\u0300"),
    "é": ("e", "\u0301"),
    "ẻ": ("e", "\u0309"),
    "ẽ": ("e", "\u0303"),
    "ẹ": ("e", "\u0323"),
    "ỳ": ("y", "\u0300"),
    "ý": ("y", "\u0301"),
    "ỷ": ("y", "\u0309"),
    "ỹ": ("y", "\u0303"),
    "ỵ": ("y", "\u0323"),
}
_NEW_STYLE = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?![\w])")

ABBREVIATIONS: Dict[str, str] = {
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "khg": "khong",
    "kg": "khong",
    "hok": "khong",
    "hem": "khong",
    "hong": "khong",  # unless a word before says otherwise (_HONG_KEPT_AFTER)
    "hk": "khong",
    "khum": "khong",
    "dc": "duoc",
    "đc": "duoc",
    "dk": "dang ky",
    "đk": "dang ky",
    "dky": "dang ky",
    "ntn": "nhu the nao",
    "bn": "bao nhieu",
    "bnh": "bao nhieu",
    "bnhieu": "bao nhieu",
    "j": "gi",
    "z": "vay",
    "v": "vay",
    "zay": "vay",
    "ad": "admin",
    "e": "em",
    "mk": "minh",
    "mik": "minh",
    "mjk": "minh",
    "mh": "minh",
    "a": "anh",
    "c": "chi",
    "ng": "nguoi",
    "ngta": "nguoi ta",
    "r": "roi",
    "ns": "noi",
    "vs": "voi",
    "trc": "truoc",
    "hs": "ho so",
    "tt": "thu tuc",
    "tthc": "thu tuc hanh chinh",
    "mún": "muon",
    "mun": "muon",
    "wa": "qua",
    "thui": "thoi",
    "oki": "ok",
    "oke": "ok",
    "sdt": "so dien thoai",
    "đt": "dien thoai",
    "dt": "dien thoai",
    "cccd": "can cuoc cong dan",
    "cmnd": "chung minh nhan dan",
    "cmt": "chung minh nhan dan",
    "gplx": "giay phep lai xe",
    "blx": "bang lai xe",
    "dkkd": "dang ky kinh doanh",
    "atvstp": "an toan ve sinh thuc pham",
    "gks": "giay khai sinh",
    "dkks": "dang ky khai sinh",
    "dkkh": "dang ky ket hon",
    "tthn": "tinh trang hon nhan",
    "gpxd": "giay phep xay dung",
    "lltp": "ly lich tu phap",
    "hkd": "ho kinh doanh",
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "bhtn": "bao hiem that nghiep",
    "dvc": "dich vu cong",
    "dvcqg": "dich vu cong quoc gia",
    "vneid": "vneid",
    "gcn": "giay chung nhan",
    "sđ": "so do",
    "qsdd": "quyen su dung dat",
    "tp": "thanh pho",
    "tx": "thi xa",
    "ubnd": "uy ban nhan dan",
    "kcn": "khu cong nghiep",
    "nhnn": "ngan hang nha nuoc",
    "qtdnd": "quy tin dung nhan dan",
    "xkld": "xuat khau lao dong",
    "vpcc": "van phong cong chung",
    "bds": "bat dong san",
    "bđs": "bat dong san",
    "stk": "so tai khoan",
    "hdnd": "hoi dong nhan dan",
    "hđnd": "hoi dong nhan dan",
    "csgt": "canh sat giao thong",
    "thpt": "trung hoc pho thong",
    "thcs": "trung hoc co so",
    "ttdb": "tieu thu dac biet",
    "ttđb": "tieu thu dac biet",
    "tvpl": "tu van phap luat",
    "nđ": "nghi dinh",
    "vk": "vo",
    "cj": "chi",
    "mn": "moi nguoi",
    "ck": "chong",  # also "chuyển khoản" in chat; beside a procedure it is the husband ("ck e người Úc")
    "lm": "lam",
    "cx": "cung",
    "nhiu": "nhieu",
    "nhìu": "nhieu",
    "bnhiu": "bao nhieu",
    "mần": "lam",
    "răng": "sao",
    "rứa": "vay",
    "hông": "khong",
    "hổng": "khong",
}

WORD = re.compile(r"\w+", re.UNICODE)
# "ký"/"kí", "lý"/"lí": a lone final y after a consonant is spelled either way.
_FINAL_Y = re.compile(r"^(b|c|ch|d|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|r|s|t|th|tr|v|x)y$")


def _fix_tone(match: re.Match) -> str:
    vowel, toned = match.group(1), match.group(2)
    base, mark = _TONED[toned.lower()]
    if toned.isupper():
        base = base.upper()
    moved = unicodedata.normalize("NFC", vowel + mark)
    return moved + base


def canonical(text: str) -> str:
    """NFC, one tone-mark style and single spaces; meaning and diacritics kept."""
    text = unicodedata.normalize("NFC", text)
    text = _NEW_STYLE.sub(_fix_tone, text)
    return " ".join(text.split())


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


@functools.lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """Search key of one word: lower case, no diacritics, abbreviation expanded."""
    lowered = canonical(word).lower()
    folded = ABBREVIATIONS.get(lowered) or strip_diacritics(lowered)
    return " ".join(_FINAL_Y.sub(r"\1i", w) for w in folded.split())


_FINAL_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")


@functools.lru_cache(maxsize=1 << 16)
def accent_key(word: str) -> str:
    """A word as written, lower case, with "ký"/"kí" spelled one way; diacritics kept."""
    lowered = canonical(word).lower()
    if _FINAL_Y.match(strip_diacritics(lowered)):
        return lowered[:-1] + lowered[-1].translate(_FINAL_I)
    return lowered


def written_words(text: str) -> List[str]:
    """A text's words as written (``accent_key``): "cước" and "cược" stay apart."""
    return [accent_key(w) for w in WORD.findall(canonical(text))]


# unaccented "hong" is "không" in chat, but "hồng" after "sổ" and "hỏng" after "bị", "hư", "đã"
_HONG_KEPT_AFTER = {"so", "bi", "hu", "da"}
# "hk" is "không" in chat, but "hộ khẩu" after what is done to one ("chuyển hk", "nhập hk")
_HK_HOUSEHOLD_AFTER = {"chuyen", "nhap", "tach", "cat", "so", "dang ki", "xoa"}


def fold_words(words: Sequence[str]) -> List[str]:
    """Search keys of a text's words, one per word; a few depend on the word before."""
    keys: List[str] = []
    for word in words:
        key = fold_word(word)
        if key == "khong" and word.lower() == "hong" and keys and keys[-1].rsplit(" ", 1)[-1] in _HONG_KEPT_AFTER:
            key = "hong"
        elif key == "khong" and word.lower() == "hk" and keys and keys[-1] in _HK_HOUSEHOLD_AFTER:
            key = "ho khau"
        keys.append(key)
    return keys


def fold(text: str) -> str:
    """Search key of a text: words folded, punctuation dropped."""
    return " ".join(fold_words(WORD.findall(canonical(text))))


def canonical_with_offsets(text: str) -> Tuple[str, List[int]]:
    """NFC and tone placement of ``text`` with, for each output character, its input index.

    Whitespace is kept as is so that positions stay comparable.
    """
    out: List[str] = []
    index: List[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        # a combining mark after whitespace stands alone: the whitespace keeps its own position
        while j < len(text) and unicodedata.combining(text[j]) and not text[i].isspace():
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        for ch in cluster:
            out.append(ch)
            index.append(i)
        i = j
    composed = "".join(out)
    toned = _NEW_STYLE.sub(_fix_tone, composed)
    return toned, index
