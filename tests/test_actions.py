"""Every action through the Rasa SDK against the real catalogue files."""

import datetime as dt
import json
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.router import (
    ActionAffirm,
    ActionAnswerProcedure,
    ActionApplicationStatus,
    ActionBotChallenge,
    ActionDefaultAskAffirmation,
    ActionDeny,
    ActionFeeReduction,
    ActionGoodbye,
    ActionHandleInform,
    ActionOnlineFiling,
    ActionOutOfScope,
    ActionRequestHuman,
    ActionServiceCentre,
)
from actions.service_centre import is_open
from actions.turn import ordinal
from bot.catalogue.client import CatalogueClient
from bot.catalogue.model import ServiceUnit, Source
from bot.replies import rating_request


def tracker(text, intent, entities=(), slots=None, ranking=(), before=(), confidence=0.0):
    """The tracker of a turn; ``before`` are the citizen's earlier messages."""
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": list(entities),
        "intent_ranking": list(ranking),
    }
    said = [{"event": "user", "text": t} for t in [*before, text]]
    return Tracker("citizen", slots or {}, message, said, False, None, {}, "action_listen")


async def run(action, *args, **kwargs):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(*args, **kwargs), {})
    return "\n".join(m.get("text") or "" for m in dispatcher.messages), dispatcher.messages, events


async def test_documents_answer_names_procedure_code_link_and_source():
    text, messages, events = await run(ActionAnswerProcedure(), "làm hộ chiếu cần giấy tờ gì", "ask_documents")
    assert "Cấp hộ chiếu phổ thông" in text and "mã 1.001456" in text and "Tờ khai mẫu TK01" in text
    assert "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf7-5fda" in text
    assert "Nguồn: Cổng Dịch vụ công quốc gia, dữ liệu ngày 20/07/2026; kiểm tra ngày 23/11/2026." in text
    assert {"event": "slot", "name": "procedure", "value": "1.001456", "timestamp": None} in events
    assert "Giấy tờ cần có" not in [b["title"] for b in messages[0]["buttons"]]
    assert messages[0]["custom"] == rating_request(), "an answer with its source asks for 👍/👎"


async def test_an_answer_read_from_typed_words_offers_the_next_procedures_they_fit():
    _, messages, _ = await run(ActionAnswerProcedure(), "làm hộ chiếu cần giấy tờ gì", "ask_documents")
    others = [b for b in messages[0]["buttons"] if b["title"].startswith("Thủ tục khác: ")]
    assert len(others) == 2 and all(b["payload"].startswith("/ask_documents{") for b in others), "same aspect"
    assert all('"1.001456"' not in b["payload"] for b in others), "not the one just answered"
    _, messages, _ = await run(
        ActionAnswerProcedure(), "", "ask_documents", entities=[{"entity": "procedure", "value": "1.001456"}]
    )
    assert not [b for b in messages[0]["buttons"] if b["title"].startswith("Thủ tục khác")], "a button chose it"


async def test_a_paper_named_inside_every_choice_does_not_answer_its_first_issue():
    """ "mat ho chieu bao o dau": the reports of a lost passport are offered; "hộ chiếu", which
    the NLU also finds, is inside each of their names and does not answer the passport's issue."""
    passport = [{"entity": "procedure", "value": "1.001456", "start": 4, "end": 12}]  # "ho chieu", a synonym
    text, messages, _ = await run(ActionAnswerProcedure(), "mat ho chieu bao o dau", "ask_agency", entities=passport)
    offered = [b["title"] for b in messages[0]["buttons"]]
    assert "1.001456" not in text and any("Trình báo mất hộ chiếu" in title for title in offered)


async def test_a_question_back_asks_for_no_rating():
    _, messages, _ = await run(ActionAnswerProcedure(), "làm căn cước", "ask_procedure_info")
    assert messages[0]["buttons"] and not messages[0].get("custom")


async def test_context_procedure_is_used_when_none_is_named():
    text, _, _ = await run(ActionAnswerProcedure(), "còn lệ phí?", "ask_fee", slots={"procedure": "1.014064"})
    assert "1.014064" in text and "35.000 đồng" in text and "Thông tư 64/2025/TT-BTC" in text


@pytest.mark.parametrize(
    "code, says",
    [
        ("1.001612", "do Cơ quan đăng ký kinh doanh cấp xã"),
        # the portal ends this agency with a full stop: not written mid-sentence
        ("2.001263", "do Ủy ban Nhân dân xã, phường, thị trấn giải quyết."),
    ],
)
async def test_agency_aspect_from_button_payload(code, says):
    text, _, _ = await run(
        ActionAnswerProcedure(),
        "",
        "ask_procedure_info",
        entities=[{"entity": "procedure", "value": code}, {"entity": "aspect", "value": "agency"}],
    )
    assert says in text


