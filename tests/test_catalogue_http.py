"""The HTTP catalogue backend against the real catalogue API process, and failures of it."""

import json
import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.turn as turn
from actions.router import ActionAnswerProcedure
from bot.catalogue.client import DEFAULT_DIRECTORY, CatalogueClient, CatalogueUnavailable
from bot.catalogue.files import read_files
from tests.conftest import free_port


def test_http_backend_reads_the_same_catalogue_as_the_files(catalogue_api):
    remote = CatalogueClient(url=catalogue_api).get()
    local = CatalogueClient().get()
    assert [p.key for p in remote.procedures] == [p.key for p in local.procedures]
    assert remote.procedure("1.014063") == local.procedure("1.014063")
    assert remote.provinces["khanh-hoa"] == local.provinces["khanh-hoa"]


def test_unreachable_api_raises_a_clear_error():
    with pytest.raises(CatalogueUnavailable):
        CatalogueClient(url=f"http://127.0.0.1:{free_port()}", timeout=0.5).get()


def tracker(text, intent, entities=(), slots=None):
    return Tracker(
        "citizen",
        slots or {},
        {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": list(entities)},
        [],
        False,
        None,
        {},
        "action_listen",
    )


async def test_an_action_answers_politely_when_the_catalogue_is_down(monkeypatch, caplog):
    broken = CatalogueClient(url=f"http://127.0.0.1:{free_port()}", timeout=0.5)
    monkeypatch.setattr(turn, "_client", broken)
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerProcedure().run(dispatcher, tracker("làm hộ chiếu cần gì", "ask_documents"), {})
    assert events == []
    assert dispatcher.messages[0]["text"].startswith("Dạ, hệ thống tra cứu thủ tục đang gặp sự cố")
    assert "Catalogue" in caplog.text


async def test_actions_use_the_http_backend(monkeypatch, catalogue_api):
    monkeypatch.setattr(turn, "_client", CatalogueClient(url=catalogue_api))
    dispatcher = CollectingDispatcher()
    await ActionAnswerProcedure().run(dispatcher, tracker("đăng ký tạm trú mất mấy ngày", "ask_processing_time"), {})
    assert "Đăng ký tạm trú (mã 1.004194)" in dispatcher.messages[0]["text"]
    assert "3 ngày làm việc" in dispatcher.messages[0]["text"]


class FlakyCatalogueAPI:
    """A catalogue API that fails as told (status code or garbage) before answering properly."""

    def __init__(self, failures: list) -> None:
        good = json.dumps({"files": read_files(DEFAULT_DIRECTORY)}, default=str).encode()
        pending = list(failures)
        self.requests = 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                api.requests += 1
                status, body = pending.pop(0) if pending else (200, good)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_failing_api_is_retried_with_backoff():
    api = FlakyCatalogueAPI([(503, b"busy"), (200, b"<html>not json")])
    try:
        catalogue = CatalogueClient(url=api.url, timeout=2, backoff=0.05).get()
        assert catalogue.procedure("1.000894") and api.requests == 3
    finally:
        api.stop()


def test_an_api_answering_garbage_is_refused_and_the_last_good_copy_kept():
    api = FlakyCatalogueAPI([])
    client = CatalogueClient(url=api.url, ttl=0, timeout=2, backoff=0.05)
    try:
        good = client.get()
    finally:
        api.stop()
    garbage = FlakyCatalogueAPI([(200, b'{"files": "nope"}')] * 5)
    client.url = garbage.url
    try:
        assert client.get() is good
    finally:
        garbage.stop()


def test_a_silent_api_never_hangs():
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        client = CatalogueClient(url=f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.5, retries=2, backoff=0.1)
        began = time.monotonic()
        with pytest.raises(CatalogueUnavailable):
            client.get()
        assert time.monotonic() - began < 0.5 * 3 + 0.1 * 3 + 1.0, "bounded: three timeouts and two pauses"


def test_an_unchanged_catalogue_is_not_sent_again(catalogue_api):
    client = CatalogueClient(url=catalogue_api, ttl=0)
    first = client.get()
    assert client.get() is first  # the API answered 304 Not Modified: the same copy stays in use


def test_unchanged_files_are_not_read_again_and_an_edit_is(tmp_path):
    directory = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DIRECTORY, directory)
    client = CatalogueClient(directory=directory, ttl=0)
    first = client.get()
    assert client.get() is first
    rules = directory / "fee_rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# checked again\n", encoding="utf-8")
    assert client.get() is not first
