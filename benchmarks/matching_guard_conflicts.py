"""Where the guards cost recall on public data, and what they protect on generated data.

    .venv/bin/python benchmarks/matching_guard_conflicts.py [--public febrl4,febrl3,...]
        [--seeds 1,20261125] [--people 13000]

FEBRL corrupts a duplicate by replacing a whole value: a given name by another name, a date
of birth by another date. On the contract columns such a pair looks exactly like two people
the guards keep apart: twins (same surname, birth date and address, different given names)
and a father and son of the same name (same names and address, birth dates years apart).
This script counts, with the shipped settings, the candidate pairs of each look-alike kind
among the true pairs of each public set (and how many of them the matcher does not link) and
among pairs of *different* people in generated populations (twins, juniors, same-named
brothers): what lifting the guard would gain on one, and merge on the other.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import with_smoke  # noqa: E402
from benchmarks.matching_public import load  # noqa: E402
from frontdoor.demo.population import generate_population, write_match_csv  # noqa: E402
from matching import default_settings, run_bulk  # noqa: E402
from matching.bulk import BulkRun  # noqa: E402
from matching.comparisons import COMPARISONS, DOB, GIVEN, NHS, PNC, RESIDENCE, SEX, SURNAME  # noqa: E402
from matching.dates import years_apart  # noqa: E402


def _labels(comparison: int, *labels: str) -> frozenset[int]:
    return frozenset(COMPARISONS[comparison].levels.index(label) for label in labels)


_SURNAME_AGREES = _labels(
    SURNAME,
    "exact",
    "shares a part or transliteration",
    "one typo (a letter wrong, missing, extra or swapped)",
    "similar (Jaro-Winkler >= high)",
)
_SAME_HOME = _labels(
    RESIDENCE,
    "same address and postcode",
    "same address, postcode differs or missing",
    "same postcode, address similar or missing",
)
_GIVEN_DIFFERENT = _labels(GIVEN, "different")
_GIVEN_EXACT = _labels(GIVEN, "exact")
_DOB_EXACT = _labels(DOB, "exact")
_DOB_DIFFERENT = _labels(DOB, "different")
_SEX_DIFFERENT = _labels(SEX, "different")
_SHARED_ID = {NHS: _labels(NHS, "same valid number"), PNC: _labels(PNC, "same valid ID")}
TWIN = "twin look-alike: given names different, surname, birth date and home agree"
GENERATION = "generation look-alike: names exact, home agrees, birth dates over 2 years apart"


def look_alike(run: BulkRun, i: int, j: int) -> str:
    """The look-alike kind of a scored pair, or ""."""
    v = run.scored[(i, j)].vector
    if (
        v[SEX] in _SEX_DIFFERENT
        or v[SURNAME] not in _SURNAME_AGREES
        or v[RESIDENCE] not in _SAME_HOME
    ):
        return ""
    if any(v[c] in levels for c, levels in _SHARED_ID.items()):
        return ""
    if v[GIVEN] in _GIVEN_DIFFERENT and v[DOB] in _DOB_EXACT:
        return TWIN
    a, b = run.records[i].dob, run.records[j].dob
    far = a is not None and b is not None and years_apart(a, b) > 2
    if v[GIVEN] in _GIVEN_EXACT and v[DOB] in _DOB_DIFFERENT and far:
        return GENERATION
    return ""


def count(rows: list[dict[str, str]], truth: dict[str, str]) -> tuple[Counter, Counter, Counter]:
    """(true pairs, true pairs not linked, pairs of different people) per look-alike kind."""
    run = run_bulk(rows, default_settings())
    ids = [record.record_id for record in run.records]
    true, missed, false = Counter(), Counter(), Counter()
    for i, j in run.scored:
        kind = look_alike(run, i, j)
        if not kind:
            continue
        if truth[ids[i]] == truth[ids[j]]:
            true[kind] += 1
            missed[kind] += run.labels[i] != run.labels[j]
        else:
            false[kind] += 1
    return true, missed, false


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--public", default="febrl4,febrl3,rldata10000")
    parser.add_argument("--seeds", default="1,20261125")
    parser.add_argument("--people", type=int, default=13000)
    with_smoke(parser, public="rldata500", seeds="1", people=300)
    args = parser.parse_args()
    print(f"{'data':<28}{'kind':<12}{'true pairs':>11}{'not linked':>11}{'different people':>18}")
    for name in filter(None, args.public.split(",")):
        dataset = load(name)
        report(dataset.name, *count(dataset.rows, dataset.truth))
    for seed in filter(None, args.seeds.split(",")):
        population = generate_population(args.people, seed=int(seed))
        text = io.StringIO()
        write_match_csv(population.records, text)
        text.seek(0)
        rows = list(csv.DictReader(text))
        truth = {r.record_id: r.person_key for r in population.records}
        report(f"generator seed {seed}", *count(rows, truth))
    print(f"\ntwin = {TWIN}\ngeneration = {GENERATION}")


def report(name: str, true: Counter, missed: Counter, false: Counter) -> None:
    for kind, short in ((TWIN, "twin"), (GENERATION, "generation")):
        print(f"{name:<28}{short:<12}{true[kind]:>11}{missed[kind]:>11}{false[kind]:>18}")


if __name__ == "__main__":
    main()
