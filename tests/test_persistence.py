"""Conversations are kept in SQLite (the default in endpoints.yml): a restart loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Assistant, Citizen, free_port, start_rasa, stop

pytestmark = pytest.mark.e2e  # real processes


def test_a_follow_up_after_a_rasa_restart_still_knows_the_procedure(servers: Assistant, tmp_path: Path) -> None:
    database = tmp_path / "conversations.db"
    port = free_port()
    rasa = start_rasa(port, servers.action_port, tmp_path, conversations=database)
    citizen = Citizen(f"http://127.0.0.1:{port}")
    try:
        assert "Đăng ký kết hôn (mã 1.000894)" in citizen.text("đăng ký kết hôn cần giấy tờ gì")
    finally:
        stop(rasa)
    assert database.stat().st_size > 0
    rasa = start_rasa(port, servers.action_port, tmp_path, conversations=database)
    try:
        answer = citizen.text("còn lệ phí thì sao")
        assert "lệ phí thủ tục Đăng ký kết hôn" in answer, answer
    finally:
        stop(rasa)
