"""Where to go: the commune one-stop unit for a place (today's name or a former one), the
nearest communes to a position, the provincial centre, hours and whether it is open now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import quote

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import payload, say_answer, unavailable
from actions.turn import catalogue, entity_values, latest_text, province
from actions.wording import PORTAL_NAME, date_vi, source_line
from bot.catalogue.client import CatalogueUnavailable
from bot.catalogue.model import PORTAL_URL, Catalogue, Procedure, Province, ServiceUnit
from bot.clock import TIMEZONE, now
from bot.places.admin_units import Commune, FormerUnit, UnknownProvince, configured_province
from bot.places.lookup import Place, PlaceLookup, distance_km, lookup_for

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = {
    "mon": "Thứ Hai",
    "tue": "Thứ Ba",
    "wed": "Thứ Tư",
    "thu": "Thứ Năm",
    "fri": "Thứ Sáu",
    "sat": "Thứ Bảy",
    "sun": "Chủ Nhật",
}
MAPS_SEARCH = "https://www.google.com/maps/search/?api=1&query="
NEAREST_COUNT = 3
FAR_KM = 60.0  # a position farther than this from every commune centre is outside the province
ASK_PLACE = "Anh/Chị cho em biết tên xã, phường (hoặc huyện, thị xã cũ) để em chỉ nơi nộp cụ thể ạ."
CENTROID_NOTE = (
    "⚠ Khoảng cách tính đến tâm địa giới của xã, phường theo danh mục đơn vị hành chính, "
    "không phải địa chỉ trụ sở UBND đã xác minh."
)


def map_link(unit: ServiceUnit) -> Optional[str]:
    if unit.latitude is not None and unit.longitude is not None:
        return f"{MAPS_SEARCH}{unit.latitude},{unit.longitude}"
    return MAPS_SEARCH + quote(unit.address) if unit.address else None


def is_open(unit: ServiceUnit, moment: dt.datetime) -> Optional[bool]:
    """Whether the unit is open at ``moment`` (Vietnam time); None when hours are unknown."""
    if unit.hours is None:
        return None
    local = moment.astimezone(TIMEZONE)
    now = local.strftime("%H:%M")
    for span in unit.hours.get(WEEKDAY_KEYS[local.weekday()], []):
        start, end = span.split("-")
        if start <= now < end:
            return True
    return False


def hours_text(unit: ServiceUnit) -> str:
    if unit.hours is None:
        return "Giờ làm việc: em chưa có thông tin đã xác minh."
    days = [f"{WEEKDAY_NAMES[d]}: {', '.join(unit.hours[d]) or 'nghỉ'}" for d in WEEKDAY_KEYS if d in unit.hours]
    return "Giờ làm việc: " + "; ".join(days) + "."


def describe_unit(unit: ServiceUnit, moment: dt.datetime) -> str:
    lines = [unit.name]
    lines.append(f"Địa chỉ: {unit.address}" if unit.address else "Địa chỉ: em chưa có thông tin đã xác minh.")
    lines.append(hours_text(unit))
    state = is_open(unit, moment)
    if state is not None:
        lines.append("Hiện đang mở cửa." if state else "Hiện đang ngoài giờ làm việc.")
    lines.append(f"Điện thoại: {unit.phone}" if unit.phone else "Điện thoại: em chưa có thông tin đã xác minh.")
    link = map_link(unit)
    if link:
        lines.append(f"Bản đồ: {link}")
    lines.extend(f"⚠ {c}" for c in unit.caveats)
    lines.append(source_line(unit.source, unit.verified_on))
    return "\n".join(lines)


def names_source(cat: Catalogue) -> str:
    source = cat.reorganisation.names_source
    return f"Nguồn tên đơn vị hành chính: {source.name} ({source.url})."


def where_to_check(cat: Catalogue) -> str:
    """The national portal and its hotline (portal.yml), for what staff have not verified."""
    hotline = cat.portal.hotline
    return f"{PORTAL_NAME} {PORTAL_URL}" + (f", hoặc gọi tổng đài {hotline}" if hotline else "")


def button_location(place: Place) -> str:
    """Words that name this reading and no other ("xã Ninh Sơn mới", "xã Ninh Sơn cũ thị xã Ninh Hòa")."""
    unit = place.unit
    if isinstance(unit, Commune):
        return f"{unit.label} mới"
    return f"{unit.label} cũ" + (f" {unit.district}" if unit.district else "")


def button_title(place: Place) -> str:
    unit = place.unit
    if isinstance(unit, Commune):
        return f"{unit.label} (hiện nay)"
    return f"{unit.label} cũ" + (f" ({unit.district} cũ)" if unit.district else "")


def commune_button(commune: Commune) -> Dict[str, str]:
    place = Place(commune, (commune,))
    return {"title": commune.label, "payload": payload("ask_service_center", location=button_location(place))}


def reading_line(place: Place) -> str:
    unit = place.unit
    if isinstance(unit, Commune):
        return f"{unit.label} (hiện nay)"
    district = f", {unit.district} cũ" if unit.district else ""
    now = ", ".join(c.label for c in place.covering)
    return f"{unit.label} cũ (tỉnh {unit.old_province}{district}): nay thuộc {now}"


@dataclass(frozen=True)
class Filing:
    """Where to file a procedure of the communes for a place named in passing: a line for the
    answer when the place is one commune today, else a message of its own with the choices."""

    line: str = ""
    choose: str = ""
    buttons: List[Dict[str, str]] = field(default_factory=list)


def filing_for(tracker: Tracker, procedure: Procedure) -> Filing:
    """ "đăng ký khai sinh ở xã Vạn Thắng": that commune's one-stop unit; "… ở huyện Vạn Ninh":
    the communes that cover the former district, to choose from; nothing for a procedure that is
    not the communes' alone."""
    if not entity_values(tracker, "location") or (procedure.level or "").strip().lower() != "cấp xã":
        return Filing()
    try:
        cat, readings = catalogue(), lookup_for(configured_province()).find(place_text(tracker))
    except (CatalogueUnavailable, UnknownProvince):
        return Filing()
    if not readings:
        return Filing()
    if len(readings) > 1:
        return Filing(choose=readings_question(readings), buttons=readings_buttons(readings))
    place = readings[0]
    if len(place.covering) > 1:
        return Filing(choose=several_answer(cat, place), buttons=[commune_button(c) for c in place.covering])
    filed = f"Anh/Chị nộp tại Bộ phận Một cửa của UBND {place.covering[0].label}."
    if not isinstance(place.unit, FormerUnit):
        return Filing(line=filed)
    was = reading_line(place)  # "xã Diên Phú cũ (…): nay thuộc xã Diên Điền"
    return Filing(line=f"{was[0].upper()}{was[1:]}; {filed}")


