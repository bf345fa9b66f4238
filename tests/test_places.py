"""Finding the province's units by name (old or new, with or without diacritics) and by position."""

import pytest

from actions.service_centre import button_location
from bot.places.admin_units import UnknownProvince, load_province, province_key
from bot.places.lookup import Place, lookup_for
from bot.text import strip_diacritics

KHANH_HOA = lookup_for("Khánh Hòa")


def labels(readings):
    return [(r.unit.label, getattr(r.unit, "district", None)) for r in readings]


def test_the_library_gives_all_of_khanh_hoa_and_former_ninh_thuan():
    places = KHANH_HOA.places
    kinds = [c.kind for c in places.communes]
    assert (len(kinds), kinds.count("xã"), kinds.count("phường"), kinds.count("đặc khu")) == (65, 48, 16, 1)
    assert places.former_provinces == ("Khánh Hòa", "Ninh Thuận")
    districts = [f.label for f in places.former if f.is_district]
    assert len(districts) == 16 and "thành phố Phan Rang - Tháp Chàm" in districts and "huyện Bác Ái" in districts
    assert all(f.now for f in places.former), "every former unit is covered by a commune today"


@pytest.mark.parametrize("name", ["Khánh Hòa", "khanh-hoa", "tỉnh Khánh Hòa", "KHANH HOA"])
def test_the_province_is_named_any_way(name):
    assert province_key(name) == "khanhhoa"
    assert load_province(name).name == "Khánh Hòa"


def test_an_unknown_province_is_refused():
    with pytest.raises(UnknownProvince):
        load_province("Ninh Thuận")  # merged into Khánh Hòa on 1 July 2025


def test_every_commune_by_its_name_with_type_word_with_and_without_diacritics():
    for commune in KHANH_HOA.places.communes:
        for text in (commune.label, strip_diacritics(commune.label).lower()):
            readings = KHANH_HOA.find(f"{text} nộp hồ sơ ở đâu")
            assert Place(commune, (commune,)) in readings, text


def test_every_former_unit_is_found_and_each_reading_can_be_chosen_alone():
    for unit in KHANH_HOA.places.former:
        covering = tuple(KHANH_HOA.places.covering(unit))
        readings = KHANH_HOA.find(f"tôi ở {unit.label} cũ")
        assert any(r.covering == covering for r in readings), unit
        bare = KHANH_HOA.find(f"nha o {strip_diacritics(unit.name).lower()} thi nop o dau")
        assert any(r.covering == covering for r in bare), unit
        for reading in readings:
            chosen = KHANH_HOA.find(button_location(reading))
            assert [r.covering for r in chosen] == [reading.covering], (unit, reading)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a current commune, a former commune of another district and a former district
        (
            "Ninh Sơn",
            [("xã Ninh Sơn", None), ("xã Ninh Sơn", "thị xã Ninh Hòa"), ("huyện Ninh Sơn", None)],
        ),
        ("xã Ninh Sơn", [("xã Ninh Sơn", None), ("xã Ninh Sơn", "thị xã Ninh Hòa")]),
        ("huyen ninh son cu", [("huyện Ninh Sơn", None)]),
        # two former communes of the same name in two districts
        ("Vạn Thạnh", [("phường Vạn Thạnh", "thành phố Nha Trang"), ("xã Vạn Thạnh", "huyện Vạn Ninh")]),
        ("xã Vạn Thạnh", [("xã Vạn Thạnh", "huyện Vạn Ninh")]),
        # the ward of today, not the former town's communes
        ("phường Ninh Hòa", [("phường Ninh Hòa", None)]),
        ("Ninh Hòa", [("phường Ninh Hòa", None), ("thị xã Ninh Hòa", None)]),
        ("tx ninh hoa", [("thị xã Ninh Hòa", None)]),
        # a former town wholly inside the commune of the same name is that commune
        ("thị trấn Diên Khánh", [("thị trấn Diên Khánh", "huyện Diên Khánh")]),
        ("Diên Khánh", [("xã Diên Khánh", None), ("huyện Diên Khánh", None)]),
        # chat abbreviations for the type words, and the district beside the commune
        ("nha o tt tô hạp", [("thị trấn Tô Hạp", "huyện Khánh Sơn")]),
        ("xa cam hai tay h cam lam", [("xã Cam Hải Tây", "huyện Cam Lâm")]),
        ("Phan Rang, p. Phước Mỹ", [("phường Phước Mỹ", "thành phố Phan Rang - Tháp Chàm")]),
        ("tháp chàm", [("thành phố Phan Rang - Tháp Chàm", None)]),
        ("tp PRTC cũ", [("thành phố Phan Rang - Tháp Chàm", None)]),
        # short forms typed alone, and initials after the type word; "DK" is "đăng ký", not Diên Khánh
        ("em ở TPNT cũ, muốn đăng ký kết hôn", [("thành phố Nha Trang", None)]),
        ("PRTC cũ đăng ký kết hôn ở đâu", [("thành phố Phan Rang - Tháp Chàm", None)]),
        ("TP. PR-TC trước sáp nhập", [("thành phố Phan Rang - Tháp Chàm", None)]),
        ("tp. NT", [("thành phố Nha Trang", None)]),
        ("TXNH", [("thị xã Ninh Hòa", None)]),
        ("huyện DK", []),
        # a name mistyped by one letter after its type word; never a short one ("xã hội")
        ("Huyện Bát Ái cũ", [("huyện Bác Ái", None)]),
        ("nhà em thuộc tp Nha Trag hồi trước", [("thành phố Nha Trang", None)]),
        ("xã hội", []),
        ("NT", []),
        ("làm hộ chiếu ở đâu", []),
    ],
)
def test_names_citizens_type(text, expected):
    assert labels(KHANH_HOA.find(text)) == expected


def test_a_split_commune_is_covered_by_several():
    (reading,) = KHANH_HOA.find("xã Cam Tân cũ")
    assert [c.label for c in reading.covering] == ["xã Cam Hiệp", "xã Cam Lâm", "xã Suối Dầu"]


def test_nearest_communes_by_their_centre():
    nearest = KHANH_HOA.nearest(11.565, 108.99)  # Phan Rang
    assert nearest[0][0].label == "phường Phan Rang" and nearest[0][1] < 3
    assert [km for _, km in nearest] == sorted(km for _, km in nearest)


def test_a_second_province_from_the_library_alone():
    thanh_hoa = lookup_for("Thanh Hóa")
    assert len(thanh_hoa.places.communes) == 166
    assert thanh_hoa.places.former_provinces == ("Thanh Hóa",)
    (district,) = [f for f in thanh_hoa.places.former if f.label == "thị xã Bỉm Sơn"]
    assert KHANH_HOA.find("thị xã Bỉm Sơn") == []
    assert any(r.unit == district for r in thanh_hoa.find("thị xã Bỉm Sơn cũ"))
