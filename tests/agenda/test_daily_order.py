"""The daily-triage order (the default): urgent and MARAC-criteria families first, then
children youngest first, then adults; incomplete actions a short list for the chair unless there
is a new incident; and the triage screening's defaults, each with its reason."""

from __future__ import annotations

import pytest

from agenda.ordering import FamilyFacts, OrderingRules, rank, rules_from_config
from agenda.triage import default_screening
from frontdoor.models import Screening


def keys(families: list[FamilyFacts]) -> list[int]:
    return [r.facts.key for r in rank(families, OrderingRules())]


ADULTS = FamilyFacts(key=1, new_referrals=1, screening="discuss")
TODDLER = FamilyFacts(key=2, new_referrals=1, children=1, youngest_child_months=20,
                      screening="discuss")  # fmt: skip
BABY = FamilyFacts(key=3, new_referrals=1, children=1, youngest_child_months=4,
                   screening="discuss")  # fmt: skip
CRITERIA = FamilyFacts(key=4, new_referrals=1, criteria=("professional_judgement",),
                       threats_to_kill=True, screening="discuss")  # fmt: skip
URGENT = FamilyFacts(key=5, new_referrals=1, criteria=("visible_high_risk",), high_dash=True,
                     strangulation=True, screening="urgent")  # fmt: skip
ACTIONS_ONLY = FamilyFacts(key=6, incomplete_actions=2)
ACTIONS_AND_INCIDENT = FamilyFacts(
    key=7, new_referrals=1, incomplete_actions=1, screening="discuss"
)
INFORMATION = FamilyFacts(key=8, new_referrals=1, screening="information")
SINGLE = FamilyFacts(key=9, new_referrals=1, children=1, screening="single_agency")


def test_urgent_then_criteria_then_children_youngest_first_then_adults() -> None:
    assert keys([ADULTS, TODDLER, BABY, CRITERIA, URGENT]) == [5, 4, 3, 2, 1]


def test_incomplete_actions_are_the_chairs_list_unless_there_is_a_new_incident() -> None:
    ranked = rank([ACTIONS_ONLY, ACTIONS_AND_INCIDENT, ADULTS], OrderingRules())
    assert [(r.facts.key, r.section) for r in ranked] == [
        (1, "adults_only"), (7, "adults_only"), (6, "incomplete_actions"),
    ]  # fmt: skip


def test_the_lists_come_after_the_discussed_items() -> None:
    assert keys([INFORMATION, SINGLE, ACTIONS_ONLY, ADULTS, URGENT]) == [5, 1, 6, 9, 8]


def test_the_explanation_starts_with_the_triage_outcome() -> None:
    first, second = rank([CRITERIA, URGENT], OrderingRules())
    assert first.explanation.startswith(
        "Triage: Urgent. Urgent and MARAC criteria (section 1 of 5). Risk: screened urgent;"
    )
    assert second.explanation.startswith("Triage: Discuss.")
    worse = FamilyFacts(key=9, new_referrals=1, criteria=("visible_high_risk", "escalation"),
                        screening="discuss")  # fmt: skip
    ahead, _ = rank([CRITERIA, worse], OrderingRules())
    assert "Ahead of the next family because of more MARAC criteria met." in ahead.explanation


def test_stalking_and_separation_join_the_risk_rules() -> None:
    stalking = FamilyFacts(key=2, new_referrals=1, stalking=True)
    separation = FamilyFacts(key=1, new_referrals=1, separation=True)
    plain = FamilyFacts(key=0, new_referrals=1)
    assert keys([plain, separation, stalking]) == [2, 1, 0]


def test_the_order_is_a_setting() -> None:
    assert rules_from_config({}).daily is True
    assert rules_from_config({"AGENDA_ORDER": "safelives"}).daily is False
    with pytest.raises(ValueError):
        rules_from_config({"AGENDA_ORDER": "alphabetical"})


@pytest.mark.parametrize(
    ("facts", "outcome", "reason"),
    [
        (FamilyFacts(key=1, new_referrals=1, criteria=("visible_high_risk",), strangulation=True),
         Screening.URGENT, "visible high risk with strangulation or threats to kill"),
        (FamilyFacts(key=1, new_referrals=1, criteria=("escalation",)),
         Screening.DISCUSS, "meets MARAC criteria"),
        (FamilyFacts(key=1, new_referrals=1, incomplete_actions=2),
         Screening.DISCUSS, "a new incident and actions still open"),
        (FamilyFacts(key=1, new_referrals=1, children=2, pregnancy_or_baby=True),
         Screening.DISCUSS, "children in the family and a raised risk factor"),
        (FamilyFacts(key=1, new_referrals=1, children=1),
         Screening.SINGLE_AGENCY,
         "children in the family, no MARAC criteria: for children's services"),
        (FamilyFacts(key=1, new_referrals=1),
         Screening.INFORMATION, "adults only, no MARAC criteria and no raised risk factor"),
    ],
)  # fmt: skip
def test_each_triage_default_comes_from_a_rule_with_its_reason(
    facts: FamilyFacts, outcome: Screening, reason: str
) -> None:
    assert default_screening(facts) == (outcome, reason)


def test_a_family_with_no_new_incident_is_not_screened() -> None:
    assert default_screening(ACTIONS_ONLY) == (None, "")
