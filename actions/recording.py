"""Counts for the staff report (bot.feedback): what was answered, what was not, how it was rated.

Recording never gets in the way of an answer: a store that cannot be written is logged and skipped.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from rasa_sdk import Tracker

from bot.feedback import KNOWN_CHANNELS
from bot.feedback.store import Entry, FeedbackStore

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def feedback_store() -> FeedbackStore:
    return FeedbackStore.from_environment()


def channel_of(tracker: Tracker) -> str:
    """telegram, web, shell (rasa shell) or rest (any other REST client)."""
    if tracker.get_latest_input_channel() == "cmdline":
        return "shell"
    latest = next((e for e in reversed(tracker.events) if e.get("event") == "user"), {})
    channel = (latest.get("metadata") or {}).get("channel")
    return channel if channel in KNOWN_CHANNELS else "rest"


def record(tracker: Tracker, kind: str, **details: str) -> None:
    intent = tracker.latest_message.get("intent", {}).get("name") or ""
    try:
        feedback_store().add(Entry(kind=kind, channel=channel_of(tracker), intent=intent, **details))
    except Exception:  # noqa: BLE001 - the citizen's answer matters more than the count
        logger.exception("could not record %s for the staff report", kind)
