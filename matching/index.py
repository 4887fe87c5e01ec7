"""An incremental in-memory person index for matching one referral at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .blocking import blocking_keys
from .records import PreparedRecord, prepare
from .scoring import Decision, Explanation, PairScore, Scorer, TermFrequencies
from .settings import MatchSettings, default_settings

_WEIGHT_CLIP = (-25.0, 25.0)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One person the query might be, judged against all of that person's records."""

    person_id: str
    best_record_id: str
    weight: float  # the best pair's match weight, bits
    probability: float
    mean_weight: float  # mean (clipped) weight to all of the person's records
    decision: Decision  # for this person as a whole
    pair_decision: Decision  # for the best pair alone
    explanation: Explanation  # of the best pair
    blocked_by: tuple[str, ...] = ()  # hard rules fired against any of the person's records


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving one record against the index."""

    decision: Decision
    person_id: str | None  # the linked person; None unless decision is link
    candidates: tuple[Candidate, ...]  # best first
    reason: str

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass
class MatchIndex:
    """Prepared records grouped by person, looked up through blocking keys.

    `resolve` scores a record against every indexed record sharing a blocking key and judges
    each candidate person as a whole (the same coherence rules as bulk clustering); `add`
    resolves and then stores the record, linking it or starting a new person.
    """

    settings: MatchSettings = field(default_factory=default_settings)
    records: list[PreparedRecord] = field(default_factory=list)
    person_of: list[str] = field(default_factory=list)
    members: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    tf: TermFrequencies = field(default_factory=TermFrequencies)
    # A key shared by more records than this (a very common name pair in a huge index) is
    # skipped: the record's other keys, each of two fields, still find its matches.
    max_candidates_per_key: int = 500
    max_people_judged: int = 10

    def __post_init__(self) -> None:
        self.scorer = Scorer(self.settings, self.tf)
        self._next_person = 0

    def __len__(self) -> int:
        return len(self.records)

    @property
    def people(self) -> int:
        return len(self.members)

    def new_person_id(self) -> str:
        self._next_person += 1
        return f"P{self._next_person:07d}"

    def insert(self, item: Any, person_id: str | None = None) -> str:
        """Store a record under a person (a new one if None) without resolving it."""
        record = item if isinstance(item, PreparedRecord) else prepare(item)
        person = person_id or self.new_person_id()
        position = len(self.records)
        self.records.append(record)
        self.person_of.append(person)
        self.members[person].append(position)
        for key in blocking_keys(record):
            self.postings[key].append(position)
        self.tf.add(record)
        return person

    def add(self, item: Any) -> tuple[str, Resolution]:
        """Resolve a record, then store it: under the linked person, or as a new person."""
        record = item if isinstance(item, PreparedRecord) else prepare(item)
        resolution = self.resolve(record)
        person = self.insert(record, resolution.person_id)
        return person, resolution

    def add_many(self, items: Iterable[Any]) -> list[tuple[str, Resolution]]:
        return [self.add(item) for item in items]

    def candidate_positions(self, record: PreparedRecord) -> set[int]:
        found: set[int] = set()
        for key in blocking_keys(record):
            posting = self.postings.get(key)
            if posting and len(posting) <= self.max_candidates_per_key:
                found.update(posting)
        return found

    def resolve(self, item: Any) -> Resolution:
        """Who is this record? Candidates best first, with a decision and its explanation."""
        record = item if isinstance(item, PreparedRecord) else prepare(item)
        scores = {
            p: self.scorer.score(record, self.records[p]) for p in self.candidate_positions(record)
        }
        best_weight: dict[str, float] = {}
        for position, pair in scores.items():
            person = self.person_of[position]
            best_weight[person] = max(best_weight.get(person, pair.weight), pair.weight)
        # Only the strongest few people can be a link or a rival; explaining the rest is waste.
        people = sorted(best_weight, key=lambda person: -best_weight[person])
        candidates = sorted(
            (self._judge_person(record, p, scores) for p in people[: self.max_people_judged]),
            key=lambda c: -c.weight,
        )
        return self._decide(candidates)

    def _judge_person(
        self, record: PreparedRecord, person: str, scores: dict[int, PairScore]
    ) -> Candidate:
        low, high = _WEIGHT_CLIP
        pairs = [
            scores.get(p) or self.scorer.score(record, self.records[p])
            for p in self.members[person]
        ]
        best = max(pairs, key=lambda pair: pair.weight)
        mean = sum(min(max(pair.weight, low), high) for pair in pairs) / len(pairs)
        blocked = tuple(
            dict.fromkeys(str(rule) for pair in pairs if pair.blocks_merge for rule in pair.rules)
        )
        decision = best.decision
        if decision == Decision.LINK and (
            blocked or mean < self.settings.thresholds.cluster_mean_weight
        ):
            decision = Decision.REVIEW
        return Candidate(
            person_id=person,
            best_record_id=best.record_b,
            weight=best.weight,
            probability=best.probability,
            mean_weight=mean,
            decision=decision,
            pair_decision=best.decision,
            explanation=self.scorer.explain(best),
            blocked_by=blocked,
        )

    def _decide(self, candidates: list[Candidate]) -> Resolution:
        """Link only to an unrivalled person; anything uncertain goes to review."""
        links = [c for c in candidates if c.decision == Decision.LINK]
        if links:
            best = links[0]
            margin = self.settings.thresholds.ambiguity_margin
            rivals = [
                c.person_id
                for c in candidates
                if c is not best
                and c.pair_decision == Decision.LINK
                and c.weight >= best.weight - margin
            ]
            if rivals:
                reason = f"ambiguous: also close to {', '.join(rivals)}"
                return Resolution(Decision.REVIEW, None, tuple(candidates), reason)
            return Resolution(Decision.LINK, best.person_id, tuple(candidates), "linked")
        if any(c.decision == Decision.REVIEW for c in candidates):
            return Resolution(Decision.REVIEW, None, tuple(candidates), "uncertain")
        return Resolution(Decision.NEW, None, tuple(candidates), "no likely match")
