"""Estimating the model from unlabelled data, as Splink does.

1. u probabilities from random pairs: almost every random pair is two different people, so
   the share of random pairs at each level estimates P(level | different people) -- once the
   few random pairs that are matches are taken out (they dominate a strong identifier's
   agreement level; see `u_from_counts`).
2. m probabilities and the share of matches by Expectation-Maximisation over the candidate
   pairs the blocking keys produce, u held fixed. Pairs are grouped by their comparison
   vector first, so each EM iteration costs one pass over the distinct vectors, not the pairs.
3. The prior: the expected number of matching candidate pairs over all possible pairs.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from .comparisons import COMPARISONS, DOB, GIVEN, SURNAME, comparison_vector
from .records import PreparedRecord
from .settings import MatchSettings

Vector = tuple[int, ...]
U_PSEUDO_PAIRS = 1000.0  # prior guesses count as this many random pairs
M_PSEUDO_PAIRS = 10.0  # ... and as this many matching pairs


def _smoothed(counts: list[float], guesses: list[float], strength: float) -> list[float]:
    """Level probabilities over the non-missing levels, shrunk towards the guesses."""
    total = sum(counts[1:])
    result = [1.0]
    for level in range(1, len(counts)):
        result.append((counts[level] + strength * guesses[level]) / (total + strength))
    return result


def random_pair_counts(
    records: Sequence[PreparedRecord], settings: MatchSettings, pairs: int, seed: int = 0
) -> list[list[float]]:
    """How many of `pairs` random pairs of records fall in each level of each comparison.
    A file with no more distinct pairs than that counts every pair once instead (exact, and
    fewer comparisons than sampling the same pairs again and again)."""
    size = len(records)
    counts = [[0.0] * len(c.levels) for c in settings.comparisons]
    fuzziness = settings.fuzziness
    for i, j in _pairs_to_count(size, pairs, seed):
        for c, level in enumerate(
            neutralised(comparison_vector(records[i], records[j], fuzziness))
        ):
            counts[c][level] += 1
    return counts


def _pairs_to_count(size: int, pairs: int, seed: int) -> Iterator[tuple[int, int]]:
    if size * (size - 1) // 2 <= pairs:
        yield from itertools.combinations(range(size), 2)
        return
    rng = random.Random(seed)
    for _ in range(pairs):
        i, j = rng.randrange(size), rng.randrange(size)
        if i != j:
            yield i, j


def u_from_counts(
    counts: list[list[float]],
    settings: MatchSettings,
    match_share: float = 0.0,
    m: list[list[float]] | None = None,
) -> list[list[float]]:
    """u from random-pair counts, with the random pairs that are matches taken out.

    A random pair is a match with probability `match_share` (the prior), so a level's count
    among random pairs is share * m + (1 - share) * u. For ordinary levels the first term is
    negligible, but for a strong identifier it is most of the count: about as many random
    pairs share a phone number because they ARE the same person as by chance. Subtracting the
    expected matching pairs, share * n * m, estimates P(level | different people) itself.
    """
    result = []
    for c, comp in enumerate(settings.comparisons):
        row = list(counts[c])
        if m is not None and match_share > 0:
            compared = sum(row[1:])
            row = [row[0]] + [
                max(row[lv] - match_share * compared * m[c][lv], 0.0) for lv in range(1, len(row))
            ]
        result.append(_smoothed(row, [lv.u for lv in comp.levels], strength=U_PSEUDO_PAIRS))
    return result


def estimate_u(
    records: Sequence[PreparedRecord], settings: MatchSettings, pairs: int, seed: int = 0
) -> list[list[float]]:
    """u probabilities from `pairs` random pairs of records (matches not taken out)."""
    return u_from_counts(random_pair_counts(records, settings, pairs, seed), settings)


def _posterior(vector: Vector, log_m: list[list[float]], log_u: list[list[float]], prior: float):
    log_odds = math.log(prior / (1 - prior))
    for c, level in enumerate(vector):
        if level:
            log_odds += log_m[c][level] - log_u[c][level]
    if log_odds > 50:
        return 1.0
    return 1.0 / (1.0 + math.exp(-log_odds))


def expectation_maximisation(
    patterns: Counter[Vector],
    m: list[list[float]],
    u: list[list[float]],
    prior: float,
    iterations: int = 60,
    tolerance: float = 1e-5,
) -> tuple[list[list[float]], float]:
    """EM for m and the match share among candidate pairs, u fixed. Returns (m, share)."""
    log_u = [[math.log(p) for p in row] for row in u]
    guesses = [list(row) for row in m]
    for _ in range(iterations):
        log_m = [[math.log(max(p, 1e-12)) for p in row] for row in m]
        expected = [[0.0] * len(row) for row in m]
        matched = total = 0.0
        for vector, count in patterns.items():
            posterior = _posterior(vector, log_m, log_u, prior) * count
            matched += posterior
            total += count
            for c, level in enumerate(vector):
                expected[c][level] += posterior
        new_m = [
            _smoothed(row, guesses[c], strength=M_PSEUDO_PAIRS) for c, row in enumerate(expected)
        ]
        new_prior = min(max(matched / total, 1e-9), 1 - 1e-9)
        change = max(
            abs(a - b) for ra, rb in zip(new_m, m, strict=True) for a, b in zip(ra, rb, strict=True)
        )
        m, prior = new_m, new_prior
        if change < tolerance:
            break
    return m, prior


def neutralised(vector: Vector) -> Vector:
    """The vector with neutral levels (missing, a swap counted elsewhere) set to 0."""
    return tuple(
        0 if level in COMPARISONS[c].neutral_levels else level for c, level in enumerate(vector)
    )


def vector_counts(
    records: Sequence[PreparedRecord], pairs: Iterable[tuple[int, int]], settings: MatchSettings
) -> Counter[Vector]:
    fuzziness = settings.fuzziness
    return Counter(
        neutralised(comparison_vector(records[i], records[j], fuzziness)) for i, j in pairs
    )


@dataclass(frozen=True)
class TrainingSession:
    """One EM run over the pairs that agree on a blocking field.

    The comparisons of the blocking field are fixed (every pair agrees on them, so they say
    nothing about which pairs match); EM estimates the m probabilities of all the others.
    Blocking on a person-level field (name, date of birth) rather than on address keeps
    households out, so the latent classes EM finds are "same person" and "not".
    """

    name: str
    block_key: Callable[[PreparedRecord], str]
    fixed: frozenset[int]


def _name_block(record: PreparedRecord) -> str:
    if not record.given or not record.surname:
        return ""
    return f"{min(record.given_canonicals)}|{record.surname}"


def _dob_block(record: PreparedRecord) -> str:
    return record.dob_text


TRAINING_SESSIONS = (
    TrainingSession("given name and surname", _name_block, frozenset({GIVEN, SURNAME})),
    TrainingSession("date of birth", _dob_block, frozenset({DOB})),
)


def session_pairs(
    records: Sequence[PreparedRecord], key: Callable[[PreparedRecord], str], max_block: int = 200
) -> list[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        value = key(record)
        if value:
            blocks[value].append(index)
    return [
        (i, j)
        for members in blocks.values()
        if 1 < len(members) <= max_block
        for position, i in enumerate(members)
        for j in members[position + 1 :]
    ]


def session_patterns(
    session: TrainingSession, records: Sequence[PreparedRecord], settings: MatchSettings
) -> tuple[Counter[Vector], int]:
    """The session's comparison vectors (its blocking comparisons fixed) and its pair count."""
    pairs = session_pairs(records, session.block_key)
    patterns: Counter[Vector] = Counter()
    for vector, count in vector_counts(records, pairs, settings).items():
        patterns[tuple(0 if c in session.fixed else lv for c, lv in enumerate(vector))] += count
    return patterns, len(pairs)


