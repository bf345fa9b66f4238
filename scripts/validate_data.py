"""`rasa data validate --fail-on-warnings`, with what stories cannot show declared here.

Rasa's validator counts a response or an intent as used only when a story or rule names it.
These are used elsewhere, on purpose; every other warning fails the check.
"""

from __future__ import annotations

import sys
import warnings
from typing import Dict

from rasa.shared.importers.importer import TrainingDataImporter
from rasa.validator import Validator

# what the validator reports as unused -> who uses it
USED_OUTSIDE_STORIES: Dict[str, str] = {
    "The intent 'feedback' is listed in the domain file, but is not found in the NLU training data.": (
        "the 👍/👎 buttons and /feedback send it as a payload; it is never predicted from text"
    ),
    "The utterance 'utter_out_of_scope' is not used in any story or rule.": (
        "action_out_of_scope utters it when no procedure can be rescued from the message"
    ),
    "The utterance 'utter_deny' is not used in any story or rule.": (
        "action_deny utters it when no procedure was just answered for the citizen to reject"
    ),
    "The utterance 'utter_bot_challenge' is not used in any story or rule.": (
        "action_bot_challenge utters it when the message adds no detail to the question before"
    ),
    "The utterance 'utter_affirm' is not used in any story or rule.": (
        "action_affirm utters it when the message adds no detail to the question before"
    ),
    "The utterance 'utter_goodbye' is not used in any story or rule.": (
        "action_goodbye utters it when the message adds no detail to the question before"
    ),
    "The utterance 'utter_ask_rephrase' is not used in any story or rule.": (
        "Rasa's action_default_ask_rephrase, the second stage of the two-stage fallback"
    ),
    "The utterance 'utter_default' is not used in any story or rule.": (
        "Rasa's action_default_fallback, when the two-stage fallback gives up"
    ),
}
# printed by Rasa 3.6 for every domain with slots, whatever they are
ALWAYS_PRINTED = ("Slot auto-fill has been removed in 3.0",)


def main() -> int:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        importer = TrainingDataImporter.load_from_config(
            "config.yml", "domain.yml", ["data/nlu", "data/rules.yml", "data/stories.yml"]
        )
        validator = Validator.from_importer(importer)
        valid = all(
            [
                validator.verify_domain_validity(),
                validator.verify_actions_in_stories_rules(),
                validator.verify_forms_in_stories_rules(),
                validator.verify_form_slots(),
                validator.verify_slot_mappings(),
                validator.verify_nlu(True),
                validator.verify_story_structure(True),
            ]
        )
    problems = [
        str(w.message)
        for w in caught
        if issubclass(w.category, UserWarning)
        and str(w.message).split("\n")[0] not in USED_OUTSIDE_STORIES
        and not str(w.message).startswith(ALWAYS_PRINTED)
    ]
    for problem in problems:
        print(f"warning: {problem}")
    print("Data validation:", "ok" if valid and not problems else "failed")
    return 0 if valid and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
