"""The order the meeting takes families in, and why. Pure: no database, no Flask.

SafeLives' order by default: sections first (incomplete actions, families with children,
adults only, 12-month reviews), then risk rules within a section. Both orders are data
(`OrderingRules`), set by AGENDA_SECTION_ORDER and AGENDA_RISK_ORDER.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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
    pregnancy_or_baby: bool = False
    repeat_incidents: int = 0
    children: int = 0
    youngest_child_months: int | None = None


@dataclass(frozen=True)
class Section:
    name: str
    title: str


SECTIONS: dict[str, Section] = {
    s.name: s
    for s in (
        Section("incomplete_actions", "Incomplete actions"),
        Section("children", "Families with children"),
        Section("adults_only", "Adults only"),
        Section("review", "12-month reviews"),
    )
}


def section_of(facts: FamilyFacts) -> str:
    """Incomplete actions win; a review with no new incident is a review; then children."""
    if facts.incomplete_actions:
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
        _flag("strangulation", "strangulation"),
        _flag("threats_to_kill", "threats to kill"),
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


@dataclass(frozen=True)
class OrderingRules:
    sections: tuple[str, ...] = tuple(SECTIONS)
    risks: tuple[str, ...] = tuple(RISK_RULES)

    def __post_init__(self) -> None:
        unknown = [n for n in self.sections if n not in SECTIONS]
        unknown += [n for n in self.risks if n not in RISK_RULES]
        if unknown:
            raise OrderingError(f"Unknown ordering rule(s): {', '.join(unknown)}.")
        if set(self.sections) != set(SECTIONS):
            raise OrderingError("The section order must name every section once.")

    def sort_key(self, facts: FamilyFacts) -> tuple[float, ...]:
        section = float(self.sections.index(section_of(facts)))
        return (section, *(RISK_RULES[n].value(facts) for n in self.risks), float(facts.key))


def rules_from_config(config: Mapping[str, Any]) -> OrderingRules:
    def listed(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = config.get(key)
        if not value:
            return default
        items = value.split(",") if isinstance(value, str) else value
        return tuple(str(item).strip() for item in items if str(item).strip())

    return OrderingRules(
        listed("AGENDA_SECTION_ORDER", tuple(SECTIONS)),
        listed("AGENDA_RISK_ORDER", tuple(RISK_RULES)),
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
        Ranked(f, section_of(f), i + 1, explain(ordered, i, rules)) for i, f in enumerate(ordered)
    ]


def risk_factors(facts: FamilyFacts, rules: OrderingRules) -> list[str]:
    described = (RISK_RULES[n].describe(facts) for n in rules.risks)
    return [text for text in described if text]


def explain(ordered: Sequence[FamilyFacts], index: int, rules: OrderingRules) -> str:
    facts = ordered[index]
    section = section_of(facts)
    number = rules.sections.index(section) + 1
    factors = risk_factors(facts, rules)
    parts = [
        f"{SECTIONS[section].title} (section {number} of {len(rules.sections)}).",
        f"Risk: {'; '.join(factors)}." if factors else "No raised risk factors recorded.",
    ]
    if index + 1 < len(ordered) and section_of(ordered[index + 1]) == section:
        decisive = decisive_rule(facts, ordered[index + 1], rules)
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