async def test_choice_by_ordinal_from_offered_list():
    slots = {"candidates": ["1.013225", "1.013226", "1.013227", "1.013228"], "aspect": "documents"}
    text, _, _ = await run(ActionAnswerProcedure(), "cái đầu tiên", "choose_option", slots=slots)
    assert "1.013225" in text and "Mẫu số 1 Phụ lục II" in text
    assert ordinal("cái thứ hai") == 2 and ordinal("cai cuoi") == -1 and ordinal("số 3") == 3


async def test_a_detail_added_after_an_answer_switches_to_the_sibling_it_points_at():
    slots = {"procedure": "1.000894", "aspect": "documents"}
    text, _, _ = await run(
        ActionHandleInform(), "chồng em người Hàn", "inform", slots=slots, before=["đăng ký kết hôn cần giấy tờ gì"]
    )
    assert "Đăng ký kết hôn có yếu tố nước ngoài (mã 2.000806) cần:" in text
    slots = {"procedure": "1.014062", "aspect": "documents"}
    text, _, _ = await run(
        ActionAnswerProcedure(),
        "con em 16 tuổi rồi",
        "ask_procedure_info",
        slots=slots,
        before=["làm căn cước cho con cần gì"],
    )
    assert "(mã 1.014061) cần:" in text, "the age told afterwards decides, and the documents are still what was asked"


async def test_a_detail_read_as_a_question_about_the_bot_is_still_a_detail():
    slots = {"procedure": "1.000894", "aspect": "documents"}
    text, _, _ = await run(
        ActionBotChallenge(), "chồng em người Hàn", "bot_challenge", slots=slots, before=["đăng ký kết hôn cần gì"]
    )
    assert "(mã 2.000806) cần:" in text
    _, messages, _ = await run(ActionBotChallenge(), "em là người hay máy", "bot_challenge")
    assert [m.get("response") for m in messages] == ["utter_bot_challenge"]


async def test_a_detail_read_as_yes_or_goodbye_is_answered_but_a_sure_yes_is_not():
    shops = {"candidates": ["1.001612", "2.000720", "2.000575", "1.001266", "1.001570"], "aspect": "overview"}
    said = ["thủ tục hộ kinh doanh sao vậy"]
    text, _, _ = await run(ActionAffirm(), "tui nghỉ bán luôn rồi", "affirm", slots=shops, before=said, confidence=0.84)
    assert "(mã 1.001266)" in text, "closing the shop, not 'yes'"
    stay = {"procedure": "1.004194", "aspect": "overview"}
    text, _, _ = await run(
        ActionGoodbye(), "hết hạn rồi", "goodbye", slots=stay, before=["đăng ký tạm trú làm sao"], confidence=0.8
    )
    assert "(mã 1.002755)" in text, "the extension, not 'goodbye'"
    _, messages, _ = await run(ActionAffirm(), "ok", "affirm", slots=shops, before=said, confidence=1.0)
    assert [m.get("response") for m in messages] == ["utter_affirm"]


async def test_a_detail_picks_among_the_procedures_offered():
    slots = {"candidates": ["1.014062", "1.014061", "1.014064", "1.014063"], "aspect": "fee"}
    for action, said, intent in [
        (ActionOutOfScope(), "bị mất", "out_of_scope"),
        (ActionAnswerProcedure(), "cái cũ bị mất rồi", "choose_option"),
    ]:
        text, _, events = await run(action, said, intent, slots=slots, before=["làm căn cước hết bao nhiêu"])
        assert "lệ phí thủ tục Cấp lại thẻ căn cước (mã 1.014064)" in text and "35.000 đồng" in text
        assert {"event": "slot", "name": "procedure", "value": "1.014064", "timestamp": None} in events


@pytest.mark.parametrize(
    "said, intent, slots, before, meant",
    [
        # the card for a child offered before, not a birth registration
        (
            "cho bé nhà em, bé mới 9 tuổi",
            "inform",
            {"candidates": ["1.014062", "1.014061", "1.014064"], "aspect": "documents"},
            "làm căn cước cần gì",
            "(mã 1.014062) cần:",
        ),
        # the household split among the detail's own choices, not a marriage
        (
            "con trai cưới vợ rồi, muốn tách ra riêng một hộ",
            "ask_procedure_info",
            {"procedure": "1.004222", "aspect": "overview"},
            "thủ tục hộ khẩu sao ad",
            "Tách hộ (mã 1.010038)",
        ),
    ],
)
async def test_a_detail_that_alone_reads_as_another_procedure_is_read_with_the_question_before(
    said, intent, slots, before, meant
):
    text, _, _ = await run(ActionAnswerProcedure(), said, intent, slots=slots, before=[before])
    assert meant in text and "thủ tục nào" not in text


