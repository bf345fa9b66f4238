"""Staff delete conversations and feedback older than the retention period, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, Iterator

import pytest
import sqlalchemy as sa
from conftest import BIN, ROOT
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.feedback.store import Entry, FeedbackStore
from harness import services

pytestmark = pytest.mark.e2e  # real processes

DAY = 86_400


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path: Path) -> Iterator[Dict[str, str]]:
    """(conversations URL, Rasa tracker-store settings, feedback URL) for each database."""
    if request.param == "sqlite":
        yield {
            "CONVERSATIONS_DB_URL": f"sqlite:///{tmp_path / 'conversations.db'}",
            "FEEDBACK_DB_URL": f"sqlite:///{tmp_path / 'feedback.db'}",
            "store": {"dialect": "sqlite", "db": str(tmp_path / "conversations.db")},
        }
        return
    if not services.installed() and not os.environ.get("CI"):
        pytest.skip("needs Debian's postgresql")
    postgres = services.Postgres(services.free_port())
    try:
        env = postgres.start()
        url = sa.engine.URL.create(
            "postgresql",
            username=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"],
            host="127.0.0.1",
            port=int(env["POSTGRES_PORT"]),
            database=env["POSTGRES_DB"],
        ).render_as_string(hide_password=False)
        store = {"dialect": "postgresql", "host": "127.0.0.1", "port": int(env["POSTGRES_PORT"])}
        store.update(db=env["POSTGRES_DB"], username=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"])
        yield {"CONVERSATIONS_DB_URL": url, "FEEDBACK_DB_URL": url, "store": store}
    finally:
        postgres.stop()


async def test_old_conversations_and_feedback_are_deleted_recent_ones_kept(databases) -> None:
    now = time.time()
    store = SQLTrackerStore(Domain.empty(), **databases["store"])
    conversations = {"old": [now - 400 * DAY, now - 200 * DAY], "recent": [now - 400 * DAY, now - DAY]}
    for sender, moments in conversations.items():
        events = [UserUttered("xin chào", timestamp=moment) for moment in moments]
        await store.save(DialogueStateTracker.from_events(sender, events))
    feedback = FeedbackStore(databases["FEEDBACK_DB_URL"])
    today = datetime.now(timezone.utc)
    for age in (400, 1):
        feedback.add(Entry("answered", "web", at=today - timedelta(days=age)))
    feedback.engine.dispose()

    env = {k: v for k, v in databases.items() if k != "store"}
    run = subprocess.run(
        [str(BIN / "python"), "-m", "bot.retention", "--days", "180"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    assert "Deleted 1 conversation(s) and 1 feedback row(s)" in run.stdout

    assert not (await store.retrieve("old")), "the conversation whose last message is 200 days old is gone"
    kept = await store.retrieve("recent")
    assert kept and len([e for e in kept.events if isinstance(e, UserUttered)]) == 2, "a recent one is kept whole"
    assert len(FeedbackStore(databases["FEEDBACK_DB_URL"]).entries(today - timedelta(days=1000))) == 1, "yesterday's"
