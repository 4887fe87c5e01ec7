"""The evidence in plain words, for the person who checks a match.

Every comparison level (`comparisons.COMPARISONS`, the labels the settings file carries) has one
phrase here; `tests/matching/test_wording.py` fails if a level is added, renamed or removed without
its words. "{v}" in a phrase becomes " (Jon / John)" when the two records' values are known
and differ, and disappears otherwise. A level whose phrase is empty says nothing either way
(a field missing from one record); `missing_words` names those fields instead.

The numbers behind the words (weights in bits, the match probability) stay in the explanation;
pages show them behind a "the numbers" toggle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .rules import LINKING_RULES, Decision, Rule

WEAK_BITS = 0.5  # a level weighing less than this (either way) is told apart as weak evidence
LINKING_RULE_NAMES = frozenset(str(rule) for rule in LINKING_RULES)

FIELD_WORDS: dict[str, str] = {
    "given_name": "first name",
    "surname": "surname",
    "middle_name": "middle name",
    "date_of_birth": "date of birth",
    "sex": "sex",
    "residence": "address",
    "phone": "phone number",
    "nhs_number": "NHS number",
    "pnc_id": "PNC ID",
}

LEVEL_WORDS: dict[str, dict[str, str]] = {
    "given_name": {
        "missing": "",
        "exact": "same first name",
        "swapped with surname": "first name and surname swapped round{v}",
        "nickname or transliteration": "first names are a short name or another spelling{v}",
        "short form (one is the start of the other)": "one first name is short for the other{v}",
        "one typo (a letter wrong, missing, extra or swapped)": "first names one letter apart{v}",
        "similar (Jaro-Winkler >= high)": "first names very similar{v}",
        "nickname of a spelling one slip from a known name": (
            "first name a nickname of the other's, misspelt{v}"
        ),
        "matches a middle name": "first name matches the other's middle name{v}",
        "sounds alike or Jaro-Winkler >= low": "first names sound alike{v}",
        "initial only": "only an initial to compare for the first name{v}",
        "matches the other's surname (one way)": "first name matches the other's surname{v}",
        "different": "different first names{v}",
    },
    "surname": {
        "missing": "",
        "exact": "same surname",
        "swapped with given name (weighed once, under given name)": "",
        "shares a part or transliteration": "surnames share a part or are another spelling{v}",
        "one typo (a letter wrong, missing, extra or swapped)": "surnames one letter apart{v}",
        "similar (Jaro-Winkler >= high)": "surnames very similar{v}",
        "sounds alike or Jaro-Winkler >= low": "surnames sound alike{v}",
        "different": "different surnames{v}",
    },
    "middle_name": {
        "missing": "",
        "exact": "same middle name",
        "initial matches": "middle initial matches{v}",
        "similar": "middle names similar{v}",
        "different": "different middle names{v}",
    },
    "date_of_birth": {
        "missing": "",
        "exact": "same date of birth",
        "day and month swapped": "dates of birth with day and month swapped round{v}",
        "year off by one": "dates of birth a year apart{v}",
        "two digits swapped": "dates of birth with two digits swapped round{v}",
        "one digit different": "dates of birth one digit apart{v}",
        "different": "different dates of birth{v}",
    },
    "sex": {"missing": "", "same": "same sex", "different": "different sex recorded"},
    "residence": {
        "missing": "",
        "same address and postcode": "same address and postcode",
        "same address, postcode differs or missing": "same address, different or no postcode",
        "same postcode, address similar or missing": "same postcode, similar or no address",
        "address similar, postcode differs": "similar address, different postcode",
        "same postcode, another house": "same postcode, another house",
        "same postcode sector": "nearby postcode (same sector)",
        "different": "different address and postcode",
    },
    "phone": {
        "missing": "",
        "exact": "same phone number",
        "one digit different": "phone numbers one digit apart",
        "different": "different phone numbers",
    },
    "nhs_number": {
        "missing or invalid": "",
        "same valid number": "same NHS number",
        "different valid numbers": "different NHS numbers",
    },
    "pnc_id": {
        "missing or invalid": "",
        "same valid ID": "same PNC ID",
        "different valid IDs": "different PNC IDs",
    },
}

# What each hard rule means for the person deciding.
RULE_WORDS: dict[str, str] = {
    Rule.SAME_NHS: "they share a valid NHS number",
    Rule.SAME_PNC: "they share a valid PNC ID",
    Rule.DIFFERENT_NHS: "they have different NHS numbers",
    Rule.DIFFERENT_PNC: "they have different PNC IDs",
    Rule.DOB_FAR_APART: "their dates of birth are far apart",
    Rule.DIFFERENT_GENERATION: "one is Junior and the other Senior",
    Rule.GIVEN_NAMES_DIFFER: "their first names differ",
    Rule.POSSIBLE_TWIN: "same date of birth and surname, another first name (a twin or sibling?)",
    Rule.NAMES_ONLY: "only the names agree: no date of birth, address, phone or number in common",
}

DECISION_WORDS: dict[str, str] = {
    Decision.LINK: "Strong evidence they are the same person",
    Decision.REVIEW: "Needs a person to check: the evidence is not strong enough either way",
    Decision.NEW: "Probably different people",
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """A pair's evidence in words: what points to one person, what points to two, what is
    unknown."""

    same: tuple[str, ...]
    different: tuple[str, ...]
    missing: tuple[str, ...]
    weak: tuple[str, ...] = ()  # fired, but weighs little either way

    @property
    def summary(self) -> str:
        """'same date of birth; names similar (Jon / John); different postcode'."""
        return "; ".join(self.same + self.different + self.weak)

    @property
    def sentence(self) -> str:
        """The summary with a capital letter, or a plain "nothing" when no evidence fired."""
        text = self.summary or "nothing in common beyond what found the candidate"
        return text[:1].upper() + text[1:]


def level_words(comparison: str, level: str, values: tuple[str, str] | None = None) -> str:
    """One level's phrase, with the two values when they help; an unknown level (settings
    from another version) is shown by its label."""
    phrase = LEVEL_WORDS.get(comparison, {}).get(level)
    if phrase is None:
        return f"{FIELD_WORDS.get(comparison, comparison)}: {level}"
    shown = ""
    if values and all(values) and values[0].casefold() != values[1].casefold():
        shown = f" ({values[0]} / {values[1]})"
    return phrase.replace("{v}", shown)


def describe(explanation: Mapping[str, object], values: Mapping[str, tuple[str, str]]) -> Evidence:
    """An explanation (`Explanation.as_dict()`) in words; `values` holds the two records'
    shown values per comparison, for the comparisons where seeing them helps (names)."""
    same: list[str] = []
    different: list[str] = []
    missing: list[str] = []
    weak: list[str] = []
    contributions = explanation.get("contributions") or []
    for c in contributions if isinstance(contributions, list) else []:
        comparison, level = str(c["comparison"]), str(c["level"])
        phrase = level_words(comparison, level, values.get(comparison))
        if not phrase:
            if level.startswith("missing"):
                missing.append(FIELD_WORDS.get(comparison, comparison))
            continue
        weight = float(c.get("weight", 0.0)) + float(c.get("tf_adjustment", 0.0))
        if abs(weight) < WEAK_BITS:
            weak.append(phrase)
        else:
            (same if weight > 0 else different).append(phrase)
    return Evidence(tuple(same), tuple(different), tuple(missing), tuple(weak))


def rule_words(rule: str) -> str:
    return RULE_WORDS.get(rule, rule)


def decision_words(decision: str) -> str:
    return DECISION_WORDS.get(decision, decision)


def reason_words(reason: str) -> str:
    """Why a pair waits for a person (`Resolution.reason`), in words."""
    if reason.startswith("ambiguous: also close to "):
        others = reason.removeprefix("ambiguous: also close to ")
        return (
            "Needs a person to check: the record is as close to another known person"
            f" (person {others.replace(', ', ', person ')})"
        )
    if reason in DECISION_WORDS:
        return DECISION_WORDS[reason]
    return {"uncertain": DECISION_WORDS[Decision.REVIEW]}.get(reason, reason)
