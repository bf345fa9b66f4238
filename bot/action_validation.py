"""Rasa 3.6 checks every action server response with `jsonschema.validate()`, which first checks
the response schema itself against the JSON Schema meta-schema, on every turn. Profiling a turn
(py-spy on the Rasa server under a one-sender load) put about 60% of the server's CPU there.

`install()` makes Rasa validate with a validator compiled once from the same schema: the same
rules, and on a bad response Rasa's own method runs, so the error is Rasa's. The REST channel
(bot/channels.py) installs it, so every server that serves citizens has it.
"""

from __future__ import annotations

from typing import Any, Dict

from jsonschema import validators
from rasa.core.actions.action import RemoteAction

_SCHEMA = RemoteAction.action_response_format_spec()
_VALIDATOR = validators.validator_for(_SCHEMA)(_SCHEMA)
_RASA_VALIDATION = RemoteAction._validate_action_result


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    return _VALIDATOR.is_valid(result) or _RASA_VALIDATION(self, result)


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
