"""Prints the staff report: `python -m bot.feedback [--days 30]` (make report).

Reads FEEDBACK_DB_URL (default state/feedback.db), and the catalogue the way the action server
does (CATALOGUE_DIR or CATALOGUE_URL) for procedure names.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta

from bot.catalogue.client import CatalogueClient, CatalogueUnavailable
from bot.feedback.report import TIMEZONE, staff_report
from bot.feedback.store import FeedbackStore


def procedure_names() -> dict:
    try:
        catalogue = CatalogueClient.from_environment().get()
    except CatalogueUnavailable:
        return {}  # the report still lists the keys
    return {p.key: p.title for p in catalogue.procedures}


def main() -> int:
    parser = argparse.ArgumentParser(description="Báo cáo hỏi đáp cho cán bộ (staff report).")
    parser.add_argument("--days", type=int, default=30, help="how many days back (default 30)")
    args = parser.parse_args()
    until = datetime.now(TIMEZONE)
    since = (until - timedelta(days=args.days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    entries = FeedbackStore.from_environment().entries(since)
    print(staff_report(entries, procedure_names(), since.date(), until.date()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
