"""The aspect word guard, configured as in config.yml, on messages as DIET and the gazetteer leave them."""

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.aspect_words import AspectWordGuard

CONFIG = yaml.safe_load((Path(__file__).parents[1] / "config.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def guard():
    settings = next(c for c in CONFIG["pipeline"] if c["name"].endswith("AspectWordGuard"))
    return AspectWordGuard({**AspectWordGuard.get_default_config(), **settings})


def intent_after(guard, text, intent, procedure_name):
    """The intent the guard leaves when DIET chose ``intent`` and the gazetteer found ``procedure_name``."""
    ranking = [{"name": intent, "confidence": 0.8}, {"name": "ask_documents", "confidence": 0.1}]
    entities = []
    if procedure_name:
        start = text.index(procedure_name)
        entities = [{"entity": "procedure", "value": "x", "start": start, "end": start + len(procedure_name)}]
    message = Message(data={"text": text, "intent": ranking[0], "intent_ranking": ranking, "entities": entities})
    guard.process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize(
    "text, intent, name, expected",
    [
        # the words ask documents, DIET read the procedure's name
        (
            "đi sang tên xe thì đem theo cà vẹt với giấy mua bán là đủ chưa",
            "ask_procedure_info",
            "sang tên xe",
            "ask_documents",
        ),
        ("làm hộ chiếu bây giờ giá bao nhiêu", "ask_service_center", "làm hộ chiếu", "ask_fee"),
        ("lam so do mat bn lau", "ask_fee", "lam so do", "ask_processing_time"),
        # the intent is one the words ask: kept
        ("làm sổ đỏ mất bao lâu, ở đâu", "ask_service_center", "làm sổ đỏ", "ask_service_center"),
        # no procedure named: a hotline "là bao nhiêu" is not a fee
        ("số đường dây nóng của trung tâm là bao nhiêu", "ask_service_center", "", "ask_service_center"),
        # fee reductions and online filing have words of their own, decided before this guard
        ("làm căn cước online có được giảm lệ phí không", "ask_fee_reduction", "làm căn cước", "ask_fee_reduction"),
    ],
)
def test_the_words_asking_an_aspect_decide_the_procedure_intent(guard, text, intent, name, expected):
    assert intent_after(guard, text, intent, name) == expected
