"""The feedback table: one row per answered question, unanswered question or rating.

No sender id is kept; question text is masked (bot.privacy) and kept only for what went
unanswered, so staff can see what to add to the catalogue. SQLite by default
(state/feedback.db); any SQLAlchemy URL from FEEDBACK_DB_URL (PostgreSQL in production).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, List

import sqlalchemy as sa

from bot.privacy import mask_personal_data

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = f"sqlite:///{ROOT / 'state' / 'feedback.db'}"
QUESTION_LIMIT = 300

KINDS = ("answered", "unanswered", "rating")
RATINGS = ("good", "bad")

_metadata = sa.MetaData()
_table = sa.Table(
    "feedback",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),  # UTC
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("intent", sa.String(64), nullable=False, default=""),
    sa.Column("procedure", sa.String(64), nullable=False, default=""),
    sa.Column("answer", sa.String(64), nullable=False, default=""),
    sa.Column("rating", sa.String(8), nullable=False, default=""),
    sa.Column("question", sa.Text, nullable=False, default=""),
)


def now() -> datetime:
    return datetime.now(timezone.utc)


def naive_utc(moment: datetime) -> datetime:
    """Naive UTC, the way the table keeps time in SQLite and PostgreSQL alike."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


@dataclass
class Entry:
    kind: str
    channel: str
    intent: str = ""
    procedure: str = ""  # catalogue key of the procedure answered or rated
    answer: str = ""  # what was answered or rated: the aspect, or the action that answered
    rating: str = ""
    question: str = ""  # unanswered questions only, masked
    at: datetime = field(default_factory=now)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.kind == "rating" and self.rating not in RATINGS:
            raise ValueError(f"unknown rating {self.rating!r}")
        self.question = mask_personal_data(self.question)[:QUESTION_LIMIT] if self.kind == "unanswered" else ""


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    """Write-ahead log, synced at checkpoints: a row per answer without an fsync per answer
    (profiled at about 30% of the action server's time), and readers never block the writer."""
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")


class FeedbackStore:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite"):  # one kept connection instead of a new one per row
            if url.startswith("sqlite:///"):
                Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
            options = {"poolclass": sa.pool.QueuePool, "connect_args": {"check_same_thread": False}}
            self.engine = sa.create_engine(url, future=True, **options)
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = sa.create_engine(url, future=True, pool_pre_ping=True)
        _metadata.create_all(self.engine)

    @classmethod
    def from_environment(cls) -> FeedbackStore:
        return cls(os.environ.get("FEEDBACK_DB_URL") or DEFAULT_URL)

    def add(self, entry: Entry) -> None:
        values = {name: getattr(entry, name) for name in _table.columns.keys() if name != "id"}
        values["at"] = naive_utc(entry.at)
        with self.engine.begin() as connection:
            connection.execute(_table.insert().values(**values))

    def entries(self, since: datetime) -> List[Entry]:
        query = sa.select(_table).where(_table.c.at >= naive_utc(since)).order_by(_table.c.at)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            Entry(**{**{k: v for k, v in row.items() if k != "id"}, "at": row["at"].replace(tzinfo=timezone.utc)})
            for row in rows
        ]
