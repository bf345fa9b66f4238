"""Ranking every procedure of the catalogue against a question with BM25 (the bm25s library).

A record is indexed by everything it says that a citizen might echo: its name and aliases
(weighted most), its family's names, the everyday words for the catalogue terms in its name
("bằng lái" for a name with "giấy phép lái xe"), its results, its field, the names of its
documents, its conditions and who it is for. Words are indexed both folded (no diacritics,
abbreviations expanded), so that text typed without accents matches, and as written, so that a
question typed with diacritics does not confuse "cước" with "cược" among thousands of records.
Pairs of adjacent syllables stand in for Vietnamese compound words ("giay phep", "lai xe"),
which is what word segmentation would join, and they match the same way whether or not the
citizen typed diacritics (underthesea segments unaccented text differently). Procedures handled by communes and provinces get a prior over
those handled only by ministries: a province's assistant is asked about those most.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import Dict, List, Sequence

import numpy as np

from bot.catalogue.model import Catalogue, Procedure
from bot.text import WORD, accent_key, canonical, fold, fold_words, strip_diacritics, written_words


def _import_bm25s_without_jax():
    """bm25s imports JAX when it is installed (TensorFlow brings it) only to speed up a top-k
    selection this index does not use: that costs the action server about 120 MB and a second
    of start-up. JAX is hidden while bm25s is imported, then made importable again."""
    hidden = "jax" not in sys.modules
    if hidden:
        sys.modules["jax"] = None  # type: ignore[assignment]  # "import jax" raises ImportError
    try:
        import bm25s
    finally:
        if hidden:
            del sys.modules["jax"]
    return bm25s


bm25s = _import_bm25s_without_jax()

# Words of questions that say nothing about which procedure is meant.
STOPWORDS = frozenset(
    "thu tuc lam can gi cho toi cua thi co khong the nao o dau la va de muon xin bi da duoc minh em anh chi "
    "ban nhe a roi ra sao nhu voi mot nhung cac ve hoi giay to ho so trong tai khi "
    "le phi tien bao lau nhieu ngay nop online truc tuyen mang "
    "theo quy dinh hoac nay do se phai neu tu den khac".split()
)
# The same words as written, for questions typed with diacritics ("căn" is not "cần").
WRITTEN_STOPWORDS = frozenset(
    "thủ tục làm cần gì cho tôi của thì có không thế thể nào ở đâu là và để muốn xin bị đã được mình em anh "
    "chị bạn nhé à ạ rồi ra sao như với một những các về hỏi giấy tờ hồ sơ trong tại khi lệ phí tiền bao lâu "
    "nhiêu ngày nộp online trực tuyến mạng theo quy định hoặc này do sẽ phải nếu từ đến khác".split()
)
# Pairs of syllables that fold to two stop words yet name something: "thu hoi" is "thu hồi",
# "dau tu" "đầu tư", "o to" "ô tô". Typed without diacritics they are kept as a pair. Left out:
# pairs with a common second reading ("co so" is also "có sổ", "trong tai" "trong tai nạn").
MEANINGFUL_STOP_PAIRS = frozenset(("thu hoi", "dau tu", "bao ve", "do thi", "o to", "chi phi", "dau khi", "ban sao"))
# How many times each part of a record counts (BM25 sees repeated text as stronger evidence).
WEIGHTS = {"name": 3, "aliases": 3, "said": 1, "family": 1, "everyday": 1, "results": 2, "field": 1}
# What a record says beyond naming itself (its documents, conditions, who it is for) is an index
# of its own whose scores count for less: it mentions many things a procedure is not about.
CONTEXT = ("documents", "details")
CONTEXT_WEIGHT = 0.15
LOCAL_LEVELS = ("cap xa", "cap tinh")
MINISTRY_PRIOR = 0.8  # a procedure no commune or province handles
DOCUMENT_WORDS = 16  # the first words of a document's name say what it is; the rest are conditions
DETAIL_WORDS = 40
# a syllable (folded): consonants, vowels, then the consonants that may end one; "ng" is "người"
_SYLLABLE = re.compile(r"[^aeiouy]{0,3}[aeiouy]+(?:c|ch|m|n|ng|nh|p|t)?")
JOINED_LETTERS = 5  # a word typed without its space has at least two syllables of two letters and more


@cache
def is_stopword(word: str) -> bool:
    """Whether a word (folded, or as written with diacritics) says nothing about the procedure:
    "thủ" and "hỏi" are, "thu hồi" is not."""
    return word in (STOPWORDS if strip_diacritics(word) == word else WRITTEN_STOPWORDS)


def _terms(words: List[str]) -> List[str]:
    """Content syllables, and adjacent pairs with at least one content syllable ("khai_tu":
    "tu" alone is "từ" as often as "tử")."""
    stop = [is_stopword(w) for w in words]
    pairs = [
        f"{a}_{b}"
        for a, b, a_stop, b_stop in zip(words, words[1:], stop, stop[1:])
        if not (a_stop and b_stop) or f"{a} {b}" in MEANINGFUL_STOP_PAIRS
    ]
    return [w for w, s in zip(words, stop) if not s] + pairs


def record_terms(text: str) -> List[str]:
    """A record's content syllables and adjacent pairs, folded and, separately, as written:
    "cước" and "cược" fold alike, and a question typed with diacritics tells them apart."""
    folded = _terms(fold(text).split())
    written = _terms(written_words(text))
    return folded + [t for t in written if t not in folded]


def terms(text: str) -> List[str]:
    """A question's content syllables and adjacent pairs: a word typed with diacritics as
    written, a word typed without them folded (so it matches either spelling)."""
    typed = WORD.findall(canonical(text))
    words: List[str] = []
    for word, folded in zip(typed, fold_words(typed)):
        key = accent_key(word)
        words += [key] if strip_diacritics(key) != key else folded.split()
    return _terms(words)


def _head(text: str, words: int) -> str:
    return " ".join(text.split()[:words])


def record_text(
    proc: Procedure, said: Sequence[str], family: Sequence[str], everyday: Sequence[str]
) -> Dict[str, List[str]]:
    """The parts of a record that are indexed, by weight name."""
    return {
        "name": [proc.core_name],
        "aliases": list(proc.aliases),
        "said": list(said),
        "family": list(family),
        "everyday": list(everyday),
        "results": list(proc.results),
        "field": [proc.field],
        "documents": [_head(d.name, DOCUMENT_WORDS) for d in proc.documents],
        "details": [_head(t, DETAIL_WORDS) for t in (proc.conditions, proc.subjects) if t],
    }


def level_prior(proc: Procedure) -> float:
    level = fold(proc.level or "")
    return 1.0 if not level or any(local in level for local in LOCAL_LEVELS) else MINISTRY_PRIOR


def _field_terms(texts: Sequence[str]) -> List[str]:
    """The terms of one part of a record, each once: twenty aliases repeating "bằng lái" say it
    once, not twenty times."""
    return list(dict.fromkeys(t for text in texts for t in record_terms(text)))


def _index(corpus: List[List[str]]) -> bm25s.BM25:
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    return retriever


def _scores(retriever: bm25s.BM25, query: Sequence[str]) -> np.ndarray:
    known = [t for t in query if t in retriever.vocab_dict]
    if not known:
        return np.zeros(retriever.scores["num_docs"], dtype=np.float32)
    return retriever.get_scores(known)


class ProcedureSearch:
    """BM25 over every record of a catalogue; scores include the level prior."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.procedures = list(catalogue.procedures)
        core, context = [], []
        # a term is in a name as written: a name has "động môi trường", not "đóng mới"
        terms_used = [(f" {' '.join(written_words(term))} ", phrases) for term, phrases in catalogue.everyday.items()]
        for proc in self.procedures:
            group = catalogue.groups.get(proc.group) if proc.group else None
            family = [group.name, *group.aliases] if group else []
            named = f" {' '.join(written_words(proc.core_name))} "
            everyday = [phrase for term, phrases in terms_used if term in named for phrase in phrases]
            said = catalogue.everyday_names.get(proc.key, [])
            parts = record_text(proc, said, family, everyday)
            core.append([t for name in WEIGHTS for t in _field_terms(parts[name]) * WEIGHTS[name]])
            context.append([t for name in CONTEXT for t in _field_terms(parts[name])])
        self.core, self.context = _index(core), _index(context)
        self.prior = np.array([level_prior(p) for p in self.procedures], dtype=np.float32)

    def unjoined(self, text: str) -> str:
        """``text`` with each word typed without its space ("khaisinh", "cancuoc") split where its
        halves make a pair of syllables the records use; every other word as typed."""
        return WORD.sub(lambda word: self._split(word.group()), text)

    def _split(self, word: str) -> str:
        folded = fold(word)
        if len(folded) < JOINED_LETTERS or not folded.isalpha() or folded in self.core.vocab_dict:
            return word
        cuts = range(2, len(folded) - 1)
        splits = [(i,) for i in cuts] + [(i, j) for i in cuts for j in cuts if j > i + 1]
        for split in splits:
            typed = [folded[a:b] for a, b in zip((0, *split), (*split, None))]
            syllables = [fold(part) for part in typed]  # "ky" is "ki"
            if all(map(_SYLLABLE.fullmatch, typed)) and all(
                f"{a}_{b}" in self.core.vocab_dict for a, b in zip(syllables, syllables[1:])
            ):
                return " ".join(syllables)
        return word

    def scores(self, query: Sequence[str]) -> np.ndarray:
        return (_scores(self.core, query) + CONTEXT_WEIGHT * _scores(self.context, query)) * self.prior
