"""The one way through an answer about a procedure: resolve it, then ask which one, say it was
not found (or what holds without one), or answer with the footer and the other aspects' buttons,
and remember it."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import (
    alternative_buttons,
    answered,
    aspect_buttons,
    offer_choices,
    say_answer,
    say_not_found,
    unavailable,
)
from actions.service_centre import Filing, filing_for
from actions.turn import resolve_procedure
from actions.wording import footer
from bot.catalogue.client import CatalogueUnavailable
from bot.catalogue.model import Procedure


def answer_about(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    aspects: List[str],
    answer: Callable[[Procedure], str],
    without_procedure: Optional[Callable[[], str]] = None,
) -> List[Dict[str, Any]]:
    """Answer ``aspects`` of the turn's procedure with ``answer``; when the turn names none,
    ``without_procedure`` says what holds in general (else: not found)."""
    try:
        found = resolve_procedure(tracker)
        if found.choices:
            return offer_choices(dispatcher, found.choices, aspects[0], unsure=found.unsure, asked=found.asked)
        proc = found.procedure
        if proc is None:
            if without_procedure:
                say_answer(dispatcher, tracker, without_procedure())
            else:
                say_not_found(dispatcher, tracker, found.asked)
            return [SlotSet("aspect", aspects[0])]
        text = answer(proc)
        # the where-to-file answer names the place itself
        filing = filing_for(tracker, proc) if "agency" not in aspects else Filing()
    except CatalogueUnavailable as error:
        return unavailable(dispatcher, error)
    buttons = aspect_buttons(proc, exclude=aspects) + alternative_buttons(found.alternatives, aspects[0])
    say_answer(dispatcher, tracker, "\n".join(filter(None, [text, filing.line, footer(proc)])), buttons)
    if filing.choose:
        dispatcher.utter_message(text=filing.choose, buttons=filing.buttons)
    return answered(tracker, proc, aspects)
