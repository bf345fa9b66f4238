"""The gazetteer finds the longest catalogue phrase, in text with or without diacritics."""

from bot.nlu.gazetteer import Gazetteer

PHRASES = {
    "procedure": ["đăng ký kết hôn", "đăng ký kết hôn có yếu tố nước ngoài", "khai sinh", "sổ hồng", "đăng ký tạm trú"],
    "location": ["Nha Trang", "Cam Ranh", "thành phố Nha Trang", "huyện Bác Ái", "xã Hòa"],
}


def _found(text: str):
    return [(e["entity"], e["value"]) for e in Gazetteer(PHRASES).find(text)]


def test_the_longest_phrase_is_found_with_its_original_words():
    text = "Dang ky ket hon co yeu to nuoc ngoai o Nha Trang can gi"
    assert _found(text) == [
        ("procedure", "Dang ky ket hon co yeu to nuoc ngoai"),
        ("location", "Nha Trang"),
    ]


def test_a_longer_phrase_begun_but_not_finished_leaves_the_shorter_one():
    assert _found("đăng ký kết hôn có yếu tố gì không, làm khai sinh luôn") == [
        ("procedure", "đăng ký kết hôn"),
        ("procedure", "khai sinh"),
    ]


def test_every_mention_in_a_message_of_the_largest_size_is_found():
    text = ("đăng ký kết hôn ở Cam Ranh " * 100)[:1000]
    assert _found(text).count(("location", "Cam Ranh")) == text.count("Cam Ranh")


def test_a_word_is_read_with_the_word_before_it():
    """Unaccented "hong" is "không" in chat, but "hồng" after "sổ": "lam so hong" names the
    land certificate, and the message is a question about it, not a "no"."""
    assert _found("lam so hong o dau") == [("procedure", "so hong")]
    assert _found("co dc hong") == []


def test_a_place_name_mistyped_by_one_letter_after_its_type_word_is_a_place():
    assert _found("Huyện Bát Ái cũ đăng ký tạm trú ở đâu") == [
        ("location", "Huyện Bát Ái"),
        ("procedure", "đăng ký tạm trú"),
    ]
    assert ("location", "tp Nha Trag") in _found("nhà em thuộc tp Nha Trag hồi trước")
    assert _found("xã hội") == [] and _found("Bát Ái") == [], "a common word, or no type word before it"
