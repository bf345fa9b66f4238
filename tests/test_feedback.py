"""Ratings and what went unanswered, stored for staff without personal data, and the staff report."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import List

import pytest
from conftest import BIN, ROOT, Assistant, Citizen

from bot.feedback.report import similar_groups, staff_report
from bot.feedback.store import Entry, FeedbackStore

PHONE = "0912 345 678"


def since_start(servers: Assistant, started: datetime, **match: str) -> List[Entry]:
    return [
        e for e in servers.feedback.entries(started) if all(getattr(e, key) == value for key, value in match.items())
    ]


def test_a_rating_is_stored_with_the_procedure_it_rates(servers: Assistant) -> None:
    started = datetime.now(timezone.utc) - timedelta(seconds=1)
    citizen = Citizen(servers.url)
    assert "Đăng ký kết hôn (mã 1.000894)" in citizen.text("đăng ký kết hôn cần giấy tờ gì")
    thanks = citizen.text('/feedback{"rating": "bad"}')
    assert "Em đã ghi lại để cán bộ bổ sung" in thanks
    assert "Đăng ký kết hôn" in citizen.text("còn lệ phí thì sao"), "the rating does not break the conversation"
    [rating] = since_start(servers, started, kind="rating")
    assert (rating.rating, rating.answer, rating.channel) == ("bad", "documents", "rest")
    assert rating.procedure == "1.000894", "the marriage registration answer is the one rated"
    assert {e.answer for e in since_start(servers, started, kind="answered", procedure=rating.procedure)} == {
        "documents",
        "fee",
    }


def test_feedback_without_a_rating_asks_for_one(servers: Assistant) -> None:
    replies = Citizen(servers.url).say("/feedback")
    titles = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert "có giúp được Anh/Chị không" in replies[0]["text"]
    assert titles == ["👍 Hữu ích", "👎 Chưa đúng"]


def test_unanswered_questions_are_kept_masked_and_the_channel_is_the_widget(servers: Assistant) -> None:
    started = datetime.now(timezone.utc) - timedelta(seconds=1)
    question = f"xin giấy phép nuôi chim yến trong nhà phố cần giấy tờ gì, sđt của tôi là {PHONE}"
    answer = "\n".join(r.get("text", "") for r in Citizen(servers.url).say(question, metadata={"channel": "web"}))
    not_answered = ("chưa tìm thấy thủ tục", "có phải Anh/Chị muốn hỏi", "câu này em chưa hỗ trợ được")
    assert any(reply in answer for reply in not_answered), "no catalogue procedure is about bird's nests"
    [kept] = since_start(servers, started, kind="unanswered")
    assert kept.channel == "web"
    assert "chim yến" in kept.question and "[số điện thoại]" in kept.question
    assert PHONE not in kept.question and PHONE.replace(" ", "") not in kept.question


def test_the_staff_report_command(servers: Assistant, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'feedback.db'}"
    store = FeedbackStore(url)
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    for _ in range(3):
        store.add(Entry("answered", "telegram", procedure="1.001193", answer="fee", at=yesterday))
    store.add(Entry("answered", "web", procedure="1.000894", answer="documents"))
    store.add(Entry("unanswered", "web", question="giá vàng hôm nay"))
    store.add(Entry("unanswered", "telegram", question="Giá vàng hôm nay bao nhiêu"))
    store.add(Entry("unanswered", "web", question=f"cấp phép nuôi chim yến {PHONE}"))
    store.add(Entry("rating", "telegram", procedure="1.001193", answer="fee", rating="bad"))
    store.add(Entry("rating", "web", procedure="1.000894", answer="documents", rating="good"))
    old = datetime.now(timezone.utc) - timedelta(days=40)
    store.add(Entry("unanswered", "web", question="câu hỏi cũ ngoài khoảng thời gian", at=old))
    env = {**os.environ, "FEEDBACK_DB_URL": url}
    run = subprocess.run(
        [str(BIN / "python"), "-m", "bot.feedback", "--days", "30"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    report = run.stdout
    most_asked = report.split("Thủ tục được hỏi nhiều nhất:")[1].split("\n\n")[0].strip().splitlines()
    assert most_asked[0].split()[0] == "3" and "Đăng ký khai sinh" in most_asked[0]
    unanswered = report.split("Câu hỏi chưa trả lời được")[1].split("\n\n")[0]
    assert "2× «giá vàng hôm nay»" in unanswered and "«Giá vàng hôm nay bao nhiêu»" in unanswered
    assert "[số điện thoại]" in unanswered and PHONE not in report
    assert "câu hỏi cũ" not in report
    worst = report.split("Câu trả lời bị đánh giá thấp nhất:")[1].split("\n\n")[0].strip().splitlines()
    assert len(worst) == 1 and "Đăng ký khai sinh" in worst[0] and "fee" in worst[0]
    assert "Telegram" in report and "Cổng (widget)" in report


def test_similar_questions_are_grouped_and_different_ones_are_not() -> None:
    groups = similar_groups(["gia vang hom nay", "giá vàng hôm nay bao nhiêu", "đổi bằng lái xe quốc tế", "giá vàng"])
    assert [len(g.questions) for g in groups] == [3, 1]


@pytest.mark.parametrize("kind, rating", [("rating", "meh"), ("opinion", "")])
def test_entries_of_unknown_kind_or_rating_are_refused(kind: str, rating: str) -> None:
    with pytest.raises(ValueError):
        Entry(kind, "web", rating=rating)


def test_an_empty_report_says_so() -> None:
    today = datetime.now(timezone.utc).date()
    report = staff_report([], {}, today, today)
    assert report.count("(chưa có") == 4
