"""The place-question guard, configured as in config.yml, on messages as DIET and the gazetteer leave them."""

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.place_questions import PlaceQuestionGuard
from bot.places.mentions import without_places

CONFIG = yaml.safe_load((Path(__file__).parents[1] / "config.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def guard():
    settings = next(c for c in CONFIG["pipeline"] if c["name"].endswith("PlaceQuestionGuard"))
    return PlaceQuestionGuard({**PlaceQuestionGuard.get_default_config(), **settings})


def intent_after(guard, text, intent, place=True, span=(0, 1), confidence=0.7):
    ranking = [{"name": intent, "confidence": confidence}, {"name": "ask_service_center", "confidence": 0.1}]
    entities = [{"entity": "location", "value": "x", "start": span[0], "end": span[1]}] if place else []
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking, "entities": entities})
    guard.process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize(
    "text, intent",
    [
        ("nha o Cam Nghia thi lam giay to o dau", "ask_procedure_info"),
        ("phường Tân Tiến trước đây nay thuộc phường nào ạ", "out_of_scope"),
        ("thi tran truong sa gio thuoc xa nao", "nlu_fallback"),
        ("mình ở Vạn Phú muốn làm giấy khai sinh cho con thì lên đâu", "ask_procedure_info"),
    ],
)
def test_a_place_and_a_where_word_make_a_where_to_file_question(guard, text, intent):
    assert intent_after(guard, text, intent) == "ask_service_center"


def test_an_unsure_reading_with_a_place_and_a_where_word_is_a_where_to_file_question(guard):
    text = "phường Cam Phúc Nam trước đây nay thuộc phường xã nào ạ"
    assert intent_after(guard, text, "ask_online_filing", confidence=0.14) == "ask_service_center"
    assert intent_after(guard, "nộp online ở đâu, tôi ở Nha Trang", "ask_online_filing") == "ask_online_filing"


def test_other_questions_keep_their_reading(guard):
    assert intent_after(guard, "ở Nha Trang làm hộ chiếu mất bao lâu", "ask_processing_time") == "ask_processing_time"
    assert intent_after(guard, "làm hộ chiếu ở đâu", "ask_procedure_info", place=False) == "ask_procedure_info"
    assert intent_after(guard, "hồ sơ nộp ở Cam Lâm tới đâu rồi", "ask_application_status") == "ask_application_status"


def test_asking_which_unit_a_place_is_now_is_a_where_to_file_question_whatever_was_read(guard):
    text = "Trường Sa giờ là xã nào"
    assert intent_after(guard, text, "ask_application_status", span=(0, 9), confidence=0.92) == "ask_service_center"


def test_a_place_named_with_its_kind_alone_is_no_yes_or_no(guard):
    assert intent_after(guard, "huyện Trường Sa", "deny", span=(0, 15), confidence=0.58) == "ask_service_center"
    assert intent_after(guard, "đúng rồi, huyện Cam Lâm", "affirm", span=(10, 23)) == "affirm"


def test_a_message_that_is_only_a_place_is_a_where_to_file_question(guard):
    assert intent_after(guard, "TP. nha trang cu", "ask_documents", span=(0, 13)) == "ask_service_center"
    assert intent_after(guard, "huyện Thuận Nam", "ask_application_status", span=(0, 15)) == "ask_service_center"
    where_i_live = "nhà tôi ở Vạn Thạnh"  # the lead-in is not another word
    assert intent_after(guard, where_i_live, "nlu_fallback", span=(10, 19), confidence=0.45) == "ask_service_center"
    story = "tôi ở Nha Trang muốn hỏi chuyện này"
    assert intent_after(guard, story, "ask_procedure_info", span=(6, 15)) == "ask_procedure_info"


def test_a_place_name_alone_is_no_yes_or_no_but_a_yes_with_a_place_stays_a_yes(guard):
    assert intent_after(guard, "Trường Sa", "deny", span=(0, 9)) == "ask_service_center"
    assert intent_after(guard, "đúng rồi, Cam Lâm", "affirm", span=(10, 17)) == "affirm"
    assert intent_after(guard, "Cam Ranh", "inform", span=(0, 8)) == "inform", "a bare answer already goes to the place"


def test_the_lead_in_of_a_place_is_whose_home_not_a_rented_house():
    """ "nhà tôi ở" and a sentence's "nhà ở" lead into a place; in "thuê nhà ở Nha Trang" the
    house is what is rented and stays in the procedure words."""

    def without(text, place):
        start = text.index(place)
        return " ".join(without_places(text, [{"start": start, "end": start + len(place)}]).split())

    assert without("nhà tôi ở Vạn Thạnh, làm sổ đỏ ở đâu", "Vạn Thạnh") == ", làm sổ đỏ ở đâu"
    assert without("nhà ở Cam Lâm làm sổ đỏ", "Cam Lâm") == "làm sổ đỏ"
    assert (
        without("thuê nhà ở Nha Trang để đi làm, đăng ký tạm trú", "Nha Trang") == "thuê nhà để đi làm, đăng ký tạm trú"
    )
    # not led into, a place keeps its kind of unit: the office's level stays in the question
    assert without("báo mất hộ chiếu ở công an phường Nam Nha Trang", "phường Nam Nha Trang") == (
        "báo mất hộ chiếu ở công an phường"
    )
    assert without("nhà tôi ở phường Vĩnh Hải, làm sổ đỏ ở đâu", "phường Vĩnh Hải") == ", làm sổ đỏ ở đâu"
    # "cũ" after a place says it is the former unit: it asks for no re-issue
    assert without("tôi ở huyện Diên Khánh cũ, làm giấy khai sinh ở đâu", "huyện Diên Khánh") == (
        ", làm giấy khai sinh ở đâu"
    )
    assert without("Ninh Hòa (trước đây) làm khai sinh", "Ninh Hòa") == "làm khai sinh"
    assert without("ở Cam Lâm cụ ông cần làm gì", "Cam Lâm") == "cụ ông cần làm gì", "an elder is no 'cũ'"
    # not led into, the kind stays apart from the words after the place
    assert without("Huyện Bát Ái cũ đăng ký tạm trú ở đâu", "Huyện Bát Ái") == "Huyện đăng ký tạm trú ở đâu"
