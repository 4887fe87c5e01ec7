"""Clustering linked pairs into people without chaining households together.

Transitive closure of pairwise links chains a household: A~B (same person, address moved),
B~C (B's twin, same everything but the given name)... Here clusters grow greedily from the
strongest link down, and two clusters merge only when the merged cluster stays coherent:

- no pair across them triggers a blocking hard rule (two different valid NHS numbers or PNC
  IDs, dates of birth far apart, different generation, different given names, possible twin);
- no pair across them was judged "new person" while both had a date of birth to compare;
- they are not two groups that each use one given name consistently, born the same day with
  the same surname (twins: see scoring.named_apart; the caller supplies this check);
- every record is adequately linked to the other side, not just to one member: its mean match
  weight to the other cluster's records is at least `cluster_mean_weight`;
- the link is not ambiguous: when the records of one cluster also link (within
  `ambiguity_margin` bits) to a rival cluster that cannot join the other, neither merge is
  made automatically and both go to review.

Pairs not compared during blocking are scored on demand; clusters are small, so this is cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .comparisons import DOB
from .scoring import Decision, PairScore
from .settings import Thresholds

ScoreFn = Callable[[int, int], PairScore]
# Whether two clusters (their records' indexes) are known apart by evidence only whole
# clusters show (see scoring.named_apart); never, by default.
ApartFn = Callable[[list[int], list[int], list[PairScore]], bool]


def _never_apart(a: list[int], b: list[int], scores: list[PairScore]) -> bool:
    return False


_WEIGHT_CLIP = (-25.0, 25.0)


@dataclass
class ClusterResult:
    labels: list[int]  # cluster index per record
    review: dict[tuple[int, int], PairScore] = field(default_factory=dict)


class _Clusters:
    def __init__(
        self, size: int, score: ScoreFn, thresholds: Thresholds, apart: ApartFn = _never_apart
    ) -> None:
        self.label = list(range(size))
        self.members: dict[int, list[int]] = {i: [i] for i in range(size)}
        self.score = score
        self.thresholds = thresholds
        self.apart = apart

    def cross_scores(self, a: int, b: int) -> list[PairScore] | None:
        """Scores of every pair across clusters a and b; None if a blocking rule fires."""
        scores = []
        for x in self.members[a]:
            for y in self.members[b]:
                pair = self.score(x, y)
                if pair.blocks_merge:
                    return None
                scores.append(pair)
        return scores

    def coherent(self, a: int, b: int) -> bool:
        scores = self.cross_scores(a, b)
        if scores is None or self.apart(self.members[a], self.members[b], scores):
            return False
        if any(_judged_apart(pair) for pair in scores):
            return False
        low, high = _WEIGHT_CLIP
        by_record: dict[str, list[float]] = {}
        for pair in scores:
            clipped = min(max(pair.weight, low), high)
            by_record.setdefault(pair.record_a, []).append(clipped)
            by_record.setdefault(pair.record_b, []).append(clipped)
        floor = self.thresholds.cluster_mean_weight
        return all(sum(ws) / len(ws) >= floor for ws in by_record.values())

    def merge(self, a: int, b: int) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        for record in self.members[b]:
            self.label[record] = a
        self.members[a].extend(self.members.pop(b))


def _judged_apart(pair: PairScore) -> bool:
    """A pair judged two people (below the review threshold) although both dates of birth
    were there to compare: evidence against, not merely too little evidence for."""
    return pair.decision == Decision.NEW and pair.vector[DOB] != 0


def _rival_conflict(
    clusters: _Clusters,
    edge: PairScore,
    i: int,
    j: int,
    links_of: dict[int, list[tuple[float, int]]],
) -> bool:
    """True when i (or j) links almost as strongly to a third cluster that cannot join."""
    margin = clusters.thresholds.ambiguity_margin
    for record, other in ((i, j), (j, i)):
        target = clusters.label[other]
        for weight, rival_record in links_of.get(record, []):
            rival = clusters.label[rival_record]
            if rival in (target, clusters.label[record]) or weight < edge.weight - margin:
                continue
            if clusters.cross_scores(target, rival) is None:
                return True
    return False


def cluster_pairs(
    size: int,
    scored: dict[tuple[int, int], PairScore],
    score: ScoreFn,
    thresholds: Thresholds,
    apart: ApartFn = _never_apart,
) -> ClusterResult:
    """Greedy, constrained clustering of `size` records from their scored candidate pairs."""
    clusters = _Clusters(size, score, thresholds, apart)
    links = sorted(
        (
            (pair.weight, i, j, pair)
            for (i, j), pair in scored.items()
            if pair.decision == Decision.LINK
        ),
        key=lambda item: -item[0],
    )
    links_of: dict[int, list[tuple[float, int]]] = {}
    for weight, i, j, _ in links:
        links_of.setdefault(i, []).append((weight, j))
        links_of.setdefault(j, []).append((weight, i))
    refused: dict[tuple[int, int], PairScore] = {}
    for _, i, j, pair in links:
        a, b = clusters.label[i], clusters.label[j]
        if a == b:
            continue
        if clusters.coherent(a, b) and not _rival_conflict(clusters, pair, i, j, links_of):
            clusters.merge(a, b)
        else:
            refused[(i, j)] = pair
    candidates = list(refused.items()) + [
        (ij, pair) for ij, pair in scored.items() if pair.decision == Decision.REVIEW
    ]
    review = _one_pair_per_cluster_pair(candidates, clusters.label)
    return ClusterResult(clusters.label, review)


def _one_pair_per_cluster_pair(
    candidates: list[tuple[tuple[int, int], PairScore]], label: list[int]
) -> dict[tuple[int, int], PairScore]:
    """The strongest pair between each two different clusters: what a reviewer is shown."""
    review: dict[tuple[int, int], PairScore] = {}
    best_by_clusters: dict[tuple[int, int], tuple[int, int]] = {}
    for (i, j), pair in candidates:
        a, b = sorted((label[i], label[j]))
        if a == b:
            continue
        current = best_by_clusters.get((a, b))
        if current is None or review[current].weight < pair.weight:
            if current is not None:
                del review[current]
            best_by_clusters[(a, b)] = (i, j)
            review[(i, j)] = pair
    return review
