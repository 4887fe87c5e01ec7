"""The MARAC referral criteria, as data: each rule says whether a family meets it and why.

SafeLives' four criteria (see `../shared/PRODUCT.md`, "Risk"): visible high risk, professional
judgement, potential escalation and repeat. Pure: no database, no Flask; the thresholds and the
professional-judgement factors are settings (`MARAC_*`, docs/agenda.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from frontdoor.names import long_date

from .ordering import FamilyFacts

JUDGEMENT_FACTORS = {
    "strangulation": "strangulation",
    "stalking": "stalking",
    "threats_to_kill": "threats to kill",
    "separation": "separation",
    "pregnancy_or_baby": "pregnancy or a baby under 18 months",
}


class CriteriaError(ValueError):
    pass


@dataclass(frozen=True)
class CriteriaSettings:
    visible_high_score: int = 14  # "yes" answers of 24 on the SafeLives DASH RIC
    judgement_factors: tuple[str, ...] = ("strangulation", "stalking", "threats_to_kill",
                                          "separation")  # fmt: skip
    escalation_incidents: int = 3  # police incidents in 12 months
    repeat_months: int = 12  # a new incident within this many months of a MARAC referral

    def __post_init__(self) -> None:
        unknown = [f for f in self.judgement_factors if f not in JUDGEMENT_FACTORS]
        if unknown:
            raise CriteriaError(f"Unknown professional-judgement factor(s): {', '.join(unknown)}.")
        if not 1 <= self.visible_high_score <= 24 or self.escalation_incidents < 1:
            raise CriteriaError("MARAC thresholds must be a score of 1-24 and 1+ incidents.")


@dataclass(frozen=True)
class Criterion:
    name: str
    title: str
    reason: Callable[[FamilyFacts, CriteriaSettings], str | None]  # None: not met


@dataclass(frozen=True)
class Met:
    name: str
    title: str
    reason: str

    @property
    def text(self) -> str:
        return f"{self.title}: {self.reason}"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _visible_high_risk(f: FamilyFacts, s: CriteriaSettings) -> str | None:
    reasons = []
    if f.high_dash:
        reasons.append("a new incident graded high risk")
    if f.dash_sl_score is not None and f.dash_sl_score >= s.visible_high_score:
        reasons.append(f"DASH RIC score {f.dash_sl_score} of 24 ({s.visible_high_score} or more)")
    return "; ".join(reasons) or None


def _professional_judgement(f: FamilyFacts, s: CriteriaSettings) -> str | None:
    present = [JUDGEMENT_FACTORS[n] for n in s.judgement_factors if getattr(f, n)]
    return "; ".join(present) or None


def _escalation(f: FamilyFacts, s: CriteriaSettings) -> str | None:
    if f.police_incidents >= s.escalation_incidents:
        return (
            f"{f.police_incidents} police incidents in 12 months ({s.escalation_incidents} or more)"
        )
    return None


def _repeat(f: FamilyFacts, s: CriteriaSettings) -> str | None:
    last, latest = f.last_marac_referral, f.latest_incident
    if last is None or latest is None or not f.new_referrals or latest < last:
        return None
    if latest > add_months(last, s.repeat_months):
        return None
    return (
        f"new incident on {long_date(latest)}, within {s.repeat_months} months of the MARAC "
        f"referral of {long_date(last)}"
    )


CRITERIA: dict[str, Criterion] = {
    c.name: c
    for c in (
        Criterion("visible_high_risk", "Visible high risk", _visible_high_risk),
        Criterion("professional_judgement", "Professional judgement", _professional_judgement),
        Criterion("escalation", "Potential escalation", _escalation),
        Criterion("repeat", "Repeat MARAC", _repeat),
    )
}


def criteria_met(facts: FamilyFacts, settings: CriteriaSettings | None = None) -> list[Met]:
    """Every criterion the family meets, in the order of CRITERIA, each with its reason."""
    settings = settings or CriteriaSettings()
    met = []
    for criterion in CRITERIA.values():
        reason = criterion.reason(facts, settings)
        if reason:
            met.append(Met(criterion.name, criterion.title, reason))
    return met


def settings_from_config(config: Mapping[str, Any]) -> CriteriaSettings:
    defaults = CriteriaSettings()
    factors = config.get("MARAC_JUDGEMENT_FACTORS")
    if isinstance(factors, str):
        factors = [f.strip() for f in factors.split(",") if f.strip()]
    return CriteriaSettings(
        visible_high_score=int(config.get("MARAC_VISIBLE_HIGH_SCORE", defaults.visible_high_score)),
        judgement_factors=tuple(factors) if factors is not None else defaults.judgement_factors,
        escalation_incidents=int(
            config.get("MARAC_ESCALATION_INCIDENTS", defaults.escalation_incidents)
        ),
        repeat_months=int(config.get("MARAC_REPEAT_MONTHS", defaults.repeat_months)),
    )


def describe(met: Sequence[Met]) -> str:
    return "; ".join(m.text for m in met) if met else "No MARAC criteria met."