async def test_a_commune_named_in_passing_says_where_to_file_a_procedure_of_the_communes():
    place = [{"entity": "location", "value": "Diên Phú"}]
    text, _, _ = await run(
        ActionAnswerProcedure(), "tôi ở Diên Phú, đăng ký kết hôn cần giấy tờ gì", "ask_documents", place
    )
    assert "(mã 1.000894) cần:" in text and "nay thuộc xã Diên Điền" in text
    assert "Anh/Chị nộp tại Bộ phận Một cửa của UBND xã Diên Điền." in text
    place = [{"entity": "location", "value": "Cam Lâm"}]
    text, _, _ = await run(ActionAnswerProcedure(), "làm hộ chiếu ở Cam Lâm mất bao lâu", "ask_processing_time", place)
    assert "(mã 1.001456)" in text and "Bộ phận Một cửa" not in text, "a passport is the province's, not the commune's"


async def test_a_former_district_named_in_passing_offers_its_communes_to_file_at():
    place = [{"entity": "location", "value": "huyện Vạn Ninh"}]
    _, messages, _ = await run(
        ActionAnswerProcedure(), "đăng ký khai sinh ở huyện Vạn Ninh", "ask_procedure_info", place
    )
    answer, where = messages
    assert "(mã 1.001193)" in answer["text"] and "Bộ phận Một cửa của UBND" not in answer["text"]
    assert "huyện Vạn Ninh cũ" in where["text"] and "5 đơn vị cấp xã" in where["text"]
    assert [b["title"] for b in where["buttons"]] == [
        "xã Vạn Ninh",
        "xã Đại Lãnh",
        "xã Tu Bông",
        "xã Vạn Thắng",
        "xã Vạn Hưng",
    ]
    place = [{"entity": "location", "value": "Ninh Sơn"}]
    _, messages, _ = await run(
        ActionAnswerProcedure(), "tôi ở Ninh Sơn, làm giấy khai tử cần gì", "ask_documents", place
    )
    assert "(mã 1.000656) cần:" in messages[0]["text"]
    assert "có thể là 3 nơi" in messages[1]["text"] and len(messages[1]["buttons"]) == 3


async def test_where_to_file_asked_with_a_place_gets_the_place_whatever_the_intent():
    """ "huyện Bác Ái cũ làm khai sinh ở đâu" read as a procedure question, not a place question:
    the agency, then the former district's communes to file at."""
    question = "huyện Bác Ái cũ làm khai sinh ở đâu"
    place = [{"entity": "location", "value": "huyện Bác Ái", "start": 0, "end": len("huyện Bác Ái")}]
    _, messages, _ = await run(ActionAnswerProcedure(), question, "ask_procedure_info", place)
    answer, where = messages
    assert "(mã 1.001193)" in answer["text"] and "cấp xã" in answer["text"]
    assert "huyện Bác Ái cũ" in where["text"] and len(where["buttons"]) == 4


async def test_the_procedures_offered_for_where_to_file_answer_where_to_file():
    _, messages, _ = await run(ActionAnswerProcedure(), "làm căn cước ở đâu", "ask_procedure_info")
    payloads = [json.loads("{" + b["payload"].partition("{")[2]) for b in messages[0]["buttons"]]
    assert len(payloads) > 1 and all(p["aspect"] == "agency" for p in payloads)


async def test_a_message_that_adds_nothing_to_the_question_before_is_not_read_with_it():
    slots = {"procedure": "1.000894", "aspect": "documents"}
    before = ["đăng ký kết hôn cần giấy tờ gì"]
    _, messages, _ = await run(
        ActionOutOfScope(), "thời tiết Nha Trang hôm nay thế nào", "out_of_scope", slots=slots, before=before
    )
    assert [m.get("response") for m in messages] == ["utter_out_of_scope"]
    text, messages, _ = await run(
        ActionAnswerProcedure(),
        "làm căn cước cần gì",
        "ask_documents",
        [{"entity": "procedure", "value": "căn cước"}],
        slots,
        before=before,
    )
    assert "thủ tục nào" in text and all("căn cước" in b["title"] for b in messages[0]["buttons"]), "a new question"
    slots = {"procedure": "1.001456", "aspect": "time"}
    text, _, _ = await run(
        ActionAnswerProcedure(),
        "đăng ký khai tử thế nào",
        "ask_procedure_info",
        slots=slots,
        before=["làm hộ chiếu mất bao lâu"],
    )
    assert "Đăng ký khai tử (mã 1.000656), lĩnh vực" in text, "a procedure named anew gets its overview, not the time"


