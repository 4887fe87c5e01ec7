"""The triage screening before the meeting: each item's proposed outcome, from rules as data.

Outcomes (`Screening`): Urgent, Discuss, Single agency (routed to a named agency as an action),
Information only (noted, not discussed). The first rule that applies gives the default and the
reason shown beside it; the coordinator changes only the exceptions. Items with no new incident
(incomplete actions, 12-month reviews) are not screened: they are the chair's short lists. Pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from frontdoor.models import Screening

from .ordering import FamilyFacts


@dataclass(frozen=True)
class TriageRule:
    outcome: Screening
    reason: str
    applies: Callable[[FamilyFacts], bool]


def _serious(f: FamilyFacts) -> bool:
    return f.strangulation or f.threats_to_kill


TRIAGE_RULES: tuple[TriageRule, ...] = (
    TriageRule(
        Screening.URGENT,
        "visible high risk with strangulation or threats to kill",
        lambda f: "visible_high_risk" in f.criteria and _serious(f),
    ),
    TriageRule(Screening.DISCUSS, "meets MARAC criteria", lambda f: bool(f.criteria)),
    TriageRule(
        Screening.DISCUSS,
        "a new incident and actions still open",
        lambda f: f.incomplete_actions > 0,
    ),
    TriageRule(
        Screening.DISCUSS,
        "children in the family and a raised risk factor",
        lambda f: f.children > 0 and (f.pregnancy_or_baby or f.repeat_incidents > 0),
    ),
    TriageRule(
        Screening.SINGLE_AGENCY,
        "children in the family, no MARAC criteria: for children's services",
        lambda f: f.children > 0,
    ),
    TriageRule(
        Screening.INFORMATION,
        "adults only, no MARAC criteria and no raised risk factor",
        lambda f: True,
    ),
)

LABELS = {
    Screening.URGENT: "Urgent",
    Screening.DISCUSS: "Discuss",
    Screening.SINGLE_AGENCY: "Single agency",
    Screening.INFORMATION: "Information only",
}


def is_screened(facts: FamilyFacts) -> bool:
    """Only families with a new incident (or one carried forward) are screened."""
    return facts.new_referrals > 0


def default_screening(facts: FamilyFacts) -> tuple[Screening | None, str]:
    if not is_screened(facts):
        return None, ""
    for rule in TRIAGE_RULES:
        if rule.applies(facts):
            return rule.outcome, rule.reason
    raise AssertionError("the last rule always applies")
