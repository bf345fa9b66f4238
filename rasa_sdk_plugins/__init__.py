"""Extensions of the action server, found by the Rasa SDK's plugin manager under this package name."""

from __future__ import annotations

import pluggy

from bot.action_server_token import ActionServerToken


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(ActionServerToken())
