"""Word segmentation with underthesea, with token offsets exact in the original text."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message
from underthesea import word_tokenize

from bot.privacy import MASK
from bot.text import canonical_with_offsets, fold

_WORDLIKE = re.compile(r"^\w+$", re.UNICODE)
MASKED = "masked"  # the lemma of every word of a mask ("[số điện thoại]"): personal data, no meaning
_PIECE = re.compile(r"\S+")


def _original_span(index: List[int], length: int, start: int, end: int) -> Tuple[int, int]:
    """Map a span of the canonical text back to the original text."""
    last = index[end - 1]
    following = next((i for i in index[end:] if i > last), length)
    return index[start], following


def _lemma(text: str) -> str:
    """Search key of a token: folded words joined by '_' (the token itself if it has no word)."""
    folded = fold(text)
    return folded.replace(" ", "_") if folded else text


def segment(text: str) -> List[Tuple[int, int]]:
    """Word spans (start, end) in ``text``, segmented by underthesea."""
    canon, index = canonical_with_offsets(text)
    spans: List[Tuple[int, int]] = []
    cursor = 0
    for word in word_tokenize(canon):
        pieces = word.split()
        located = []
        for piece in pieces:
            found = canon.find(piece, cursor)
            if found < 0:
                break
            located.append((found, found + len(piece)))
            cursor = found + len(piece)
        if len(located) != len(pieces):
            continue
        joined = canon[located[0][0] : located[-1][1]]
        if all(_WORDLIKE.match(p) for p in pieces) and joined.split() == pieces:
            located = [(located[0][0], located[-1][1])]
        spans.extend(_original_span(index, len(text), s, e) for s, e in located)
    covered = {i for s, e in spans for i in range(s, e)}
    for match in _PIECE.finditer(text):
        if not covered.intersection(range(match.start(), match.end())):
            spans.append((match.start(), match.end()))
    return _merged(sorted(spans))


def _merged(spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Overlapping spans as one: underthesea can split a character and the combining mark that
    follows it ("1\u0301"), and both halves map back to the same original character."""
    merged: List[Tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(Tokenizer):
    """Segments Vietnamese with underthesea; each token's lemma is its folded search key.

    Token text is always the exact substring of the message. The lemma (used by
    the count-vector featurizers) is lower case, without diacritics and with chat
    abbreviations expanded, so "đăng ký", "dang ky" and "dk" share features. The words of a
    mask the channel put in place of personal data ("[số điện thoại]") get the lemma "masked",
    so a citizen's phone number does not read as a request for the hotline.
    Punctuation-only tokens are dropped, unless nothing else is left.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
            # longer messages are cut here before segmentation
            "max_characters": 1000,
        }

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        return ["vi"]

    @staticmethod
    def required_packages() -> List[str]:
        return ["underthesea"]

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        text = message.get(attribute) or ""
        text = text[: self._config["max_characters"]]
        masked = [(m.start(), m.end()) for m in MASK.finditer(text)]
        tokens = [
            Token(text[s:e], s, e, lemma=MASKED if any(a <= s < b for a, b in masked) else _lemma(text[s:e]))
            for s, e in segment(text)
        ]
        words = [t for t in tokens if fold(t.text)]
        if words:
            tokens = words
        elif text.strip() and not tokens:
            tokens = [Token(text, 0, len(text), lemma=text)]
        return self._apply_token_pattern(tokens)
