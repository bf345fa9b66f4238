"""A headless Chromium driven over the W3C WebDriver protocol (Debian's chromedriver), for the widget tests."""

from __future__ import annotations

import base64
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, List

import requests

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
ENTER = "\ue007"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def browsers_installed() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


class Browser:
    def __init__(self, driver: str, phone: bool = False) -> None:
        """A desktop window, or a phone's screen (390×844 CSS pixels, touch) when phone is set."""
        self.driver = driver
        self.profile = tempfile.mkdtemp(prefix="tthc-chromium-")
        options: dict = {
            "binary": shutil.which("chromium"),
            "args": [*CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "--window-size=1280,900"],
        }
        if phone:
            options["mobileEmulation"] = {
                "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3, "touch": True}
            }
        capabilities = {"browserName": "chrome", "goog:chromeOptions": options}
        answer = requests.post(f"{driver}/session", json={"capabilities": {"alwaysMatch": capabilities}}, timeout=60)
        answer.raise_for_status()
        self.session = f"{driver}/session/{answer.json()['value']['sessionId']}"

    def command(self, method: str, path: str, body: Any = None) -> Any:
        response = requests.request(method, f"{self.session}{path}", json=body if body is not None else {}, timeout=60)
        value = response.json().get("value")
        if response.status_code >= 400:
            raise RuntimeError(f"WebDriver {path}: {value}")
        return value

    def open(self, url: str) -> None:
        self.command("POST", "/url", {"url": url})

    def reload(self) -> None:
        self.command("POST", "/refresh")

    def find(self, css: str) -> str:
        return self.command("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def find_all(self, css: str) -> List[str]:
        return [e[ELEMENT] for e in self.command("POST", "/elements", {"using": "css selector", "value": css})]

    def click(self, element: str) -> None:
        self.command("POST", f"/element/{element}/click")

    def type(self, element: str, text: str) -> None:
        self.command("POST", f"/element/{element}/value", {"text": text})

    def keys(self, text: str) -> None:
        """Keys pressed wherever the focus is."""
        actions = [{"type": "keyDown", "value": k} for k in text] + [{"type": "keyUp", "value": k} for k in text]
        self.command("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})

    def text(self, element: str) -> str:
        return self.command("GET", f"/element/{element}/text")

    def run(self, script: str, *args: Any) -> Any:
        return self.command("POST", "/execute/sync", {"script": script, "args": list(args)})

    def wait(self, script: str, timeout: float = 60.0) -> Any:
        """Waits until the script returns something truthy, and returns it."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.run(script)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"not true after {timeout:.0f} s: {script}")
            time.sleep(0.2)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.command("GET", "/screenshot")))

    def quit(self) -> None:
        try:
            requests.delete(self.session, timeout=30)
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


def start_driver(port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen(["chromedriver", f"--port={port}"], stdout=log.open("w"), stderr=subprocess.STDOUT)
