"""Real processes for the tests: the action server, the Rasa server and the catalogue API."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path
from typing import Iterator, List, Optional

import pytest
import requests

from bot.feedback.store import FeedbackStore
from harness.processes import (  # noqa: F401 - shared with the tests
    BIN,
    MODEL,
    ROOT,
    free_port,
    rasa_command,
    start,
    start_actions,
    start_rasa,
    stop,
    wait_until_up,
)

# Actions run in this process (tests/test_actions.py) record for the staff report too: into a
# throw-away database, never into the deployment's state/feedback.db.
os.environ["FEEDBACK_DB_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='tthc-feedback-')}/feedback.db"
# Answers depend on the date (fee rules start and end): every test, and every server the tests
# start, runs on this day, whatever the calendar says (bot.clock.today).
TODAY = "2026-11-30"
os.environ["TTHC_TODAY"] = TODAY
# Tests that use these fixtures talk to real processes: marked e2e (`make test-quick` skips them).
PROCESS_FIXTURES = {"servers", "assistant", "citizen", "catalogue_api"}


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    for item in items:
        if PROCESS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def catalogue_api(tmp_path_factory) -> Iterator[str]:
    """The catalogue HTTP API (bot.catalogue.server) serving the real catalogue files."""
    port = free_port()
    logs = tmp_path_factory.mktemp("logs")
    process = start([str(BIN / "python"), "-m", "bot.catalogue.server", "--port", str(port)], logs / "catalogue.log")
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/health", process, timeout=30)
    yield url
    stop(process)


def report_tracebacks(logs: Path) -> None:
    for log in logs.glob("*.log"):
        text = log.read_text(errors="replace")
        if "Traceback" in text:
            print(f"--- {log.name} ---\n{text[-3000:]}")


class Assistant:
    """The running servers: Rasa's URL, the action server's port (for extra Rasa servers), the
    port reserved for the demo portal (the one origin Rasa's CORS allows) and the feedback
    database the action server writes."""

    def __init__(self, url: str, action_port: int, portal_port: int, feedback_url: str, logs: Path) -> None:
        self.url, self.action_port, self.portal_port, self.logs = url, action_port, portal_port, logs
        self.feedback = FeedbackStore(feedback_url)

    @property
    def portal_origin(self) -> str:
        return f"http://127.0.0.1:{self.portal_port}"

    def __str__(self) -> str:
        return self.url


@pytest.fixture(scope="session")
def servers(tmp_path_factory) -> Iterator[Assistant]:
    """A real Rasa server with the trained model, talking HTTP to a real action server."""
    assert MODEL.exists(), "train first: make train"
    logs = tmp_path_factory.mktemp("logs")
    action_port, rasa_port, portal_port = free_port(), free_port(), free_port()
    processes = []
    try:
        processes.append(start_actions(action_port, logs / "actions.log"))
        processes.append(start_rasa(rasa_port, action_port, logs, ["--cors", f"http://127.0.0.1:{portal_port}"]))
        yield Assistant(
            f"http://127.0.0.1:{rasa_port}", action_port, portal_port, f"sqlite:///{logs / 'feedback.db'}", logs
        )
    finally:
        for process in reversed(processes):
            stop(process)
        report_tracebacks(logs)


@pytest.fixture(scope="session")
def assistant(servers: Assistant) -> str:
    """The Rasa server's base URL."""
    return servers.url


class Citizen:
    """One citizen chatting through the REST channel."""

    def __init__(self, base: str, sender: str = "") -> None:
        self.base = base
        self.sender = sender or f"test-{uuid.uuid4().hex[:8]}"

    def say(self, text: str, metadata: Optional[dict] = None) -> List[dict]:
        body = {"sender": self.sender, "message": text, **({"metadata": metadata} if metadata else {})}
        response = requests.post(f"{self.base}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    def text(self, message: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(message))


@pytest.fixture
def citizen(assistant) -> Citizen:
    return Citizen(assistant)
