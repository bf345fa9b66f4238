"""Staff's `rasa shell`, in a real terminal (pty): answers through the action server, buttons to pick."""

from __future__ import annotations

import io
import re
import socket
import sqlite3
import subprocess
import time
from datetime import datetime, timedelta, timezone

import pexpect
import pytest
from conftest import BIN, MODEL, ROOT, Assistant, free_port, start, stop, wait_until_up

pytestmark = pytest.mark.e2e  # real processes

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
UP, DOWN, ENTER = "\x1b[A", "\x1b[B", "\r"


def choose(shell: pexpect.spawn, *keys: str) -> None:
    time.sleep(1.5)  # prompt_toolkit waits for a cursor-position reply no pty gives before reading keys
    for key in keys:
        shell.send(key)
        time.sleep(0.3)


def test_staff_see_answers_choose_buttons_and_rate_with_feedback_in_rasa_shell(servers: Assistant, tmp_path) -> None:
    started = datetime.now(timezone.utc) - timedelta(seconds=1)
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
        choose(shell, DOWN, ENTER)  # the second button: Lệ phí
        shell.expect("lệ phí thủ tục Đăng ký kết hôn", timeout=60)
        shell.expect("Nộp trực tuyến: Miễn lệ phí", timeout=30)
        assert "Đăng ký kết hôn (mã 1.000894)" in shown()[answered:]

        choose(shell, UP, ENTER)  # from the first choice up to the last: "Type out your own message..."
        shell.expect("Your input ->", timeout=30)
        shell.sendline("/feedback")
        shell.expect("👎 Chưa đúng", timeout=60)
        choose(shell, DOWN, ENTER)
        shell.expect("Em đã ghi lại", timeout=60)
    finally:
        shell.close(force=True)
    ratings = [e for e in servers.feedback.entries(started) if e.kind == "rating" and e.channel == "shell"]
    assert [(e.rating, e.procedure, e.answer) for e in ratings] == [("bad", "1.000894", "fee")]


def outside_addresses() -> list:
    """This machine's IPv4 addresses other than loopback."""
    found = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    return [a for a in found if "." in a and not a.startswith("127.")]


def test_make_run_serves_the_configured_channels_and_make_shell_works_beside_it(tmp_path) -> None:
    zalo_port = free_port()
    zalo = {"ZALO_APP_ID": "1", "ZALO_APP_SECRET": "s", "ZALO_OA_SECRET": "o", "ZALO_PORT": str(zalo_port)}
    zalo["ZALO_TOKEN_FILE"] = str(tmp_path / "zalo-tokens.json")
    run = start(["bash", "scripts/run.sh"], tmp_path / "run.log", {"PORTAL_PORT": str(free_port()), **zalo})
    shell = None
    try:
        wait_until_up("http://127.0.0.1:5005/", run)
        wait_until_up("http://127.0.0.1:5055/health", run)
        wait_until_up(f"http://127.0.0.1:{zalo_port}/health", run)  # the Zalo webhook, as it is configured
        for address in outside_addresses():
            with socket.socket() as probe:
                probe.settimeout(2)
                assert probe.connect_ex((address, 5055)) != 0, f"the action server answers on {address}"
        shell = pexpect.spawn("make", ["-s", "shell"], cwd=str(ROOT), encoding="utf-8", timeout=180)
        shell.expect("Your input ->")
        shell.sendline("lệ phí làm hộ chiếu phổ thông bao nhiêu")
        shell.expect("Cấp hộ chiếu phổ thông", timeout=60)
    finally:
        if shell:
            shell.close(force=True)
        stop(run)
    database = ROOT / "state" / "conversations.db"
    if database.exists():
        with sqlite3.connect(database) as connection:
            stored = " ".join(d for (d,) in connection.execute("SELECT data FROM events WHERE type_name = 'user'"))
        assert "hộ chiếu phổ thông bao nhiêu" not in stored, "the shell's conversation is not the citizens'"
