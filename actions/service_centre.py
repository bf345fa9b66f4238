"""Where to go: the service point for a place (commune, ward or former district), hours, open now."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import quote

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    TIMEZONE,
    entity_values,
    latest_text,
    named_procedure,
    province,
    source_line,
    unavailable,
)
from actions.procedure import answer_procedure
from bot.catalogue.client import CatalogueUnavailable
from bot.catalogue.model import Commune, FormerDistrict, Province, ServiceUnit
from bot.text import fold

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


def distance_km(a: Tuple[float, float], b: Tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def nearest_centre(units: List[ServiceUnit], latitude: float, longitude: float) -> Optional[Tuple[ServiceUnit, float]]:
    """The unit closest to a point, with its distance in km; None when no unit has coordinates."""
    located = [
        (u, distance_km((latitude, longitude), (u.latitude, u.longitude))) for u in units if u.latitude is not None
    ]
    return min(located, key=lambda pair: pair[1]) if located else None


def _mentions(folded_text: str, name: str) -> bool:
    return f" {fold(name)} " in folded_text


def find_place(home: Province, text: str) -> Tuple[List[Commune], Optional[FormerDistrict]]:
    """Communes and former district named in ``text`` (longest names first)."""
    folded = f" {fold(text)} "
    districts = [d for d in home.former_districts if any(_mentions(folded, n) for n in [d.name, *d.aliases])]
    communes = [c for c in home.communes if _mentions(folded, c.name)]
    if not communes:
        communes = [c for c in home.communes if any(_mentions(folded, f) for f in c.former)]
    district = max(districts, key=lambda d: len(d.name), default=None)
    named_commune = any(f" {w} " in folded for w in ("xa", "phuong", "dac khu"))
    if district and not (communes and named_commune):
        return [c for c in home.communes if c.former_district == district.name], district
    return communes, None


def place_answer(home: Province, communes: List[Commune], district: Optional[FormerDistrict]) -> str:
    lines: List[str] = []
    if district:
        lines.append(
            f"Dạ, {district.kind} {district.name} cũ không còn là đơn vị hành chính từ 01/7/2025 (bỏ cấp huyện). {district.note}"
        )
        if communes:
            lines.append(
                "Các xã, phường mới trên địa bàn cũ mà em đã xác minh: "
                + ", ".join(f"{c.kind} {c.name}" for c in communes)
                + "."
            )
    for commune in communes if not district else []:
        former = (
            f" (gồm {', '.join(commune.former)} cũ"
            + (", theo phương án ngày 24/4/2025" if commune.basis == "plan" else "")
            + ")"
        )
        lines.append(f"Dạ, {commune.kind} {commune.name}{former if commune.former else ''}.")
    lines.append(
        "Anh/Chị nộp hồ sơ tại Bộ phận Một cửa của UBND xã, phường nơi mình ở; từ 01/7/2025 có thể nộp tại UBND cấp xã bất kỳ. "
        "Địa chỉ, giờ làm việc và số điện thoại của từng xã, phường em chưa có thông tin đã xác minh"
        + (f"; Anh/Chị xem trên {home.portal_name}: {home.portal_url}" if home.portal_url else "")
        + "."
    )
    lines.append(source_line(home.structure_source, home.verified_on))
    return "\n".join(lines)


def coordinates(tracker: Tracker) -> Optional[Tuple[float, float]]:
    try:
        lat, lon = entity_values(tracker, "latitude"), entity_values(tracker, "longitude")
        return (float(lat[0]), float(lon[0])) if lat and lon else None
    except ValueError:
        return None


def answer_place(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> List[Dict[str, Any]]:
    try:
        home = province()
    except CatalogueUnavailable as error:
        return unavailable(dispatcher, error)
    if home is None:
        dispatcher.utter_message(
            text="Dạ, em chưa có dữ liệu nơi nộp hồ sơ của tỉnh này. Anh/Chị xem trên Cổng Dịch vụ công quốc gia https://dichvucong.gov.vn ạ."
        )
        return []
    moment = dt.datetime.now(TIMEZONE)
    point = coordinates(tracker)
    if point:
        nearest = nearest_centre(home.units, *point)
        if nearest:
            unit, km = nearest
            dispatcher.utter_message(
                text=f"Dạ, nơi gần Anh/Chị nhất (khoảng {km:.1f} km):\n" + describe_unit(unit, moment)
            )
        else:
            dispatcher.utter_message(
                text="Dạ, em chưa có tọa độ đã xác minh của các điểm tiếp nhận nên chưa tìm được nơi gần nhất. Anh/Chị cho em biết tên xã, phường (hoặc huyện cũ) nhé."
            )
        return []
    communes, district = find_place(home, text)
    centre = "\n\n".join(describe_unit(u, moment) for u in home.units if u.kind == "provincial_centre")
    if communes or district:
        name = district.name if district else communes[0].name
        dispatcher.utter_message(text=place_answer(home, communes, district) + "\n\nCấp tỉnh:\n" + centre)
        return [SlotSet("location", name)]
    dispatcher.utter_message(
        text=f"Dạ, {home.structure}\n\n{centre}\n\nAnh/Chị cho em biết tên xã, phường (hoặc huyện, thị xã cũ) để em chỉ nơi nộp gần nhất ạ."
    )
    return []


ASK_PLACE = "Anh/Chị cho em biết tên xã, phường (hoặc huyện, thị xã cũ) để em chỉ nơi nộp cụ thể ạ."


class ActionServiceCentre(Action):
    """Where to file: for a procedure named, the agency that handles it (it decides commune or
    province) and, when a place is named too, that place's one-stop units; otherwise the
    service centre and one-stop units for a place, or the nearest."""

    def name(self) -> str:
        return "action_service_centre"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        places = entity_values(tracker, "location")
        if not coordinates(tracker) and named_procedure(tracker, loose_words=True):
            # a place named in passing ("nhà tôi ở Ninh Hải, làm sổ đỏ ở đâu") says where to
            # file that procedure: the procedure's agency first, then the place
            events = answer_procedure(dispatcher, tracker, ["agency"])
            if not places:
                dispatcher.utter_message(text=ASK_PLACE)
                return events
            return events + answer_place(dispatcher, tracker, " ".join(places))
        return answer_place(dispatcher, tracker, " ".join(places) or latest_text(tracker))
