"""The router: which answer a turn gets. It reads what was asked (the intent, the aspect
words, a place, a dossier code) and hands the turn to the topic that answers it; the topic
modules never call each other."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, Callable, Dict, List

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answering import answer_about
from actions.dispatch import ASPECT_BY_INTENT, offer_choices
from actions.fees import answer_reduction
from actions.online_filing import answer_online, procedure_online
from actions.procedure import ASPECT_ANSWERS
from actions.recording import record
from actions.service_centre import answer_place, coordinates, place_text
from actions.status import answer_status, asks_progress
from actions.support import answer_hotline, ask_affirmation, likely_intent
from actions.turn import (
    adds_detail,
    entity_values,
    just_answered,
    latest_text,
    named_procedure,
    other_meanings,
    previous_question,
    procedures_pointed_at,
)
from actions.wording import OTHER_CHOICES
from bot.aspects import asked_aspects
from bot.catalogue.client import CatalogueUnavailable
from bot.catalogue.model import Procedure


def configured_story_words() -> int:
    """How many words tell a situation: the NLU's IntentCueGuard setting in config.yml, read here
    so that the router and the NLU never disagree."""
    pipeline = yaml.safe_load((Path(__file__).resolve().parents[1] / "config.yml").read_text(encoding="utf-8"))
    return next(step["story_words"] for step in pipeline["pipeline"] if step["name"].endswith("IntentCueGuard"))


STORY_WORDS = configured_story_words()
# how confident the NLU must be of a procedure-question intent for an off-topic reading to answer its aspect
RANKED_ASPECT_CONFIDENCE = 0.2
SURE_SMALL_TALK = 0.95  # a "yes" or "bye" the NLU is this sure of is no detail ("ok", "đúng rồi")
# what each aspect of a procedure says when several are asked at once
ANSWERS: Dict[str, Callable[[Procedure], str]] = {**ASPECT_ANSWERS, "online": procedure_online}


def answer_procedure(dispatcher: CollectingDispatcher, tracker: Tracker, aspects: List[str]) -> List[Dict[str, Any]]:
    """Resolve the procedure of this turn and answer each of ``aspects`` about it."""
    return answer_about(
        dispatcher, tracker, aspects, lambda proc: "\n\n".join(ANSWERS[aspect](proc) for aspect in aspects)
    )


def answer_aspect(dispatcher: CollectingDispatcher, tracker: Tracker, aspect: str) -> List[Dict[str, Any]]:
    if aspect == "online":
        return answer_online(dispatcher, tracker)
    if aspect == "reduction":
        return answer_reduction(dispatcher, tracker)
    return answer_procedure(dispatcher, tracker, [aspect if aspect in ANSWERS else "overview"])


def cued_aspects(tracker: Tracker) -> List[str]:
    """The aspects the citizen's words ask, in order ("cần mang gì", "mất bao lâu")."""
    return [a for a in asked_aspects(latest_text(tracker)) if a in ANSWERS]


def answer_asked(
    dispatcher: CollectingDispatcher, tracker: Tracker, cued: List[str], otherwise: str
) -> List[Dict[str, Any]]:
    """Answer each aspect the words ask (``cued``); ``otherwise`` when they ask none."""
    aspects = cued or [otherwise]
    if "agency" in aspects and entity_values(tracker, "location"):
        return answer_where_to_file(dispatcher, tracker, aspects)
    if len(aspects) == 1:
        return answer_aspect(dispatcher, tracker, aspects[0])
    return answer_procedure(dispatcher, tracker, aspects)


def answer_where_to_file(
    dispatcher: CollectingDispatcher, tracker: Tracker, aspects: List[str]
) -> List[Dict[str, Any]]:
    """A procedure's agency (and the other aspects asked), then where to file it for the place
    the message names ("nhà tôi ở Ninh Hải, làm sổ đỏ ở đâu")."""
    events = answer_procedure(dispatcher, tracker, aspects)
    return events + answer_place(dispatcher, tracker, place_text(tracker), after_procedure=True)


