"""Words with two senses, read in the one the sentence gives: "mất" after a relative with nothing
lost after it is "died" ("ba tôi mới mất", "ông nội mất hôm qua"), not "lost" ("mẹ tôi mất căn
cước"), and is read as "qua đời", which the everyday words know."""

from __future__ import annotations

import re

from bot.text import canonical

_RELATIVES = (
    "ba bố bo cha tía mẹ me má mạ ông ong bà nội noi ngoại ngoai chồng chong vợ vo anh chị "
    "em con cháu chau chú chu bác bac cậu cau dì dượng thím cố"
).split()
_BETWEEN = "tôi toi tui em e mình minh con cháu chau anh chị nhà nha mới moi vừa vua đã da cũng cung".split()
# what may follow "mất" when it means died: the end of a clause, "rồi", a time, or the next clause
_AFTER = (
    "rồi roi hôm hom tuần tuan tháng thang năm nam lúc luc cách cach từ tu được duoc dc đc thì thi "
    "nên nen cần phải phai muốn muon ở o tại tai để de vậy vay sáng chiều tối hồi hoi do vì vi "
    "lâu lau nay ngày ngay đêm dem và va mà giờ gio trong ko không khong hông hong sớm som ạ a"
).split()
_DIED = re.compile(
    rf"(?<!\w)(?<!của )(?<!cua )((?:{'|'.join(_RELATIVES)})(?: (?:{'|'.join(_BETWEEN)})){{0,2}}) (mất|mat)"
    rf"(?=\s*(?:$|[,.;!?]|(?:{'|'.join(_AFTER)})(?!\w)))",
    re.IGNORECASE,
)


def died_as_passed(text: str) -> str:
    """The text with "mất" read as "qua đời" where it says someone died (as typed: "mat" as "qua
    doi")."""
    return _DIED.sub(
        lambda m: f"{m.group(1)} {'qua đời' if m.group(2).lower() == 'mất' else 'qua doi'}", canonical(text)
    )
