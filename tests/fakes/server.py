"""What the local stand-ins for Telegram and Zalo share: a threaded HTTP server on a free
loopback port, and waiting until a condition on what it received holds."""

from __future__ import annotations

import threading
import time
from http.server import ThreadingHTTPServer
from typing import Any, Callable


class FakeServer:
    def __init__(self, handler: type) -> None:
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    def start(self):  # noqa: ANN201 - returns the subclass
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def recent(self) -> str:
        """What it received last, for a timeout's message."""
        return ""

    def wait_for(self, condition: Callable[[], Any], timeout: float = 60.0) -> Any:
        """Waits until condition() returns something truthy and returns it."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = condition()
                if found:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"not seen in {timeout:.0f} s; last received: {self.recent()}")
                self._changed.wait(min(remaining, 0.5))
