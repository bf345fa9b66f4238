"""Finding the procedure a citizen means among thousands, accent-insensitively and tolerant of typos.

Two kinds of evidence are combined: the search over everything each record says (BM25,
``bot.catalogue.search``) and whole names and aliases found in the question (phrases,
typo-tolerant, compared with rapidfuzz). The words that ask the aspect ("mất bao lâu", "bao
nhiêu tiền") are left out first, and the question is also read with the catalogue's terms for
everyday words. The assistant answers when one procedure is clearly ahead; asks which one when
a family is named but not the member ("làm căn cước": four card procedures) or when a word of
the question belongs to a close rival and not to the chosen one; and offers the best three when
the words point nowhere clearly, rather than naming a wrong procedure.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, dropwhile
from typing import Dict, List, Optional, Sequence, Set, Tuple

from rapidfuzz import fuzz

from bot.aspects import asked_aspects, without_aspect_words
from bot.catalogue.asked_questions import AskedQuestions
from bot.catalogue.context_words import IMMIGRATION_OFFICES, without_context_words
from bot.catalogue.model import Catalogue, Procedure
from bot.catalogue.search import MEANINGFUL_STOP_PAIRS, STOPWORDS, ProcedureSearch, is_stopword, terms
from bot.catalogue.word_senses import died_as_passed
from bot.privacy import MASK
from bot.text import WORD, accent_key, canonical, fold, fold_words, strip_diacritics, written_words

_CODE = re.compile(r"\b\d\.\d{6}\b")
# an amount a question gives, lower case without diacritics: an age ("dưới 14 tuổi", "con 10t"), or
# water drawn a day ("chừng 200 khối/ngày", "6.000 m3 một ngày")
_AMOUNT = re.compile(r"(duoi |tren )?(\d[\d.,]*) ?(tuoi|t|m3|m³|khoi)\b")
_UNITS = {"tuoi": "tuoi", "t": "tuoi", "m3": "m3", "m³": "m3", "khoi": "m3"}
_LIMITS = (  # a name's limit on an amount, and whether an amount fits it
    (re.compile(r"duoi ([\d.,]+) ?(tuoi|m3)"), lambda amount, limit: amount < limit),
    (re.compile(r"du ([\d.,]+) ?(tuoi) tro len"), lambda amount, limit: amount >= limit),
    (re.compile(r"tu ([\d.,]+) ?(m3)"), lambda amount, limit: amount >= limit),
)
# a building's grade, in a name ("công trình cấp đặc biệt, cấp I, cấp II") or a question ("nhà
# xưởng cấp II"): a name lists the grades it is for, and a grade asked fits one of them
_GRADE = re.compile(r"\bcap (dac biet|iv|iii|ii|i)\b")
_GRADES = {"dac biet": 0.0, "i": 1.0, "ii": 2.0, "iii": 3.0, "iv": 4.0}
# a name without its limit: "Cấp giấy phép khai thác nước dưới đất đối với công trình có quy mô"
_LIMIT_PHRASE = re.compile(r"(?:tu )?(?:du |duoi )?[\d.,]+ ?(?:tuoi|m3)(?:/ngay dem)?(?: tro len)?")
LIMIT_FITS = "#limit"  # a feature of the siblings whose limit fits the amount the question gives
_FIRST_ISSUE = re.compile(r"\b(?:moi|lan dau)\b")  # a name that says it is the first issue, folded
# what a name says is done to the paper or the licence, folded ("Cấp lại …", "Gia hạn …"), and the
# everyday ways of saying one ("xin lại" the paper; "làm lại" is also to redo an application)
_OPERATIONS = re.compile(
    r"\b(cap lai|gia han|dieu chinh|thay doi|sua doi|bo sung|thu hoi|cap doi|cham dut|tra lai|tam ngung"
    r"|sua chua|cai tao|dang ki lai|phuc hoi|giai the|chuyen nhuong)\b"
)
_SAID_AS = (("xin lai", "cap lai"),)
_ENDING = frozenset({"giai the", "cham dut"})  # operations that end what a founding began
_FOUNDING = re.compile(r"\bthanh lap\b")
# words of a name that say it changes, ends or repeats a paper rather than issuing it
_CHANGING_NAME_WORDS = frozenset({"lại", "xóa", "đổi", "hủy", "ngừng", "thôi"})
# words of a question that may ask for something other than a first issue ("làm lại", "bị mất",
# "sai ngày sinh", "hết hạn"), as written; typed without diacritics their bare forms, except
# where a bare form is also a common word ("bo" is "bò", "gia" "gia đình"): those need a pair
_CHANGE_CUES = frozenset(
    "lại đổi mất hỏng hư rách sai hết sửa xóa hủy bỏ chuyển thêm chấm ngừng nghỉ giải thay cập chỉnh nâng "
    "tách trả dời cũ hạn hồi dứt thể nhật".split()
)
_CHANGE_CUES_BARE = frozenset(strip_diacritics(w) for w in _CHANGE_CUES) - {"bo", "thay", "the", "hoi", "han", "nhat"}
_CHANGE_PAIRS = ("gia han", "thu hoi", "bo sung", "het han", "giai the", "cap nhat", "thay doi")
# words with a change cue inside that change nothing, folded: a licence to drive is no "again"
# ("bằng lái", "lái xe" typed without diacritics), a guesthouse or a resort no break ("nhà nghỉ")
_NO_CHANGE = re.compile(r"\b(?:bang|phep|hoc|thi) lai\b|\blai xe\b|\bnha nghi\b|\bnghi duong\b")
# classifiers put before a paper ("mất luôn cái thẻ căn cước"): "cái" only as typed with its
# accents ("cai" is also "cải"), and capitalised only where a sentence starts ("sông Cái")
_FILLERS = re.compile(r"(?:(?<!\w)(?:cái|cuốn)|(?:^|(?<=[.!?] ))(?:Cái|Cuốn))(?!\w)")
# "vậy", and its chat spellings where they end a question ("gồm gì z", "ở đâu vay"): no loan
# ("vay vốn") is asked
_SO_THEN = re.compile(
    r"(?<!\w)(?:vậy|zậy|dzậy)(?!\w)|(?<!\w)(?:(?P<asked>(?:gì|gi|j|sao|nào|nao|nhiêu|nhieu|đâu|dau|ko|không|khong"
    r"|chưa|chua)\s+)vay|z|zay|v)(?=\s*(?:[?.!,;]|$|(?:ạ|a|ad|anh|chị|chi|em|nhỉ|nhi|nha|nhé|nhe)(?!\w)))",
    re.IGNORECASE,
)
# the case a variant's name adds ("… trong trường hợp bị mất, hư hỏng"): not what the paper is
_CIRCUMSTANCES = frozenset("truong hop bi mat hong hu rach nat chay tieu huy sai sot khi".split())
FOREIGN_SUFFIX_WORDS = 8  # words a foreign party's variant may add to the domestic name
OBJECT_SHARE = 0.7  # share of a name's other words its variant for another operation keeps
VARIANT_SHARE = 0.5  # and share of the variant's other words the name has
MIN_SCORE = 1.6  # phrase evidence: about two syllables of a name or alias
MIN_RATIO = 0.84  # similarity for a phrase typed with a typo
RECENT_FINDS = 256  # questions whose match is kept: a turn asks the same words several times
OMISSION_MIN = 5  # words a name needs for one of them to be left out ("đăng ký [việc] nuôi con nuôi")
_AGAIN = "lai"  # never a typo's word: "làm bằng lái xe" is not "làm lại bằng lái xe"
# words before "lại" that hand on or leave something, or mend it, folded ("giao lại", "để lại",
# "nhường lại", "sửa lại");
# "mua lại", "ở lại", "con lai" were tried and left out: they also buy second-hand, stay longer, or
# are a child of mixed parents
_HANDING_ON = frozenset({"giao", "de", "nhuong", "sua"})
# words that tell one sibling from another, never left out of a name ("làm thẻ bảo hiểm y tế" is
# not "làm mất thẻ bảo hiểm y tế", "làm giấy phép kinh doanh" not "làm rớt giấy phép kinh doanh")
_NEVER_LEFT_OUT = frozenset({"mat", "doi", "rot", "hu", "hong", "rach", "chay", "sai"})
# a first word that ends or undoes, never a typo's word: "làm hòa giải viên ở thôn" is not "nghỉ
# làm hòa giải viên ở thôn"
_QUITTING = frozenset({"xoa", "huy", "ngung", "thoi", "nghi"})
TYPO_WORDS = 1  # words of a phrase a typo touches: "họ đòi mã số" is not "thu hồi mã số"
PHRASE_BONUS = 2.0  # search score added per syllable of a name or alias found in the question
RATIO = 1.10  # how far ahead the best must be (as a share of the next) to answer without asking
MIN_EVIDENT = 20.0  # search evidence that names a procedure without its name or an alias
MIN_SEARCH = 10.0  # search evidence worth offering the best matches as choices
SHORT_QUESTION = 6  # words below which a question can hold less evidence ("tiền tử tuất")
CLEAR_LEAD = 1.5  # with that evidence, how far ahead of the next the best must be to answer
OFFERED = 3  # choices offered when unsure
TYPED_NAME_WORDS = 3  # words of a procedure's name typed as written that name it beyond doubt
OFFERED_SIBLINGS = 5  # siblings offered when the family is named but not which one
OFFERED_CLOSE = 5  # procedures offered when several are about as likely
RIVALS = 3  # the procedures ranked highest, checked for words the chosen one does not explain
RIVAL_SHARE = 0.8  # a rival scores at least this share of the chosen one
# Words of conversation that a rival's name may share ("trên", "bên", "cũ", "qua", "sắp", "mới")
# but that citizens use in any question ("giờ tui đi làm", "sắp hết hạn", "chuyển qua", "mối ăn",
# "miếng đất"): no evidence for a rival. Typed with diacritics a word must be one of them ("bến" is
# a rival's word); without, its bare form is enough.
CHAT_WORDS = frozenset(
    "giờ mà đi trên bên hết tui cũ luôn nay lên xuống hôm tuần ba má mẹ con xong chiếc ông qua sắp mới ăn miếng gái bà".split()
)
_CHAT_BARE = frozenset(strip_diacritics(w) for w in CHAT_WORDS)
# verbs citizens put before a procedure's name ("làm đăng ký tạm trú"): never a mistyped word of a
# name ("xóa đăng ký tạm trú"), folded
_LEAD_VERBS = frozenset({"lam", "xin", "muon", "can", "di"})
SPREAD_WORDS = 4  # words a citizen may put inside a phrase ("làm giấy khai sinh" for "làm khai sinh")
SPREAD_COST = 0.5  # syllables of evidence lost for each word put inside
SPREAD_MIN = 3  # shorter phrases count only as typed
CANDIDATES = 40  # procedures the search ranks highest; phrases are compared only with these
SIBLING_MARGIN = math.log(2) - 1e-9  # among siblings: one more word that only half of them share
QUALIFIER_WORDS = 5  # names that differ by at most this many words differ by a qualifier
# a qualifier's word any question may have ("người ta kiện", "người nghèo"): not a sign the citizen
# said the qualifier ("rút yêu cầu … của người được trợ giúp")
_ANYONE = frozenset({"người", "nguoi"})
_LEVEL_NOTE = re.compile(r"\s*\((?:thực hiện (?:tại|ở) )?cấp (tỉnh|tinh|bộ|tw|trung ương|xã|huyện)\)", re.IGNORECASE)
_NOTED_LEVELS = {
    "tinh": "cap tinh",
    "bo": "cap bo",
    "tw": "cap bo",
    "trung uong": "cap bo",
    "xa": "cap xa",
    "huyen": "cap huyen",
}
# the channel a name is for, folded: "… thực hiện bằng dịch vụ công trực tuyến toàn trình" (all
# online) or "… một phần hoặc trực tiếp" (partly online, or at the office), with the levels after it
_CHANNEL_NOTE = re.compile(
    r"\s*\(?(?:thuc hien )?(?:bang )?(?:dich vu cong )?(?:truc tuyen )?(toan trinh|mot phan hoac truc tiep)\)?"
    r"(?: thuc hien tai cap [a-z ,]*)?"
)
# an immigration office named at the end of a procedure's name, folded
_AT_OFFICE = re.compile(r" (?:tai|o) (?:" + "|".join(IMMIGRATION_OFFICES) + r")\b.*$")
# the level of the office a question names, folded: "đổi căn cước trên công an tỉnh"
_LEVEL_CUES = (
    (
        "cap tinh",
        re.compile(
            r"\b(cong an|ubnd|uy ban|so|cap|len|tren|duoc|do) tinh\b|\btinh (cap|duyet|giao|ho tro)\b|\bpc ?06\b"
        ),
    ),
    ("cap bo", re.compile(r"\btrung uong\b|\b(cap|do|cua) bo\b|\bbo cap\b|\bcuc quan li\b")),
    ("cap xa", re.compile(r"\b(cong an|ubnd|uy ban|cap|duoc) (xa|phuong)\b|\b(xa|phuong) (giao|ho tro)\b")),
)


@dataclass
class ProcedureMatch:
    """Outcome of matching: one procedure, several to choose from, or none."""

    procedures: List[Procedure] = field(default_factory=list)
    group: Optional[str] = None
    unsure: bool = False  # the best matches of the search, none of them clearly meant

    @property
    def found(self) -> Optional[Procedure]:
        return self.procedures[0] if len(self.procedures) == 1 and not self.unsure else None

    @property
    def ambiguous(self) -> bool:
        return len(self.procedures) > 1 or self.unsure


def word_features(words: Sequence[str]) -> Set[str]:
    """Content syllables and pairs of adjacent content syllables ("nhà … xin phép" is no pair)."""
    content = {w for w in words if w not in STOPWORDS}
    return content | {f"{a} {b}" for a, b in zip(words, words[1:]) if a in content and b in content}


@dataclass
class _Phrase:
    words: List[str]
    text: str = ""
    vocabulary: Set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.text, self.vocabulary = " ".join(self.words), set(self.words)

    def score(self, query: List[str], padded: str, present: Set[str]) -> float:
        """Syllables of the phrase found in the query; a near miss counts one and a half less,
        and a phrase spread out by a few words half a syllable less for each."""
        size = len(self.words)
        if (
            not size
            or size > len(query) + TYPO_WORDS
            or len(self.vocabulary & present) < len(self.vocabulary) - TYPO_WORDS
        ):
            return 0.0  # too few of its words for the phrase, even typed with a typo
        if f" {self.text} " in padded:
            return float(size)
        return max(self._typo(query), self._spread(query) if self.vocabulary <= present else 0.0)

    def _spread(self, query: List[str]) -> float:
        """The phrase's words in order with at most ``SPREAD_WORDS`` others among them ("cán bộ
        xã có thể xuống tận nhà" for "cán bộ xuống tận nhà"), never across the "|" of a reading."""
        size = len(self.words)
        if size < SPREAD_MIN:
            return 0.0
        best = 0.0
        for start in (i for i, word in enumerate(query) if word == self.words[0]):
            found, end = 1, start + 1
            while found < size and end < len(query) and end - start < size + SPREAD_WORDS and query[end] != "|":
                found += query[end] == self.words[found]
                end += 1
            if found == size:
                best = max(best, size - SPREAD_COST * (end - start - size))
        return best

    def _omits_a_word(self, window: List[str]) -> bool:
        """Whether a window shorter than the phrase is the phrase with a word left out inside it
        that names no operation; a short phrase has no word to spare ("làm lại căn cước")."""
        inside = window[0] == self.words[0] and window[-1] == self.words[-1]
        long_enough = len(self.words) >= OMISSION_MIN
        kept = self._keeps(window, _NEVER_LEFT_OUT & self.vocabulary)
        return inside and long_enough and kept and operations(" ".join(window)) == operations(self.text)

    def _keeps(self, window: List[str], words: Set[str]) -> bool:
        """Whether the window has each of ``words`` as often as the phrase has it."""
        return all(window.count(w) >= self.words.count(w) for w in words)

    def _typo(self, query: List[str]) -> float:
        """The phrase typed with a typo in one of its words: the most similar window of its length."""
        size = len(self.words)
        if size < 2:
            return 0.0
        # only the windows holding all of the phrase's words but the one mistyped can be a typo of it
        held = list(accumulate((w in self.vocabulary for w in query), initial=0))
        # a window runs to the question's end at most: "đăng ký nuôi con nuôi trong nước" is the
        # whole question, one word short of "đăng ký việc nuôi con nuôi trong nước"; a shorter
        # window must begin and end as the phrase does and say its operations ("đăng ký tạm trú"
        # is not "xóa đăng ký tạm trú", "làm căn cước" not "làm lại căn cước")
        ends = {i: min(i + size, len(query)) for i in range(max(1, len(query) - size + 1))}
        starts = [
            i
            for i, end in ends.items()
            if held[end] - held[i] >= size - TYPO_WORDS
            and not any(w in _LEAD_VERBS and w not in self.vocabulary for w in query[i:end])
            and self._keeps(query[i:end], {_AGAIN} | ({self.words[0]} & _QUITTING))
            and (end - i == size or self._omits_a_word(query[i:end]))
        ]
        best, held_best = max(
            ((fuzz.ratio(" ".join(query[i : ends[i]]), self.text) / 100, held[ends[i]] - held[i]) for i in starts),
            default=(0.0, 0),
        )
        if best < MIN_RATIO:
            return 0.0
        # never more than the syllables really there: "có thường trú ở" is not "thường trú hộ khẩu"
        return min(size * best - 1.5, float(held_best))


