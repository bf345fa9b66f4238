"""The intent cue guard, configured as in config.yml, on messages as DIET and the gazetteer leave them."""

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_cues import IntentCueGuard

CONFIG = yaml.safe_load((Path(__file__).parents[1] / "config.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def guard():
    settings = next(c for c in CONFIG["pipeline"] if c["name"].endswith("IntentCueGuard"))
    return IntentCueGuard({**IntentCueGuard.get_default_config(), **settings})


def intent_after(guard, text, ranking, procedure=True, fallback=False, procedure_name="", place=""):
    """The intent the guard leaves; `ranking` is DIET's, best first; the gazetteer found a
    procedure (`procedure_name`, where in the text, or an empty span) when `procedure`, and the
    place `place` where it is in the text."""
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    top = {"name": "nlu_fallback", "confidence": 0.45} if fallback else ranked[0]
    start = text.index(procedure_name) if procedure_name else 0
    entities = (
        [{"entity": "procedure", "value": "x", "start": start, "end": start + len(procedure_name)}] if procedure else []
    )
    if place:
        at = text.index(place)
        entities.append({"entity": "location", "value": place, "start": at, "end": at + len(place)})
    message = Message(data={"text": text, "intent": top, "intent_ranking": ranked, "entities": entities})
    guard.process([message])
    return message.get("intent")["name"]


STATUS = [("ask_application_status", 0.9), ("ask_documents", 0.06), ("ask_procedure_info", 0.04)]


def test_a_service_intent_without_its_words_becomes_the_procedure_overview(guard):
    assert intent_after(guard, "căn cước của tôi hết hạn rồi", STATUS) == "ask_procedure_info"
    human = [("request_human", 0.9), ("ask_procedure_info", 0.1)]
    assert intent_after(guard, "tôi với bạn mở công ty chung", human) == "ask_procedure_info"


@pytest.mark.parametrize(
    "text, ranking",
    [
        ("hồ sơ khai sinh của con tôi xong chưa", STATUS),
        ("ho so khai sinh cua con toi xong chua", STATUS),  # cues are compared without diacritics
        ("cho tôi gặp cán bộ về kết hôn", [("request_human", 0.9), ("ask_procedure_info", 0.1)]),
        ("em làm được gì về căn cước", [("ask_capabilities", 0.9), ("ask_procedure_info", 0.1)]),
    ],
)
def test_a_service_intent_with_its_words_stays(guard, text, ranking):
    assert intent_after(guard, text, ranking) == ranking[0][0]


@pytest.mark.parametrize(
    "text, place",
    [
        ("dẹp luôn tiệm điện thoại ở Cam Ranh, cần làm thủ tục gì", "Cam Ranh"),  # a shop, not a device
        ("tôi muốn đăng ký kết hôn tại Nha Trang", "Nha Trang"),  # a city: no page, nor "tại nhà"
        ("sang tên xe tải cũ", ""),  # a lorry, not an upload
    ],
)
def test_a_channel_word_in_another_sense_asks_nothing_online(guard, text, place):
    online = [("ask_online_filing", 0.6), ("ask_procedure_info", 0.3), ("ask_documents", 0.1)]
    assert intent_after(guard, text, online, place=place) == "ask_procedure_info"


def test_a_device_used_for_filing_asks_online(guard):
    online = [("ask_online_filing", 0.6), ("ask_procedure_info", 0.4)]
    assert intent_after(guard, "gia hạn tạm trú trên điện thoại được không", online) == "ask_online_filing"


def test_without_a_named_procedure_nothing_changes(guard):
    assert intent_after(guard, "của tôi hết hạn rồi", STATUS, procedure=False) == "ask_application_status"


def test_an_unsure_reading_naming_a_procedure_is_answered(guard):
    fee = [("ask_fee", 0.4), ("ask_documents", 0.35), ("ask_procedure_info", 0.25)]
    assert intent_after(guard, "lệ phí đổi bằng lái", fee, fallback=True) == "ask_fee"
    bare = [("inform", 0.43), ("ask_processing_time", 0.3), ("ask_documents", 0.27)]
    assert intent_after(guard, "đổi bằng lái hết hạn", bare, fallback=True) == "ask_procedure_info"


def test_an_unsure_procedure_reading_with_its_own_words_is_kept(guard):
    """Unsure, but the story names where it is filed ("qua trang điện tử"): the online reading is
    answered, not questioned back with "did you mean online filing?"."""
    story = "mở homestay, có khách Tây ở qua đêm thì khai báo tạm trú cho họ qua trang điện tử được không"
    online = [("ask_online_filing", 0.42), ("ask_procedure_info", 0.3), ("ask_documents", 0.28)]
    assert intent_after(guard, story, online, procedure=False, fallback=True) == "ask_online_filing"


@pytest.mark.parametrize(
    "reply, text",
    [("deny", "không phải khai sinh"), ("affirm", "đúng rồi, khai sinh"), ("choose_option", "cái khai sinh ấy")],
)
def test_an_unsure_reply_with_its_words_stays_a_fallback(guard, reply, text):
    ranking = [(reply, 0.4), ("ask_procedure_info", 0.35), ("ask_fee", 0.25)]
    assert intent_after(guard, text, ranking, fallback=True) == "nlu_fallback"


def test_a_reply_reading_without_its_words_becomes_the_procedure_overview(guard):
    ranking = [("affirm", 0.6), ("ask_application_status", 0.2), ("ask_procedure_info", 0.2)]
    assert intent_after(guard, "giải thể hộ kinh doanh luôn", ranking) == "ask_procedure_info"
    assert intent_after(guard, "đúng, giải thể hộ kinh doanh", ranking) == "affirm"


def test_a_reply_too_long_for_its_reading_is_a_procedure_question(guard):
    deny = [("deny", 0.56), ("ask_application_status", 0.15), ("ask_procedure_info", 0.1)]
    # no procedure the gazetteer knows, no "không": a question, not a "no"
    assert intent_after(guard, "the thua phat lai bi mat", deny, procedure=False) == "ask_procedure_info"
    assert intent_after(guard, "không phải cái đó đâu", deny, procedure=False) == "deny"
    assert intent_after(guard, "mất rồi", deny, procedure=False) == "deny"  # too short to say
    assert intent_after(guard, "Da dung roi em", deny, procedure=False) == "deny"  # a reply's words
    greet = [("greet", 0.9), ("ask_procedure_info", 0.05), ("ask_capabilities", 0.05)]
    # the opening line before a question is a greeting, however long
    assert intent_after(guard, "cho em hỏi chút nha ad", greet, procedure=False) == "greet"
    # unless it names a procedure: then it is the question
    asked = "cho hỏi chút, đăng ký kết hôn cần gì"
    assert intent_after(guard, asked, greet, procedure_name="đăng ký kết hôn") == "ask_procedure_info"


def test_an_unsure_reading_without_a_procedure_stays_a_fallback(guard):
    fee = [("ask_fee", 0.4), ("ask_documents", 0.35), ("ask_procedure_info", 0.25)]
    assert intent_after(guard, "bao nhiêu tiền", fee, procedure=False, fallback=True) == "nlu_fallback"


def test_a_long_story_without_the_intents_words_is_a_procedure_question(guard):
    story = "nhà tôi nuôi mấy con bò, nghe nói xã có hỗ trợ con giống cho hộ chăn nuôi"
    human = [("request_human", 0.5), ("ask_procedure_info", 0.3)]
    assert intent_after(guard, story, human, procedure=False) == "ask_procedure_info"
    # a short message, or one with the intent's own words, keeps its reading
    assert intent_after(guard, "bò nhà tôi", human, procedure=False) == "request_human"
    asks_a_person = "cho tôi gặp cán bộ xã để hỏi về hỗ trợ con giống cho hộ chăn nuôi"
    assert intent_after(guard, asks_a_person, human, procedure=False) == "request_human"


def test_a_fee_reduction_without_its_words_is_the_next_procedure_intent(guard):
    ranking = [("ask_fee_reduction", 0.8), ("ask_fee", 0.15), ("ask_documents", 0.05)]
    assert intent_after(guard, "đăng ký thế chấp xe tải thì lệ phí bao nhiêu", ranking) == "ask_fee"
    assert intent_after(guard, "nộp online có được giảm lệ phí không", ranking) == "ask_fee_reduction"


def test_a_procedure_name_is_not_a_cue_of_another_intent(guard):
    # "giảm" belongs to the procedure's name, so the documents are what is asked
    text = "tôi bị bệnh hiểm nghèo, xin giảm thuế thu nhập cá nhân hồ sơ gồm những gì"
    ranking = [("ask_fee_reduction", 0.8), ("ask_documents", 0.15), ("ask_procedure_info", 0.05)]
    assert intent_after(guard, text, ranking, procedure_name="giảm thuế thu nhập cá nhân") == "ask_documents"
    assert intent_after(guard, "đổi căn cước online có được giảm không", ranking) == "ask_fee_reduction"


def test_online_filing_without_its_words_gives_way(guard):
    ranking = [("ask_online_filing", 0.7), ("ask_documents", 0.2), ("ask_procedure_info", 0.1)]
    text = "muốn đăng ký chuyển đổi cây trồng trên đất lúa thì cần giấy gì"
    assert intent_after(guard, text, ranking) == "ask_documents"
    assert intent_after(guard, "đăng ký kết hôn làm trên VNeID được không", ranking) == "ask_online_filing"


def test_off_topic_naming_a_procedure_is_the_procedure_overview(guard):
    off = [("out_of_scope", 0.95), ("ask_procedure_info", 0.03), ("ask_fee", 0.02)]
    assert intent_after(guard, "Sang tên xe máy.", off, procedure_name="Sang tên xe máy") == "ask_procedure_info"
    assert intent_after(guard, "tối nay đá bóng mấy giờ, đội nào đá", off, procedure=False) == "out_of_scope"
