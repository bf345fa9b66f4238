"""The web portal widget in a real headless Chromium (Selenium, with Debian's chromium and
chromedriver: nothing is downloaded), against the real demo portal page, Rasa and action servers."""

from __future__ import annotations

import http.server
import os
import shutil
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
from conftest import BIN, Assistant, free_port, start, stop, wait_until_up
from selenium import webdriver
from selenium.webdriver import ActionChains, Keys
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (shutil.which("chromium") and shutil.which("chromedriver")),
        reason="needs Debian's chromium and chromium-driver (make browsers)",
    ),
]
os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a driver or a browser

BOT_MESSAGES = "document.querySelectorAll('.tthc-bot').length"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
CHROMIUM_FLAGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(phone: bool = False) -> WebDriver:
    """A desktop window, or a phone's screen (390×844 CSS pixels, touch) when phone is set."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in [*CHROMIUM_FLAGS, "--window-size=1280,900"]:
        options.add_argument(flag)
    if phone:
        options.add_experimental_option(
            "mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3, "touch": True}}
        )
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def wait(browser: WebDriver, script: str, timeout: float = 60.0) -> Any:
    """Waits until the script returns something truthy, and returns it."""
    return WebDriverWait(browser, timeout, poll_frequency=0.2).until(lambda b: b.execute_script(script))


def find(browser: WebDriver, css: str):
    return browser.find_element(By.CSS_SELECTOR, css)


def find_all(browser: WebDriver, css: str):
    return browser.find_elements(By.CSS_SELECTOR, css)


def start_portal(port: int, rasa_url: str, log: Path):
    process = start([str(BIN / "python"), "-m", "bot.portal", "--port", str(port), "--rasa-url", rasa_url], log)
    wait_until_up(f"http://127.0.0.1:{port}/", process, timeout=30)
    return process


@pytest.fixture(scope="module")
def portal(servers: Assistant, tmp_path_factory) -> Iterator[str]:
    process = start_portal(servers.portal_port, servers.url, tmp_path_factory.mktemp("portal") / "portal.log")
    yield servers.portal_origin
    stop(process)


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    session = chromium()
    yield session
    session.quit()


def open_widget(browser: WebDriver, portal: str) -> None:
    browser.get(portal)
    find(browser, ".tthc-launcher").click()
    wait(browser, f"return {BOT_MESSAGES} >= 1")


def ask(browser: WebDriver, question: str) -> str:
    """Types a question, waits for the answer and returns the text of the new bot messages."""
    before = browser.execute_script(f"return {BOT_MESSAGES}")
    find(browser, "#tthc-input").send_keys(question + Keys.ENTER)
    wait(browser, f"return {BOT_MESSAGES} > {before} && document.querySelector('.tthc-typing').hidden")
    return "\n".join(e.text for e in find_all(browser, ".tthc-bot")[before:])


def test_ask_click_a_button_and_keep_the_conversation_after_a_reload(browser: WebDriver, portal: str) -> None:
    open_widget(browser, portal)
    greeting = find(browser, ".tthc-bot").text
    assert "Dạ, em chào Anh/Chị" in greeting
    assert "Nộp hồ sơ trực tuyến" in [b.text for b in find_all(browser, ".tthc-choice")]

    answer = ask(browser, "đăng ký kết hôn cần giấy tờ gì")
    assert "kết hôn" in answer.lower() and "Nguồn:" in answer
    link = browser.execute_script("var a = [...document.querySelectorAll('.tthc-bot a')].pop(); return a && a.href")
    assert link.startswith("https://dichvucong.gov.vn/")

    fee = [b for b in find_all(browser, ".tthc-choice") if b.text == "Lệ phí"][-1]
    before = browser.execute_script(f"return {BOT_MESSAGES}")
    fee.click()
    wait(browser, f"return {BOT_MESSAGES} > {before} && document.querySelector('.tthc-typing').hidden")
    transcript = [m.text for m in find_all(browser, ".tthc-message")]
    assert transcript[-2].endswith("Lệ phí"), "the pressed button is shown as the citizen's message"
    assert "lệ phí" in transcript[-1].lower() and "kết hôn" in transcript[-1].lower()

    browser.refresh()
    wait(browser, "return document.querySelectorAll('.tthc-message').length > 0")
    assert [m.text for m in find_all(browser, ".tthc-message")] == transcript
    assert browser.execute_script("return !document.querySelector('.tthc-panel').hidden"), "the open widget stays open"

    answer = ask(browser, "mất bao lâu")
    assert "kết hôn" in answer.lower(), "the same Rasa conversation goes on after the reload"


def test_an_answer_is_rated_once_and_the_rating_is_kept_for_staff(
    servers: Assistant, browser: WebDriver, portal: str
) -> None:
    started = datetime.now(timezone.utc) - timedelta(seconds=1)
    open_widget(browser, portal)
    assert not find_all(browser, ".tthc-rate"), "the greeting cites no source: nothing to rate"
    ask(browser, "đăng ký tạm trú cần giấy tờ gì")
    labels = browser.execute_script(
        "return [...document.querySelectorAll('.tthc-rate')].map(b => b.getAttribute('aria-label'))"
    )
    assert labels == ["Câu trả lời hữu ích", "Câu trả lời chưa đúng"]
    before = browser.execute_script(f"return {BOT_MESSAGES}")
    find_all(browser, ".tthc-rate")[0].click()
    wait(browser, f"return {BOT_MESSAGES} > {before} && document.querySelector('.tthc-typing').hidden")
    assert "cảm ơn Anh/Chị đã đánh giá" in find_all(browser, ".tthc-bot")[-1].text
    assert not find_all(browser, ".tthc-rate"), "rated once"
    browser.refresh()
    wait(browser, "return document.querySelectorAll('.tthc-message').length > 0")
    assert not find_all(browser, ".tthc-rate"), "still rated after a reload"
    [rating] = [e for e in servers.feedback.entries(started) if e.kind == "rating" and e.channel == "web"]
    assert rating.rating == "good" and rating.answer == "documents" and rating.procedure


def test_markup_in_messages_is_shown_as_text_never_run(browser: WebDriver, portal: str) -> None:
    open_widget(browser, portal)
    attack = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
    ask(browser, attack)
    user = find_all(browser, ".tthc-user")[-1]
    assert attack in user.text
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.execute_script("return document.querySelectorAll('.tthc-log script, .tthc-log img').length") == 0


def test_usable_with_the_keyboard_and_a_screen_reader(browser: WebDriver, portal: str) -> None:
    browser.get(portal)
    launcher = find(browser, ".tthc-launcher")
    assert "trợ lý" in launcher.get_attribute("aria-label").lower()
    browser.execute_script("document.querySelector('.tthc-launcher').focus()")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait(browser, "return document.activeElement && document.activeElement.id === 'tthc-input'")
    assert (
        browser.execute_script("return document.querySelector('.tthc-launcher').getAttribute('aria-expanded')")
        == "true"
    )
    assert (
        browser.execute_script("return document.querySelector('label[for=tthc-input]').textContent")
        == "Câu hỏi của Anh/Chị"
    )
    assert browser.execute_script("return document.querySelector('.tthc-log').getAttribute('role')") == "log"
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    wait(browser, "return document.activeElement === document.querySelector('.tthc-launcher')")
    assert browser.execute_script("return document.querySelector('.tthc-panel').hidden")


def test_fills_a_phone_screen(portal: str) -> None:
    phone = chromium(phone=True)
    try:
        open_widget(phone, portal)
        width, viewport = phone.execute_script(
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


def first_answer(browser: WebDriver, port: int, question: str) -> str:
    """Opens the portal on ``port``, asks one question and returns the widget's last message."""
    browser.get(f"http://127.0.0.1:{port}/")
    find(browser, ".tthc-launcher").click()
    wait(browser, f"return {BOT_MESSAGES} >= 1", timeout=30)
    find(browser, "#tthc-input").send_keys(question + Keys.ENTER)
    wait(browser, f"return {BOT_MESSAGES} >= 2 && document.querySelector('.tthc-typing').hidden", timeout=30)
    return find_all(browser, ".tthc-bot")[-1].text


