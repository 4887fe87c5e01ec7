"""The order the meeting takes families in, and why. Pure: no database, no Flask.

The daily-triage order by default (AGENDA_ORDER=daily): the triage screening first (Urgent,
then Discuss, then the Single agency and Information only lists), and within it sections:
urgent and MARAC-criteria families, families with children (youngest first), adults only, the
chair's short list of incomplete actions (families with no new incident), 12-month reviews.
SafeLives' MARAC order stays available (AGENDA_ORDER=safelives): incomplete actions, families
with children, adults only, 12-month reviews. Within a section, risk rules. All are data
(`OrderingRules`), set by AGENDA_ORDER, AGENDA_SECTION_ORDER and AGENDA_RISK_ORDER.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class FamilyFacts:
    """What ordering needs to know about one family on one agenda."""

    key: int
    new_referrals: int = 0
    incomplete_actions: int = 0
    review_due: bool = False
    high_dash: bool = False
    strangulation: bool = False
    threats_to_kill: bool = False
    stalking: bool = False
    separation: bool = False
    pregnancy_or_baby: bool = False
    repeat_incidents: int = 0
    children: int = 0
    youngest_child_months: int | None = None
    # For the MARAC criteria (criteria.py) and the triage (triage.py):
    dash_sl_score: int | None = None  # the highest SafeLives DASH RIC score of the new incidents
    police_incidents: int = 0  # police incidents in the 12 months to the cut-off, these included
    last_marac_referral: date | None = None
    latest_incident: date | None = None
    criteria: tuple[str, ...] = ()  # names of the MARAC criteria met
    screening: str | None = None  # the triage outcome (triage.Screening value)


@dataclass(frozen=True)
class Section:
    name: str
    title: str


SECTIONS: dict[str, Section] = {
    s.name: s
    for s in (
        Section("marac_criteria", "Urgent and MARAC criteria"),
        Section("incomplete_actions", "Incomplete actions"),
        Section("children", "Families with children"),
        Section("adults_only", "Adults only"),
        Section("review", "12-month reviews"),
    )
}
SAFELIVES_SECTIONS = ("incomplete_actions", "children", "adults_only", "review")
DAILY_SECTIONS = ("marac_criteria", "children", "adults_only", "incomplete_actions", "review")
# The triage screening sorts first in the daily order: the meeting walks Urgent, then Discuss,
# then confirms the lists. An item without a screening (actions, reviews) sorts with Discuss.
SCREENING_WORDS = {
    "urgent": "Urgent",
    "discuss": "Discuss",
    "single_agency": "Single agency",
    "information": "Information only",
}
SCREENING_ORDER = {"urgent": 0, "discuss": 1, None: 1, "single_agency": 2, "information": 3}


def section_of(facts: FamilyFacts, daily: bool = False) -> str:
    """SafeLives: incomplete actions win; a review with no new incident is a review; then
    children. Daily triage: urgent or MARAC-criteria families first; incomplete actions and
    reviews only for families with no new incident; then children, then adults."""
    if daily:
        if facts.screening == "urgent" or facts.criteria:
            return "marac_criteria"
        if facts.incomplete_actions and not facts.new_referrals:
            return "incomplete_actions"
    elif facts.incomplete_actions:
        return "incomplete_actions"
    if facts.review_due and not facts.new_referrals:
        return "review"
    return "children" if facts.children else "adults_only"


@dataclass(frozen=True)
class RiskRule:
    """`value` sorts ascending (riskier first); `describe` says it in words, or None."""

    name: str
    because: str  # completes "ahead of the next family because of ..."
    value: Callable[[FamilyFacts], float]
    describe: Callable[[FamilyFacts], str | None]


def _flag(name: str, words: str) -> RiskRule:
    def value(f: FamilyFacts) -> float:
        return 0 if getattr(f, name) else 1

    def describe(f: FamilyFacts) -> str | None:
        return words if getattr(f, name) else None

    return RiskRule(name, words, value, describe)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else ('ren' if word == 'child' else 's')}"


def describe_age(months: int) -> str:
    return _plural(months, "month") if months < 24 else _plural(months // 12, "year")


RISK_RULES: dict[str, RiskRule] = {
    r.name: r
    for r in (
        _flag("high_dash", "high DASH risk"),
        RiskRule(
            "urgent",
            "being screened urgent",
            lambda f: 0 if f.screening == "urgent" else 1,
            lambda f: "screened urgent" if f.screening == "urgent" else None,
        ),
        RiskRule(
            "marac_criteria",
            "more MARAC criteria met",
            lambda f: -len(f.criteria),
            lambda f: (
                f"{len(f.criteria)} MARAC criteri{'on' if len(f.criteria) == 1 else 'a'} met"
                if f.criteria
                else None
            ),
        ),
        _flag("strangulation", "strangulation"),
        _flag("threats_to_kill", "threats to kill"),
        _flag("stalking", "stalking"),
        _flag("separation", "separation"),
        _flag("pregnancy_or_baby", "pregnancy or a baby under 18 months"),
        RiskRule(
            "repeat_incidents",
            "more incidents in the last 12 months",
            lambda f: -f.repeat_incidents,
            lambda f: (
                f"{_plural(f.repeat_incidents, 'earlier incident')} in 12 months"
                if f.repeat_incidents
                else None
            ),
        ),
        RiskRule(
            "children",
            "more children",
            lambda f: -f.children,
            lambda f: _plural(f.children, "child") if f.children else None,
        ),
        RiskRule(
            "youngest_child",
            "a younger child",
            lambda f: math.inf if f.youngest_child_months is None else f.youngest_child_months,
            lambda f: (
                None
                if f.youngest_child_months is None
                else f"youngest aged {describe_age(f.youngest_child_months)}"
            ),
        ),
    )
}


class OrderingError(ValueError):
    pass


SAFELIVES_RISKS = (
    *("high_dash", "strangulation", "threats_to_kill", "stalking", "separation"),
    *("pregnancy_or_baby", "repeat_incidents", "children", "youngest_child"),
)
DAILY_RISKS = (
    *("urgent", "high_dash", "marac_criteria", "strangulation", "threats_to_kill", "stalking"),
    *("separation", "pregnancy_or_baby", "youngest_child", "repeat_incidents", "children"),
)


@dataclass(frozen=True)
class OrderingRules:
    sections: tuple[str, ...] = DAILY_SECTIONS
    risks: tuple[str, ...] = DAILY_RISKS
    daily: bool = True

    def __post_init__(self) -> None:
        unknown = [n for n in self.sections if n not in SECTIONS]
        unknown += [n for n in self.risks if n not in RISK_RULES]
        if unknown:
            raise OrderingError(f"Unknown ordering rule(s): {', '.join(unknown)}.")
        needed = DAILY_SECTIONS if self.daily else SAFELIVES_SECTIONS
        if sorted(self.sections) != sorted(needed):
            raise OrderingError(f"The section order must name each of {', '.join(needed)} once.")

    def section(self, facts: FamilyFacts) -> str:
        return section_of(facts, self.daily)

    def sort_key(self, facts: FamilyFacts) -> tuple[float, ...]:
        screening = float(SCREENING_ORDER.get(facts.screening, 1)) if self.daily else 0.0
        section = float(self.sections.index(self.section(facts)))
        risks = (RISK_RULES[n].value(facts) for n in self.risks)
        return (screening, section, *risks, float(facts.key))


SAFELIVES = OrderingRules(SAFELIVES_SECTIONS, SAFELIVES_RISKS, daily=False)


def rules_from_config(config: Mapping[str, Any]) -> OrderingRules:
    def listed(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = config.get(key)
        if not value:
            return default
        items = value.split(",") if isinstance(value, str) else value
        return tuple(str(item).strip() for item in items if str(item).strip())

    order = str(config.get("AGENDA_ORDER") or "daily").strip().lower()
    if order not in ("daily", "safelives"):
        raise OrderingError(f"AGENDA_ORDER must be daily or safelives, not {order!r}.")
    base = OrderingRules() if order == "daily" else SAFELIVES
    return OrderingRules(
        listed("AGENDA_SECTION_ORDER", base.sections),
        listed("AGENDA_RISK_ORDER", base.risks),
        daily=base.daily,
    )


@dataclass(frozen=True)
class Ranked:
    facts: FamilyFacts
    section: str
    rank: int  # 1-based
    explanation: str


def rank(families: Sequence[FamilyFacts], rules: OrderingRules | None = None) -> list[Ranked]:
    """Order the families and explain each one's place."""
    rules = rules or OrderingRules()
    ordered = sorted(families, key=rules.sort_key)
    return [
        Ranked(f, rules.section(f), i + 1, explain(ordered, i, rules))
        for i, f in enumerate(ordered)
    ]


