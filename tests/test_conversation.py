"""End to end through the REST channel: real Rasa server, real action server, real catalogue."""

import json
import re

import pytest


def test_follow_ups_stay_on_the_same_procedure(citizen):
    first = citizen.text("đăng ký kết hôn cần giấy tờ gì")
    assert "Đăng ký kết hôn (mã 1.000894)" in first
    assert "Tờ khai đăng ký kết hôn" in first
    assert "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/" in first and "Nguồn:" in first
    fee = citizen.text("còn lệ phí?")
    assert "1.000894" in fee and "Miễn lệ phí" in fee
    online = citizen.text("nộp online được không?")
    assert "1.000894" in online and "có thể nộp trực tuyến" in online


def test_a_detail_told_afterwards_is_read_with_the_question_before(citizen):
    assert "(mã 1.000894) cần:" in citizen.text("đăng ký kết hôn cần giấy tờ gì")
    assert "Đăng ký kết hôn có yếu tố nước ngoài (mã 2.000806) cần:" in citizen.text("vợ tôi quốc tịch Hàn Quốc")
    assert "thủ tục nào" in citizen.text("làm căn cước hết bao nhiêu tiền")
    lost = citizen.text("cái cũ bị mất rồi")
    assert "lệ phí thủ tục Cấp lại thẻ căn cước (mã 1.014064)" in lost and "35.000 đồng" in lost


def test_where_to_file_right_after_an_answer_is_that_procedures_agency(citizen):
    assert "(mã 1.001193)" in citizen.text("con tôi mới sinh")
    where = citizen.text("làm ở đâu")
    assert "Đăng ký khai sinh (mã 1.001193), thuộc cấp xã, do Ủy ban nhân dân cấp xã giải quyết" in where


def test_a_detail_the_nlu_reads_as_a_status_check_or_a_yes_still_picks_the_procedure(citizen):
    citizen.say("căn cước làm ở đâu z")
    assert "Cấp đổi thẻ căn cước (mã 1.014063)" in citizen.text("cái của tui hết hạn rồi")
    citizen.say("thu tuc ho kinh doanh sao vay")
    assert "Chấm dứt hoạt động hộ kinh doanh (mã 1.001266)" in citizen.text("tui nghi ban luon roi")


def test_no_after_an_answer_offers_the_other_procedures_the_question_fits(citizen):
    first = citizen.say("được cấp giấy phép xây nhà 2 tầng rồi, giờ muốn làm thêm tầng 3 thì có phải xin lại không")
    answered = re.search(r"\(mã ([\d.]+)\)", first[0]["text"]).group(1)
    other = citizen.say("không phải")
    offered = [json.loads("{" + b["payload"].partition("{")[2])["procedure"] for b in other[0]["buttons"]]
    assert "em xin lỗi" in other[0]["text"] and offered and answered not in offered
    assert all("giấy phép xây dựng" in b["title"].lower() for b in other[0]["buttons"])


def test_answers_offer_the_other_aspects_as_buttons(citizen):
    messages = citizen.say("làm hộ chiếu mất bao lâu")
    assert "8 ngày làm việc" in messages[0]["text"]
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "Lệ phí" in titles and "Thời gian giải quyết" not in titles
    fee_button = next(b for b in messages[0]["buttons"] if b["title"] == "Lệ phí")
    fee = citizen.text(fee_button["payload"])
    assert "200.000 đồng" in fee and "đã hết hiệu lực" in fee


def test_without_diacritics_and_in_chat_style(citizen):
    assert "1.000894" in citizen.text("dang ky ket hon can giay to gi")
    assert "1.001456" in citizen.text("lam ho chieu het bn tien z ad")
    # unaccented "hong" is "không" in chat, but "hồng" after "sổ": a question, not a "no"
    assert "thủ tục nào" in citizen.text("lam so hong")


