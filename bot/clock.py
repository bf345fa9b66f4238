"""Vietnam's time, the assistant's one time zone, and today's date (TTHC_TODAY fixes it)."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> dt.datetime:
    return dt.datetime.now(TIMEZONE)


def today() -> dt.date:
    """Today in Vietnam, or TTHC_TODAY (YYYY-MM-DD): staff preview the answers on a coming date
    (e.g. the day after a fee rule ends), and the tests fix the date they run at."""
    fixed = os.environ.get("TTHC_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else now().date()
