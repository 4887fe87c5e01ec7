"""Scoring a pair: Fellegi-Sunter match weight, term-frequency adjustment, hard rules, decision.

match weight = log2(prior odds) + sum over comparisons of log2(m / u) of the level that fired
             + for an exact name match, log2(u_exact / frequency of that name)

The last term is Splink's term-frequency adjustment: agreeing on a name that 1 in 50 people
share is weaker evidence than the average exact match, agreeing on a rare one stronger.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from .comparisons import (
    COMPARISONS,
    DOB,
    GIVEN,
    NHS,
    PHONE,
    PNC,
    RESIDENCE,
    SURNAME,
    comparison_vector,
)
from .dates import years_apart
from .names import transliteration_group
from .records import PreparedRecord
from .settings import MatchSettings


class Decision(enum.StrEnum):
    LINK = "link"
    REVIEW = "review"
    NEW = "new"


class Rule(enum.StrEnum):
    """Hard evidence rules. The first two make a link; the others forbid an automatic one."""

    SAME_NHS = "same valid NHS number"
    SAME_PNC = "same valid PNC ID"
    DIFFERENT_NHS = "different valid NHS numbers"
    DIFFERENT_PNC = "different valid PNC IDs"
    DOB_FAR_APART = "dates of birth far apart"
    DIFFERENT_GENERATION = "different generation suffix (Jr/Sr)"
    GIVEN_NAMES_DIFFER = "given names differ"
    POSSIBLE_TWIN = "same birth date and surname, given names not the same (twin or sibling?)"
    NAMES_ONLY = "only the names agree: no date of birth, address, phone or identifier in common"


LINKING_RULES = frozenset({Rule.SAME_NHS, Rule.SAME_PNC})
# Strong evidence of two different people: no link, and no review either unless a shared
# identifier says otherwise (then the conflict is for a person to settle).
CONFLICT_RULES = frozenset(
    {Rule.DIFFERENT_NHS, Rule.DIFFERENT_PNC, Rule.DOB_FAR_APART, Rule.DIFFERENT_GENERATION}
)
_IDENTIFIER_RULES = {
    Rule.SAME_NHS: (NHS, 1),
    Rule.SAME_PNC: (PNC, 1),
    Rule.DIFFERENT_NHS: (NHS, 2),
    Rule.DIFFERENT_PNC: (PNC, 2),
}
# Levels of the non-name comparisons that corroborate a name match.
_CORROBORATING_LEVELS = {DOB: {1, 2, 3}, RESIDENCE: {1, 2, 3}, PHONE: {1, 2}, NHS: {1}, PNC: {1}}
# Given-name levels of a similar spelling (not a nickname or transliteration).
_SPELLING_LEVELS = frozenset({4})
# Date-of-birth levels that explain a gap of years as a slip: day/month swap, year off by one.
_EXPLAINED_DOB_LEVELS = frozenset({2, 3})
# Given-name levels of names the nicknames data or the transliteration list relate.
_ALIAS_LEVELS = frozenset({3})
# Given-name levels of a looser similarity (sounds alike, Jaro-Winkler >= low).
_SIMILAR_LEVELS = frozenset({6})
# Given-name levels strong enough to tell a person from a same-birthday sibling.
_STRONG_GIVEN_LEVELS = frozenset({0, 1, 2, 3, 4, 5})


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


def hard_rules(
    vector: tuple[int, ...],
    a: PreparedRecord,
    b: PreparedRecord,
    settings: MatchSettings,
    name_count: Callable[[str], int] = lambda name: 0,
) -> tuple[Rule, ...]:
    """The hard evidence rules that apply to a pair, in a fixed order.

    `name_count` tells how often a given name occurs (term frequencies), to tell two
    established names (Conor / Connor: twins?) from a name and its typo (Zainab / Zxinab).
    """
    rules = [rule for rule, (c, level) in _IDENTIFIER_RULES.items() if vector[c] == level]
    if (
        a.dob is not None
        and b.dob is not None
        and vector[DOB] not in _EXPLAINED_DOB_LEVELS
        and years_apart(a.dob, b.dob) > settings.hard_rules.dob_far_years
    ):
        rules.append(Rule.DOB_FAR_APART)
    if a.generation and b.generation and a.generation != b.generation:
        rules.append(Rule.DIFFERENT_GENERATION)
    if vector[GIVEN] == len(COMPARISONS[GIVEN].levels) - 1:
        rules.append(Rule.GIVEN_NAMES_DIFFER)
    elif (
        vector[DOB] in (1, 2)
        and vector[SURNAME] == 1
        and _twin_like_names(vector[GIVEN], a.given, b.given, settings, name_count)
    ):
        rules.append(Rule.POSSIBLE_TWIN)
    if not any(vector[c] in levels for c, levels in _CORROBORATING_LEVELS.items()):
        rules.append(Rule.NAMES_ONLY)
    return tuple(rules)


def _twin_like_names(
    level: int, a: str, b: str, settings: MatchSettings, name_count: Callable[[str], int]
) -> bool:
    """Given names that could belong to two siblings born the same day.

    For similar spellings (Jaro-Winkler, sounds alike) the names' frequencies decide when
    there are enough records: two established names seen about as often as each other are
    two names (Aidan / Aiden, Conor / Connor: twins?); a spelling far rarer than a common
    one is a slip of it (Ernily / Emily). Without enough records to tell, a single typing
    slip counts as a slip at the looser level, and only established names at the closer one.
    """
    if level not in _STRONG_GIVEN_LEVELS | _SIMILAR_LEVELS:
        return not _one_slip_apart(a, b)
    if level in _ALIAS_LEVELS:
        # Nicknames data relates Lily / Lilly and Louis / Louie, but two spellings a letter
        # apart that are both established are as likely two children as one.
        return (
            _one_slip_apart(a, b)
            and transliteration_group(a) != transliteration_group(b)
            and _established_pair(a, b, settings, name_count)
        )
    if level not in _SPELLING_LEVELS | _SIMILAR_LEVELS:
        return False
    if _rare_variant(a, b, settings, name_count):
        return False
    if _established_pair(a, b, settings, name_count):
        return True
    return level in _SIMILAR_LEVELS and not _one_slip_apart(a, b)


def _established_pair(
    a: str, b: str, settings: MatchSettings, name_count: Callable[[str], int]
) -> bool:
    """Both names seen often enough to be names, neither a rare variant of the other."""
    established = settings.hard_rules.established_name_count
    both = name_count(a) >= established and name_count(b) >= established
    return both and not _rare_variant(a, b, settings, name_count)


def _rare_variant(
    a: str, b: str, settings: MatchSettings, name_count: Callable[[str], int]
) -> bool:
    """One spelling is seen far less often than a similar, common one: a slip, not a sibling's
    name (Ernily / Emily, Leee / Lee). Needs enough records for the counts to say so: the
    common name must be seen often enough that `rare_variant_ratio` of it is established."""
    low, high = sorted((name_count(a), name_count(b)))
    ratio = settings.hard_rules.rare_variant_ratio
    return high * ratio >= settings.hard_rules.established_name_count and low <= high * ratio


def _one_slip_apart(a: str, b: str) -> bool:
    """A single typing slip (Zainab / Zxinab) is not a sibling's different name."""
    return len(a) > 2 and len(b) > 2 and DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1


def decide(weight: float, rules: tuple[Rule, ...], settings: MatchSettings) -> Decision:
    """Thresholds first; a shared strong identifier then links; a conflict (different
    identifiers, distant birth dates, Jr/Sr) makes two people, or a review if an identifier
    is shared too; the name rules cap at review."""
    thresholds = settings.thresholds
    if weight >= thresholds.link_weight:
        decision = Decision.LINK
    elif weight >= thresholds.review_weight:
        decision = Decision.REVIEW
    else:
        decision = Decision.NEW
    if settings.hard_rules.same_identifier_links and any(r in LINKING_RULES for r in rules):
        decision = Decision.LINK
    shares_identifier = any(r in LINKING_RULES for r in rules)
    if any(r in CONFLICT_RULES for r in rules):
        return Decision.REVIEW if shares_identifier else Decision.NEW
    if any(r not in LINKING_RULES for r in rules) and decision == Decision.LINK:
        decision = Decision.REVIEW
    return decision


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
    return any(pair.vector[DOB] in (1, 2) and pair.vector[SURNAME] == 1 for pair in scores)