_OFFICE_WORDS = (["thu", "tuc"], ["giai", "quyet", "huong"], ["giai", "quyet"])


def _without_procedure_word(words: List[str]) -> List[str]:
    """A folded name's words without a leading "Thủ tục" or "Giải quyết (hưởng)": citizens name
    the procedure, not the office's word for one ("gia hạn nộp thuế" is "Thủ tục gia hạn nộp
    thuế", "chế độ thai sản" is "Giải quyết hưởng chế độ thai sản")."""
    lead = next((w for w in _OFFICE_WORDS if words[: len(w)] == w), [])
    return words[len(lead) :] if lead else words


def _phrases(names: Sequence[str]) -> List[_Phrase]:
    """Each name folded, and also without a leading "Thủ tục"."""
    phrases = []
    for name in names:
        words = fold(name).split()
        phrases.append(_Phrase(words))
        bare = _without_procedure_word(words)
        if bare is not words and len(bare) > 1:
            phrases.append(_Phrase(bare))
    return phrases


def name_words(text: str, written: bool) -> Set[str]:
    """Content words, as written when ``written`` ("lái" is not "lại"), else folded; folded, a
    pair of stop words that names something is one word ("thu hoi" is "thu hồi")."""
    if written:
        return {w for w in written_words(text) if not is_stopword(w)}
    words = fold(text).split()
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:])} & MEANINGFUL_STOP_PAIRS
    return {w for w in words if not is_stopword(w)} | pairs


