"""Rasa's check of action server responses, with the schema compiled once (bot/action_validation.py):
it must accept and refuse exactly what Rasa's own check does."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import action_validation

RESPONSES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "procedure", "value": "1.000894"}], "responses": [{"text": "Dạ"}]},
    {"events": [{"event": "slot"}], "responses": [{"text": "x", "buttons": [{"title": "a", "payload": "/b"}]}]},
    {"events": "not a list", "responses": []},
    {"events": [{"no_event_key": 1}], "responses": []},
    {"events": [], "responses": "text"},
    {},
    {"events": [{"event": "bot", "text": "Dạ", "data": {"buttons": []}, "metadata": {}}], "responses": []},
    {"events": [{"event": "nonsense"}], "responses": []},
    {"events": [{"event": 7}], "responses": []},
    {"events": [{"event": "slot", "name": 5}], "responses": []},
    {"events": [{"event": "slot", "name": "a", "timestamp": "today"}], "responses": []},
    {"events": ["slot"], "responses": []},
    {"events": [{"event": "action", "name": "action_listen"}, {"event": "followup", "name": 1}]},
]


@pytest.mark.parametrize("response", RESPONSES)
def test_the_same_responses_are_accepted_and_refused(response: dict) -> None:
    try:
        validate(response, RemoteAction.action_response_format_spec())
        rasa_accepts = True
    except ValidationError:
        rasa_accepts = False
    action_validation.install()
    action = RemoteAction("action_answer_procedure", EndpointConfig("http://127.0.0.1:1/webhook"))
    if rasa_accepts:
        assert action._validate_action_result(response) is True
    else:
        with pytest.raises(ValidationError, match="Failed to validate Action server response"):
            action._validate_action_result(response)
