"""One catalogue client, two backends: the local files (default) or a catalogue HTTP API."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Any, Dict, Optional

import requests

from bot.catalogue.files import read_files, signature
from bot.catalogue.model import Catalogue, CatalogueError
from bot.catalogue.schema import build_catalogue

logger = logging.getLogger(__name__)

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / "data" / "catalogue"


class CatalogueUnavailable(RuntimeError):
    """The catalogue could not be read or is invalid."""


class CatalogueClient:
    """Loads and caches the catalogue; reloads after ``ttl`` seconds.

    With ``url`` set, the catalogue is fetched from ``{url}/v1/catalogue``; otherwise
    it is read from ``directory``, again only when a file changed (the national records make
    a reload cost about a second). Either way it is validated by the same schema.
    """

    def __init__(
        self,
        directory: Optional[Path] = None,
        url: Optional[str] = None,
        ttl: float = 60.0,
        timeout: float = 3.0,
        retries: int = 2,
        backoff: float = 0.2,
    ) -> None:
        self.directory = directory or DEFAULT_DIRECTORY
        self.url = url.rstrip("/") if url else None
        self.ttl = ttl
        self.timeout = timeout
        self.retries, self.backoff = retries, backoff
        self._cached: Optional[Catalogue] = None
        self._loaded_at = 0.0
        self._version: Any = None  # the files' signature, or the API's ETag, of the copy in use
        self._lock = threading.Lock()

    @classmethod
    def from_environment(cls) -> CatalogueClient:
        directory = os.environ.get("CATALOGUE_DIR")
        return cls(
            directory=Path(directory) if directory else None,
            url=os.environ.get("CATALOGUE_URL") or None,
            ttl=float(os.environ.get("CATALOGUE_TTL", "60")),
        )

    def _raw_files(self) -> Optional[Dict[str, Any]]:
        """The raw files, or None when they have not changed since the copy in use was read."""
        if not self.url:
            current = signature(self.directory)
            if self._cached is not None and current and current == self._version:
                return None
            files = read_files(self.directory)
            self._version = current
            return files
        attempt = 0
        while True:
            try:
                return self._fetch()
            except (requests.RequestException, ValueError) as error:
                if attempt >= self.retries:
                    raise
                logger.warning("Catalogue API attempt %d failed (%s); retrying", attempt + 1, error)
                time.sleep(self.backoff * 2**attempt)
                attempt += 1

    def _fetch(self) -> Optional[Dict[str, Any]]:
        """One bounded request to the catalogue API; None when it answers "not modified"."""
        headers = {"If-None-Match": self._version} if self._cached is not None and self._version else {}
        response = requests.get(f"{self.url}/v1/catalogue", timeout=self.timeout, headers=headers)
        if response.status_code == 304:
            return None
        response.raise_for_status()
        self._version = response.headers.get("ETag", "")
        body = response.json()
        if not isinstance(body, dict) or not isinstance(body.get("files"), dict):
            raise CatalogueError(self.url, "-", "files", "the catalogue API answered without a 'files' mapping")
        return body["files"]

    def get(self) -> Catalogue:
        """The catalogue; a stale copy is kept if a reload fails."""
        with self._lock:
            if self._cached is not None and time.monotonic() - self._loaded_at < self.ttl:
                return self._cached
            try:
                raw = self._raw_files()
                if raw is not None:
                    self._cached = build_catalogue(raw)
                self._loaded_at = time.monotonic()
            except (CatalogueError, requests.RequestException, ValueError) as error:
                logger.error("Catalogue could not be loaded: %s", error)
                if self._cached is None:
                    raise CatalogueUnavailable(str(error)) from error
                self._loaded_at = time.monotonic()
            return self._cached
