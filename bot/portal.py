"""Serves the widget and the demo portal page: `python -m bot.portal --port 8080`.

`/settings.js` carries the widget's settings (the Rasa URL the browser talks to, from
--rasa-url or RASA_PUBLIC_URL). The page is sent with a strict Content-Security-Policy:
scripts only from this server, connections only to it and to Rasa.
"""

from __future__ import annotations

import argparse
import json
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict

WEB = Path(__file__).resolve().parents[1] / "web"


def widget_settings(rasa_url: str) -> Dict[str, Any]:
    return {"serverUrl": rasa_url, "title": "Trợ lý thủ tục hành chính", "subtitle": "Hỏi đáp tự động, tham khảo"}


class PortalHandler(SimpleHTTPRequestHandler):
    rasa_url = "http://127.0.0.1:5005"

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path == "/":
            self.path = "/portal/index.html"
        if self.path == "/settings.js":
            body = f"window.TTHCWidgetSettings = {json.dumps(widget_settings(self.rasa_url), ensure_ascii=False)};\n"
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'self'; connect-src 'self' {self.rasa_url}; img-src 'self' data:; "
            "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'",
        )
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the portal's own web server keeps the access log in production."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_PUBLIC_URL", "http://127.0.0.1:5005"))
    args = parser.parse_args()
    handler = type("Handler", (PortalHandler,), {"rasa_url": args.rasa_url.rstrip("/")})
    server = ThreadingHTTPServer((args.host, args.port), partial(handler, directory=str(WEB)))
    print(f"Demo portal page with the chat widget: http://{args.host}:{args.port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