async def test_no_after_an_answer_offers_what_else_the_question_may_mean():
    question = "Tui được cấp giấy phép xây nhà 2 tầng rồi, giờ đổi ý muốn làm thêm tầng 3. Có phải xin lại không?"
    said = [
        {"event": "user", "text": question},
        {"event": "slot", "name": "procedure", "value": "1.013228"},
        {"event": "user", "text": "không phải"},
    ]
    message = {"text": "không phải", "intent": {"name": "deny"}, "entities": []}
    slots = {"procedure": "1.013228", "aspect": "overview"}
    dispatcher = CollectingDispatcher()
    events = await ActionDeny().run(
        dispatcher, Tracker("citizen", slots, message, said, False, None, {}, "action_listen"), {}
    )
    offered = [json.loads("{" + b["payload"].partition("{")[2])["procedure"] for b in dispatcher.messages[0]["buttons"]]
    assert dispatcher.messages[0]["text"].startswith("Dạ, em xin lỗi Anh/Chị.")
    assert offered[0] == "1.013226" and "1.013228" not in offered, "the permit's change first, not the re-issue again"
    assert {"event": "slot", "name": "candidates", "value": offered, "timestamp": None} in events
    # without an answer just given, "không phải" is acknowledged
    _, messages, _ = await run(ActionDeny(), "không phải", "deny", slots=slots, before=[question])
    assert [m.get("response") for m in messages] == ["utter_deny"]


async def test_nothing_found_gives_portal_search_link():
    text, _, _ = await run(ActionAnswerProcedure(), "thủ tục nuôi khủng long cảnh", "ask_procedure_info")
    assert "chưa tìm thấy thủ tục" in text and "tim-kiem-thu-tuc-hanh-chinh?keyword=" in text


async def test_unsure_guesses_come_with_the_portal_search_link():
    # "nuôi cá" is near aquaculture's words, but none of those procedures is clearly meant
    text, _, _ = await run(ActionAnswerProcedure(), "thủ tục nuôi cá sấu cảnh", "ask_procedure_info")
    assert "chưa chắc" in text and "tim-kiem-thu-tuc-hanh-chinh?keyword=" in text


async def test_online_filing_general_and_for_procedure():
    for question in ("nộp online thế nào", "làm sao để nộp hồ sơ trên cổng dịch vụ công"):
        text, _, _ = await run(ActionOnlineFiling(), question, "ask_online_filing")
        assert "VNeID" in text and "Thanh toán lệ phí" in text and not re.search(r"mã \d\.\d{6}", text), question
    text, _, _ = await run(ActionOnlineFiling(), "chứng thực bản sao làm online được không", "ask_online_filing")
    assert "2.000815" in text and "chưa nộp trực tuyến được" in text


async def test_the_words_asking_an_aspect_outweigh_the_intent():
    """The classifier reads "công an xã" as a place question and "định danh" as online filing;
    the words "mất bao lâu" and "cần mang gì" say what is asked."""
    text, _, _ = await run(
        ActionServiceCentre(),
        "hòa giải ở xã không thành, giờ nhờ chủ tịch xã giải quyết tranh chấp đất thì mất bao lâu",
        "ask_service_center",
    )
    assert "1.013967" in text and "thời gian giải quyết" in text and "Nơi nộp" not in text
    text, _, _ = await run(ActionOnlineFiling(), "đổi bằng lái xe cần mang gì", "ask_online_filing")
    assert "3.000347" in text and "cần:" in text and "các bước nộp hồ sơ trực tuyến" not in text
    text, _, _ = await run(ActionFeeReduction(), "làm hộ chiếu cần mang theo gì", "ask_fee_reduction")
    assert "1.001456" in text and "cần:" in text


async def test_a_place_named_in_passing_does_not_choose_the_procedure():
    """ "nhà tôi ở Cam Lâm": the home is where to file; "nhà" does not make it a house sale."""
    question = "nhà tôi ở Cam Lâm làm sổ đỏ ở đâu"
    start = question.index("Cam Lâm")
    place = [{"entity": "location", "value": "Cam Lâm", "start": start, "end": start + len("Cam Lâm")}]
    _, messages, _ = await run(ActionServiceCentre(), question, "ask_service_center", entities=place)
    offered = [b["payload"] for b in messages[0]["buttons"]]
    assert any("1.013978" in p for p in offered) and any("1.013831" in p for p in offered)