def readings_question(readings: List[Place]) -> str:
    """Which of the places a name can be ("Ninh Sơn": today's commune, or a former one)."""
    lines = [f"Dạ, tên này có thể là {len(readings)} nơi khác nhau, Anh/Chị chọn giúp em nơi nào ạ:"]
    return "\n".join(lines + [f"• {reading_line(r)}" for r in readings])


def readings_buttons(readings: List[Place]) -> List[Dict[str, str]]:
    return [
        {"title": button_title(r), "payload": payload("ask_service_center", location=button_location(r))}
        for r in readings
    ]


def absorbed(lookup: PlaceLookup, commune: Commune) -> str:
    """The former communes, wards and towns a commune took in, whole or in part."""
    former = [f for f in lookup.places.former if not f.is_district and commune.code in f.now]
    whole = [f.label for f in former if len(f.now) == 1]
    part = [f.label for f in former if len(f.now) > 1]
    said = ", ".join(whole)
    if part:
        said += ("; " if said else "") + "một phần " + ", ".join(part)
    return f" (gồm {said} cũ)" if said else ""


def commune_offices(home: Optional[Province], commune: Commune) -> List[ServiceUnit]:
    return [u for u in (home.units if home else []) if commune.label in u.serves or commune.name in u.serves]


def commune_answer(
    lookup: PlaceLookup, cat: Catalogue, home: Optional[Province], place: Place, moment: dt.datetime
) -> str:
    commune = place.covering[0]
    if isinstance(place.unit, FormerUnit):
        unit = place.unit
        district = f", {unit.district}" if unit.district else ""
        head = f"Dạ, {unit.label} cũ (tỉnh {unit.old_province}{district}) nay thuộc {commune.label}."
    else:
        head = f"Dạ, {commune.label}{absorbed(lookup, commune)}, tỉnh {lookup.places.name}."
    lines = [head, f"Anh/Chị nộp hồ sơ tại Bộ phận Một cửa của UBND {commune.label}."]
    offices = commune_offices(home, commune)
    if offices:
        lines += [describe_unit(u, moment) for u in offices]
    else:
        portal = f" {home.portal_name} ({home.portal_url}) hoặc" if home and home.portal_url else ""
        lines.append(
            f"Địa chỉ, giờ làm việc và số điện thoại của UBND {commune.label} em chưa có thông tin đã xác minh; "
            f"Anh/Chị xem trên{portal} {where_to_check(cat)}."
        )
    lines.append(names_source(cat))
    return "\n".join(lines)


def several_answer(cat: Catalogue, place: Place) -> str:
    unit = place.unit
    since = date_vi(cat.reorganisation.effective_on)
    how = f"không còn là đơn vị hành chính từ {since}" if unit.is_district else f"đã được sắp xếp từ {since}"
    district = f", {unit.district}" if unit.district else ""
    return (
        f"Dạ, {unit.label} cũ (tỉnh {unit.old_province}{district}) {how}; địa bàn cũ nay thuộc "
        f"{len(place.covering)} đơn vị cấp xã: {', '.join(c.label for c in place.covering)}.\n"
        "Anh/Chị ở xã, phường nào hiện nay thì nộp tại Bộ phận Một cửa của UBND xã, phường đó; "
        "Anh/Chị chọn bên dưới để xem nơi nộp.\n" + names_source(cat)
    )


