"""The evidence in plain words: every comparison level has its words, and they read as a person
would say them."""

from __future__ import annotations

import json

import pytest

from matching import wording
from matching.comparisons import COMPARISONS
from matching.rules import Decision, Rule
from matching.settings import DEFAULT_SETTINGS_FILE, default_settings


def _levels_in_settings() -> set[tuple[str, str]]:
    data = json.loads(DEFAULT_SETTINGS_FILE.read_text())
    return {(c["name"], lv["label"]) for c in data["comparisons"] for lv in c["levels"]}


def test_every_level_of_the_code_and_the_settings_file_has_words_and_nothing_else_does() -> None:
    in_code = {(c.name, label) for c in COMPARISONS for label in c.levels}
    worded = {(c, label) for c, levels in wording.LEVEL_WORDS.items() for label in levels}
    assert worded == in_code == _levels_in_settings()
    assert set(wording.FIELD_WORDS) == {c.name for c in COMPARISONS}


@pytest.mark.parametrize(("comparison", "label"), sorted(_levels_in_settings()))
def test_words_are_plain(comparison: str, label: str) -> None:
    words = wording.level_words(comparison, label, ("Jon", "John"))
    for jargon in ("jaro", "winkler", "bits", "probability", ">=", "level"):
        assert jargon not in words.casefold()
    missing = label.startswith("missing")
    assert (words == "") == (missing or "weighed once" in label)


def test_every_rule_and_decision_has_words() -> None:
    assert set(wording.RULE_WORDS) == {str(rule) for rule in Rule}
    assert set(wording.DECISION_WORDS) == {str(d) for d in Decision}


def _explanation(**levels: str) -> dict[str, object]:
    """An explanation as stored, with the settings' own weights for the named levels."""
    settings = default_settings()
    weights = settings.level_weights()
    contributions = []
    for ci, c in enumerate(COMPARISONS):
        label = levels.get(c.name, c.levels[0])
        contributions.append(
            {
                "comparison": c.name,
                "level": label,
                "weight": weights[ci][c.levels.index(label)],
                "tf_adjustment": 0.0,
            }
        )
    return {"contributions": contributions, "rules": [], "weight": 1.0, "probability": 0.7}


def test_a_pair_reads_as_a_person_would_say_it() -> None:
    explanation = _explanation(
        given_name="similar (Jaro-Winkler >= high)",
        surname="exact",
        date_of_birth="exact",
        residence="different",
    )
    evidence = wording.describe(
        explanation, {"given_name": ("Jon", "John"), "surname": ("Smith", "Smith")}
    )
    assert evidence.same == ("first names very similar (Jon / John)", "same surname",
                             "same date of birth")  # fmt: skip
    assert evidence.different == ("different address and postcode",)
    assert "phone number" in evidence.missing and "NHS number" in evidence.missing
    assert evidence.summary == (
        "first names very similar (Jon / John); same surname; same date of birth; "
        "different address and postcode"
    )
    assert evidence.sentence.startswith("First names very similar")


def test_values_are_quoted_only_when_they_differ_and_both_are_known() -> None:
    level = "one typo (a letter wrong, missing, extra or swapped)"
    assert wording.level_words("surname", level, ("Smith", "SMITH")) == "surnames one letter apart"
    assert wording.level_words("surname", level, ("Smith", "")) == "surnames one letter apart"
    assert wording.level_words("surname", level, ("Smith", "Smyth")) == (
        "surnames one letter apart (Smith / Smyth)"
    )


def test_a_level_from_other_settings_is_shown_by_its_label() -> None:
    assert wording.level_words("surname", "a new level") == "surname: a new level"


def test_why_a_pair_waits_is_said_as_what_it_means() -> None:
    assert wording.reason_words("uncertain").startswith("Needs a person to check")
    assert "person 12, person 40" in wording.reason_words("ambiguous: also close to 12, 40")
    assert "probability" not in wording.reason_words("uncertain")
