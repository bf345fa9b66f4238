"""Deletes conversations and feedback rows older than the retention period (`make retention`).

    python -m bot.retention [--days N]

N defaults to RETENTION_DAYS (180). A conversation goes when its last message is older than N
days, as a whole; feedback rows go by their own date. The conversations are where Rasa keeps
them: PostgreSQL when POSTGRES_HOST is set (the production profile), otherwise
state/conversations.db (endpoints.yml); CONVERSATIONS_DB_URL names another. The feedback
database is FEEDBACK_DB_URL (default state/feedback.db). Run it daily (cron or a systemd timer).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timedelta, timezone
from typing import Tuple

import sqlalchemy as sa

from bot.feedback.store import DEFAULT_URL as FEEDBACK_URL
from bot.feedback.store import ROOT

DEFAULT_DAYS = 180
OLD_CONVERSATIONS = (
    "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"  # Rasa's SQL tracker store
)


def conversations_url() -> str:
    if os.environ.get("CONVERSATIONS_DB_URL"):
        return os.environ["CONVERSATIONS_DB_URL"]
    if os.environ.get("POSTGRES_HOST"):
        return sa.engine.URL.create(
            "postgresql",
            username=os.environ.get("POSTGRES_USER"),
            password=os.environ.get("POSTGRES_PASSWORD"),
            host=os.environ["POSTGRES_HOST"],
            port=int(os.environ.get("POSTGRES_PORT") or 5432),
            database=os.environ.get("POSTGRES_DB"),
        ).render_as_string(hide_password=False)
    return f"sqlite:///{ROOT / 'state' / 'conversations.db'}"


def delete_conversations(url: str, cutoff: datetime) -> int:
    """Deletes every conversation whose last event is before ``cutoff``; returns how many."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):
                return 0
            old = [row[0] for row in connection.execute(sa.text(OLD_CONVERSATIONS), {"cutoff": cutoff.timestamp()})]
            for start in range(0, len(old), 500):
                batch = old[start : start + 500]
                connection.execute(
                    sa.text("DELETE FROM events WHERE sender_id IN :ids").bindparams(
                        sa.bindparam("ids", expanding=True)
                    ),
                    {"ids": batch},
                )
            return len(old)
    finally:
        engine.dispose()


def delete_feedback(url: str, cutoff: datetime) -> int:
    """Deletes the feedback rows from before ``cutoff``; returns how many."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("feedback"):
                return 0
            naive_utc = cutoff.astimezone(timezone.utc).replace(tzinfo=None)
            return connection.execute(
                sa.text("DELETE FROM feedback WHERE at < :cutoff"), {"cutoff": naive_utc}
            ).rowcount
    finally:
        engine.dispose()


def apply_retention(days: int, now: datetime) -> Tuple[int, int]:
    cutoff = now - timedelta(days=days)
    conversations = delete_conversations(conversations_url(), cutoff)
    feedback = delete_feedback(os.environ.get("FEEDBACK_DB_URL") or FEEDBACK_URL, cutoff)
    return conversations, feedback


def main() -> int:
    parser = argparse.ArgumentParser(description="Delete conversations and feedback older than the retention period.")
    default = int(os.environ.get("RETENTION_DAYS") or DEFAULT_DAYS)
    parser.add_argument("--days", type=int, default=default, help=f"keep this many days (default {default})")
    days = parser.parse_args().days
    if days < 1:
        parser.error("--days must be at least 1")
    conversations, feedback = apply_retention(days, datetime.now(timezone.utc))
    print(f"Deleted {conversations} conversation(s) and {feedback} feedback row(s) older than {days} days.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
