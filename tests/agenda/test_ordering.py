"""Ordering in the SafeLives MARAC order (AGENDA_ORDER=safelives): sections, then risk within a
section; each place is explained. The daily-triage order: tests/agenda/test_daily_order.py."""

from __future__ import annotations

import pytest

from agenda.ordering import (
    SAFELIVES,
    FamilyFacts,
    OrderingError,
    OrderingRules,
    merge_into_curated,
    rank,
    rules_from_config,
    section_of,
)

ADULTS = FamilyFacts(key=1, new_referrals=1)
CHILDREN = FamilyFacts(key=2, new_referrals=1, children=2, youngest_child_months=60)
ACTIONS = FamilyFacts(key=3, new_referrals=0, incomplete_actions=2)
REVIEW = FamilyFacts(key=4, review_due=True)


def keys(families: list[FamilyFacts], rules: OrderingRules = SAFELIVES) -> list[int]:
    return [r.facts.key for r in rank(families, rules)]


@pytest.mark.parametrize(
    ("facts", "section"),
    [
        (ADULTS, "adults_only"),
        (CHILDREN, "children"),
        (ACTIONS, "incomplete_actions"),
        (REVIEW, "review"),
        # A family due a review that has a new incident is discussed for the incident.
        (FamilyFacts(key=5, new_referrals=1, review_due=True, children=1), "children"),
        # Incomplete actions come first even when there is a new incident.
        (
            FamilyFacts(key=6, new_referrals=1, incomplete_actions=1, children=3),
            "incomplete_actions",
        ),
    ],
)
def test_each_family_falls_into_one_section(facts: FamilyFacts, section: str) -> None:
    assert section_of(facts) == section


def test_sections_come_in_safelives_order() -> None:
    assert keys([REVIEW, ADULTS, CHILDREN, ACTIONS]) == [3, 2, 1, 4]


@pytest.mark.parametrize(
    ("riskier", "safer", "because"),
    [
        (
            FamilyFacts(key=9, high_dash=True),
            FamilyFacts(key=1, strangulation=True),
            "high DASH risk",
        ),
        (
            FamilyFacts(key=9, strangulation=True),
            FamilyFacts(key=1, threats_to_kill=True),
            "strangulation",
        ),
        (
            FamilyFacts(key=9, threats_to_kill=True),
            FamilyFacts(key=1, pregnancy_or_baby=True),
            "threats to kill",
        ),
        (
            FamilyFacts(key=9, pregnancy_or_baby=True),
            FamilyFacts(key=1, repeat_incidents=3),
            "pregnancy or a baby",
        ),
        (
            FamilyFacts(key=9, repeat_incidents=2),
            FamilyFacts(key=1, repeat_incidents=1),
            "more incidents",
        ),
        (
            FamilyFacts(key=9, children=3, youngest_child_months=100),
            FamilyFacts(key=1, children=2, youngest_child_months=5),
            "more children",
        ),
        (
            FamilyFacts(key=9, children=2, youngest_child_months=7),
            FamilyFacts(key=1, children=2, youngest_child_months=30),
            "a younger child",
        ),
    ],
)
def test_within_a_section_the_riskier_family_comes_first_and_says_why(
    riskier: FamilyFacts, safer: FamilyFacts, because: str
) -> None:
    first, second = rank([safer, riskier], SAFELIVES)
    assert (first.facts, second.facts) == (riskier, safer)
    assert f"Ahead of the next family because of {because}" in first.explanation


def test_an_explanation_names_the_section_and_every_risk_factor() -> None:
    family = FamilyFacts(
        key=7,
        new_referrals=2,
        high_dash=True,
        threats_to_kill=True,
        repeat_incidents=1,
        children=2,
        youngest_child_months=8,
    )
    (only,) = rank([family], SAFELIVES)
    assert only.explanation == (
        "Families with children (section 2 of 4). Risk: high DASH risk; threats to kill; "
        "1 earlier incident in 12 months; 2 children; youngest aged 8 months."
    )


def test_equal_risk_keeps_referral_order_and_says_so() -> None:
    first, _ = rank([FamilyFacts(key=2), FamilyFacts(key=1)], SAFELIVES)
    assert first.facts.key == 1
    assert "Same risk as the next family" in first.explanation


def test_the_order_is_configurable_as_data() -> None:
    rules = rules_from_config(
        {
            "AGENDA_ORDER": "safelives",
            "AGENDA_SECTION_ORDER": "children,adults_only,incomplete_actions,review",
            "AGENDA_RISK_ORDER": "children,high_dash",
        }
    )
    assert keys([ACTIONS, ADULTS, CHILDREN], rules) == [2, 1, 3]
    many_children = FamilyFacts(key=1, children=4)
    high_risk = FamilyFacts(key=2, children=1, high_dash=True)
    assert keys([high_risk, many_children], rules) == [1, 2]


@pytest.mark.parametrize(
    "settings",
    [{"AGENDA_RISK_ORDER": "high_dash,star_sign"}, {"AGENDA_SECTION_ORDER": "children,review"}],
)
def test_unknown_or_missing_rules_are_refused(settings: dict[str, str]) -> None:
    with pytest.raises(OrderingError):
        rules_from_config(settings)


@pytest.mark.parametrize(
    ("curated", "ranked", "merged"),
    [
        ([3, 1, 2], [1, 2, 3], [3, 1, 2]),  # nothing new: the coordinator's order stands
        ([3, 1, 2], [1, 9, 2, 3], [3, 1, 9, 2]),  # 9 follows the family ranked above it
        ([3, 1], [8, 1, 3, 9], [8, 3, 9, 1]),  # top of the rules: first
    ],
)
def test_new_items_are_slotted_into_the_coordinators_order(
    curated: list[int], ranked: list[int], merged: list[int]
) -> None:
    assert merge_into_curated(curated, ranked) == merged
