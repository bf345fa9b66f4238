"""Personal data masked out of citizens' messages before Rasa logs or stores them."""

from __future__ import annotations

import os
import re
from typing import List, Tuple

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Vietnamese phone numbers: 0 or +84/84, then 9 digits (spaces, dots or dashes allowed between groups).
PHONE = re.compile(r"(?<![\w.])(?:\+?84|0)(?:[\s.-]?\d){9}(?![\w.])")
CITIZEN_ID = re.compile(r"(?<![\w.])(?:\d{12}|\d{9})(?![\w.])")  # căn cước 12 digits, old CMND 9
# Dossier codes: no verified format is known, so the same generic shape the NLU's dossier_code
# regex uses (letters and digits with dots or dashes, 11-42 characters, at least one digit).
DOSSIER = re.compile(r"\b(?=[A-Za-z0-9.\-]*\d)(?=[A-Za-z0-9.\-]*[.\-])[A-Za-z0-9][A-Za-z0-9.\-]{9,40}[A-Za-z0-9]\b")

MASKS: List[Tuple[re.Pattern, str]] = [
    (EMAIL, "[email]"),
    (PHONE, "[số điện thoại]"),
    (CITIZEN_ID, "[số định danh]"),
]


def masks_dossier_codes() -> bool:
    """Provinces that treat dossier codes as personal set MASK_DOSSIER_CODES=1."""
    return os.environ.get("MASK_DOSSIER_CODES", "").lower() in ("1", "true", "yes")


def mask_personal_data(text: str) -> str:
    for pattern, mask in MASKS:
        text = pattern.sub(mask, text)
    return DOSSIER.sub("[mã hồ sơ]", text) if masks_dossier_codes() else text
