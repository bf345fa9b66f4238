"""The staff report: most asked procedures, unanswered questions grouped by similarity,
worst-rated answers, and counts per day and channel."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Dict, List, Set, Tuple

from bot.catalogue.matching import STOPWORDS
from bot.clock import TIMEZONE
from bot.feedback.store import Entry
from bot.text import fold

SIMILAR = 0.5  # share of content words two questions have in common to be grouped
TOP = 10
CHANNELS = {"telegram": "Telegram", "web": "Cổng (widget)", "shell": "rasa shell", "rest": "REST khác"}


@dataclass
class Group:
    """Unanswered questions that use mostly the same words."""

    words: Set[str]
    questions: List[str]


def content_words(question: str) -> Set[str]:
    words = set(fold(question).split())
    return (words - STOPWORDS) or words


def similar_groups(questions: List[str]) -> List[Group]:
    """Greedy grouping by word overlap (Jaccard) with each group's first question; largest first."""
    groups: List[Group] = []
    for question in questions:
        words = content_words(question)
        for group in groups:
            if words and len(words & group.words) / len(words | group.words) >= SIMILAR:
                group.questions.append(question)
                break
        else:
            groups.append(Group(words, [question]))
    return sorted(groups, key=lambda g: -len(g.questions))


def local_day(entry: Entry) -> date:
    return entry.at.astimezone(TIMEZONE).date()


def _most_asked(entries: List[Entry], names: Dict[str, str]) -> List[str]:
    counts = Counter(e.procedure for e in entries if e.kind == "answered" and e.procedure)
    lines = [f"  {n:>4}  {names.get(key, key)}" for key, n in counts.most_common(TOP)]
    return lines or ["  (chưa có)"]


def _unanswered(entries: List[Entry]) -> List[str]:
    groups = similar_groups([e.question for e in entries if e.kind == "unanswered" and e.question])
    lines = []
    for group in groups[:TOP]:
        first, others = group.questions[0], sorted(set(group.questions[1:]) - {group.questions[0]})
        lines.append(f"  {len(group.questions):>4}× «{first}»")
        lines += [f"          «{q}»" for q in others[:2]]
    return lines or ["  (chưa có)"]


def _worst_rated(entries: List[Entry], names: Dict[str, str]) -> List[str]:
    votes: Dict[Tuple[str, str], Counter] = defaultdict(Counter)
    for e in entries:
        if e.kind == "rating":
            votes[(e.procedure, e.answer)][e.rating] += 1
    rated = [(v["bad"], -v["good"], key, v) for key, v in votes.items() if v["bad"]]
    lines = []
    for _, _, (procedure, answer), v in sorted(rated, reverse=True)[:TOP]:
        subject = " · ".join(x for x in (names.get(procedure, procedure), answer) if x)
        lines.append(f"  👎 {v['bad']:>3}  👍 {v['good']:>3}  {subject or '(câu trả lời chung)'}")
    return lines or ["  (chưa có câu trả lời nào bị đánh giá 👎)"]


def _per_day_and_channel(entries: List[Entry]) -> List[str]:
    counts: Dict[Tuple[date, str], Counter] = defaultdict(Counter)
    for e in entries:
        counts[(local_day(e), e.channel)][e.rating or e.kind] += 1
    header = f"  {'ngày':<10}  {'kênh':<14} {'trả lời':>8} {'chưa trả lời':>13} {'👍':>5} {'👎':>5}"
    rows = [
        f"  {day:%d/%m/%Y}  {CHANNELS.get(channel, channel):<14} {c['answered']:>8} {c['unanswered']:>13}"
        f" {c['good']:>5} {c['bad']:>5}"
        for (day, channel), c in sorted(counts.items())
    ]
    return [header, *rows] if rows else ["  (chưa có)"]


def staff_report(entries: List[Entry], names: Dict[str, str], since: date, until: date) -> str:
    """The report as text; `names` gives each procedure key its display name."""
    sections = [
        f"BÁO CÁO HỎI ĐÁP — từ {since:%d/%m/%Y} đến {until:%d/%m/%Y} ({len(entries)} lượt ghi nhận)",
        "",
        "Thủ tục được hỏi nhiều nhất:",
        *_most_asked(entries, names),
        "",
        "Câu hỏi chưa trả lời được (gom theo nội dung gần nhau) — nên bổ sung vào danh mục hoặc dữ liệu huấn luyện:",
        *_unanswered(entries),
        "",
        "Câu trả lời bị đánh giá thấp nhất:",
        *_worst_rated(entries, names),
        "",
        "Theo ngày và kênh:",
        *_per_day_and_channel(entries),
    ]
    return "\n".join(sections)
