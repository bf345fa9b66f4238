"""Starting, probing and stopping the real server processes (used by the benchmark and the tests)."""

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


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180.0) -> float:
    """Waits for url to answer 200; returns the seconds it took."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return time.monotonic() - began
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
    process = start([str(BIN / "rasa"), "run", "actions", "--port", str(port)], log, env)
    wait_until_up(f"http://127.0.0.1:{port}/health", process)
    return process


def rasa_command(port: int, model: Path, endpoints: Optional[Path], extra: Sequence[str] = ()) -> List[str]:
    args = [str(BIN / "rasa"), "run", "--model", str(model), "--enable-api", "-i", "127.0.0.1", "--port", str(port)]
    args += ["--credentials", str(ROOT / "credentials.yml")]
    if endpoints:
        args += ["--endpoints", str(endpoints)]
    return args + list(extra)


def start_rasa(
    port: int,
    action_port: int,
    logs: Path,
    extra: Sequence[str] = (),
    conversations: Optional[Path] = None,
    env: Optional[Dict[str, str]] = None,
) -> subprocess.Popen:
    """A Rasa server with the trained model on 127.0.0.1:port, its actions on action_port, and its
    conversations in memory or, with `conversations`, in that SQLite file."""
    endpoints = logs / f"endpoints-{port}.yml"
    text = f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
    if conversations:
        text += f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{conversations}"\n'
    endpoints.write_text(text)
    process = start(rasa_command(port, MODEL, endpoints, extra), logs / f"rasa-{port}.log", env)
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
