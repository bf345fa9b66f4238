"""Personal data masked out of citizens' messages before Rasa logs or stores them.

The text is cleaned first (NFKC, so full-width digits are digits; zero-width characters
dropped; lone surrogates replaced). Numbers are then read as runs of digit groups with
separators (spaces, dots, dashes, brackets), and every stretch of groups that forms a phone
number or an ID number is masked: "0905123456.", "079 203 004 512", "số0905123456",
"(+84) 905 123 456", "0258 3822 123". Every pattern here runs in time linear in the text.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import List, Tuple

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
DIGIT_RUN = re.compile(r"\d+(?:[ .\-()]{1,3}\d+)*")
GROUP = re.compile(r"\d+")
PREFIX = re.compile(r"\(?\+?\(?$")  # "+", "(+" or "(" just before a number
# Dossier codes: no verified format is known, so the same generic shape the NLU's dossier_code
# regex uses (letters and digits with dots or dashes, 11-42 characters, at least one digit).
DOSSIER = re.compile(
    r"\b(?=[A-Za-z0-9.\-]{0,41}\d)(?=[A-Za-z0-9.\-]{0,41}[.\-])[A-Za-z0-9][A-Za-z0-9.\-]{9,40}[A-Za-z0-9]\b"
)
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad"), None)
SURROGATE = re.compile("[\ud800-\udfff]")
PHONE_MASK, ID_MASK, EMAIL_MASK, DOSSIER_MASK = "[số điện thoại]", "[số định danh]", "[email]", "[mã hồ sơ]"
# where a mask stands in a text: the NLU reads it as one neutral word, not as "số điện thoại"
MASK = re.compile("|".join(re.escape(m) for m in (PHONE_MASK, ID_MASK, EMAIL_MASK, DOSSIER_MASK)))
LONGEST = 12  # digits of the longest number masked (a căn cước number; 84 + a landline)

Group = Tuple[int, int, str]  # start, end, digits


def clean(text: str) -> str:
    """Lone surrogates replaced, NFKC (full-width digits become digits), invisible characters dropped."""
    return unicodedata.normalize("NFKC", SURROGATE.sub("\ufffd", text)).translate(INVISIBLE)


def _separators(text: str, groups: List[Group]) -> List[str]:
    return [text[a[1] : b[0]] for a, b in zip(groups, groups[1:])]


def _is_phone(digits: str, groups: List[Group]) -> bool:
    """0 + 9 or 10 digits (mobile, landline), or 84 + the same without its 0; groups of 1-4 digits."""
    national = (digits[0] == "0" and len(digits) in (10, 11)) or (
        len(digits) in (11, 12) and digits.startswith("84") and digits[2] != "0"
    )
    return national and (len(groups) == 1 or all(len(g[2]) <= 4 for g in groups))


def _is_id(text: str, digits: str, groups: List[Group]) -> bool:
    """A căn cước (12 digits) or old CMND (9), whole or in groups of 2-4 split by spaces or dots,
    but not an amount of money ("200.000.000")."""
    if len(digits) not in (9, 12):
        return False
    if len(groups) == 1:
        return True
    separators = _separators(text, groups)
    if not all(s in (" ", ".") for s in separators) or not all(2 <= len(g[2]) <= 4 for g in groups):
        return False
    money = all(s == "." for s in separators) and all(len(g[2]) == 3 for g in groups[1:]) and digits[0] != "0"
    return not money


def _personal_numbers(text: str, run: re.Match) -> List[Tuple[int, int, str]]:
    """Spans of the run to mask, with their mask: the longest number starting at each group."""
    groups = [(run.start() + m.start(), run.start() + m.end(), m.group()) for m in GROUP.finditer(run.group())]
    spans: List[Tuple[int, int, str]] = []
    i = 0
    while i < len(groups):
        found = None
        digits = ""
        for j in range(i, min(len(groups), i + LONGEST)):
            digits += groups[j][2]
            if len(digits) > LONGEST:
                break
            chosen = groups[i : j + 1]
            if _is_phone(digits, chosen):
                found = (j, PHONE_MASK)
            elif _is_id(text, digits, chosen):
                found = (j, ID_MASK)
        if found:
            start = groups[i][0]
            prefix = PREFIX.search(text, max(0, start - 3), start)
            spans.append((prefix.start() if prefix else start, groups[found[0]][1], found[1]))
            i = found[0] + 1
        else:
            i += 1
    return spans


def masks_dossier_codes() -> bool:
    """Provinces that treat dossier codes as personal set MASK_DOSSIER_CODES=1."""
    return os.environ.get("MASK_DOSSIER_CODES", "").lower() in ("1", "true", "yes")


def mask_personal_data(text: str) -> str:
    text = EMAIL.sub(EMAIL_MASK, clean(text))
    pieces, done = [], 0
    for run in DIGIT_RUN.finditer(text):
        for start, end, mask in _personal_numbers(text, run):
            pieces += [text[done:start], mask]
            done = end
    text = "".join(pieces) + text[done:]
    return DOSSIER.sub(DOSSIER_MASK, text) if masks_dossier_codes() else text
