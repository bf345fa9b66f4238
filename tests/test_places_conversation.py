"""Where to file, anywhere in the province, through the real Rasa and action servers.

The expected unit of each name is what the administrative-units library says covers it
today; the benchmark checks a sample of that mapping against Nghị quyết 1667/NQ-UBTVQH15.
"""

import json
from typing import List

import pytest
from conftest import Citizen, free_port, start_actions, start_rasa, stop

from bot.places.lookup import lookup_for
from bot.text import strip_diacritics

pytestmark = pytest.mark.e2e  # real processes

PLACES = lookup_for("Khánh Hòa").places
FORMER_COMMUNES = [f for f in PLACES.former if not f.is_district]
TOWNS = [f for f in FORMER_COMMUNES if f.kind == "thị trấn"]
DISTRICTS = [f for f in PLACES.former if f.is_district]
SAMPLE = TOWNS + DISTRICTS + [f for f in FORMER_COMMUNES if f.kind != "thị trấn"][::5]


def reply(citizen: Citizen, text: str) -> dict:
    messages = citizen.say(text)
    return {
        "text": "\n".join(m.get("text", "") for m in messages),
        "buttons": [b for m in messages for b in m.get("buttons", [])],
    }


def chosen(citizen: Citizen, answer: dict, title: str) -> dict:
    """The reply to the button with this title (it must be there)."""
    button = next((b for b in answer["buttons"] if b["title"] == title), None)
    assert button, f"no button {title!r} in {[b['title'] for b in answer['buttons']]}"
    return reply(citizen, button["payload"])


def test_sample_covers_what_the_issue_asks():
    assert len(SAMPLE) >= 60 and len(TOWNS) == 9 and len(DISTRICTS) == 16


@pytest.mark.parametrize("commune", PLACES.communes, ids=lambda c: c.label)
def test_every_commune_of_today(assistant, commune):
    citizen = Citizen(assistant)
    text = f"{commune.label} nộp hồ sơ ở đâu"
    answer = reply(citizen, text if int(commune.code) % 2 else strip_diacritics(text).lower())
    if answer["buttons"] and "có thể là" in answer["text"]:  # a former unit has the same name
        answer = chosen(citizen, answer, f"{commune.label} (hiện nay)")
    assert f"Bộ phận Một cửa của UBND {commune.label}." in answer["text"]
    assert "chưa có thông tin đã xác minh" in answer["text"] and "18001096" in answer["text"]


def _covering(unit) -> List[str]:
    return [c.label for c in PLACES.covering(unit)]


@pytest.mark.parametrize("unit", SAMPLE, ids=lambda u: f"{u.label} ({u.district or u.old_province})")
def test_former_names(assistant, unit):
    citizen = Citizen(assistant)
    district = f" {unit.district}" if unit.district and unit.kind != "thị trấn" else ""
    text = f"tôi ở {unit.label}{district} cũ thì làm giấy tờ ở đâu"
    answer = reply(citizen, strip_diacritics(text) if len(unit.name) % 2 else text)
    if "có thể là" in answer["text"]:
        suffix = f" ({unit.district} cũ)" if unit.district else ""
        answer = chosen(citizen, answer, f"{unit.label} cũ{suffix}")
    covering = _covering(unit)
    if len(covering) == 1:
        assert f"nay thuộc {covering[0]}." in answer["text"] or f"Dạ, {covering[0]}" in answer["text"]
        assert f"Bộ phận Một cửa của UBND {covering[0]}." in answer["text"]
    else:
        assert f"nay thuộc {len(covering)} đơn vị cấp xã" in answer["text"]
        assert [b["title"] for b in answer["buttons"]] == covering
        assert "Trung tâm Phục vụ hành chính công" in answer["text"]


def test_a_shared_name_gets_a_question_and_the_choice_is_answered(citizen):
    answer = reply(citizen, "Ninh Sơn")
    assert "có thể là 3 nơi" in answer["text"]
    district = chosen(citizen, answer, "huyện Ninh Sơn cũ")
    assert "huyện Ninh Sơn cũ (tỉnh Ninh Thuận) không còn là đơn vị hành chính" in district["text"]
    commune = chosen(citizen, district, "xã Lâm Sơn")
    assert "Bộ phận Một cửa của UBND xã Lâm Sơn." in commune["text"]
    two = reply(citizen, "nhà tôi ở Vạn Thạnh")
    assert [b["title"] for b in two["buttons"]] == [
        "phường Vạn Thạnh cũ (thành phố Nha Trang cũ)",
        "xã Vạn Thạnh cũ (huyện Vạn Ninh cũ)",
    ]
    ward = reply(citizen, "phường Ninh Hòa nộp hồ sơ ở đâu")
    assert "Bộ phận Một cửa của UBND phường Ninh Hòa." in ward["text"] and not ward["buttons"]


def test_a_double_name_by_its_initials(citizen):
    answer = reply(citizen, "tp PRTC cũ nay gồm những phường nào")
    district = next(u for u in DISTRICTS if u.name == "Phan Rang - Tháp Chàm")
    assert [b["title"] for b in answer["buttons"]] == _covering(district)


def test_a_position_gives_the_nearest_communes(citizen):
    messages = citizen.say('/ask_service_center{"latitude": 11.565, "longitude": 108.99}')
    assert "phường Phan Rang: khoảng" in messages[0]["text"] and "tâm địa giới" in messages[0]["text"]
    assert messages[0]["buttons"][0]["title"] == "phường Phan Rang"


def test_a_procedure_with_a_place_in_passing(citizen):
    answer = reply(citizen, "nhà tôi ở xã Phước Dân cũ, đăng ký khai sinh cho con ở đâu")
    assert "(mã 1.001193)" in answer["text"] or "khai sinh" in answer["text"].lower()
    assert "Bộ phận Một cửa của UBND" in answer["text"]


@pytest.fixture(scope="module")
def thanh_hoa(tmp_path_factory):
    """A second deployment configured for Thanh Hóa: only TTHC_PROVINCE differs."""
    logs = tmp_path_factory.mktemp("thanh-hoa")
    action_port, rasa_port = free_port(), free_port()
    actions = start_actions(action_port, logs / "actions.log", env={"TTHC_PROVINCE": "Thanh Hóa"})
    try:
        rasa = start_rasa(rasa_port, action_port, logs)
        try:
            yield f"http://127.0.0.1:{rasa_port}"
        finally:
            stop(rasa)
    finally:
        stop(actions)


def test_a_second_province_by_configuration(thanh_hoa):
    citizen = Citizen(thanh_hoa)
    centre = reply(citizen, "trung tâm phục vụ hành chính công ở đâu")
    assert "Số 28, Đại lộ Lê Lợi" in centre["text"] and "02373900900" in centre["text"]
    assert "26 Hoàng Hoa Thám" not in centre["text"]
    place = reply(citizen, "tôi ở thị xã Bỉm Sơn cũ thì nộp hồ sơ ở đâu")
    assert "thị xã Bỉm Sơn cũ (tỉnh Thanh Hóa)" in place["text"] and place["buttons"]
    commune = chosen(citizen, place, place["buttons"][0]["title"])
    assert "Bộ phận Một cửa của UBND" in commune["text"] and "Số 28, Đại lộ Lê Lợi" in commune["text"]
    json.dumps(commune)  # the reply is plain JSON for every channel