# "mấy" in an everyday phrase stands for any number typed, or "mấy" ("nghỉ bán mấy tháng" fits
# "nghỉ bán 3 tháng"); the folded "may" of "máy" stands for itself ("xe máy" is not "xe 7 chỗ")
_ANY_COUNT = "#"
_COUNT_WORD = "may"


def _counted(word: str) -> bool:
    """Whether a folded question word may stand where a phrase says "mấy"."""
    return word.isdigit() or word == _COUNT_WORD


def _everyday_words(phrase: str) -> List[str]:
    """An everyday phrase folded, its "mấy" as any number: "xe máy" does not fit "xe 7"."""
    typed = WORD.findall(canonical(phrase))
    return [
        part
        for word, key in zip(typed, fold_words(typed))
        for part in ([_ANY_COUNT] if accent_key(word) == "mấy" else key.split())
    ]


def _phrases_at(
    words: List[str], i: int, everyday: Dict[str, List[Tuple[int, List[str], List[str]]]]
) -> List[Tuple[int, List[str], List[str]]]:
    """The everyday phrases that start at ``words[i]``, longest first; a number stands where a
    phrase says "mấy"."""
    found = [
        entry
        for entry in [*everyday.get(words[i], ()), *(everyday.get(_ANY_COUNT, ()) if _counted(words[i]) else ())]
        if len(words) - i >= len(entry[1])
        and all(w == p or (p == _ANY_COUNT and _counted(w)) for w, p in zip(words[i:], entry[1]))
    ]
    return sorted(found, key=lambda entry: -len(entry[1]))


# who a paper belongs to, folded, left out between the paper and what happened to it ("thẻ bhyt
# của ba em ghi sai" is "thẻ bhyt ghi sai"), and the pronoun that may follow ("của ba em")
_OWNERS = frozenset("ba bo me ma u cha con vo chong anh chi em e ong chau co chu bac di cau mo tui toi minh no".split())
_OWNERS_PRONOUNS = frozenset("e em tui toi minh anh chi".split())


def _without_owners(words: List[str]) -> List[str]:
    """The words without "của" and the person after it ("của ba e", "của con tui")."""
    out: List[str] = []
    i = 0
    while i < len(words):
        if words[i] == "cua" and i + 1 < len(words) and words[i + 1] in _OWNERS:
            i += 3 if i + 2 < len(words) and words[i + 2] in _OWNERS_PRONOUNS else 2
            continue
        out.append(words[i])
        i += 1
    return out


def everyday_reading(
    words: List[str],
    everyday: Dict[str, List[Tuple[int, List[str], List[str]]]],
    misread: Set[Tuple[str, ...]] = frozenset(),
) -> List[str]:
    """The folded question with every everyday phrase replaced by the catalogue's term (longest
    phrase first; ``everyday`` lists the phrases by their first word), except the ``misread``
    ones; the same words when none occurs."""
    out: List[str] = []
    i = 0
    while i < len(words):
        for _, phrase, term in _phrases_at(words, i, everyday):
            if tuple(phrase) not in misread:
                out += term
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _with_reading(words: List[str], reading: List[str]) -> List[str]:
    """The words and, where it differs, their everyday reading after a "|" (no phrase runs across)."""
    return words if reading == words else [*words, "|", *reading]


_FOREIGN_ELEMENT = " co yeu to nuoc ngoai"


def _short_name(proc: Procedure) -> str:
    """The folded name without a leading "Thủ tục"."""
    return " ".join(_without_procedure_word(fold(proc.core_name).split()))


def _domestic_name(proc: Procedure) -> str:
    """The short name without "có yếu tố nước ngoài", each word once: "đăng ký khai sinh kết hợp
    đăng ký nhận cha, mẹ, con" is "đăng ký khai sinh kết hợp nhận cha, mẹ, con"."""
    return " ".join(dict.fromkeys(_short_name(proc).replace(_FOREIGN_ELEMENT, "").split()))


def _foreign_variants(procedures: Sequence[Procedure]) -> Dict[str, Procedure]:
    """Each foreign party's variant by the domestic name it extends: "… có yếu tố nước ngoài",
    or a few words more that say a foreign party ("Đổi giấy phép lái xe hoặc bằng lái xe của
    người nước ngoài" for "Đổi giấy phép lái xe")."""
    variants = {_domestic_name(p): p for p in procedures if _short_name(p).endswith(_FOREIGN_ELEMENT)}
    short_names = {_short_name(p) for p in procedures}
    for proc in procedures:
        words = _short_name(proc).split()
        for end in range(len(words) - 1, max(1, len(words) - FOREIGN_SUFFIX_WORDS - 1), -1):
            base, rest = " ".join(words[:end]), " ".join(words[end:])
            if base in short_names and " nuoc ngoai" in f" {rest}":
                variants.setdefault(base, proc)
                break
    return variants


def _without_foreign_element(tied: List[Procedure]) -> Optional[Procedure]:
    """Of two procedures told apart only by "có yếu tố nước ngoài", the one without it."""
    if len(tied) != 2:
        return None
    foreign = [_FOREIGN_ELEMENT in _short_name(p) for p in tied]
    if sum(foreign) != 1 or len({_domestic_name(p) for p in tied}) != 1:
        return None
    return tied[foreign.index(False)]


def operations(folded: str) -> Set[str]:
    """The operations a folded name or question says ("cap lai", "gia han")."""
    # "xin lại từ đầu" is to apply anew; "có phải xin lại" asks whether to
    padded = f" {folded} ".replace(" lai tu dau ", " tu dau ").replace(" phai xin lai ", " phai xin ")
    for everyday, operation in _SAID_AS:
        padded = padded.replace(f" {everyday} ", f" {operation} ")
    return set(_OPERATIONS.findall(padded))


def _without_handing_on(words: List[str]) -> List[str]:
    """Folded words without the "lại" of handing on or leaving ("giao lại quán cho con", "đất ông
    bà để lại"): no re-issue."""
    return [w for i, w in enumerate(words) if not (w == _AGAIN and i and words[i - 1] in _HANDING_ON)]


def _asks_a_change(question: _Question) -> bool:
    """Whether a question has a word that may ask for more than a first issue, or an everyday
    phrase read as an operation ("đóng văn phòng" is read "chấm dứt"); said liberally (a cue
    only keeps the assistant asking which one)."""
    if any(operations(fold(term)) for term in question.terms):
        return True
    folded = _NO_CHANGE.sub(" ", " ".join(question.words))
    if any(f" {pair} " in f" {folded} " for pair in _CHANGE_PAIRS):
        return True
    for word in folded.split():
        typed = question.accented.get(word)
        if (typed in _CHANGE_CUES) if typed else (word in _CHANGE_CUES_BARE):
            return True
    return False