async def test_fee_reduction_for_procedure_and_today():
    text, _, _ = await run(ActionFeeReduction(), "đổi căn cước online có được giảm không", "ask_fee_reduction")
    assert "1.014063" in text and "25.000 đồng" in text
    text, _, _ = await run(ActionFeeReduction(), "đổi bằng lái online được giảm không", "ask_fee_reduction")
    assert "135.000 đồng" in text and "đã hết hiệu lực sau 31/12/2025" in text
    text, _, _ = await run(ActionFeeReduction(), "có giảm lệ phí gì không", "ask_fee_reduction")
    assert "Thông tư 64/2025/TT-BTC" in text and "chưa xác minh được thời hạn" in text
    # "giảm phí" asks the reduction, it names no procedure (the enforcement fee's "miễn, giảm phí")
    text, _, _ = await run(ActionFeeReduction(), "nộp hồ sơ online có được giảm phí không", "ask_fee_reduction")
    assert "Thông tư 64/2025/TT-BTC" in text and "thi hành án" not in text


async def test_service_centre_for_places():
    text, messages, events = await run(ActionServiceCentre(), "huyện Cam Lâm cũ nộp ở đâu", "ask_service_center")
    assert "huyện Cam Lâm cũ" in text and "không còn là đơn vị hành chính" in text and "26 Hoàng Hoa Thám" in text
    assert [b["title"] for b in messages[0]["buttons"]] == ["xã Cam Hiệp", "xã Cam Lâm", "xã Suối Dầu", "xã Cam An"]
    text, _, events = await run(ActionServiceCentre(), "phường Bắc Nha Trang", "ask_service_center")
    assert "phường Bắc Nha Trang (gồm" in text and "phường Vĩnh Hải" in text
    assert "Bộ phận Một cửa của UBND phường Bắc Nha Trang" in text and "chưa có thông tin đã xác minh" in text
    assert {"event": "slot", "name": "location", "value": "phường Bắc Nha Trang", "timestamp": None} in events
    text, _, _ = await run(ActionServiceCentre(), "trung tâm hành chính công ở đâu", "ask_service_center")
    assert "26 Hoàng Hoa Thám" in text and "65 đơn vị hành chính cấp xã" in text


async def test_a_shared_name_is_asked_never_guessed():
    _, messages, _ = await run(ActionServiceCentre(), "tôi ở Ninh Sơn thì nộp hồ sơ ở đâu", "ask_service_center")
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == ["xã Ninh Sơn (hiện nay)", "xã Ninh Sơn cũ (thị xã Ninh Hòa cũ)", "huyện Ninh Sơn cũ"]
    expected = [
        "Dạ, xã Ninh Sơn (gồm",
        "Dạ, xã Ninh Sơn cũ (tỉnh Khánh Hòa, thị xã Ninh Hòa) nay thuộc xã Bắc Ninh Hòa",
    ]
    expected.append("Dạ, huyện Ninh Sơn cũ (tỉnh Ninh Thuận) không còn")
    for button, start in zip(messages[0]["buttons"], expected):
        location = json.loads("{" + button["payload"].partition("{")[2])["location"]
        text, _, _ = await run(
            ActionServiceCentre(), "", "ask_service_center", entities=[{"entity": "location", "value": location}]
        )
        assert text.startswith(start)
    _, messages, _ = await run(ActionServiceCentre(), "Vạn Thạnh", "ask_service_center")
    assert len(messages[0]["buttons"]) == 2
    text, _, _ = await run(ActionServiceCentre(), "phường Ninh Hòa", "ask_service_center")
    assert text.startswith("Dạ, phường Ninh Hòa (gồm")


async def test_a_position_gives_the_nearest_communes_and_says_it_is_a_centroid():
    text, messages, _ = await run(
        ActionServiceCentre(),
        "",
        "ask_service_center",
        entities=[{"entity": "latitude", "value": 12.25}, {"entity": "longitude", "value": 109.19}],
    )
    assert "phường Nha Trang: khoảng" in text and "tâm địa giới" in text
    assert "chưa có tọa độ đã xác minh" in text, "the provincial centre has no verified coordinates"
    assert messages[0]["buttons"][0]["title"] == "phường Nha Trang"
    far, _, _ = await run(
        ActionServiceCentre(),
        "",
        "ask_service_center",
        entities=[{"entity": "latitude", "value": 21.03}, {"entity": "longitude", "value": 105.85}],
    )
    assert "hơn 60 km" in far


def unit(name, lat, lon, hours=None):
    return ServiceUnit(
        name,
        "commune_one_stop",
        name,
        None,
        hours,
        None,
        lat,
        lon,
        [],
        Source("test", None, None),
        dt.date(2026, 1, 1),
        [],
    )


