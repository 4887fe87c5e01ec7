"""Pairwise accuracy of a clustering against the generator's ground truth (benchmark helper)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


class PairScores:
    """Precision, recall and F1 over pairs, for any result with the three pair counts."""

    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Metrics(PairScores):
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    found_with_review: int
    cross_family_pairs: int
    cross_family_clusters: int
    review_pairs: int
    clusters: int

    @property
    def recall_with_review(self) -> float:
        return self.found_with_review / self.true_pairs if self.true_pairs else 1.0


def pairwise_metrics(
    assignments: Mapping[str, str], review: Iterable[tuple[str, str]], population: Any
) -> Metrics:
    """Pairs of records in one predicted cluster vs pairs of records of one true person."""
    person = {rid: population.person_of(rid) for rid in assignments}
    family = {rid: population.family_of_person(person[rid]) for rid in assignments}
    members: dict[str, list[str]] = defaultdict(list)
    for rid, cluster in assignments.items():
        members[cluster].append(rid)
    true_pairs = sum(_pairs(n) for n in Counter(person.values()).values())
    predicted = correct = same_family = cross_clusters = 0
    for rids in members.values():
        predicted += _pairs(len(rids))
        correct += sum(_pairs(n) for n in Counter(person[r] for r in rids).values())
        families = Counter(family[r] for r in rids)
        same_family += sum(_pairs(n) for n in families.values())
        cross_clusters += len(families) > 1
    found = correct
    seen: set[tuple[str, str]] = set()
    review_count = 0
    for a, b in review:
        review_count += 1
        ca, cb = sorted((assignments[a], assignments[b]))
        if ca == cb or (ca, cb) in seen:
            continue
        seen.add((ca, cb))
        in_a = Counter(person[r] for r in members[ca])
        found += sum(n * in_a.get(person[r], 0) for r, n in Counter(members[cb]).items())
    return Metrics(
        true_pairs,
        predicted,
        correct,
        found,
        predicted - same_family,
        cross_clusters,
        review_count,
        len(members),
    )


def print_errors(run: Any, population: Any, limit: int) -> None:
    """Show wrongly merged and missed pairs with their explanation (for diagnosing the model)."""
    records = run.records
    person = [population.person_of(r.record_id) for r in records]
    wrong, missed = [], []
    for (i, j), pair in run.scored.items():
        same_cluster = run.labels[i] == run.labels[j]
        if same_cluster and person[i] != person[j]:
            wrong.append(pair)
        elif not same_cluster and person[i] == person[j]:
            missed.append(pair)
    for title, pairs in (("WRONG MERGES", wrong), ("MISSED (scored) PAIRS", missed)):
        print(f"--- {title}: {len(pairs)}")
        for pair in sorted(pairs, key=lambda p: -p.weight)[:limit]:
            explanation = run.scorer.explain(pair)
            levels = ", ".join(
                f"{c.comparison}={c.level}({c.weight + c.tf_adjustment:+.1f})"
                for c in explanation.contributions
                if c.level_index
            )
            print(
                f"{pair.record_a} {pair.record_b} w={pair.weight:.1f} {pair.decision} {pair.rules}"
            )
            print(f"    {levels}")
