"""Staff's `rasa shell`, in a real terminal (pty): answers through the action server, buttons to pick."""

from __future__ import annotations

import io
import re
import time

import pexpect
from conftest import BIN, MODEL, Assistant, free_port

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
DOWN, ENTER = "\x1b[B", "\r"


def test_staff_see_answers_and_choose_buttons_in_rasa_shell(servers: Assistant, tmp_path) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{servers.action_port}/webhook"\n')
    shell = pexpect.spawn(
        str(BIN / "rasa"),
        ["shell", "--model", str(MODEL), "--endpoints", str(endpoints), "--port", str(free_port())],
        encoding="utf-8",
        timeout=180,
        dimensions=(60, 200),
    )
    screen = io.StringIO()
    shell.logfile_read = screen

    def shown() -> str:
        return ANSI.sub("", screen.getvalue())

    try:
        shell.expect("Your input ->")
        shell.sendline("đăng ký kết hôn cần giấy tờ gì")
        shell.expect(r"\(Use arrow keys\)", timeout=60)
        shell.expect("Giảm lệ phí khi nộp online", timeout=30)
        assert "Đăng ký kết hôn (mã 1.000894)" in shown()
        assert "1: Thời gian giải quyết (/ask_processing_time" in shown()
        answered = len(shown())
        time.sleep(1.5)  # prompt_toolkit waits for a cursor-position reply no pty gives before reading keys
        shell.send(DOWN)  # the second button: Lệ phí
        time.sleep(0.3)
        shell.send(ENTER)
        shell.expect("lệ phí thủ tục Đăng ký kết hôn", timeout=60)
        shell.expect("Nộp trực tuyến: Miễn lệ phí", timeout=30)
        assert "Đăng ký kết hôn (mã 1.000894)" in shown()[answered:]
    finally:
        shell.close(force=True)