def test_open_now():
    office = unit("D", None, None, hours={"mon": ["07:00-11:30", "13:30-17:00"], "sat": ["07:00-11:30"]})
    tz = dt.timezone(dt.timedelta(hours=7))
    assert is_open(office, dt.datetime(2026, 11, 23, 9, 0, tzinfo=tz)) is True  # Monday morning
    assert is_open(office, dt.datetime(2026, 11, 23, 12, 0, tzinfo=tz)) is False  # lunch
    assert is_open(office, dt.datetime(2026, 11, 23, 2, 30, tzinfo=dt.timezone.utc)) is True  # 09:30 in Vietnam
    assert is_open(office, dt.datetime(2026, 11, 29, 9, 0, tzinfo=tz)) is False  # Sunday
    assert is_open(unit("E", None, None), dt.datetime(2026, 11, 23, 9, 0, tzinfo=tz)) is None


@pytest.mark.parametrize(
    "question, answered",
    [
        ("giờ muốn nộp hồ sơ cấp lại thẻ căn cước ở xã thì hồ sơ gồm những gì", "1.014064"),
        ("hộ kinh doanh của tui muốn tạm ngừng kinh doanh vài tháng", "1.001570"),
        ("nhà tui nuôi dê muốn chở qua tỉnh khác bán thì giấy kiểm dịch làm sao", "kiểm dịch động vật"),
        # "tình trạng" belongs to the procedure's name here, it asks no progress
        ("bảo tàng muốn trưng bày súng cũ đã vô hiệu hóa, xin xác nhận tình trạng vũ khí ở đâu", "1.013440"),
        ("tình trạng hồ sơ làm sổ đỏ của tôi", None),
        ("hồ sơ căn cước của tôi đang xử lý chưa", None),
        ("hồ sơ của tôi nộp tuần trước giờ sao rồi", None),
        # a dossier sent back is no customs return of goods ("hàng hóa … bị trả lại")
        ("hồ sơ bị trả lại thì sao", None),
        # progress words of something else: the steps of a procedure, tax paid, a test result
        ("thủ tục đóng cửa mỏ cát cấp tỉnh gồm những bước nào", "đóng cửa mỏ"),
        ("đi làm bên Hàn đã nộp thuế thu nhập bên đó, về quyết toán có được trừ số thuế đã nộp không", "1.008543"),
        ("hồ sơ căn cước tôi đã nộp tuần trước tới bước nào rồi", None),
    ],
)
async def test_a_status_reading_without_a_dossier_code(question, answered):
    """A message the NLU took for a status check: a procedure question (it asks no dossier's
    progress) gets the procedure or the ones its words point at; a progress question, how to
    look the dossier up."""
    text, _, _ = await run(ActionApplicationStatus(), question, "ask_application_status")
    if answered:
        assert answered in text and "tra cứu" not in text
    else:
        assert "tra cứu" in text


async def test_status_human_inform_and_affirmation():
    text, _, _ = await run(
        ActionApplicationStatus(),
        "kiểm tra hồ sơ",
        "ask_application_status",
        entities=[{"entity": "dossier_code", "value": "000.00.31.H35-251020-0012"}],
    )
    assert "000.00.31.H35-251020-0012" in text and "https://dichvucong.khanhhoa.gov.vn" in text
    text, _, _ = await run(ActionRequestHuman(), "gặp nhân viên", "request_human")
    assert "tổng đài hỗ trợ của Cổng Dịch vụ công quốc gia: 18001096." in text
    assert "Anh/Chị cũng có thể hỏi trực tiếp cán bộ tại Bộ phận Một cửa" in text
    assert "Nguồn: Cổng Dịch vụ công quốc gia, chân trang" in text, "the hotline's source, from portal.yml"
    text, _, _ = await run(
        ActionHandleInform(), "Diên Khánh", "inform", entities=[{"entity": "location", "value": "Diên Khánh"}]
    )
    assert "xã Diên Điền" in text
    text, _, _ = await run(
        ActionHandleInform(),
        "chuyển đăng ký mô tô nước về Diên Khánh",
        "inform",
        entities=[{"entity": "location", "value": "Diên Khánh"}],
    )
    assert "phương tiện hoạt động vui chơi, giải trí dưới nước" in text, "a procedure in words the gazetteer lacks"
    assert text.startswith("Dạ, thủ tục"), "the procedure is answered, the place only says where to file"
    text, _, _ = await run(
        ActionHandleInform(),
        "à không, ý tôi là khai tử",
        "inform",
        entities=[{"entity": "procedure", "value": "khai tử"}],
        slots={"procedure": "1.000894", "aspect": "documents"},
    )
    assert "1.000656" in text and "Giấy báo tử" in text
    _, messages, _ = await run(
        ActionDefaultAskAffirmation(),
        "phi sao",
        "nlu_fallback",
        ranking=[{"name": "nlu_fallback"}, {"name": "ask_fee"}],
    )
    assert "lệ phí" in messages[0]["text"] and messages[0]["buttons"][0]["payload"] == "/ask_fee"