def test_when_rasa_is_unreachable_the_citizen_is_told_and_keeps_the_question(
    browser: WebDriver, tmp_path: Path
) -> None:
    port = free_port()
    process = start_portal(port, f"http://127.0.0.1:{free_port()}", tmp_path / "portal.log")
    try:
        assert "hệ thống đang bận" in first_answer(browser, port, "làm hộ chiếu cần gì")
        assert browser.execute_script("return document.querySelector('#tthc-input').value") == "làm hộ chiếu cần gì"
    finally:
        stop(process)


def test_the_browser_keeps_no_personal_numbers_and_the_conversation_can_be_cleared(
    browser: WebDriver, portal: str
) -> None:
    open_widget(browser, portal)
    ask(browser, "cấp lại căn cước cần giấy tờ gì, sđt 0905 123 456, mail nguyen.van.a@gmail.com")
    kept = browser.execute_script("return JSON.stringify(Object.assign({}, sessionStorage))")
    assert "căn cước" in kept and "[số]" in kept and "[email]" in kept
    assert "0905 123 456" not in kept and "nguyen.van.a@gmail.com" not in kept
    assert browser.execute_script("return localStorage.length") == 0, "nothing outlives the browser session"

    find(browser, ".tthc-clear").click()
    wait(browser, "return !document.querySelector('.tthc-user') && document.querySelectorAll('.tthc-bot').length >= 1")
    assert "0905" not in browser.execute_script("return document.querySelector('.tthc-log').textContent")
    history = browser.execute_script("return sessionStorage.getItem('tthc-widget:history')")
    assert "căn cước" not in history and "[số]" not in history, "the previous question is gone from the browser"
    # The whole storage is not searched for "0905": its "used" timestamp may contain those digits.
    assert "0905 123" not in browser.execute_script("return JSON.stringify(Object.assign({}, sessionStorage))")
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


def test_a_request_the_server_answered_is_never_sent_twice(browser: WebDriver, tmp_path: Path) -> None:
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
