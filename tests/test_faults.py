"""Faults survived: the action server down or slow gives a polite answer, Rasa stays up, and
answers resume when the action server is back."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import requests
from conftest import Citizen, free_port, start_actions, start_rasa, stop

from bot.channels import BUSY

pytestmark = pytest.mark.e2e  # real processes


def test_action_server_down_then_back(tmp_path: Path) -> None:
    action_port, port = free_port(), free_port()
    rasa = start_rasa(port, action_port, tmp_path)
    actions = None
    try:
        citizen = Citizen(f"http://127.0.0.1:{port}")
        assert citizen.text("lệ phí đăng ký kết hôn") == BUSY
        streamed = requests.post(
            f"http://127.0.0.1:{port}/webhooks/rest/webhook?stream=true",
            json={"sender": citizen.sender, "message": "làm hộ chiếu cần gì"},
            timeout=60,
        )
        said = [json.loads(line)["text"] for line in streamed.text.splitlines() if line.strip()]
        assert said == [BUSY], "the streaming path is never silent either"
        assert requests.get(f"http://127.0.0.1:{port}/status", timeout=10).status_code == 200
        actions = start_actions(action_port, tmp_path / "actions.log")
        assert "lệ phí thủ tục Đăng ký kết hôn" in citizen.text("lệ phí đăng ký kết hôn")
    finally:
        stop(rasa)
        if actions:
            stop(actions)


def test_action_server_too_slow(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = free_port()
        rasa = start_rasa(port, silent.getsockname()[1], tmp_path, env={"ANSWER_TIMEOUT": "3"})
        try:
            citizen = Citizen(f"http://127.0.0.1:{port}")
            assert citizen.text("làm hộ chiếu cần gì") == BUSY
            assert "chào" in citizen.text("xin chào"), "the next turn is answered as usual"
        finally:
            stop(rasa)