@pytest.mark.parametrize("message", ["?", "...", "!!!", "😀"])
async def test_a_message_without_a_word_is_asked_to_be_rephrased_not_confirmed(message):
    _, messages, _ = await run(
        ActionDefaultAskAffirmation(), message, "nlu_fallback", ranking=[{"name": "nlu_fallback"}, {"name": "ask_fee"}]
    )
    assert [m.get("response") for m in messages] == ["utter_ask_rephrase"], "no 'did you mean the fee?'"


async def test_an_unsure_status_reading_of_a_procedure_question_is_answered():
    """The two-stage fallback does not ask "did you mean a dossier look-up?" about a situation
    whose "hồ sơ" asks what to file."""
    text, messages, _ = await run(
        ActionDefaultAskAffirmation(),
        "công ty tui mới nhận chuyển nhượng văn phòng thừa phát lại, giờ đăng ký thay đổi nội dung hoạt động thì hồ sơ cần gì",
        "nlu_fallback",
        ranking=[{"name": "nlu_fallback"}, {"name": "ask_application_status"}, {"name": "ask_documents"}],
    )
    assert "Thừa phát lại" in text and "tra cứu tình trạng" not in text


@pytest.mark.parametrize("aspect_intent", ["ask_documents", "ask_processing_time", "ask_fee", "ask_procedure_info"])
async def test_every_procedure_answers_every_aspect_without_error(aspect_intent):
    for proc in CatalogueClient().get().procedures:
        text, _, _ = await run(
            ActionAnswerProcedure(), "", aspect_intent, entities=[{"entity": "procedure", "value": proc.key}]
        )
        assert proc.called in text and "Nguồn:" in text, "named with its code, in the sentence's case"


async def test_an_imported_procedure_is_answered_in_the_portals_words():
    text, messages, _ = await run(
        ActionAnswerProcedure(), "đăng ký nuôi con nuôi trong nước cần giấy tờ gì", "ask_documents"
    )
    assert "(mã 2.001263)" in text and "cần:" in text
    assert "Thông tin trích nguyên văn từ Cổng Dịch vụ công quốc gia" in text
    assert "Nguồn: Cổng Dịch vụ công quốc gia, dữ liệu ngày 20/07/2026" in text
    assert "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/" in text


async def test_a_time_without_a_unit_is_quoted_not_completed():
    slots = {"procedure": "1.004884"}
    text, _, _ = await run(ActionAnswerProcedure(), "mất mấy ngày", "ask_processing_time", slots=slots)
    assert "5 (Cổng không ghi đơn vị)" in text


async def test_several_aspects_in_one_question_are_each_answered():
    text, messages, events = await run(
        ActionAnswerProcedure(), "đăng ký kết hôn mất bao lâu, tốn bao nhiêu tiền", "ask_fee"
    )
    assert "thời gian giải quyết thủ tục Đăng ký kết hôn" in text and "lệ phí thủ tục Đăng ký kết hôn" in text
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Lệ phí" not in titles and "Thời gian giải quyết" not in titles


async def test_words_that_point_nowhere_clearly_get_the_best_three_to_choose_from():
    text, messages, events = await run(ActionAnswerProcedure(), "hỗ trợ cho người trồng rau", "ask_procedure_info")
    assert "em chưa chắc Anh/Chị muốn hỏi thủ tục nào" in text
    assert 1 <= len(messages[0]["buttons"]) <= 3
    assert any(e.get("name") == "candidates" for e in events)


async def test_everyday_words_for_a_field_lead_to_its_procedures():
    # "nuôi bò" is "chăn nuôi" in the catalogue's words: its support procedures are offered
    text, messages, _ = await run(ActionAnswerProcedure(), "hỗ trợ cho người nuôi bò", "ask_procedure_info")
    assert all("chăn nuôi" in b["title"] or "hỗ trợ" in b["title"].lower() for b in messages[0]["buttons"])
    offered = [CatalogueClient().get().procedure(code) for code in re.findall(r"mã (\d\.\d{6})", text)]
    assert len(offered) >= 2 and all(p.field == "Chăn nuôi" and "hỗ trợ" in p.name for p in offered)


async def test_a_place_in_passing_answers_the_procedure_and_the_place():
    entities = [{"entity": "location", "value": "Diên Khánh"}]
    text, _, _ = await run(
        ActionServiceCentre(),
        "nhà tôi ở Diên Khánh, đăng ký khai tử thì nộp ở đâu",
        "ask_service_center",
        entities=entities,
    )
    assert "Đăng ký khai tử (mã 1.000656)" in text and "Diên Khánh" in text


