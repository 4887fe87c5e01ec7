"""Scoring a pair: Fellegi-Sunter match weight, term-frequency adjustment, hard rules, decision.

match weight = log2(prior odds) + sum over comparisons of log2(m / u) of the level that fired
             + for an exact name match, log2(u_exact / frequency of that name)

The last term is Splink's term-frequency adjustment: agreeing on a name that 1 in 50 people
share is weaker evidence than the average exact match, agreeing on a rare one stronger. The
hard rules and the decision are in `rules.py`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .comparisons import COMPARISONS, DOB, GIVEN, SURNAME, comparison_vector
from .records import PreparedRecord
from .rules import (
    EXACT,
    LINKING_RULES,
    SAME_DOB_OR_SWAPPED,
    Decision,
    Rule,
    decide,
    hard_rules,
)
from .settings import MatchSettings

__all__ = ["Decision", "Rule", "decide", "hard_rules"]


class TermFrequencies:
    """How often each given name and surname occurs among the records seen so far."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {"given": Counter(), "surname": Counter()}
        self.totals: dict[str, int] = {"given": 0, "surname": 0}

    def add(self, record: PreparedRecord) -> None:
        for kind, value in (("given", record.given), ("surname", record.surname)):
            if value:
                self.counts[kind][value] += 1
                self.totals[kind] += 1

    @classmethod
    def from_records(cls, records: Iterable[PreparedRecord]) -> TermFrequencies:
        tf = cls()
        for record in records:
            tf.add(record)
        return tf

    def frequency(self, kind: str, value: str) -> float | None:
        total = self.totals[kind]
        count = self.counts[kind].get(value, 0)
        return count / total if total and count else None


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one comparison contributed to a pair's match weight."""

    comparison: str
    level: str
    level_index: int
    weight: float  # log2(m/u) of the level, bits
    tf_adjustment: float  # term-frequency adjustment, bits


@dataclass(frozen=True, slots=True)
class PairScore:
    """The scored comparison of two records, with everything needed to explain it."""

    record_a: str
    record_b: str
    vector: tuple[int, ...]
    tf_adjustments: tuple[float, ...]
    weight: float
    rules: tuple[Rule, ...]
    decision: Decision

    @property
    def probability(self) -> float:
        return match_probability(self.weight)

    @property
    def blocks_merge(self) -> bool:
        """Evidence against being one person (not merely too little evidence for it)."""
        return any(rule not in LINKING_RULES and rule != Rule.NAMES_ONLY for rule in self.rules)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a pair got its decision: the prior, each comparison's level and weight, the rules."""

    prior_weight: float
    contributions: tuple[Contribution, ...]
    rules: tuple[str, ...]
    weight: float
    probability: float
    decision: Decision

    def as_dict(self) -> dict[str, object]:
        return {
            "prior_weight": round(self.prior_weight, 3),
            "contributions": [
                {
                    "comparison": c.comparison,
                    "level": c.level,
                    "weight": round(c.weight, 3),
                    "tf_adjustment": round(c.tf_adjustment, 3),
                }
                for c in self.contributions
            ],
            "rules": list(self.rules),
            "weight": round(self.weight, 3),
            "probability": self.probability,
            "decision": str(self.decision),
        }


def match_probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    odds = 2.0**weight
    return odds / (1.0 + odds)


class Scorer:
    """Scores pairs of prepared records with one set of settings and term frequencies."""

    def __init__(self, settings: MatchSettings, tf: TermFrequencies | None = None) -> None:
        self.settings = settings
        self.tf = tf or TermFrequencies()
        self.weights = settings.level_weights()
        self.prior = settings.prior_weight
        self._exact_u = {
            "given": settings.comparisons[GIVEN].levels[1].u,
            "surname": settings.comparisons[SURNAME].levels[1].u,
        }

    def given_count(self, name: str) -> int:
        return self.tf.counts["given"].get(name, 0)

    def _tf_adjustment(self, kind: str, value: str) -> float:
        if kind not in self.settings.term_frequency.names:
            return 0.0
        frequency = self.tf.frequency(kind, value)
        if frequency is None:
            return 0.0
        frequency = max(frequency, self.settings.term_frequency.minimum_u)
        return math.log2(self._exact_u[kind] / frequency)

    def score(self, a: PreparedRecord, b: PreparedRecord) -> PairScore:
        vector = comparison_vector(a, b, self.settings.fuzziness)
        weights = self.weights
        total = self.prior + sum(weights[c][level] for c, level in enumerate(vector))
        given_adj = self._tf_adjustment("given", a.given) if vector[GIVEN] == 1 else 0.0
        surname_adj = self._tf_adjustment("surname", a.surname) if vector[SURNAME] == 1 else 0.0
        total += given_adj + surname_adj
        rules = hard_rules(vector, a, b, self.settings, self.given_count)
        decision = decide(total, rules, self.settings)
        return PairScore(
            a.record_id,
            b.record_id,
            vector,
            (given_adj, surname_adj),
            total,
            rules,
            decision,
        )

    def explain(self, score: PairScore) -> Explanation:
        contributions = []
        for c, level in enumerate(score.vector):
            definition = COMPARISONS[c]
            adjustment = score.tf_adjustments[c] if c < len(score.tf_adjustments) else 0.0
            contributions.append(
                Contribution(
                    definition.name,
                    definition.levels[level],
                    level,
                    self.weights[c][level],
                    adjustment,
                )
            )
        return Explanation(
            self.prior,
            tuple(contributions),
            tuple(str(rule) for rule in score.rules),
            score.weight,
            score.probability,
            score.decision,
        )


def named_apart(
    a: list[PreparedRecord],
    b: list[PreparedRecord],
    scores: Iterable[PairScore],
) -> bool:
    """Two groups of records that each use one given name consistently, a different one,
    born the same day with the same surname: two people (twins: Louis and Louie, Evie and
    Eve), not one person whose agencies disagree. Each group needs records from at least two
    agencies: a slip or a nickname is one agency's, a name two agencies agree on is used."""
    names_a, names_b = {r.given for r in a}, {r.given for r in b}
    if len(names_a) != 1 or len(names_b) != 1 or names_a == names_b or "" in names_a | names_b:
        return False
    if len({r.source for r in a}) < 2 or len({r.source for r in b}) < 2:
        return False
    return any(
        pair.vector[DOB] in SAME_DOB_OR_SWAPPED and pair.vector[SURNAME] == EXACT for pair in scores
    )
