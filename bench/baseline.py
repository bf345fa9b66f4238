"""The baselines: accent-insensitive keyword/FAQ matching, the way static portal FAQ widgets work,
and plain BM25 (bm25s, its own tokenizer) over the same records' text, the way a portal's search
box ranks them.

Each FAQ entry is a list of keywords; the entry sharing most keywords with the question wins.
Procedures are matched by the words of their names and aliases in the same catalogue.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from bot.catalogue.model import Catalogue, Procedure
from bot.catalogue.search import bm25s
from bot.text import fold

# A portal FAQ's topics and their keywords, written once from the topics (not from the test set).
FAQ: Dict[str, List[str]] = {
    "greet": ["xin chao", "chao", "hello", "hi"],
    "goodbye": ["tam biet", "bye"],
    "thank": ["cam on", "thanks"],
    "affirm": ["dung", "vang", "co", "ok"],
    "deny": ["khong", "sai"],
    "bot_challenge": ["nguoi that", "robot", "may", "chatbot"],
    "ask_capabilities": ["giup duoc gi", "lam duoc gi", "huong dan su dung"],
    "ask_documents": ["giay to", "ho so gom", "can gi", "can nhung gi", "mang theo"],
    "ask_processing_time": ["bao lau", "may ngay", "bao nhieu ngay", "thoi gian"],
    "ask_fee": ["le phi", "bao nhieu tien", "phi", "mat tien"],
    "ask_fee_reduction": ["giam", "mien", "re hon"],
    "ask_online_filing": ["truc tuyen", "online", "qua mang", "vneid", "dich vu cong"],
    "ask_service_center": ["o dau", "mot cua", "trung tam", "gio lam viec", "mo cua"],
    "ask_application_status": ["tra cuu", "tinh trang", "ket qua", "tien do"],
    "request_human": ["can bo", "tong dai", "so dien thoai", "nhan vien"],
    "ask_procedure_info": ["thu tuc", "lam sao", "nhu the nao", "ntn"],
}
NO_MATCH = "out_of_scope"


def _hits(question: str, keywords: List[str]) -> int:
    padded = f" {question} "
    return sum(f" {k} " in padded for k in keywords)


def faq_intent(text: str) -> str:
    question = fold(text)
    best, score = NO_MATCH, 0
    for intent, keywords in FAQ.items():
        hits = _hits(question, keywords)
        if hits > score:
            best, score = intent, hits
    return best


class KeywordProcedures:
    """Procedures ranked by how many of their name/alias words the question contains."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.entries: List[Tuple[Procedure, set]] = [
            (p, set(fold(" ".join([p.name, *p.aliases])).split())) for p in catalogue.procedures
        ]

    def ranked(self, text: str, limit: int = 3) -> List[Procedure]:
        words = set(fold(text).split())
        scored = [(len(words & vocabulary) / (len(vocabulary) ** 0.5), p) for p, vocabulary in self.entries]
        scored = [s for s in scored if s[0] > 0]
        scored.sort(key=lambda s: -s[0])
        return [p for _, p in scored[:limit]]

    def best(self, text: str) -> Optional[Procedure]:
        ranked = self.ranked(text, 1)
        return ranked[0] if ranked else None


class Bm25Procedures:
    """Plain BM25 over each record's name, aliases, results and document names, folded."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.procedures = list(catalogue.procedures)
        texts = [
            fold(" ".join([p.name, *p.aliases, *p.results, *(d.name for d in p.documents)])) for p in self.procedures
        ]
        self.retriever = bm25s.BM25()
        self.retriever.index(bm25s.tokenize(texts, stopwords=None, show_progress=False), show_progress=False)

    def ranked(self, text: str, limit: int = 3) -> List[Procedure]:
        query = bm25s.tokenize([fold(text)], stopwords=None, show_progress=False)
        words = [w for w in query.vocab if w and w in self.retriever.vocab_dict]
        if not words:
            return []
        scores = self.retriever.get_scores(words)
        best = scores.argsort()[::-1][:limit]
        return [self.procedures[i] for i in best if scores[i] > 0]