async def test_a_place_in_passing_keeps_a_procedure_the_words_only_point_at():
    # the words point at the animal quarantine procedures without naming one: they are offered,
    # then the place; a question about an office and a place alone stays a place question
    entities = [{"entity": "location", "value": "Khánh Sơn"}]
    question = "Chở 1 xe bò từ Khánh Sơn đi Đắk Lắk bán thì xin giấy kiểm dịch ở đâu?"
    text, messages, _ = await run(ActionServiceCentre(), question, "ask_service_center", entities=entities)
    assert "kiểm dịch động vật" in messages[0]["text"] and "Khánh Sơn" in text
    entities = [{"entity": "location", "value": "phường Nha Trang"}]
    text, messages, _ = await run(
        ActionServiceCentre(), "UBND phường Nha Trang ở đâu", "ask_service_center", entities=entities
    )
    assert messages[0]["text"].startswith("Dạ, phường Nha Trang (gồm")


async def test_a_situation_read_as_asking_for_a_person_gets_its_procedure_and_the_hotline():
    question = "Công ty dịch vụ bảo vệ của tui muốn trang bị dùi cui điện, bình xịt hơi cay cho nhân viên"
    text, _, _ = await run(ActionRequestHuman(), question, "request_human")
    assert "Cấp Giấy phép trang bị công cụ hỗ trợ (mã 1.013432)" in text and "18001096" in text


async def test_an_off_topic_reading_of_a_procedure_question_is_answered():
    text, _, _ = await run(ActionOutOfScope(), "ông nội vừa qua đời thì làm giấy gì", "out_of_scope")
    assert "Đăng ký khai tử (mã 1.000656)" in text
    _, messages, _ = await run(ActionOutOfScope(), "giá vàng hôm nay bao nhiêu", "out_of_scope")
    assert messages[0]["response"] == "utter_out_of_scope"


async def test_an_off_topic_reading_answers_an_aspect_only_the_nlu_weighs():
    """ "có phải báo công an không" asks whether to report, not the fee the NLU ranks third at 0.09."""
    question = "cháu ở Sài Gòn ra chơi một tuần có phải báo công an không"
    faint = [("out_of_scope", 0.86), ("greet", 0.03), ("ask_fee", 0.09)]
    ranking = [{"name": name, "confidence": confidence} for name, confidence in faint]
    text, _, _ = await run(ActionOutOfScope(), question, "out_of_scope", ranking=ranking)
    assert "Thông báo lưu trú (mã 2.001159)" in text and "lệ phí" not in text
    weighed = [{"name": "out_of_scope", "confidence": 0.6}, {"name": "ask_fee", "confidence": 0.35}]
    text, _, _ = await run(ActionOutOfScope(), question, "out_of_scope", ranking=weighed)
    assert "lệ phí" in text


ENDING_RULES = [r for r in CatalogueClient().get().rules if r.valid_to]


@pytest.mark.parametrize("rule", ENDING_RULES, ids=lambda r: r.id)
async def test_a_fee_rule_is_quoted_until_its_last_day_and_never_after(monkeypatch, rule):
    monkeypatch.setenv("TTHC_TODAY", rule.valid_to.isoformat())
    on_last_day, _, _ = await run(ActionFeeReduction(), "hiện nay có giảm lệ phí gì không", "ask_fee_reduction")
    monkeypatch.setenv("TTHC_TODAY", (rule.valid_to + dt.timedelta(days=1)).isoformat())
    day_after, _, _ = await run(ActionFeeReduction(), "hiện nay có giảm lệ phí gì không", "ask_fee_reduction")
    in_force = rule.valid_from is None or rule.valid_from <= rule.valid_to
    assert (f"• {rule.title}:" in on_last_day) == in_force and rule.scope in ("national", "khanh-hoa")
    assert f"• {rule.title}:" not in day_after, "an expired rule is never quoted as current"


async def test_a_procedure_fee_changes_the_day_after_its_reduced_rate_ends(monkeypatch):
    # Cấp đổi thẻ căn cước: 50% under Thông tư 64/2025/TT-BTC until 31/12/2026
    monkeypatch.setenv("TTHC_TODAY", "2026-12-31")
    last_day, _, _ = await run(ActionAnswerProcedure(), "cấp đổi căn cước lệ phí bao nhiêu", "ask_fee")
    monkeypatch.setenv("TTHC_TODAY", "2027-01-01")
    day_after, _, _ = await run(ActionAnswerProcedure(), "cấp đổi căn cước lệ phí bao nhiêu", "ask_fee")
    assert "• Nộp trực tiếp: 25.000 đồng" in last_day and "hết hiệu lực từ sau 31/12/2026" not in last_day
    assert "• Nộp trực tiếp: 50.000 đồng" in day_after and "đã hết hiệu lực từ sau 31/12/2026" in day_after