def answer_detail(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """A detail added to the question before ("chồng em người Hàn"), answered with what the
    question before asked unless the words ask something (the NLU's reading of a short detail,
    often "online" or "who are you", says little)."""
    return answer_asked(dispatcher, tracker, cued_aspects(tracker), tracker.get_slot("aspect") or "overview")


def ranked_aspect(tracker: Tracker) -> str:
    """The aspect of the best-ranked procedure-question intent among the NLU's first three, if
    the NLU gives it some weight: "có phải báo công an không" read as off-topic, with the fee
    third at 0.09, asks whether to report, not the fee."""
    ranking = [
        r["name"]
        for r in tracker.latest_message.get("intent_ranking", [])[:3]
        if r.get("confidence", 0.0) >= RANKED_ASPECT_CONFIDENCE
    ]
    return next((ASPECT_BY_INTENT[name] for name in ranking if name in ASPECT_BY_INTENT), "overview")


class ActionAnswerProcedure(Action):
    """Answers what was asked (documents, time, fee, agency, online or an overview) about a
    procedure; a question asking several of these gets each."""

    def name(self) -> str:
        return "action_answer_procedure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        requested = entity_values(tracker, "aspect")
        if requested and requested[0] in ANSWERS:
            return answer_aspect(dispatcher, tracker, requested[0])
        otherwise = ASPECT_BY_INTENT.get(intent) or tracker.get_slot("aspect") or "overview"
        if otherwise == "overview" and adds_detail(tracker):  # it asks what the question before asked
            return answer_detail(dispatcher, tracker)
        return answer_asked(dispatcher, tracker, cued_aspects(tracker), otherwise)


class ActionOnlineFiling(Action):
    """Steps to file online; for a procedure, whether and how it can be filed online. A question
    about a procedure whose words ask something else ("đăng ký ở công an xã cần mang gì") gets
    what they ask."""

    def name(self) -> str:
        return "action_online_filing"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        cued = cued_aspects(tracker)
        if set(cued) - {"online"} and named_procedure(tracker, loose_words=True):
            return answer_asked(dispatcher, tracker, cued, "online")
        if not cued and adds_detail(tracker):  # "vợ tôi quốc tịch Hàn Quốc" read as online filing
            return answer_detail(dispatcher, tracker)
        return answer_online(dispatcher, tracker)


class ActionFeeReduction(Action):
    """Fee reductions for online filing and exemptions; for a procedure whose words ask its
    documents, time or place ("xin giảm thuế vì bệnh, hồ sơ gồm gì"), what they ask."""

    def name(self) -> str:
        return "action_fee_reduction"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        cued = cued_aspects(tracker)
        if set(cued) - {"fee", "online"} and named_procedure(tracker, loose_words=True):
            return answer_asked(dispatcher, tracker, cued, "reduction")
        if not cued and adds_detail(tracker):
            return answer_detail(dispatcher, tracker)
        return answer_reduction(dispatcher, tracker)


class ActionServiceCentre(Action):
    """Where to file: for a procedure named (or, unsure, the best matches offered), the agency
    that handles it (it decides commune or province) and, when a place is named too, that
    place's one-stop unit; otherwise the one-stop unit for a place, the nearest communes to a
    position, or the provincial centre."""

    def name(self) -> str:
        return "action_service_centre"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        text = place_text(tracker)
        # "nộp ở đâu" right after a procedure was answered asks where to file that procedure
        about_answer = not entity_values(tracker, "location") and just_answered(tracker) is not None
        if not coordinates(tracker) and (procedures_pointed_at(tracker) or about_answer):
            # a place named in passing ("nhà tôi ở Ninh Hải, làm sổ đỏ ở đâu") says where to
            # file that procedure: the procedure's agency first, then the place; words that
            # ask something else ("giải quyết tranh chấp ở xã mất bao lâu") get that instead
            aspects = cued_aspects(tracker) or ["agency"]
            if "agency" not in aspects:
                return answer_procedure(dispatcher, tracker, aspects)
            return answer_where_to_file(dispatcher, tracker, aspects)
        if not entity_values(tracker, "location") and adds_detail(tracker):  # "mới sơn lại màu khác"
            return answer_detail(dispatcher, tracker)
        return answer_place(dispatcher, tracker, text)


class ActionHandleInform(Action):
    """Routes a bare procedure name, place or dossier code to the question it answers."""

    def name(self) -> str:
        return "action_handle_inform"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if entity_values(tracker, "dossier_code") and not entity_values(tracker, "procedure"):
            return answer_status(dispatcher, tracker)
        places = entity_values(tracker, "location")
        # "chuyển đăng ký jet ski về Khánh Hòa" names a place and, in words the gazetteer does
        # not know, a procedure: the procedure is answered
        if places and not entity_values(tracker, "procedure") and not named_procedure(tracker, loose_words=True):
            return answer_place(dispatcher, tracker, place_text(tracker))
        return await ActionAnswerProcedure().run(dispatcher, tracker, domain)


def reads_as_procedure_question(tracker: Tracker) -> bool:
    """A message read as a status check that gives no dossier code and asks no progress, but
    names a procedure or points at some ("bảo tàng muốn thanh lý súng đã vô hiệu hóa, hồ sơ gồm
    gì?": "hồ sơ" is said of both; "tình trạng" in "xác nhận tình trạng vũ khí" names the
    procedure)."""
    if entity_values(tracker, "dossier_code"):
        return False
    pointed = procedures_pointed_at(tracker)
    return bool(pointed) and (
        "documents" in cued_aspects(tracker) or not asks_progress(latest_text(tracker), [p.name for p in pointed])
    )


class ActionApplicationStatus(Action):
    """How to look a dossier up, unless the message reads as a procedure question: then it is
    answered about the procedure (what its words ask, else an overview) or offers the ones it
    points at."""

    def name(self) -> str:
        return "action_application_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if reads_as_procedure_question(tracker):
            return answer_asked(dispatcher, tracker, cued_aspects(tracker), "overview")
        if not entity_values(tracker, "dossier_code") and adds_detail(tracker):  # "cái của tui hết hạn rồi"
            return answer_detail(dispatcher, tracker)
        return answer_status(dispatcher, tracker)


class ActionDefaultAskAffirmation(Action):
    """The two-stage fallback's question: "did you mean …?" about the NLU's best reading. An
    unsure reading of a procedure question whose words point at procedures ("nộp dư tiền thuế,
    lấy lại sao?") is answered, or the procedures offered, instead: that costs the citizen less
    than confirming "documents?" and then being asked which procedure. So is an unsure status
    reading that reads as a procedure question (a situation told at length whose "hồ sơ cần gì"
    the classifier took for a dossier)."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        guess = likely_intent(tracker)
        if guess in ASPECT_BY_INTENT and procedures_pointed_at(tracker):
            return answer_asked(dispatcher, tracker, cued_aspects(tracker), ASPECT_BY_INTENT[guess])
        if adds_detail(tracker):  # "công trình cấp 2" after the building permits were offered
            return answer_detail(dispatcher, tracker)
        if guess == "ask_application_status" and reads_as_procedure_question(tracker):
            return answer_asked(dispatcher, tracker, cued_aspects(tracker), "overview")
        return ask_affirmation(dispatcher, tracker, guess)


class ActionRequestHuman(Action):
    """The hotline and the one-stop counter; a situation told at length that names a procedure
    ("công ty muốn trang bị dùi cui cho nhân viên bảo vệ": the staff are the object, not whom
    the citizen wants to reach) gets that procedure's answer first."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        story = len(latest_text(tracker).split()) >= STORY_WORDS
        if story and named_procedure(tracker, loose_words=True):
            events = answer_asked(dispatcher, tracker, cued_aspects(tracker), "overview")
            return events + answer_hotline(dispatcher, tracker)
        if adds_detail(tracker):  # "ba đứa nhỏ người Úc" after "thủ tục nhận con sao"
            return answer_detail(dispatcher, tracker)
        return answer_hotline(dispatcher, tracker)


class ReplyUnlessDetail(Action, ABC):
    """A reply to small talk ("đúng rồi", "tạm biệt", "em là người hay máy"), unless the message
    names a procedure or adds a detail to the question before it: the NLU reads short details as
    small talk ("tui nghỉ bán luôn rồi" as yes, "hết hạn rồi" as goodbye, "chồng em người Hàn"
    as "are you a person?"), and those are answered about the procedure they point at. A reading
    the NLU is sure of ("ok", "đúng rồi", "tạm biệt") is small talk."""

    response: str

    @abstractmethod
    def name(self) -> str: ...  # abstract: the action server registers only its subclasses

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        sure = tracker.latest_message.get("intent", {}).get("confidence", 0.0) >= SURE_SMALL_TALK
        if not sure and (named_procedure(tracker) or adds_detail(tracker)):
            return answer_detail(dispatcher, tracker)
        dispatcher.utter_message(response=self.response)
        return []


class ActionBotChallenge(ReplyUnlessDetail):
    response = "utter_bot_challenge"

    def name(self) -> str:
        return "action_bot_challenge"


class ActionAffirm(ReplyUnlessDetail):
    response = "utter_affirm"

    def name(self) -> str:
        return "action_affirm"


class ActionGoodbye(ReplyUnlessDetail):
    response = "utter_goodbye"

    def name(self) -> str:
        return "action_goodbye"


class ActionDeny(Action):
    """ "Không phải" right after a procedure was answered: the other procedures the question fits
    are offered, and the answer counts as 👎 for staff; otherwise an acknowledgement."""

    def name(self) -> str:
        return "action_deny"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        try:
            others = other_meanings(tracker)
        except CatalogueUnavailable:
            others = []
        if not others:
            dispatcher.utter_message(response="utter_deny")
            return []
        aspect = tracker.get_slot("aspect") or "overview"
        record(tracker, "rating", rating="bad", procedure=tracker.get_slot("procedure") or "", answer=aspect)
        return offer_choices(
            dispatcher, others, aspect, unsure=True, asked=previous_question(tracker), head=OTHER_CHOICES
        )


class ActionOutOfScope(Action):
    """Off-topic, unless the words name a catalogue procedure or point at one clearly: then that
    procedure is answered (the NLU sometimes takes a procedure question worded as a life event
    for small talk)."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        if named_procedure(tracker, loose_words=True):
            return answer_asked(dispatcher, tracker, cued_aspects(tracker), ranked_aspect(tracker))
        if adds_detail(tracker):  # "bị mất" after the ID cards were offered
            return answer_detail(dispatcher, tracker)
        record(tracker, "unanswered", question=latest_text(tracker))
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