def test_siblings_are_clarified_and_the_second_choice_is_taken(citizen):
    messages = citizen.say("làm giấy khai sinh cần giấy tờ gì")
    assert "thủ tục nào" in messages[0]["text"]
    buttons = messages[0]["buttons"]
    assert len(buttons) >= 2 and all("khai sinh" in b["title"].lower() for b in buttons)
    shown_second = json.loads("{" + buttons[1]["payload"].partition("{")[2])["procedure"]
    second = citizen.text("cái thứ hai")
    assert f"(mã {shown_second})" in second and "cần:" in second


def test_correction_switches_procedure(citizen):
    assert "1.001456" in citizen.text("làm hộ chiếu cần giấy tờ gì")
    switched = citizen.text("à không, ý tôi là đăng ký kết hôn")
    assert "1.000894" in switched and "Tờ khai đăng ký kết hôn" in switched


def test_unknown_fields_are_admitted_not_invented(citizen):
    reply = citizen.text("trợ cấp hưu trí xã hội cần giấy tờ gì")
    assert "1.014027" in reply and "chưa có thông tin đã xác minh" in reply


def test_fee_reduction_for_a_procedure_and_rules_in_force(citizen):
    reply = citizen.text("đăng ký thường trú nộp online có được giảm lệ phí không")
    assert "20.000 đồng" in reply and "10.000 đồng" in reply and "tiết kiệm 10.000 đồng" in reply
    other = citizen
    other.sender += "-2"
    rules = other.text("hiện nay có giảm lệ phí gì không")
    assert "Thông tư 64/2025/TT-BTC" in rules
    assert "Thông tư 44/2023" not in rules  # expired on 31/12/2023


def test_former_district_maps_to_current_communes(citizen):
    reply = citizen.text("tôi ở huyện Diên Khánh thì nộp hồ sơ ở đâu")
    assert "không còn là đơn vị hành chính" in reply
    assert "xã Diên Lạc" in reply and "26 Hoàng Hoa Thám" in reply
    assert "Giờ làm việc: em chưa có thông tin đã xác minh" in reply


def test_where_to_file_a_named_procedure_is_its_agency_then_the_place(citizen):
    reply = citizen.text("bố tôi vừa qua đời thì đăng ký khai tử ở đâu")
    assert "Đăng ký khai tử (mã 1.000656)" in reply and "giải quyết" in reply
    assert "tên xã, phường" in reply, "then asks where the citizen lives"


def test_an_off_topic_looking_question_that_names_a_procedure_is_answered(citizen):
    reply = citizen.text("mua đất xong rồi giờ muốn sang tên sổ đỏ")
    assert "thủ tục hành chính: giấy tờ cần có" not in reply, "not the off-topic reply"
    assert "1.013831" in reply


def test_application_status_and_human_and_out_of_scope(citizen):
    assert "tra cứu" in citizen.text("tra cứu hồ sơ của tôi")
    assert "18001096" in citizen.text("cho tôi số hotline hỗ trợ")
    assert "thủ tục hành chính" in citizen.text("giá vàng hôm nay bao nhiêu")


def test_a_named_procedure_without_status_words_is_a_procedure_question(citizen):
    # the classifier alone reads "… của tôi hết hạn rồi" as a status check
    reply = citizen.text("căn cước của tôi hết hạn rồi")
    assert "Cấp đổi thẻ căn cước (mã 1.014063)" in reply
    status = citizen.text("hồ sơ khai sinh của con tôi xong chưa")
    assert "tra cứu" in status and "(mã 1.001193)" not in status


def test_online_filing_steps(citizen):
    reply = citizen.text("nộp hồ sơ trực tuyến như thế nào")
    assert "VNeID" in reply and "Đăng nhập" in reply


@pytest.mark.parametrize(
    "text",
    ["", "   ", "😀😀😀", "<script>alert('x')</script>", "how do I apply for a passport", "a" * 10000, "đ" * 10000],
)
def test_bad_input_gets_a_polite_reply(citizen, text):
    messages = citizen.say(text)
    assert messages, "every message gets an answer"
    reply = "\n".join(m.get("text", "") for m in messages)
    assert reply.startswith("Dạ")
    assert "<script>" not in reply
    # the conversation goes on afterwards
    assert "1.000894" in citizen.text("đăng ký kết hôn cần giấy tờ gì")
