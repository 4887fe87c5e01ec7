"""The MARAC criteria engine: each criterion fires at its boundary and not below it, and says
why in words the meeting reads."""

from __future__ import annotations

from datetime import date

import pytest

from agenda.criteria import (
    CriteriaError,
    CriteriaSettings,
    add_months,
    criteria_met,
    describe,
    settings_from_config,
)
from agenda.ordering import FamilyFacts

LAST_MARAC = date(2025, 12, 10)


def names(facts: FamilyFacts, settings: CriteriaSettings | None = None) -> list[str]:
    return [m.name for m in criteria_met(facts, settings)]


@pytest.mark.parametrize(("score", "fires"), [(13, False), (14, True), (24, True)])
def test_visible_high_risk_fires_at_14_of_24_on_the_dash_ric(score: int, fires: bool) -> None:
    met = criteria_met(FamilyFacts(key=1, new_referrals=1, dash_sl_score=score))
    assert [m.name for m in met] == (["visible_high_risk"] if fires else [])
    if fires:
        assert met[0].text == f"Visible high risk: DASH RIC score {score} of 24 (14 or more)"


def test_visible_high_risk_fires_for_any_tool_graded_high() -> None:
    (met,) = criteria_met(FamilyFacts(key=1, new_referrals=1, high_dash=True))
    assert met.text == "Visible high risk: a new incident graded high risk"


@pytest.mark.parametrize(("incidents", "fires"), [(2, False), (3, True), (5, True)])
def test_escalation_fires_at_3_police_incidents_in_12_months(incidents: int, fires: bool) -> None:
    met = criteria_met(FamilyFacts(key=1, new_referrals=1, police_incidents=incidents))
    assert [m.name for m in met] == (["escalation"] if fires else [])
    if fires:
        assert met[0].reason == f"{incidents} police incidents in 12 months (3 or more)"


def test_the_escalation_threshold_is_a_setting() -> None:
    settings = settings_from_config({"MARAC_ESCALATION_INCIDENTS": "2"})
    assert names(FamilyFacts(key=1, new_referrals=1, police_incidents=2), settings) == [
        "escalation"
    ]


@pytest.mark.parametrize(
    ("incident", "fires"),
    [
        (date(2026, 11, 10), True),  # 11 months after the last MARAC referral
        (date(2026, 12, 10), True),  # 12 months to the day: still within
        (date(2026, 12, 11), False),
        (date(2027, 1, 10), False),  # 13 months
    ],
)
def test_repeat_fires_for_a_new_incident_within_12_months_of_the_last_marac(
    incident: date, fires: bool
) -> None:
    facts = FamilyFacts(
        key=1, new_referrals=1, last_marac_referral=LAST_MARAC, latest_incident=incident
    )
    met = criteria_met(facts)
    assert [m.name for m in met] == (["repeat"] if fires else [])
    if fires:
        assert "within 12 months of the MARAC referral of 10 December 2025" in met[0].reason


def test_repeat_needs_a_new_incident_not_just_a_marac_history() -> None:
    facts = FamilyFacts(key=1, new_referrals=0, last_marac_referral=LAST_MARAC)
    assert names(facts) == []


def test_professional_judgement_names_each_factor_present() -> None:
    facts = FamilyFacts(key=1, new_referrals=1, strangulation=True, separation=True)
    (met,) = criteria_met(facts)
    assert met.text == "Professional judgement: strangulation; separation"


def test_the_professional_judgement_factors_are_configurable() -> None:
    only_threats = settings_from_config({"MARAC_JUDGEMENT_FACTORS": "threats_to_kill"})
    stalking = FamilyFacts(key=1, new_referrals=1, stalking=True)
    assert names(stalking) == ["professional_judgement"]
    assert names(stalking, only_threats) == []
    baby = FamilyFacts(key=1, new_referrals=1, pregnancy_or_baby=True)
    with_pregnancy = settings_from_config({"MARAC_JUDGEMENT_FACTORS": "pregnancy_or_baby"})
    assert names(baby) == [] and names(baby, with_pregnancy) == ["professional_judgement"]


def test_every_criterion_met_is_listed_in_order() -> None:
    facts = FamilyFacts(
        key=1, new_referrals=1, high_dash=True, threats_to_kill=True, police_incidents=4,
        last_marac_referral=LAST_MARAC, latest_incident=date(2026, 3, 1),
    )  # fmt: skip
    assert names(facts) == ["visible_high_risk", "professional_judgement", "escalation", "repeat"]
    assert describe([]) == "No MARAC criteria met."


@pytest.mark.parametrize(
    "config",
    [
        {"MARAC_JUDGEMENT_FACTORS": "strangulation,star_sign"},
        {"MARAC_VISIBLE_HIGH_SCORE": "30"},
        {"MARAC_ESCALATION_INCIDENTS": "0"},
    ],
)
def test_unknown_factors_and_impossible_thresholds_are_refused(config: dict[str, str]) -> None:
    with pytest.raises(CriteriaError):
        settings_from_config(config)


def test_months_are_added_to_the_end_of_a_short_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 10), 12) == date(2026, 12, 10)
