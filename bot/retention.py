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
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Iterator, Optional, Tuple

import sqlalchemy as sa

from bot.feedback.store import DEFAULT_URL as FEEDBACK_URL
from bot.feedback.store import ROOT, naive_utc

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


@contextmanager
def _transaction(url: str, table: str) -> Iterator[Optional[sa.engine.Connection]]:
    """One transaction on the database at ``url``; None when it has no ``table`` (nothing kept yet)."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            yield connection if sa.inspect(connection).has_table(table) else None
    finally:
        engine.dispose()


def delete_conversations(url: str, cutoff: datetime) -> int:
    """Deletes every conversation whose last event is before ``cutoff``; returns how many."""
    with _transaction(url, "events") as connection:
        if connection is None:
            return 0
        old = [row[0] for row in connection.execute(sa.text(OLD_CONVERSATIONS), {"cutoff": cutoff.timestamp()})]
        delete = sa.text("DELETE FROM events WHERE sender_id IN :ids").bindparams(sa.bindparam("ids", expanding=True))
        for start in range(0, len(old), 500):
            connection.execute(delete, {"ids": old[start : start + 500]})
        return len(old)


def delete_feedback(url: str, cutoff: datetime) -> int:
    """Deletes the feedback rows from before ``cutoff``; returns how many."""
    with _transaction(url, "feedback") as connection:
        if connection is None:
            return 0
        delete = sa.text("DELETE FROM feedback WHERE at < :cutoff")
        return connection.execute(delete, {"cutoff": naive_utc(cutoff)}).rowcount


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
