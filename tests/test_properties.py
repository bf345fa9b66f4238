"""Property-based tests: any Unicode input, no exception, exact offsets."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.catalogue.client import CatalogueClient
from bot.catalogue.matching import ProcedureIndex
from bot.nlu.tokenizer import segment
from bot.privacy import mask_personal_data
from bot.text import canonical, fold

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
# Vietnamese text, digits, punctuation and anything else Unicode has (emoji, controls, combining marks)
TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list(VIETNAMESE + VIETNAMESE.upper() + " 0123456789.,?!-@+\n\t")), max_size=80),
    st.text(max_size=80),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def index() -> ProcedureIndex:
    return ProcedureIndex(CatalogueClient().get())


@SETTINGS
@given(TEXT)
def test_normalising_never_fails_and_is_stable(text: str) -> None:
    once = canonical(text)
    assert unicodedata.is_normalized("NFC", once)
    assert canonical(once) == once
    assert fold(unicodedata.normalize("NFD", text)) == fold(text), "composed or decomposed, same words"


@SETTINGS
@given(TEXT)
@example("1\u0301 2")  # a combining mark after a digit: underthesea splits them
@example("a\u0301\u0323 đăng ký")
@example(" \U0001d185")  # a combining mark after a space: the space is no part of its token
def test_tokens_are_exact_non_overlapping_spans_of_the_original_text(text: str) -> None:
    spans = segment(text)
    end_of_previous = 0
    for start, end in spans:
        assert end_of_previous <= start < end <= len(text)
        piece = text[start:end]
        assert piece.strip() == piece and piece
        end_of_previous = end


@SETTINGS
@given(TEXT)
def test_matching_any_text_gives_an_answer_or_nothing(index: ProcedureIndex, text: str) -> None:
    match = index.find(text)
    assert len(match.procedures) <= max(5, len(index.catalogue.procedures))
    assert all(p in index.catalogue.procedures for p in match.procedures)


@SETTINGS
@given(TEXT)
def test_masking_never_fails_and_masks_for_good(text: str) -> None:
    masked = mask_personal_data(text)
    assert mask_personal_data(masked) == masked
