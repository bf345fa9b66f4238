"""What a question asks: the aspects, in order, with and without diacritics and in chat style."""

import pytest

from bot.aspects import asked_aspects, without_aspect_words


@pytest.mark.parametrize(
    "question, aspects",
    [
        ("làm sổ đỏ cần mang theo giấy tờ gì", ["documents"]),
        ("lam so do mat bao lau", ["time"]),
        ("đổi bằng lái hết bn tiền", ["fee"]),
        ("đi làm hôn thú có tốn đồng nào không", ["fee"]),
        ("đăng ký khai tử nộp ở đâu", ["agency"]),
        ("xin lý lịch tư pháp làm online được không", ["online"]),
        ("cấp lại căn cước mất mấy ngày, tốn bao nhiêu tiền", ["time", "fee"]),
        ("đăng ký kết hôn cần gì, làm ở mô", ["documents", "agency"]),
        ("dẹp tiệm rồi, chấm dứt hộ kinh doanh thì nộp gì", ["documents"]),
        ("hàng xóm lấn đất, nhờ xã hòa giải thì làm đơn gì", ["documents"]),
        ("khai báo tạm trú cho khách qua trang web được không", ["online"]),
        ("sao y bằng đại học ra đâu làm, mỗi trang bao nhiêu", ["agency", "fee"]),
        ("tạm ngưng dự án đầu tư, báo ai", ["agency"]),
        ("quyết toán thuế hạn chót khi nào, nộp qua mạng được không", ["time", "online"]),
        ("cấp căn cước lần đầu cần gì", ["documents"]),
        ("lam so do mat bn lau", ["time"]),
        ("tôi muốn đăng ký tạm trú", []),
        ("chứng thực hợp đồng tặng cho xe thì phí nhiêu vậy", ["fee"]),
        ("hàng bị trả về, làm hải quan nhập lại cần chứng từ gì", ["documents"]),
        ("khai thuế tiêu thụ đặc biệt bằng tờ khai nào, nộp cho ai", ["documents", "agency"]),
        ("đề án đóng cửa mỏ trình ai duyệt", ["agency"]),
        ("giay phep xay nha bi rach, xin lai dau", ["agency"]),
        # a cue typed with other diacritics asks nothing: "mặt tiền" is not "mất tiền", "kiểm lâm
        # ở" not "làm ở"; one slipped tone mark in a cue of three words is a typo ("giây tờ gì")
        ("nhà mặt tiền muốn sửa lại thì có phải xin phép không", []),
        ("kiểm lâm ở Khánh Vĩnh cần giấy phép súng quân dụng thì làm sao", []),
        ("bằng lái sắp hết hạn, đổi cần giây tờ gì", ["documents"]),
        ("muốn làm đấu giá viên thì xin chứng chỉ ra sao", []),
    ],
)
def test_the_aspects_asked_in_order(question, aspects):
    assert asked_aspects(question) == aspects


def test_aspect_words_are_not_taken_for_the_procedure():
    assert without_aspect_words("làm hộ chiếu mất bao lâu") == "làm hộ chiếu"  # "mất" here is not "lost"
    assert without_aspect_words("mất căn cước làm lại bao nhiêu tiền") == "mất căn cước làm lại"
    # two cues of the fee that overlap are one: neither "mất" nor "hết" is left to mean lost or expired
    assert without_aspect_words("làm căn cước mất bao nhiêu tiền") == "làm căn cước"
    assert without_aspect_words("lam can cuoc het bn tien") == "lam can cuoc"
    # a comma ends the clause: "mất" here is "died", not the start of "mất bao lâu"
    assert without_aspect_words("mẹ chồng mới mất, bao lâu phải báo tử") == "mẹ chồng mới mất phải báo tử"
    # a phrase kept (a name, an everyday phrase) keeps its words: "xin thêm thời gian" is an extension
    assert without_aspect_words("xin thêm thời gian ở đâu", ["xin them thoi gian"]) == "xin thêm thời gian"
    assert (
        without_aspect_words("xin giấy phép xây dựng online được không") == "xin giấy phép xây dựng online được không"
    )


def test_words_that_fold_like_a_cue_ask_nothing():
    """ "hồ sơ căn cước" folds like "hồ sơ cần", "tôn giáo" like "tốn": the words stay in the
    question and no aspect is read from them."""
    assert asked_aspects("hồ sơ căn cước của tôi đang được xử lý chưa") == []
    assert without_aspect_words("đăng ký hoạt động tôn giáo cần gì") == "đăng ký hoạt động tôn giáo"
    assert asked_aspects("hồ sơ căn cước gồm những gì") == ["documents"]
    # typed with diacritics, words that fold like a cue are the citizen's own words
    assert without_aspect_words("xét lao động tiên tiến cho cá nhân") == "xét lao động tiên tiến cho cá nhân"
    assert without_aspect_words("vận chuyển thuốc nổ cho mỏ đá mất bao lâu") == "vận chuyển thuốc nổ cho mỏ đá"
    assert without_aspect_words("cơ sở bảo tồn cây quý hiếm") == "cơ sở bảo tồn cây quý hiếm"


def test_a_place_after_tai_nha_is_no_online_question():
    """ "tại nhà" asks for filing from home (online); "tại Nha Trang" and "tại nhà văn hóa" name
    a place and ask nothing."""
    assert asked_aspects("Tôi muốn đăng ký kết hôn tại Nha Trang, cần giấy tờ gì?") == ["documents"]
    assert asked_aspects("đăng ký khai sinh lưu động tại nhà văn hóa thôn cần gì") == ["documents"]
    assert asked_aspects("làm lý lịch tư pháp tại nhà được không") == ["online"]
