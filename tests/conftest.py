"""Real processes for the tests: the action server, the Rasa server and the catalogue API."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "tthc.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up in {timeout:.0f} s")


def start(args: List[str], log: Path, env: Dict[str, str] = None) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(args, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


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


def start_actions(port: int, log: Path, env: Dict[str, str] = None) -> subprocess.Popen:
    process = start([str(BIN / "rasa"), "run", "actions", "--port", str(port)], log, env)
    wait_until_up(f"http://127.0.0.1:{port}/health", process)
    return process


def start_rasa(port: int, action_port: int, logs: Path, extra: List[str] = ()) -> subprocess.Popen:
    """A Rasa server with the trained model on 127.0.0.1:port, its actions on action_port."""
    endpoints = logs / f"endpoints-{port}.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    args = [str(BIN / "rasa"), "run", "--model", str(MODEL), "--enable-api", "-i", "127.0.0.1", "--port", str(port)]
    args += ["--credentials", "credentials.yml", "--endpoints", str(endpoints), *extra]
    process = start(args, logs / f"rasa-{port}.log")
    wait_until_up(f"http://127.0.0.1:{port}/status", process)
    return process


def report_tracebacks(logs: Path) -> None:
    for log in logs.glob("*.log"):
        text = log.read_text(errors="replace")
        if "Traceback" in text:
            print(f"--- {log.name} ---\n{text[-3000:]}")


class Assistant:
    """The running servers: Rasa's URL, the action server's port (for extra Rasa servers) and the
    port reserved for the demo portal, the one origin Rasa's CORS allows."""

    def __init__(self, url: str, action_port: int, portal_port: int, logs: Path) -> None:
        self.url, self.action_port, self.portal_port, self.logs = url, action_port, portal_port, logs

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
        yield Assistant(f"http://127.0.0.1:{rasa_port}", action_port, portal_port, logs)
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

    def __init__(self, base: str) -> None:
        self.base = base
        self.sender = f"test-{uuid.uuid4().hex[:8]}"

    def say(self, text: str) -> List[dict]:
        response = requests.post(
            f"{self.base}/webhooks/rest/webhook", json={"sender": self.sender, "message": text}, timeout=60
        )
        response.raise_for_status()
        return response.json()

    def text(self, message: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(message))


@pytest.fixture
def citizen(assistant) -> Citizen:
    return Citizen(assistant)
