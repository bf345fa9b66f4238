"""Normaliser and tokenizer: what the NLU sees of what citizens type."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import VietnameseTokenizer
from bot.text import canonical, fold

TOKENIZER = VietnameseTokenizer(VietnameseTokenizer.get_default_config())


def tokens(text):
    return TOKENIZER.tokenize(Message({"text": text}), "text")


def test_canonical_unifies_unicode_forms_and_tone_placement():
    decomposed = "Kha\u0301nh Ho\u0300a"
    assert canonical(decomposed) == "Khánh Hòa"
    assert canonical("Khánh Hoà") == "Khánh Hòa"
    assert canonical("thuỷ lợi  khoẻ") == "thủy lợi khỏe"
    assert canonical("quý khách") == "quý khách"  # "qu" keeps its mark


def test_fold_ignores_diacritics_and_expands_chat_abbreviations():
    assert fold("Đăng ký kết hôn") == fold("dang ky ket hon") == fold("dk ket hon") == fold("đăng kí kết hôn")
    assert fold("ko dc ntn bn j z") == "khong duoc nhu the nao bao nhieu gi vay"
    assert fold("ad ơi e hỏi mk") == "admin oi em hoi minh"
    assert fold("mất CCCD") == "mat can cuoc cong dan"
    assert fold("gplx dkkd gks") == "giay phep lai xe dang ki kinh doanh giay khai sinh"
    assert fold("giấy atvstp") == "giay an toan ve sinh thuc pham"
    assert fold("mất sđ") == fold("mất sổ đỏ") and fold("sdt") == "so dien thoai"
    assert fold("mần răng rứa") == "lam sao vay"
    assert fold("QTDND xin phép NHNN, VPCC đổi trụ sở") == (
        "quy tin dung nhan dan xin phep ngan hang nha nuoc van phong cong chung doi tru so"
    )
    assert fold("ck e lm xkld, vk ở KCN") == "chong em lam xuat khau lao dong vo o khu cong nghiep"
    assert fold("dạ ạ") == "da a"  # the polite particle is not the pronoun "a"


def test_unaccented_hong_is_read_from_the_word_before():
    assert fold("lam duoc hong") == "lam duoc khong"  # chat for "không"
    assert fold("mat so hong") == fold("mất sổ hồng")  # the pink land book
    assert fold("the bi hong") == fold("thẻ bị hỏng")  # broken


def test_hk_is_a_household_register_after_what_is_done_to_one():
    assert fold("chuyen hk ve nha trang") == fold("chuyển hộ khẩu về Nha Trang")
    assert fold("lam online dc hk") == "lam online duoc khong"  # chat for "không"


@pytest.mark.parametrize(
    "text",
    [
        "Đăng ký khai sinh cho con cần giấy tờ gì ạ?",
        "dang ky ket hon ko dc ntn",
        "Kha\u0301nh Ho\u0300a, hoà thuỷ!!! 😀😀",
        "<script>alert('x')</script> làm hộ chiếu",
        "Mất CCCD r, làm lại bn tiền??? 🙏",
        "   nhiều    khoảng   trắng\tvà\nxuống dòng  ",
        "English words mixed với tiếng Việt 中文 ١٢٣",
        "1.001193 và 000.00.31.H35-251020-0012",
    ],
)
def test_token_offsets_are_exact_substrings(text):
    result = tokens(text)
    assert result, "every non-empty question yields tokens"
    for token in result:
        assert text[token.start : token.end] == token.text
        assert token.text.strip() == token.text
    starts = [t.start for t in result]
    assert starts == sorted(starts)


def test_tokens_are_words_with_folded_lemmas():
    result = tokens("Đăng ký khai sinh ko dc ạ?")
    assert [t.text for t in result] == ["Đăng ký", "khai sinh", "ko", "dc", "ạ"]
    assert [t.lemma for t in result] == ["dang_ki", "khai_sinh", "khong", "duoc", "a"]


def test_degenerate_input_does_not_break_the_tokenizer():
    assert tokens("") == []
    assert [t.text for t in tokens("😀😀")] == ["😀", "😀"]
    long_text = "làm hộ chiếu " * 2000
    assert tokens(long_text)[-1].end <= VietnameseTokenizer.get_default_config()["max_characters"]
