"""Bulk deduplication of a whole file of records, in memory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .blocking import blocking_keys
from .clustering import cluster_pairs
from .records import PreparedRecord, prepare
from .scoring import PairScore, Scorer, TermFrequencies, named_apart
from .settings import MatchSettings, default_settings
from .training import train

Progress = Callable[[str, int, int], None]  # (stage, done, total)
# The columns of a bulk-matching file (`frontdoor match-file`); extra columns are ignored.
FILE_COLUMNS = (
    "record_id",
    "source",
    "given_name",
    "middle_name",
    "surname",
    "date_of_birth",
    "sex",
    "address",
    "postcode",
    "nhs_number",
    "phone",
    "pnc_id",
)

MAX_BLOCK_SIZE = 400  # larger blocks are placeholder values (e.g. 01/01/1900), not evidence


class ReviewPair(NamedTuple):
    record_id_a: str
    record_id_b: str
    score: float  # match probability


class MatchResult(NamedTuple):
    assignments: dict[str, str]  # record_id -> person_id
    review_pairs: list[ReviewPair]


@dataclass
class BulkRun:
    """Everything a bulk run computed, for benchmarks and diagnostics."""

    records: list[PreparedRecord]
    settings: MatchSettings
    scorer: Scorer
    scored: dict[tuple[int, int], PairScore]
    labels: list[int]
    review: dict[tuple[int, int], PairScore]


def candidate_pairs(records: Sequence[PreparedRecord], max_block: int = MAX_BLOCK_SIZE):
    """Index pairs (i < j) that share at least one blocking key."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        for key in blocking_keys(record):
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2 or len(members) > max_block:
            continue
        for position, i in enumerate(members):
            for j in members[position + 1 :]:
                pairs.add((i, j))
    return sorted(pairs)


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def run_bulk(
    records: Iterable[Any],
    settings: MatchSettings | None = None,
    estimate: bool = False,
    progress: Progress | None = None,
) -> BulkRun:
    """Prepare, block, (optionally re-estimate the model), score and cluster."""
    prepared = [prepare(item) for item in records]
    _report(progress, "prepared", len(prepared), len(prepared))
    pairs = candidate_pairs(prepared)
    settings = settings or default_settings()
    if estimate and len(prepared) > 1:
        settings = train(prepared, settings)
    scorer = Scorer(settings, TermFrequencies.from_records(prepared))
    scored: dict[tuple[int, int], PairScore] = {}
    step = max(len(pairs) // 100, 1)
    for done, (i, j) in enumerate(pairs):
        scored[(i, j)] = scorer.score(prepared[i], prepared[j])
        if done % step == 0:
            _report(progress, "scoring", done, len(pairs))
    _report(progress, "scoring", len(pairs), len(pairs))

    def score_on_demand(i: int, j: int) -> PairScore:
        key = (i, j) if i < j else (j, i)
        if key not in scored:
            scored[key] = scorer.score(prepared[key[0]], prepared[key[1]])
        return scored[key]

    def named_apart_clusters(a: list[int], b: list[int], scores: list[PairScore]) -> bool:
        return named_apart([prepared[i] for i in a], [prepared[j] for j in b], scores)

    result = cluster_pairs(
        len(prepared), scored, score_on_demand, settings.thresholds, named_apart_clusters
    )
    _report(progress, "clustered", len(prepared), len(prepared))
    return BulkRun(prepared, settings, scorer, scored, result.labels, result.review)


def match_records(
    records: Iterable[Any],
    settings: MatchSettings | None = None,
    estimate: bool = False,
    progress: Progress | None = None,
) -> MatchResult:
    """Deduplicate records: every record_id gets a person_id; uncertain pairs go to review.

    `records` are `Record`s, mappings (CSV rows) or objects with the same attribute names.
    With `estimate`, m/u are re-estimated from these records by EM before matching.
    """
    run = run_bulk(records, settings, estimate, progress)
    return result_of(run)


def result_of(run: BulkRun) -> MatchResult:
    person_of_cluster: dict[int, str] = {}
    assignments: dict[str, str] = {}
    for record, label in zip(run.records, run.labels, strict=True):
        if label not in person_of_cluster:
            person_of_cluster[label] = f"P{len(person_of_cluster) + 1:07d}"
        assignments[record.record_id] = person_of_cluster[label]
    review = [
        ReviewPair(run.records[i].record_id, run.records[j].record_id, round(pair.probability, 6))
        for (i, j), pair in sorted(run.review.items(), key=lambda item: -item[1].weight)
    ]
    return MatchResult(assignments, review)