def centre_text(cat: Catalogue, home: Optional[Province], moment: dt.datetime) -> str:
    centres = [u for u in (home.units if home else []) if u.kind == "provincial_centre"]
    if not centres:
        return (
            "Cấp tỉnh: em chưa có thông tin đã xác minh về Trung tâm Phục vụ hành chính công của tỉnh; "
            f"Anh/Chị xem trên {where_to_check(cat)}."
        )
    return "Cấp tỉnh:\n" + "\n\n".join(describe_unit(u, moment) for u in centres)


def nearest_answer(lookup: PlaceLookup, cat: Catalogue, home: Optional[Province], point: Tuple[float, float]) -> str:
    nearest = lookup.nearest(*point, count=NEAREST_COUNT)
    if nearest[0][1] > FAR_KM:
        return (
            f"Dạ, vị trí Anh/Chị gửi cách các xã, phường của tỉnh {lookup.places.name} hơn {FAR_KM:.0f} km. "
            + ASK_PLACE
        )
    lines = [f"Dạ, các xã, phường gần vị trí của Anh/Chị nhất (tỉnh {lookup.places.name}):"]
    lines += [f"• {c.label}: khoảng {km:.1f} km" for c, km in nearest]
    lines.append(CENTROID_NOTE)
    lines.append("Anh/Chị nộp hồ sơ tại Bộ phận Một cửa của UBND xã, phường; chọn bên dưới để xem chi tiết.")
    for centre in (u for u in (home.units if home else []) if u.kind == "provincial_centre"):
        if centre.latitude is not None and centre.longitude is not None:
            km = distance_km(point, (centre.latitude, centre.longitude))
            lines.append(f"{centre.name}: khoảng {km:.1f} km.")
        else:
            lines.append(f"{centre.name}: em chưa có tọa độ đã xác minh nên chưa tính được khoảng cách.")
    lines.append(names_source(cat))
    return "\n".join(lines)


def coordinates(tracker: Tracker) -> Optional[Tuple[float, float]]:
    try:
        lat, lon = entity_values(tracker, "latitude"), entity_values(tracker, "longitude")
        point = (float(lat[0]), float(lon[0])) if lat and lon else None
    except ValueError:
        return None
    return point if point and -90 <= point[0] <= 90 and -180 <= point[1] <= 180 else None


def place_text(tracker: Tracker) -> str:
    """What names the place: the citizen's words, or the location of a button they pressed."""
    return latest_text(tracker) or " ".join(entity_values(tracker, "location"))


def answer_place(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, after_procedure: bool = False
) -> List[Dict[str, Any]]:
    """Where to file for the place the text names (or the position sent); after a procedure's
    answer, a text that names no place only asks for one."""
    try:
        cat, home = catalogue(), province()
        lookup = lookup_for(configured_province())
    except CatalogueUnavailable as error:
        return unavailable(dispatcher, error)
    except UnknownProvince:
        dispatcher.utter_message(
            text=f"Dạ, em chưa có dữ liệu nơi nộp hồ sơ của tỉnh này. Anh/Chị xem trên {PORTAL_NAME} {PORTAL_URL} ạ."
        )
        return []
    moment = now()
    point = coordinates(tracker)
    if point:
        nearest = lookup.nearest(*point, count=NEAREST_COUNT)
        say_answer(
            dispatcher, tracker, nearest_answer(lookup, cat, home, point), [commune_button(c) for c, _ in nearest]
        )
        return []
    readings = lookup.find(text)
    if not readings and after_procedure:
        dispatcher.utter_message(text=ASK_PLACE)
        return []
    if not readings:
        structure = home.structure if home else None
        parts = ["Dạ, Anh/Chị tham khảo nơi tiếp nhận hồ sơ dưới đây ạ.", structure, centre_text(cat, home, moment)]
        say_answer(dispatcher, tracker, "\n\n".join([*filter(None, parts), ASK_PLACE]))
        return []
    if len(readings) > 1:
        dispatcher.utter_message(text=readings_question(readings), buttons=readings_buttons(readings))
        return []
    place = readings[0]
    if len(place.covering) == 1:
        text = commune_answer(lookup, cat, home, place, moment) + "\n\n" + centre_text(cat, home, moment)
        say_answer(dispatcher, tracker, text)
        return [SlotSet("location", place.covering[0].label)]
    say_answer(
        dispatcher,
        tracker,
        several_answer(cat, place) + "\n\n" + centre_text(cat, home, moment),
        [commune_button(c) for c in place.covering],
    )
    return [SlotSet("location", place.unit.label)]
