"""The HTTP catalogue backend against the real catalogue API process, and failures of it."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.common as common
from actions.procedure import ActionAnswerProcedure
from bot.catalogue.client import CatalogueClient, CatalogueUnavailable
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
    monkeypatch.setattr(common, "_client", broken)
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerProcedure().run(dispatcher, tracker("làm hộ chiếu cần gì", "ask_documents"), {})
    assert events == []
    assert dispatcher.messages[0]["text"].startswith("Dạ, hệ thống tra cứu thủ tục đang gặp sự cố")
    assert "Catalogue" in caplog.text


async def test_actions_use_the_http_backend(monkeypatch, catalogue_api):
    monkeypatch.setattr(common, "_client", CatalogueClient(url=catalogue_api))
    dispatcher = CollectingDispatcher()
    await ActionAnswerProcedure().run(dispatcher, tracker("đăng ký tạm trú mất mấy ngày", "ask_processing_time"), {})
    assert "Đăng ký tạm trú (mã 1.004194)" in dispatcher.messages[0]["text"]
    assert "3 ngày làm việc" in dispatcher.messages[0]["text"]
