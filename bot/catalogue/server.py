"""A small HTTP catalogue API over the catalogue files, for provinces that serve it centrally.

    python -m bot.catalogue.server --port 5056 [--directory data/catalogue]

GET /v1/catalogue returns {"files": {relative path: parsed YAML, or a list of records for JSON
Lines}} with an ETag, and 304 to a client that already has that version; GET /health returns
ok. The files are validated before they are served, so a broken edit is refused here too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bot.catalogue.client import DEFAULT_DIRECTORY
from bot.catalogue.files import read_files, signature
from bot.catalogue.model import CatalogueError
from bot.catalogue.schema import build_catalogue

logger = logging.getLogger(__name__)


def _json_default(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def make_handler(directory: Path) -> type:
    class CatalogueHandler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: Any, etag: str = "") -> None:
            data = json.dumps(body, ensure_ascii=False, default=_json_default).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            if self.path == "/health":
                self._send(200, {"status": "ok"})
            elif self.path == "/v1/catalogue":
                etag = '"' + hashlib.sha256(repr(signature(directory)).encode()).hexdigest()[:32] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                try:
                    files = read_files(directory)
                    build_catalogue(files)
                except CatalogueError as error:
                    logger.error("Refusing to serve an invalid catalogue: %s", error)
                    self._send(500, {"error": str(error)})
                    return
                self._send(200, {"files": files}, etag)
            else:
                self._send(404, {"error": "not found"})

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            logger.info("%s %s", self.address_string(), format % args)

    return CatalogueHandler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5056)
    parser.add_argument("--directory", type=Path, default=DEFAULT_DIRECTORY)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    server = ThreadingHTTPServer((args.host, args.port), make_handler(args.directory))
    logger.info("Catalogue API on http://%s:%d/v1/catalogue", args.host, args.port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
