"""Starting, probing and stopping the real server processes (used by the tests, the scripts and the benchmark)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "tthc.tar.gz"
# data/catalogue is not training data (the actions read it), so it is left out.
TRAINING_DATA = ["data/nlu", "data/rules.yml", "data/stories.yml"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180.0) -> None:
    """Waits for url to answer 200."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not come up in {timeout:.0f} s")


def start(args: List[str], log: Path, env: Optional[Dict[str, str]] = None, cwd: Path = ROOT) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(args, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_actions(port: int, log: Path, env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
    """The action server; its staff-report counts go beside its log, never into state/feedback.db."""
    env = {"FEEDBACK_DB_URL": f"sqlite:///{log.parent / 'feedback.db'}", **(env or {})}
    process = start([str(BIN / "rasa"), "run", "actions", "--port", str(port)], log, env)
    wait_until_up(f"http://127.0.0.1:{port}/health", process)
    return process


def rasa_command(
    port: int, model: Path, endpoints: Optional[Path], extra: Sequence[str] = (), api: bool = True
) -> List[str]:
    """`rasa run` on 127.0.0.1:port with the project's channels; the HTTP API unless api is False."""
    args = [str(BIN / "rasa"), "run", "--model", str(model), "-i", "127.0.0.1", "--port", str(port)]
    args += ["--credentials", str(ROOT / "credentials.yml")] + (["--enable-api"] if api else [])
    if endpoints:
        args += ["--endpoints", str(endpoints)]
    return args + list(extra)


def start_rasa(
    port: int,
    action_port: Optional[int],
    logs: Path,
    extra: Sequence[str] = (),
    conversations: Optional[Path] = None,
    env: Optional[Dict[str, str]] = None,
    model: Path = MODEL,
) -> subprocess.Popen:
    """A Rasa server on 127.0.0.1:port with its actions on action_port (none if None), and its
    conversations in memory or, with `conversations`, in that SQLite file."""
    text = f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n' if action_port else ""
    if conversations:
        text += f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{conversations}"\n'
    endpoints = logs / f"endpoints-{port}.yml" if text else None
    if endpoints:
        endpoints.write_text(text)
    process = start(rasa_command(port, model, endpoints, extra), logs / f"rasa-{port}.log", env)
    wait_until_up(f"http://127.0.0.1:{port}/status", process)
    return process


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            pids.extend(int(c) for c in children)
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            continue
    return total / 1024