def _object_words(proc: Procedure) -> Set[str]:
    """A name's content words without its operations: what the paper or licence is."""
    return name_words(_OPERATIONS.sub(" ", fold(proc.core_name)), False) - _CIRCUMSTANCES - {"cap"}


def _base_name(proc: Procedure) -> str:
    """The name without what says the level that handles it, folded: a note ("(cấp tỉnh)") or
    the immigration office ("… tại Phòng Quản lý xuất nhập cảnh Công an tỉnh")."""
    return _AT_OFFICE.sub("", fold(_LEVEL_NOTE.sub("", proc.core_name)))


def _channel_variant(proc: Procedure) -> Tuple[str, Optional[str]]:
    """The folded name without its channel, and the channel: "online" when the whole procedure
    is done online, "direct" when partly online or at the office, None when the name says neither."""
    name = fold(proc.core_name)
    note = _CHANNEL_NOTE.search(name)
    if not note:
        return name, None
    base = " ".join((name[: note.start()] + name[note.end() :]).split())
    return base, "online" if note.group(1) == "toan trinh" else "direct"


def _level(proc: Procedure) -> str:
    """The level that handles a procedure, folded ("cap tinh"): its name's note, else its record's."""
    note = _LEVEL_NOTE.search(proc.name)
    return _NOTED_LEVELS[fold(note.group(1))] if note else fold(proc.level or "")


Amount = Tuple[str, float]  # a unit ("tuoi", "m3", "cap" for a grade) and how many


def _bare(text: str) -> str:
    """Lower case without diacritics, punctuation kept: "5.000 m3/ngày đêm" stays one amount."""
    return strip_diacritics(text.lower())


def _number(digits: str) -> float:
    """ "6.000" and "6,000" are six thousand, "1,5" one and a half."""
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        return float(re.sub(r"[.,]", "", digits))
    return float(digits.replace(",", ".").rstrip("."))


def limit_fit(name: str, amounts: Sequence[Amount]) -> Optional[bool]:
    """Whether an amount the question gives fits the name's limit on it ("dưới 14 tuổi", "từ đủ
    14 tuổi trở lên", "dưới 5.000 m3/ngày đêm", "cấp III, cấp IV"); None when the name limits none
    of them."""
    if not amounts:
        return None
    bare = _bare(name)
    limits = [(fits, m.group(2), _number(m.group(1))) for pattern, fits in _LIMITS for m in pattern.finditer(bare)]
    limits += [(float.__eq__, "cap", _GRADES[grade]) for grade in _GRADE.findall(bare)]
    checks = [(fits, amount, limit) for fits, unit, limit in limits for asked, amount in amounts if asked == unit]
    if not checks:
        return None
    return any(fits(amount, limit) for fits, amount, limit in checks)


def question_amounts(text: str) -> List[Amount]:
    """The amounts a question gives: "dưới 14 tuổi" is 13 years, "trên 60 tuổi" 61; "cấp II" grade 2."""
    shift = {"duoi ": -1, "tren ": 1, "": 0}
    bare = _bare(text)
    amounts = [(_UNITS[unit], _number(digits) + shift[bound]) for bound, digits, unit in _AMOUNT.findall(bare)]
    return amounts + [("cap", _GRADES[grade]) for grade in _GRADE.findall(bare)]


def _without_limit(proc: Procedure) -> str:
    """The bare name without its limit: the key its variants for other amounts share."""
    return " ".join(_LIMIT_PHRASE.sub(" ", _bare(proc.core_name)).split())


@dataclass(frozen=True)
class _Question:
    """A question read once: without its aspect words, folded, and with its everyday terms."""

    plain: str  # without the words that ask the aspect
    words: List[str]  # ``plain`` folded
    misread: Set[Tuple[str, ...]]  # everyday phrases typed with other diacritics
    terms: List[str]  # the catalogue's terms for the everyday phrases in it
    accented: Dict[str, str]  # the words typed with diacritics, as typed, by their bare form
    aspect_only: bool  # only words that ask an aspect ("mất mấy ngày"), read whole


def _chat_word(feature: str, typed: Dict[str, str]) -> bool:
    """Whether a word feature is a word of conversation (``CHAT_WORDS``), as typed."""
    return typed[feature] in CHAT_WORDS if feature in typed else feature in _CHAT_BARE


def _says_foreign_party(question: _Question) -> bool:
    """Whether the question, or its everyday reading, says "nước ngoài" ("chồng em người Hàn")."""
    return " nuoc ngoai " in f" {' '.join([*question.words, *(fold(term) for term in question.terms)])} "


_FOREIGN_WORDS = frozenset({"ngoai", "nuoc ngoai"})  # the word features of "nước ngoài", folded


def _has_foreign_party(folded_name: str) -> bool:
    padded = f" {folded_name} "
    return " nuoc ngoai " in padded and not (" cong dan viet nam " in padded and " nguoi nuoc ngoai " in padded)


# words and phrases that alone name no procedure, folded: those of a question about a unit itself
# ("thị trấn … cũ giờ là xã nào": kinds of units and their change; a record for commune officials
# says "xã"), and about the portal and its app ("nộp hồ sơ trên cổng dịch vụ công", "quên mật
# khẩu VNeID"; a tax record's everyday name says "quên mật khẩu")
_NAMING_NOTHING = frozenset(
    "xa phuong thi tran huyen tinh thanh pho dac khu cu moi gio nay hien thuoc "
    "cong vneid app web website tren qua quen".split()
)
_NAMING_NOTHING_PHRASES = ("mat khau", "dang nhap", "dich vu cong", "quoc gia", "ung dung", "trang web")


def _names_nothing(words: List[str]) -> bool:
    if all(is_stopword(w) for w in words):
        return False
    rest = f" {' '.join(words)} "
    for phrase in _NAMING_NOTHING_PHRASES:
        rest = rest.replace(f" {phrase} ", " ")
    return all(is_stopword(w) or w in _NAMING_NOTHING for w in rest.split())


def _worth_offering(question: _Question) -> float:
    """Search evidence worth offering the best matches of a short question as choices, when the
    best is ahead of the next: it has fewer words to score ("tiền tử tuất"). A question of aspect
    words only ("mất mấy ngày") asks about the procedure before it, and needs the full evidence."""
    if question.aspect_only:
        return MIN_SEARCH
    return MIN_SEARCH * min(1.0, len(question.words) / SHORT_QUESTION)


def _says_all_words(procedure: Procedure, words: List[str]) -> bool:
    """Whether a question of a few words is, word for word, part of the procedure's name ("hộ
    nghèo" in "Công nhận hộ nghèo, hộ cận nghèo"): too little for the search to count, enough to
    offer the best matches. Verbs put before it do not count ("làm thai sản", "xin hộ nghèo")."""
    said = list(dropwhile(lambda w: w in _LEAD_VERBS, words))
    return len(said) >= 2 and f" {' '.join(said)} " in f" {' '.join(fold(procedure.name).split())} "