def risk_factors(facts: FamilyFacts, rules: OrderingRules) -> list[str]:
    described = (RISK_RULES[n].describe(facts) for n in rules.risks)
    return [text for text in described if text]


def explain(ordered: Sequence[FamilyFacts], index: int, rules: OrderingRules) -> str:
    facts = ordered[index]
    section = rules.section(facts)
    number = rules.sections.index(section) + 1
    factors = risk_factors(facts, rules)
    screened = SCREENING_WORDS.get(facts.screening or "") if rules.daily else None
    parts = [
        *([f"Triage: {screened}."] if screened else []),
        f"{SECTIONS[section].title} (section {number} of {len(rules.sections)}).",
        f"Risk: {'; '.join(factors)}." if factors else "No raised risk factors recorded.",
    ]
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    if following is not None and rules.sort_key(following)[:2] == rules.sort_key(facts)[:2]:
        decisive = decisive_rule(facts, following, rules)
        parts.append(
            f"Ahead of the next family because of {decisive.because}."
            if decisive
            else "Same risk as the next family: kept in the order they were referred."
        )
    return " ".join(parts)


def decisive_rule(first: FamilyFacts, second: FamilyFacts, rules: OrderingRules) -> RiskRule | None:
    for name in rules.risks:
        rule = RISK_RULES[name]
        if rule.value(first) != rule.value(second):
            return rule
    return None


def merge_into_curated(curated: Sequence[int], ranked: Sequence[int]) -> list[int]:
    """Keep the coordinator's order of `curated`; put each new key straight after the family
    the rules rank just above it (at the top if none is above it)."""
    result = list(curated)
    previous: int | None = None
    for key in ranked:
        if key not in result:
            result.insert(0 if previous is None else result.index(previous) + 1, key)
        previous = key
    return result
