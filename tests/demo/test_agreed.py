"""The demo's agreed risk and MARAC decision follow the incident and the criteria (#14)."""

from __future__ import annotations

import random

from frontdoor.demo.agreed import agreed_outcome

THREATS = ["Professional judgement: threats to kill"]
HIGH = ["Visible high risk: a new incident graded high risk"]


def _many(levels: list[str], criteria: list[str], n: int = 2000) -> list:
    rng = random.Random(14)
    return [agreed_outcome(rng, levels, criteria) for _ in range(n)]


def test_threats_to_kill_or_strangulation_are_never_agreed_standard_without_marac() -> None:
    for outcome in _many(["standard"], THREATS):
        assert outcome.risk == "high"
        assert outcome.marac in ("yes", "considered")
        assert outcome.marac == "yes" or outcome.reason  # an exception says why


def test_criteria_met_mostly_refer_and_every_exception_carries_a_written_reason() -> None:
    outcomes = _many(["high"], HIGH)
    referred = sum(o.marac == "yes" for o in outcomes)
    assert 0.85 * len(outcomes) < referred < len(outcomes)
    assert all(o.reason for o in outcomes if o.marac != "yes")


def test_no_criteria_follows_the_assessed_level_with_reasoned_raises() -> None:
    outcomes = _many(["medium", "standard"], [])
    assert {o.risk for o in outcomes if o.reason is None} == {"medium"}
    raised = [o for o in outcomes if o.reason]
    assert raised and all(o.risk == "high" and o.marac == "yes" for o in raised)
    assert all(o.marac == "no" for o in outcomes if o.reason is None)


def test_an_incident_with_no_assessment_counts_as_standard() -> None:
    assert {o.risk for o in _many(["", ""], []) if o.reason is None} == {"standard"}