class ProcedureIndex:
    """A catalogue's search index, with the folded names and aliases of every procedure and group."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._recent = lru_cache(maxsize=RECENT_FINDS)(self._settled)
        pairs = sorted(
            ((phrase, term) for term, phrases in catalogue.everyday.items() for phrase in phrases),
            key=lambda pair: -len(_everyday_words(pair[0])),
        )
        self.everyday = [(_everyday_words(phrase), fold(term).split()) for phrase, term in pairs]
        # each phrase by its first word, with its position in ``everyday`` (longest first)
        self.everyday_by_word: Dict[str, List[Tuple[int, List[str], List[str]]]] = {}
        for i, (phrase, term) in enumerate(self.everyday):
            self.everyday_by_word.setdefault(phrase[0], []).append((i, phrase, term))
        self.terms = [term for _, term in pairs]
        # each phrase as written, by its first word folded: "giấy đỏ" is not "giấy đó"
        self.everyday_written: Dict[str, List[Tuple[List[str], List[str]]]] = {}
        for (phrase, _), (folded, _) in zip(pairs, self.everyday):
            written = written_words(phrase)
            if len(written) == len(folded):  # an abbreviation typed for several words is not checked
                self.everyday_written.setdefault(folded[0], []).append((folded, written))
        self.records: List[Tuple[Procedure, List[_Phrase]]] = [
            (p, _phrases(catalogue.names(p))) for p in catalogue.procedures
        ]
        self.phrases: Dict[str, List[_Phrase]] = {p.key: phrases for p, phrases in self.records}
        # names and everyday phrases with words that also ask an aspect ("xin thêm thời gian",
        # "luật sư miễn phí"): found in a question, those words name the procedure
        named = [*(phrase for phrase, _ in pairs), *(name for p in catalogue.procedures for name in catalogue.names(p))]
        self.asking_names = frozenset(fold(name) for name in named if fold(without_aspect_words(name)) != fold(name))
        self.aliased = [p.key for p in catalogue.procedures if p.aliases]
        self.search = ProcedureSearch(catalogue)
        self.asked = AskedQuestions(catalogue.asked_questions)
        self.position = {p.key: i for i, p in enumerate(self.search.procedures)}
        # the same procedure at another level: "Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh)"
        self.levels: Dict[str, List[Procedure]] = {}
        for p in catalogue.procedures:
            self.levels.setdefault(_base_name(p), []).append(p)
        # the same procedure for another channel: "Cấp lại chứng nhận đăng ký xe …" all online,
        # or partly online and at the office
        self.channel = {p.key: _channel_variant(p) for p in catalogue.procedures}
        by_base: Dict[str, Dict[str, Procedure]] = {}
        for p in catalogue.procedures:
            base, kind = self.channel[p.key]
            if kind:
                by_base.setdefault(base, {})[kind] = p
        self.channels = {base: kinds for base, kinds in by_base.items() if len(kinds) == 2}
        # the same procedure for another amount: "… quy mô dưới 5.000 m3/ngày đêm", "… từ 5.000 …"
        self.limited: Dict[str, List[Procedure]] = {}
        for p in catalogue.procedures:
            if _LIMIT_PHRASE.search(_bare(p.core_name)):
                self.limited.setdefault(_without_limit(p), []).append(p)
        self.groups: List[Tuple[str, List[_Phrase]]] = [
            (g.id, _phrases([g.name, *g.aliases])) for g in catalogue.groups.values()
        ]
        self.group_words: Dict[str, Set[str]] = {
            gid: set().union(*(word_features(ph.words) for ph in phrases)) for gid, phrases in self.groups
        }
        self.features: Dict[str, Set[str]] = {
            p.key: set().union(*(word_features(ph.words) for ph in phrases)) for p, phrases in self.records
        }
        # the words of every name of a procedure as written: "Hàn" is not "hạn"
        self.written_names: Dict[str, Set[str]] = {
            p.key: set().union(*(written_words(name) for name in catalogue.names(p))) for p in catalogue.procedures
        }
        # the same procedure "có yếu tố nước ngoài" (with a foreign party), by the name without it
        self.foreign = _foreign_variants(catalogue.procedures)
        self.operations = {p.key: operations(fold(p.core_name)) for p in catalogue.procedures}
        self.objects = {p.key: _object_words(p) for p in catalogue.procedures}
        self.name_words: Dict[Tuple[str, bool], Set[str]] = {
            (p.key, written): name_words(p.core_name, written)
            for p in catalogue.procedures
            for written in (False, True)
        }
        # whether a name has a foreign party ("… có yếu tố nước ngoài", "… của nước ngoài"), not
        # as one of the people it serves beside citizens ("công dân Việt Nam …; người nước ngoài")
        self.foreign_party = {p.key: _has_foreign_party(fold(p.name)) for p in catalogue.procedures}
        # whether a name changes, ends or re-issues a paper rather than issuing it
        self.changing = {
            p.key: bool(self.operations[p.key] or _CHANGING_NAME_WORDS & self.name_words[p.key, True])
            for p in catalogue.procedures
        }

    def _everyday_found(self, words: List[str], misread: Set[Tuple[str, ...]]) -> List[int]:
        """The positions in ``everyday`` of the everyday phrases among the words."""
        found = {
            index
            for start in range(len(words))
            for index, phrase, _ in _phrases_at(words, start, self.everyday_by_word)
            if tuple(phrase) not in misread
        }
        return sorted(found)

    def _everyday_terms(self, words: List[str], misread: Set[Tuple[str, ...]]) -> List[str]:
        """The catalogue's terms (as written) for the everyday phrases among the words."""
        return [self.terms[i] for i in self._everyday_found(words, misread)]

    def _misread(self, raw: List[str], typed: List[str], bare: List[str]) -> Set[Tuple[str, ...]]:
        """The everyday phrases (folded) whose letters the question has only with other
        diacritics: "giấy đó" (that paper) is not "giấy đỏ". A word typed without diacritics
        fits either, unless the question has diacritics and it is a name within the sentence:
        "sinh ở Nha Trang" is not "sinh ở nhà". ``raw`` are the words as typed, ``typed`` their
        accent keys and ``bare`` those without diacritics."""
        accented = bare != typed
        names = {i for i, w in enumerate(raw) if accented and i and w[:1].isupper()}
        fitting: Set[Tuple[str, ...]] = set()
        other: Set[Tuple[str, ...]] = set()
        for start, word in enumerate(bare):
            for phrase, own in self.everyday_written.get(word, ()):
                n = len(phrase)
                if bare[start : start + n] == phrase:
                    here = zip(range(start, start + n), typed[start : start + n], own, bare[start : start + n])
                    fits = all(t == o or (t == b and i not in names) for i, t, o, b in here)
                    (fitting if fits else other).add(tuple(phrase))
        return other - fitting

    def _read(self, text: str) -> _Question:
        text = _SO_THEN.sub(lambda m: f"{m['asked'] or ''} ", text)
        unasked = without_aspect_words(without_context_words(text), self.asking_names)
        plain = unasked or text
        plain = _FILLERS.sub(" ", plain).strip() or plain
        words = _without_handing_on(fold(plain).split())
        raw = WORD.findall(canonical(plain))
        typed = [accent_key(w) for w in raw]
        bare = [strip_diacritics(w) for w in typed]
        misread = self._misread(raw, typed, bare)
        accented = {b: t for t, b in zip(typed, bare) if t != b}
        owned = _without_owners(words)
        return _Question(plain, words, misread, self._everyday_terms(owned, misread), accented, not unasked.strip())

    def _query(self, question: _Question) -> List[str]:
        """The question's words and, where it differs, its everyday reading after a "|"."""
        reading = everyday_reading(_without_owners(question.words), self.everyday_by_word, question.misread)
        return _with_reading(question.words, reading)

    def _typed_span(self, key: str, query: List[str], padded: str) -> Tuple[int, int]:
        """Where the longest of a procedure's names typed word for word is in the query (0, 0: none)."""
        typed = [ph.words for ph in self.phrases[key] if f" {ph.text} " in padded]
        if not typed:
            return 0, 0
        words = max(typed, key=len)
        start = next(i for i in range(len(query) - len(words) + 1) if query[i : i + len(words)] == words)
        return start, start + len(words)

    def _scores(self, question: _Question) -> Tuple[Dict[str, float], Dict[str, float], Set[str], Optional[str], float]:
        """Phrase scores and search scores of the candidates, word features, and the best-named
        family with its score. The question is read as typed and, when it differs, in its
        everyday reading ("|" keeps phrases from running across the two). The candidates are
        the procedures the search ranks highest and every procedure with aliases (curated)."""
        words = question.words
        reading = everyday_reading(_without_owners(words), self.everyday_by_word, question.misread)
        searched = self.search.scores(terms(" ".join([question.plain, *question.terms])))
        best = searched.argsort()[::-1][:CANDIDATES]
        candidates = {self.search.procedures[i].key: float(searched[i]) for i in best if searched[i] > 0}
        for key in self.aliased:
            candidates.setdefault(key, float(searched[self.position[key]]))
        query = _with_reading(words, reading)
        padded, present = f" {' '.join(query)} ", set(query)
        phrase = {key: max(ph.score(query, padded, present) for ph in self.phrases[key]) for key in candidates}
        # a name typed across a longer name typed names nothing: "bản sao giấy khai sinh cho
        # con" names the copy, not "khai sinh cho con"
        spans = {key: self._typed_span(key, query, padded) for key in candidates if phrase[key]}
        for key, (start, end) in spans.items():
            if end > start and any(e - s > end - start and s <= start < e for s, e in spans.values()):
                phrase[key] = 0.0
        # a family named through the everyday reading counts for the words the citizen typed:
        # "sổ đỏ" read as "giấy chứng nhận quyền sử dụng đất" is two syllables of evidence, not
        # seven, beside "chứng thực bản sao"
        readings = (
            [(words, 1.0)] if reading == words else [(words, 1.0), (reading, min(1.0, len(words) / len(reading)))]
        )
        said = [(q, f" {' '.join(q)} ", set(q), share) for q, share in readings]
        group_scores = {
            gid: max(share * ph.score(q, pad, seen) for q, pad, seen, share in said for ph in phrases)
            for gid, phrases in self.groups
        }
        # two families named as strongly ("đám cưới", "hộ khẩu"): the one the search favours
        top = max(group_scores.values(), default=0.0)
        best_group = max(
            (gid for gid, named in group_scores.items() if named == top),
            key=lambda gid: max(
                (float(searched[self.position[p.key]]) for p in self.catalogue.siblings(gid)), default=0.0
            ),
            default=None,
        )
        # a word counted by a number ("nhà 3 tầng", "6 tháng") describes, it does not choose
        counted = {b for a, b in zip(words, words[1:]) if a.isdigit()}
        asked = (word_features(words) | word_features(reading)) - counted
        group_score = group_scores.get(best_group, 0.0) if best_group else 0.0
        return phrase, candidates, asked, best_group, group_score

    def best_matches(self, text: str) -> List[Procedure]:
        """The procedures the words fit best, best first, whatever ``find`` makes of them: what
        else a question may mean when the answer given was not it."""
        return self._recent(text, True)[1]

    def find(self, text: str, loose_words: bool = True) -> ProcedureMatch:
        """The procedure meant by ``text``; siblings to choose from when only the family is clear.

        Without ``loose_words`` a procedure must be named (its name or an alias, typos allowed):
        shared rare words alone ("mua … máy" in "mua vé máy bay") are not enough. The answer
        depends on the words only, so a turn that asks it again (the router, then the answer,
        then the best matches shown under it) gets it from the last ``RECENT_FINDS``."""
        return self._recent(text, loose_words)[0]

    def _settled(self, text: str, loose_words: bool) -> Tuple[ProcedureMatch, List[Procedure]]:
        """The match, weighed against the questions citizens asked before: close candidates are
        settled by them, and one answer they clearly place on another of the best three is asked
        about (the two offered). Not a family named and nothing more ("bằng lái xe"): which one
        is the citizen's to say."""
        match, ranked = self._find(text, loose_words)
        if match.found and not match.group:
            question = self._read(self._typed(text))
            close = [match.found, *(p for p in ranked[:OFFERED] if p is not match.found)]
            other = self.asked.settled(text, self._saying_the_operation(question, close))
            if other in (None, match.found) or self._says_only(question, match.found, other):
                return match, ranked
            return ProcedureMatch(procedures=[other, match.found]), ranked
        only_family = match.group and word_features(fold(text).split()) <= self.group_words[match.group]
        if not match.ambiguous or only_family:
            return match, ranked
        settled = self.asked.settled(text, self._saying_the_operation(self._read(self._typed(text)), match.procedures))
        return (ProcedureMatch(procedures=[settled]) if settled else match), ranked

    def _says_only(self, question: _Question, proc: Procedure, other: Procedure) -> bool:
        """Whether the question says what the procedure is and the other is not: a word of its
        name the other's lacks ("muốn đổi" for "Cấp đổi thẻ căn cước", not "Cấp lại thẻ căn
        cước"), or one of its names typed word for word ("thế chấp chiếc ô tô")."""
        written = strip_diacritics(question.plain) != question.plain
        said = name_words(" ".join([question.plain, *question.terms]), written)
        if said & (self.name_words[proc.key, written] - self.name_words[other.key, written]):
            return True
        query = self._query(question)
        start, end = self._typed_span(proc.key, query, f" {' '.join(query)} ")
        return end - start >= TYPED_NAME_WORDS

    def _saying_the_operation(self, question: _Question, candidates: List[Procedure]) -> List[Procedure]:
        """The candidates whose name says an operation the question says, where one does: questions
        asked before about a paper's first issue do not settle "xin cấp lại" on it."""
        said = self._said_operations(question)
        return [p for p in candidates if self.operations[p.key] & said] or candidates

    def _typed(self, text: str) -> str:
        """The text as the matcher reads it: a masked number ("[số định danh]") stands for a
        number, not for words; words typed joined are split."""
        return self.search.unjoined(MASK.sub(" ", text))

    def _said_operations(self, question: _Question) -> Set[str]:
        """The operations a question says, in its words or its everyday terms ("bị mất" is "cấp lại")."""
        return operations(" ".join(question.words)).union(*(operations(fold(term)) for term in question.terms))

    def _find(self, text: str, loose_words: bool) -> Tuple[ProcedureMatch, List[Procedure]]:
        """The match, and the candidates ranked by score. "Mất" that says someone died is read as
        "qua đời" ("ba tôi mới mất cần làm gì") where the words find nothing, or find one
        procedure by search evidence alone while the reading names another; not otherwise,
        because a death told in passing does not ask for its registration ("ba tui mất, để lại
        miếng đất, sang tên sổ đỏ")."""
        text = self._typed(text)
        found, ranked = self._found(text, loose_words)
        passed = died_as_passed(text)
        if passed == canonical(text):
            return found, ranked
        if not found.procedures:
            return self._found(passed, loose_words)
        # "mẹ em mất được 1 tuần, làm giấy xác nhận với xã": the death, unless the first is a
        # kind of it ("khai tử lưu động")
        if not found.found or self._names(text, found.found):
            return found, ranked
        died, died_ranked = self._found(passed, loose_words)
        other = died.found and not self.name_words[died.found.key, True] <= self.name_words[found.found.key, True]
        return (died, died_ranked) if other and self._names(passed, died.found) else (found, ranked)

    def _names(self, text: str, proc: Procedure) -> bool:
        """Whether the text has a name, an alias or an everyday name of the procedure."""
        query = self._query(self._read(text))
        padded, present = f" {' '.join(query)} ", set(query)
        return max(ph.score(query, padded, present) for ph in self.phrases[proc.key]) >= MIN_SCORE

    def _found(self, text: str, loose_words: bool) -> Tuple[ProcedureMatch, List[Procedure]]:
        amounts = question_amounts(text)
        question = self._read(text)
        first, ranked = self._match(text, question, loose_words, amounts)
        return self._narrowed(text, question, amounts, first, ranked), ranked

    def _narrowed(
        self, text: str, question: _Question, amounts: List[Amount], first: ProcedureMatch, ranked: List[Procedure]
    ) -> ProcedureMatch:
        """The first match narrowed by what else the question says: level, channel, operation,
        an amount's limit, a qualifier."""
        if not ranked:  # a code named, or nothing
            return first
        match = self._by_channel(self._by_level(self._by_limit(first, amounts, ranked), fold(text)), text)
        plain = question.plain
        match = self._by_operation(match, self._said_operations(question), ranked)
        match = self._first_issue(match, question, ranked[:OFFERED])
        written = strip_diacritics(plain) != plain
        if match.found:
            foreign = self._with_foreign_party(match.found, question)
            if foreign:
                return ProcedureMatch(procedures=[foreign])
            return self._qualified(match, ranked, name_words(plain, written), written)
        if len(match.procedures) < 2 or match.unsure or match.group:
            return match
        # "người Hàn" is read as "người nước ngoài" too
        said = " ".join([plain, *question.terms])
        qualified = self._by_qualifier(match, name_words(said, written), written)
        dropped = [p for p in match.procedures if p not in qualified.procedures]
        match = self._first_issue(qualified, question, [p for p in ranked[:OFFERED] if p not in dropped])
        if len(match.procedures) < 2:
            return match
        # several close ones: offered with the next best up to three, as when unsure (the one
        # meant is often third: "kiểm định khí thải xe máy" beside two inspection-centre permits)
        more = [p for p in ranked if p not in first.procedures and limit_fit(p.name, amounts) is not False]
        return ProcedureMatch(procedures=[*match.procedures, *more][: max(OFFERED, len(match.procedures))])

    def _match(
        self, text: str, question: _Question, loose_words: bool, amounts: List[Amount]
    ) -> Tuple[ProcedureMatch, List[Procedure]]:
        """The match, and the candidates ranked by score."""
        codes = [p for p in map(self.catalogue.procedure, _CODE.findall(text)) if p]
        if codes:
            return ProcedureMatch(procedures=codes[:1]), []
        by_key = self.catalogue.procedure(text.strip())
        if by_key:
            return ProcedureMatch(procedures=[by_key]), []
        if not fold(text).split() or _names_nothing(question.words):
            return ProcedureMatch(), []
        phrase, searched, asked, group, group_score = self._scores(question)
        leader = max(searched.values(), default=0.0) or 1.0
        # a name or an alias found counts in full for a record the search also ranks near the
        # top, and less for one whose other words fall behind ("bằng lái quốc tế" names the
        # licence family through "bằng lái", but "quốc tế" is another procedure's word)
        score = {key: searched[key] + PHRASE_BONUS * phrase[key] * searched[key] / leader for key in phrase}
        ranked = sorted((self.catalogue.procedure(k) for k in phrase), key=lambda p: -score[p.key])
        top = ranked[0]
        best = score[top.key]
        named = phrase[top.key] >= MIN_SCORE
        runner_up = score[ranked[1].key] if len(ranked) > 1 else 0.0
        # the search alone names it when its evidence is strong, or fair and far ahead of the next
        evident = (
            named
            or searched[top.key] >= MIN_EVIDENT
            or (best >= MIN_SEARCH and best >= (RATIO if top.curated else CLEAR_LEAD) * runner_up)
        )
        if group_score >= MIN_SCORE and group_score >= max(phrase.values(), default=0.0):
            # a family is named, unless another procedure is evident and clearly beats every
            # sibling ("sửa ngày sinh sai trên giấy khai sinh" names births, means a correction)
            siblings = max(score.get(p.key, 0.0) for p in self.catalogue.siblings(group))
            if top.group == group or best < RATIO * siblings:
                return self._unexplained(
                    self._within_group(group, asked, score, amounts, question), question, asked, ranked, score
                ), ranked
        if not named and not (loose_words and evident):
            if loose_words and (
                best >= MIN_SEARCH
                or (best >= _worth_offering(question) and best >= RATIO * runner_up)
                or _says_all_words(top, question.words)
            ):
                return ProcedureMatch(procedures=ranked[:OFFERED], unsure=True), ranked
            return ProcedureMatch(), ranked
        close = [p for p in ranked if score[p.key] * RATIO > best]
        groups = {p.group for p in close}
        if len(close) > 1 and len(groups) == 1 and None not in groups:
            return self._unexplained(
                self._within_group(groups.pop(), asked, score, amounts, question), question, asked, ranked, score
            ), ranked
        return self._unexplained(
            ProcedureMatch(procedures=close[:OFFERED_CLOSE]), question, asked, ranked, score
        ), ranked

    def _with_foreign_party(self, proc: Procedure, question: _Question) -> Optional[Procedure]:
        """The same procedure "có yếu tố nước ngoài", where the question says a foreign party
        ("chồng em người Hàn" is read "người nước ngoài")."""
        foreign = None if self.foreign_party[proc.key] else self.foreign.get(_domestic_name(proc))
        return foreign if foreign and _says_foreign_party(question) else None

    def _by_level(self, match: ProcedureMatch, folded: str) -> ProcedureMatch:
        """The procedures at the level of the office the question names, where the catalogue has
        them at several ("đổi căn cước trên công an tỉnh" is the province's card exchange; "thẻ
        thường trú … nộp ở Cục Quản lý xuất nhập cảnh" the ministry's residence card)."""
        level = next((level for office, level in IMMIGRATION_OFFICES.items() if office in folded), None)
        level = level or next((level for level, cue in _LEVEL_CUES if cue.search(folded)), None)
        if not level or not match.procedures or (match.found and _level(match.found) == level):
            return match
        base = _base_name(match.procedures[0])
        if all(_base_name(p) == base for p in match.procedures):
            at_level = [p for p in self.levels[base] if _level(p) == level]
            return ProcedureMatch(procedures=at_level[:1]) if at_level else match
        swapped: List[Procedure] = []
        for proc in match.procedures:
            at_level = [p for p in self.levels[_base_name(proc)] if _level(p) == level]
            chosen = proc if _level(proc) == level or not at_level else at_level[0]
            if chosen not in swapped:
                swapped.append(chosen)
        return ProcedureMatch(procedures=swapped, group=match.group, unsure=match.unsure)

    def _by_channel(self, match: ProcedureMatch, text: str) -> ProcedureMatch:
        """One of a procedure's two channel variants ranked first (and second, if any): the all-
        online one when the question asks online filing, else the one partly online or at the
        office ("mất cà vẹt làm lại ở đâu")."""
        if match.unsure or match.group or not match.procedures:
            return match
        base = self.channel[match.procedures[0].key][0]
        variants = self.channels.get(base)
        if not variants or (len(match.procedures) > 1 and self.channel[match.procedures[1].key][0] != base):
            return match
        wanted = variants["online" if "online" in asked_aspects(text) else "direct"]
        rest = [p for p in match.procedures if self.channel[p.key][0] != base]
        return ProcedureMatch(procedures=[wanted, *rest])

    def _by_operation(self, match: ProcedureMatch, said: Set[str], ranked: List[Procedure]) -> ProcedureMatch:
        """The same paper's variant for the operation the question says, when the first found
        is for another ("mất giấy phép …, xin cấp lại" is not "Cấp giấy phép …"; "gia hạn" is
        not "Cấp"): of the candidates whose name says it, the one that keeps most of the rest of
        the first's name. It is answered when it was offered as the only one that says it."""
        if not said or not match.procedures:
            return match
        if match.group:  # the family's one sibling for the operation said ("… xin lại")
            saying = [p for p in match.procedures if self.operations[p.key] & said]
            return ProcedureMatch(procedures=saying) if len(saying) == 1 else match
        if self.operations[match.procedures[0].key] & said:
            return match
        paper = self.objects[match.procedures[0].key]
        kept: Dict[str, float] = {}
        for p in ranked:
            shared = len(self.objects[p.key] & paper)
            if self.operations[p.key] & said and shared >= VARIANT_SHARE * len(self.objects[p.key]):
                kept[p.key] = shared / max(1, len(paper))
        best = max(kept.values(), default=0.0)
        if best < OBJECT_SHARE:
            # no variant of the same paper: the best that ends what the question ends is offered
            # first ("giải thể công ty TNHH 2 thành viên" is no founding of one)
            ending = said & _ENDING
            if not ending or not match.found or not _FOUNDING.search(fold(match.found.core_name)):
                return match
            other = next((p for p in ranked if self.operations[p.key] & ending), None)
            return ProcedureMatch(procedures=[other, match.found], unsure=True) if other else match
        variant = next(p for p in ranked if kept.get(p.key) == best)
        saying = [p for p in match.procedures if self.operations[p.key] & said]
        if match.found or (not match.unsure and saying == [variant]):
            return ProcedureMatch(procedures=[variant])
        rest = [p for p in match.procedures if p is not variant]
        return ProcedureMatch(procedures=[variant, *rest][: len(match.procedures)], unsure=match.unsure)

    def _first_issue(self, match: ProcedureMatch, question: _Question, next_best: List[Procedure]) -> ProcedureMatch:
        """Close variants of one paper and a question that says nothing of changing it ("đăng
        ký tàu cá ở đâu" beside "Xóa đăng ký tàu cá" and "Cấp lại …"): the one that issues it,
        where no other that issues something is among ``next_best``; the changes must be the
        close ones' (one ranked after them may be of another paper)."""
        if match.found or match.group or len(match.procedures) < 2 or _asks_a_change(question):
            return match
        offered = [*match.procedures, *(p for p in next_best if p not in match.procedures)]
        # a foreign party's variant does not issue it where the question names none ("nhận con
        # nuôi" is not "… có yếu tố nước ngoài")
        foreign = _says_foreign_party(question)
        issuing = [p for p in offered if not self.changing[p.key] and (foreign or not self.foreign_party[p.key])]
        if len(issuing) != 1:
            return match
        # the search's guesses, none clearly meant: only one whose name says every word asked
        # ("đăng ký tàu cá ở đâu"; "giấy phép hành nghề y" is no well driller's licence)
        if match.unsure and not name_words(question.plain, False) <= self.name_words[issuing[0].key, False]:
            return match
        paper = self.objects[issuing[0].key]
        variants = all(
            len(self.objects[p.key] & paper) >= OBJECT_SHARE * max(len(paper), len(self.objects[p.key]))
            for p in match.procedures
            if p not in issuing and self.changing[p.key]  # the paper's changes, ends and re-issues
        )
        return ProcedureMatch(procedures=issuing) if variants else match

    def _by_limit(self, match: ProcedureMatch, amounts: List[Amount], ranked: List[Procedure]) -> ProcedureMatch:
        """Drop a procedure whose limit the amount the question gives contradicts ("căn cước cho
        con 10 tuổi" is not "từ đủ 14 tuổi trở lên", a well of 8.000 m3 a day is not "dưới 5.000
        m3/ngày đêm", "nhà xưởng cấp II" is not "công trình cấp III, cấp IV"); its siblings, or the
        same name for another amount, that fit take its place, else the best ranked that the amount
        does not contradict: a card for a child of 6 is "thẻ BHYT" without a limit, not "thẻ căn cước
        cho người dưới 14 tuổi"."""
        kept = [p for p in match.procedures if limit_fit(p.name, amounts) is not False]
        if not amounts or len(kept) == len(match.procedures):
            return match
        if not kept:
            first = match.procedures[0]
            others = (
                self.catalogue.siblings(first.group) if first.group else self.limited.get(_without_limit(first), [])
            )
            kept = [p for p in others if limit_fit(p.name, amounts)] or [
                p for p in ranked if limit_fit(p.name, amounts) is not False
            ][:1]
        if not kept:
            return match
        return ProcedureMatch(procedures=kept, group=match.group if len(kept) > 1 else None, unsure=match.unsure)

    def _by_qualifier(self, match: ProcedureMatch, words: Set[str], written: bool) -> ProcedureMatch:
        """Drop a procedure whose name differs from a close one's by a short qualifier: its own
        qualifier unused while the other's is used or the other has none ("Mở khóa căn cước điện
        tử" for "khóa căn cước", "Đăng ký lại việc nuôi con nuôi" for "đăng ký nuôi con nuôi"), or
        no qualifier of its own while the citizen said most of the other's ("xin cấp lại" drops
        "Cấp …" for "Cấp lại …"; "chồng người Hàn" is read "người nước ngoài" and drops "Đăng ký
        kết hôn" for "… có yếu tố nước ngoài"; "ngoài giá thú" is not "có yếu tố nước ngoài").
        ``words`` are the question's with its everyday reading. Families found from names alone."""
        names = {p.key: self.name_words[p.key, written] for p in match.procedures}
        words = words - _ANYONE

        def outranked(proc: Procedure) -> bool:
            theirs = names[proc.key]
            for other in match.procedures:
                only_other, only_theirs = names[other.key] - theirs, theirs - names[other.key]
                if len(only_theirs) > QUALIFIER_WORDS or len(only_other) > QUALIFIER_WORDS or only_theirs & words:
                    continue
                if only_theirs and (only_other & words or not only_other):
                    return True
                if not only_theirs and only_other and len(only_other & words) * 2 >= len(only_other):
                    return True
            return False

        return ProcedureMatch(procedures=[p for p in match.procedures if not outranked(p)])

    def _qualified(
        self, match: ProcedureMatch, ranked: List[Procedure], typed: Set[str], written: bool
    ) -> ProcedureMatch:
        """The chosen procedure's one variant among the best ranked whose name adds only words
        the citizen typed: "đăng ký lại kết hôn với người nước ngoài" names the first registration
        through its alias, and means the re-registration."""
        own = self.name_words[match.found.key, written]
        added = {p.key: self.name_words[p.key, written] - own for p in ranked[:RIVALS]}
        variants = [
            p
            for p in ranked[:RIVALS]
            if own < self.name_words[p.key, written] and len(added[p.key]) <= QUALIFIER_WORDS and added[p.key] <= typed
        ]
        return ProcedureMatch(procedures=variants) if len(variants) == 1 else match

    def _unexplained(
        self,
        match: ProcedureMatch,
        question: _Question,
        asked: Set[str],
        ranked: List[Procedure],
        score: Dict[str, float],
    ) -> ProcedureMatch:
        """One procedure chosen, but the question has a word of another close procedure's name
        that the chosen one's names do not have ("bằng lái quốc tế": "quốc tế" is not in "Đổi
        giấy phép lái xe"): the two are offered instead of answering the first. A word typed with
        diacritics must be that word: "người Hàn" has no word of "khai sinh đúng hạn"; words of
        conversation (``CHAT_WORDS``) are no rival's."""
        chosen = match.found
        if not chosen:
            return match
        typed = question.accented
        words = {f for f in asked if " " not in f and not _chat_word(f, typed)}
        own = self.features[chosen.key] | (self.group_words.get(chosen.group, set()) if chosen.group else set())
        # the term read for an everyday phrase the chosen one's names have is its own too: "xe
        # mô tô" for "xe máy" in "đăng ký xe máy"
        for i in self._everyday_found(question.words, question.misread):
            phrase, term = self.everyday[i]
            if all(w in own for w in phrase):
                own = own | word_features(term)

        def explains(rival: Procedure) -> bool:
            other = (words & self.features[rival.key]) - own
            return any(w not in typed or typed[w] in self.written_names[rival.key] for w in other)

        rivals = [
            p
            for p in ranked[:RIVALS]
            if p is not chosen and score[p.key] >= RIVAL_SHARE * score[chosen.key] and explains(p)
        ]
        return ProcedureMatch(procedures=[chosen, *rivals][:OFFERED]) if rivals else match

    def _within_group(
        self, group: str, asked: Set[str], score: Dict[str, float], amounts: List[Amount], question: _Question
    ) -> ProcedureMatch:
        """The family is named: one sibling only if the other words point at it clearly, else ask.

        Within a family a word counts by how few siblings share it (a word of every sibling
        says nothing), so "đổi" picks "Cấp đổi thẻ căn cước" although it is common elsewhere.
        """
        siblings = self.catalogue.siblings(group)
        # words of conversation tell no sibling either ("giờ đi làm lại" is no sibling's "đi làm")
        rest = {f for f in asked - self.group_words[group] if not _chat_word(f, question.accented)}
        # "ngoài" alone is no foreign party ("đám cưới ngoài đường"): only "nước ngoài", said or read
        foreign = _says_foreign_party(question)
        rest = rest if foreign else rest - _FOREIGN_WORDS
        # a sibling whose limit the amount contradicts is dropped, unless all are (the amount is
        # then about another family: "nhà xưởng cấp II" beside the family of house permits)
        siblings = [p for p in siblings if limit_fit(p.name, amounts) is not False] or siblings
        features = {
            p.key: self.features[p.key] | ({LIMIT_FITS} if limit_fit(p.name, amounts) else set()) for p in siblings
        }
        # a fitting limit tells the issue from the paper's change only where none is asked: "đủ 25
        # tuổi rồi, căn cước có phải đổi" asks the exchange, not the card for those over 14
        rest |= {LIMIT_FITS} if amounts and not _asks_a_change(question) else set()
        shared = Counter(f for p in siblings for f in rest & features[p.key])
        weight = {f: math.log(len(siblings) / n) for f, n in shared.items()}
        own = {
            p.key: math.fsum(weight[f] for f in rest & features[p.key]) for p in siblings
        }  # exact: no order of the set
        ranked = sorted(siblings, key=lambda p: (-own[p.key], -score.get(p.key, 0.0), not p.curated))
        if len(ranked) == 1 or own[ranked[0].key] - own[ranked[1].key] >= SIBLING_MARGIN:
            return ProcedureMatch(procedures=ranked[:1])
        tied = [p for p in ranked if own[p.key] == own[ranked[0].key]]
        # an everyday phrase read as one sibling's whole name ("thi bằng lái" is "cấp giấy phép
        # lái xe"): staff wrote it for that one
        read = {fold(term) for term in question.terms}
        named = [p for p in tied if fold(p.core_name) in read]
        if len(named) == 1:
            return ProcedureMatch(procedures=named)
        # no foreign party named, nor read ("người Hàn" is read "người nước ngoài" too)
        plain = _without_foreign_element(tied)
        if plain and not foreign:
            return ProcedureMatch(procedures=[plain])
        # a question about more than the family ("xin phép cất nhà 2 tầng ở Ninh Hiệp") where
        # nothing tells a re-issue, a change or an extension: the first issue, else the sibling
        # whose name the others only add to ("Đăng ký khai sinh"); the family's name alone
        # ("giấy phép xây dựng") is asked about
        if len(tied) > 1 and not own[ranked[0].key] and rest - {LIMIT_FITS}:
            first = [p for p in tied if _FIRST_ISSUE.search(fold(p.core_name))]
            words_of = {p.key: set(fold(p.core_name).split()) for p in tied}
            plain = [p for p in tied if all(words_of[p.key] <= words_of[o.key] for o in tied)]
            for sibling in (first, plain):
                if len(sibling) == 1:
                    return ProcedureMatch(procedures=sibling)
        if not _asks_a_change(question):  # the first issue offered first ("làm giấy khai sinh ở đâu")
            ranked = sorted(ranked, key=lambda p: (-own[p.key], self.changing[p.key]))
        return ProcedureMatch(procedures=ranked[:OFFERED_SIBLINGS], group=group)
