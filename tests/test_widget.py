"""The web portal widget in a real headless Chromium, against the real demo portal page, Rasa and
action servers."""

from __future__ import annotations

import http.server
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest
import requests
from browser import ELEMENT, ENTER, Browser, browsers_installed, start_driver
from conftest import BIN, Assistant, free_port, start, stop, wait_until_up

pytestmark = pytest.mark.skipif(not browsers_installed(), reason="needs Debian's chromium and chromium-driver")

BOT_MESSAGES = "document.querySelectorAll('.tthc-bot').length"


def start_portal(port: int, rasa_url: str, log: Path):
    process = start([str(BIN / "python"), "-m", "bot.portal", "--port", str(port), "--rasa-url", rasa_url], log)
    wait_until_up(f"http://127.0.0.1:{port}/", process, timeout=30)
    return process


@pytest.fixture(scope="module")
def portal(servers: Assistant, tmp_path_factory) -> Iterator[str]:
    process = start_portal(servers.portal_port, servers.url, tmp_path_factory.mktemp("portal") / "portal.log")
    yield servers.portal_origin
    stop(process)


@pytest.fixture(scope="module")
def driver(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    process = start_driver(port, tmp_path_factory.mktemp("chromedriver") / "chromedriver.log")
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/status", process, timeout=30)
    yield url
    stop(process)


@pytest.fixture
def browser(driver: str) -> Iterator[Browser]:
    session = Browser(driver)
    yield session
    session.quit()


def open_widget(browser: Browser, portal: str) -> None:
    browser.open(portal)
    browser.click(browser.find(".tthc-launcher"))
    browser.wait(f"return {BOT_MESSAGES} >= 1")


def ask(browser: Browser, question: str) -> str:
    """Types a question, waits for the answer and returns the text of the new bot messages."""
    before = browser.run(f"return {BOT_MESSAGES}")
    browser.type(browser.find("#tthc-input"), question + ENTER)
    browser.wait(f"return {BOT_MESSAGES} > {before} && document.querySelector('.tthc-typing').hidden")
    return "\n".join(browser.text(e) for e in browser.find_all(".tthc-bot")[before:])


def test_ask_click_a_button_and_keep_the_conversation_after_a_reload(browser: Browser, portal: str) -> None:
    open_widget(browser, portal)
    greeting = browser.text(browser.find(".tthc-bot"))
    assert "Dạ, em chào Anh/Chị" in greeting
    assert "Nộp hồ sơ trực tuyến" in [browser.text(b) for b in browser.find_all(".tthc-choice")]

    answer = ask(browser, "đăng ký kết hôn cần giấy tờ gì")
    assert "kết hôn" in answer.lower() and "Nguồn:" in answer
    link = browser.run("var a = [...document.querySelectorAll('.tthc-bot a')].pop(); return a && a.href")
    assert link.startswith("https://dichvucong.gov.vn/")

    fee = [b for b in browser.find_all(".tthc-choice") if browser.text(b) == "Lệ phí"][-1]
    before = browser.run(f"return {BOT_MESSAGES}")
    browser.click(fee)
    browser.wait(f"return {BOT_MESSAGES} > {before} && document.querySelector('.tthc-typing').hidden")
    transcript = [browser.text(m) for m in browser.find_all(".tthc-message")]
    assert transcript[-2].endswith("Lệ phí"), "the pressed button is shown as the citizen's message"
    assert "lệ phí" in transcript[-1].lower() and "kết hôn" in transcript[-1].lower()

    browser.reload()
    browser.wait("return document.querySelectorAll('.tthc-message').length > 0")
    assert [browser.text(m) for m in browser.find_all(".tthc-message")] == transcript
    assert browser.run("return !document.querySelector('.tthc-panel').hidden"), "the open widget stays open"

    answer = ask(browser, "mất bao lâu")
    assert "kết hôn" in answer.lower(), "the same Rasa conversation goes on after the reload"


def test_an_answer_is_rated_once_and_the_rating_is_kept_for_staff(
    servers: Assistant, browser: Browser, portal: str
) -> None:
    started = datetime.now(timezone.utc) - timedelta(seconds=1)
    open_widget(browser, portal)
    assert not browser.find_all(".tthc-rate"), "the greeting cites no source: nothing to rate"
    ask(browser, "đăng ký tạm trú cần giấy tờ gì")
    labels = browser.run("return [...document.querySelectorAll('.tthc-rate')].map(b => b.getAttribute('aria-label'))")
    assert labels == ["Câu trả lời hữu ích", "Câu trả lời chưa đúng"]
    before = browser.run(f"return {BOT_MESSAGES}")
    browser.click(browser.find_all(".tthc-rate")[0])
    browser.wait(f"return {BOT_MESSAGES} > {before} && document.querySelector('.tthc-typing').hidden")
    assert "cảm ơn Anh/Chị đã đánh giá" in browser.text(browser.find_all(".tthc-bot")[-1])
    assert not browser.find_all(".tthc-rate"), "rated once"
    browser.reload()
    browser.wait("return document.querySelectorAll('.tthc-message').length > 0")
    assert not browser.find_all(".tthc-rate"), "still rated after a reload"
    [rating] = [e for e in servers.feedback.entries(started) if e.kind == "rating" and e.channel == "web"]
    assert rating.rating == "good" and rating.answer == "documents" and rating.procedure


def test_markup_in_messages_is_shown_as_text_never_run(browser: Browser, portal: str) -> None:
    open_widget(browser, portal)
    attack = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
    ask(browser, attack)
    user = browser.find_all(".tthc-user")[-1]
    assert attack in browser.text(user)
    assert browser.run("return window.pwned === undefined")
    assert browser.run("return document.querySelectorAll('.tthc-log script, .tthc-log img').length") == 0


def test_usable_with_the_keyboard_and_a_screen_reader(browser: Browser, portal: str) -> None:
    browser.open(portal)
    launcher = browser.find(".tthc-launcher")
    assert "trợ lý" in browser.run("return arguments[0].getAttribute('aria-label')", {ELEMENT: launcher}).lower()
    browser.run("document.querySelector('.tthc-launcher').focus()")
    browser.keys(ENTER)
    browser.wait("return document.activeElement && document.activeElement.id === 'tthc-input'")
    assert browser.run("return document.querySelector('.tthc-launcher').getAttribute('aria-expanded')") == "true"
    assert browser.run("return document.querySelector('label[for=tthc-input]').textContent") == "Câu hỏi của Anh/Chị"
    assert browser.run("return document.querySelector('.tthc-log').getAttribute('role')") == "log"
    browser.keys("\ue00c")  # Escape
    browser.wait("return document.activeElement === document.querySelector('.tthc-launcher')")
    assert browser.run("return document.querySelector('.tthc-panel').hidden")


def test_fills_a_phone_screen(driver: str, portal: str) -> None:
    phone = Browser(driver, phone=True)
    try:
        open_widget(phone, portal)
        width, viewport = phone.run(
            "return [document.querySelector('.tthc-panel').getBoundingClientRect().width, window.innerWidth]"
        )
        assert viewport == 390 and width == viewport
    finally:
        phone.quit()


def test_rasa_allows_only_the_portal_origin(servers: Assistant) -> None:
    def allowed(origin: str) -> str:
        headers = {
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }
        response = requests.options(f"{servers.url}/webhooks/rest/webhook", headers=headers, timeout=10)
        return response.headers.get("Access-Control-Allow-Origin", "")

    assert allowed(servers.portal_origin) == servers.portal_origin
    assert allowed("https://phishing.example") == ""


def first_answer(browser: Browser, port: int, question: str) -> str:
    """Opens the portal on ``port``, asks one question and returns the widget's last message."""
    browser.open(f"http://127.0.0.1:{port}/")
    browser.click(browser.find(".tthc-launcher"))
    browser.wait(f"return {BOT_MESSAGES} >= 1", timeout=30)
    browser.type(browser.find("#tthc-input"), question + ENTER)
    browser.wait(f"return {BOT_MESSAGES} >= 2 && document.querySelector('.tthc-typing').hidden", timeout=30)
    return browser.text(browser.find_all(".tthc-bot")[-1])


def test_when_rasa_is_unreachable_the_citizen_is_told_and_keeps_the_question(browser: Browser, tmp_path: Path) -> None:
    port = free_port()
    process = start_portal(port, f"http://127.0.0.1:{free_port()}", tmp_path / "portal.log")
    try:
        assert "hệ thống đang bận" in first_answer(browser, port, "làm hộ chiếu cần gì")
        assert browser.run("return document.querySelector('#tthc-input').value") == "làm hộ chiếu cần gì"
    finally:
        stop(process)


def test_the_browser_keeps_no_personal_numbers_and_the_conversation_can_be_cleared(
    browser: Browser, portal: str
) -> None:
    open_widget(browser, portal)
    ask(browser, "cấp lại căn cước cần giấy tờ gì, sđt 0905 123 456, mail nguyen.van.a@gmail.com")
    kept = browser.run("return JSON.stringify(Object.assign({}, sessionStorage))")
    assert "căn cước" in kept and "[số]" in kept and "[email]" in kept
    assert "0905 123 456" not in kept and "nguyen.van.a@gmail.com" not in kept
    assert browser.run("return localStorage.length") == 0, "nothing outlives the browser session"

    browser.click(browser.find(".tthc-clear"))
    browser.wait("return !document.querySelector('.tthc-user') && document.querySelectorAll('.tthc-bot').length >= 1")
    assert "0905" not in browser.run("return document.querySelector('.tthc-log').textContent")
    assert "0905" not in browser.run("return JSON.stringify(Object.assign({}, sessionStorage))")
    answer = ask(browser, "còn lệ phí thì sao")
    assert "căn cước" not in answer.lower(), "a new conversation: the previous citizen's procedure is forgotten"


class Refusing(http.server.BaseHTTPRequestHandler):
    """A Rasa stand-in that answers every message with 500, counting them."""

    posts = 0

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

    def do_OPTIONS(self) -> None:  # noqa: N802 - the stdlib's name
        self.send_response(204)
        self._cors()
        self.end_headers()

    def do_POST(self) -> None:  # noqa: N802
        type(self).posts += 1
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(500)
        self._cors()
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_a_request_the_server_answered_is_never_sent_twice(browser: Browser, tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = free_port()
    process = start_portal(port, f"http://127.0.0.1:{server.server_address[1]}", tmp_path / "portal.log")
    try:
        assert "hệ thống đang bận" in first_answer(browser, port, "làm hộ chiếu cần gì")
        assert Refusing.posts == 2, "the greeting and the question, each once: a 500 is an answer"
    finally:
        stop(process)
        server.shutdown()
