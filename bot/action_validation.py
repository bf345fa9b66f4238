"""Rasa 3.6 checks every action server response with `jsonschema.validate()`, which first checks
the response schema itself against the JSON Schema meta-schema, on every turn. Profiling a turn
(py-spy on the Rasa server under a one-sender load) put about 60% of the server's CPU there.

`install()` makes Rasa validate with validators compiled once from the same schema: the same
rules, and on a bad response Rasa's own method runs, so the error is Rasa's. Each event is checked
against the one branch of the schema's `oneOf` whose `event` constant it names (every branch names
its own), instead of against all 23 branches to count the matches: the same verdict in a fifth of
the time. The REST channel (bot/channels.py) installs it, so every server that serves citizens has it.
"""

from __future__ import annotations

from typing import Any, Dict

from jsonschema import validators
from rasa.core.actions.action import RemoteAction

_SCHEMA = RemoteAction.action_response_format_spec()
_EVENT = _SCHEMA["properties"]["events"]["items"]
_COMMON = {key: rule for key, rule in _EVENT.items() if key != "oneOf"}
_SHAPE = {**_SCHEMA, "properties": {**_SCHEMA["properties"], "events": {"type": "array", "items": _COMMON}}}


def _compiled(schema: Dict[str, Any]) -> Any:
    return validators.validator_for(schema)(schema)


_SHAPE_VALIDATOR = _compiled(_SHAPE)
_BY_EVENT = {branch["properties"]["event"]["const"]: _compiled(branch) for branch in _EVENT["oneOf"]}
_RASA_VALIDATION = RemoteAction._validate_action_result


def is_valid(result: Any) -> bool:
    """Whether Rasa's response schema accepts ``result``."""
    if not _SHAPE_VALIDATOR.is_valid(result):
        return False
    events = result.get("events") or []
    return all(event["event"] in _BY_EVENT and _BY_EVENT[event["event"]].is_valid(event) for event in events)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    return is_valid(result) or _RASA_VALIDATION(self, result)


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