def _estimate_m_and_prior(
    sessions: list[tuple[TrainingSession, Counter[Vector], int]],
    all_pairs: float,
    m_start: list[list[float]],
    u: list[list[float]],
) -> tuple[list[list[float]], float]:
    """m (mean over the sessions that did not block on each comparison) and the prior.

    The prior comes from the date-of-birth session: matches found there, divided by the
    share of true matches whose dates of birth agree exactly, over all possible pairs.
    """
    estimates: list[list[list[float]]] = [[] for _ in m_start]
    matches_by_session = {}
    for session, patterns, pairs in sessions:
        m, share = expectation_maximisation(patterns, m_start, u, prior=0.3)
        matches_by_session[session.name] = share * pairs
        for c in range(len(m_start)):
            if c not in session.fixed:
                estimates[c].append(m[c])
    m_final = [
        [sum(values) / len(values) for values in zip(*rows, strict=True)] if rows else m_start[c]
        for c, rows in enumerate(estimates)
    ]
    dob_exact_share = m_final[DOB][1] / max(sum(m_final[DOB][1:]), 1e-9)
    matching_pairs = matches_by_session["date of birth"] / max(dob_exact_share, 1e-6)
    return m_final, min(max(matching_pairs / max(all_pairs, 1), 1e-9), 0.5)


def train(
    records: Sequence[PreparedRecord],
    settings: MatchSettings,
    u_pairs: int = 200_000,
    seed: int = 0,
    rounds: int = 2,
    possible_pairs: float | None = None,
) -> MatchSettings:
    """New settings with u, m and the prior estimated from these records (no labels used).

    Round one estimates u from random pairs as they are, then m and the prior by EM; each
    further round takes the expected matching pairs out of the random-pair counts (see
    `u_from_counts`) and re-runs EM with the corrected u.

    `possible_pairs` is the number of pairs that could be the same person, when the records
    are a mix of files that share nobody (training on several sources): the prior is the
    share of matches among those, as it would be within one file. Default: all pairs.
    """
    every_pair = len(records) * (len(records) - 1) / 2
    all_pairs = possible_pairs or every_pair
    counts = random_pair_counts(records, settings, u_pairs, seed)
    u = u_from_counts(counts, settings)
    m_start = [[lv.m for lv in c.levels] for c in settings.comparisons]
    sessions = [(s, *session_patterns(s, records, settings)) for s in TRAINING_SESSIONS]
    m, prior = _estimate_m_and_prior(sessions, all_pairs, m_start, u)
    for _ in range(rounds - 1):
        # Random pairs are drawn from all the records: their share of matches is lower.
        u = u_from_counts(counts, settings, prior * all_pairs / max(every_pair, 1.0), m)
        m, prior = _estimate_m_and_prior(sessions, all_pairs, m_start, u)
    description = (
        f"EM sessions ({', '.join(s.name for s in TRAINING_SESSIONS)}) on {len(records)} "
        f"records, u corrected for matching random pairs ({rounds} rounds)"
    )
    return settings.with_probabilities(m, u, prior, description)
