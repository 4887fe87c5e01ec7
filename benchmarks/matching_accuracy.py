"""Accuracy of identity resolution on generated ground truth, against Splink in the same run.

    .venv/bin/python benchmarks/matching_accuracy.py [--people N] [--seed S] [--no-splink]

Generates a population with the demo generator (twins, junior/senior, namesakes,
transliterations, maiden names, day/month swaps, moves...), writes the agencies' records as a
match-file CSV, deduplicates it with `matching.match_records` (shipped settings, and settings
re-estimated from this very file by EM), and with Splink (in .venv-bench, created on first
use) on the same CSV and columns. Prints, for each: pairwise precision / recall / F1 of
automatic links, recall including the review queue, and false merges across families.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import with_smoke  # noqa: E402
from benchmarks.matching_metrics import Metrics, pairwise_metrics  # noqa: E402
from frontdoor.demo.population import generate_population, write_match_csv  # noqa: E402
from matching import default_settings, run_bulk  # noqa: E402
from matching.bulk import result_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / ".venv-bench"


def ensure_bench_venv() -> Path:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        print("creating .venv-bench for Splink (one-off)...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        requirements = ROOT / "benchmarks" / "requirements-splink.txt"
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-r", str(requirements)], check=True
        )
    return python


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def generate(people: int, seed: int, minimum_records: int):
    population = generate_population(people, seed)
    while len(population.records) < minimum_records:
        people = int(people * minimum_records / max(len(population.records), 1) * 1.05) + 1
        population = generate_population(people, seed)
    return population


def run_ours(rows, population, estimate: bool) -> tuple[Metrics, float, dict]:
    started = time.perf_counter()
    run = run_bulk(rows, default_settings(), estimate=estimate)
    result = result_of(run)
    elapsed = time.perf_counter() - started
    review = [(a, b) for a, b, _ in result.review_pairs]
    metrics = pairwise_metrics(result.assignments, review, population)
    return metrics, elapsed, {"run": run, "result": result}


def run_splink(csv_path: Path, population, work: Path) -> list[tuple[str, Metrics]] | None:
    python = ensure_bench_venv()
    started = time.perf_counter()
    subprocess.run(
        [str(python), str(ROOT / "benchmarks" / "matching_splink.py"), str(csv_path), str(work)],
        check=True,
    )
    wall = time.perf_counter() - started
    timing = json.loads((work / "splink_timing.json").read_text())
    with (work / "splink_clusters.csv").open(newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    results = []
    for column, name in enumerate(header[1:], start=1):
        assignments = {row[0]: row[column] for row in rows}
        results.append((f"Splink p>={name[1:]}", pairwise_metrics(assignments, [], population)))
    print(
        f"Splink time: train {timing['train_seconds']:.1f}s, "
        f"predict {timing['predict_seconds']:.1f}s, "
        f"cluster {timing['cluster_seconds']:.1f}s; one threshold end to end "
        f"{timing['total_seconds_one_threshold']:.1f}s (process wall {wall:.1f}s incl. imports)"
    )
    return results


def print_table(rows: list[tuple[str, Metrics]]) -> None:
    print(
        f"{'method':<28}{'precision':>10}{'recall':>9}{'F1':>8}{'recall+rev':>11}"
        f"{'x-family':>9}{'review':>8}{'clusters':>9}"
    )
    for name, m in rows:
        print(
            f"{name:<28}{m.precision:>10.4f}{m.recall:>9.4f}{m.f1:>8.4f}{m.recall_with_review:>11.4f}"
            f"{m.cross_family_pairs:>9}{m.review_pairs:>8}{m.clusters:>9}"
        )


def describe_population(population) -> None:
    sources = Counter(r.source for r in population.records)
    traps = Counter(t for p in population.people for t in p.traps)
    print(
        f"{len(population.records)} records of {len(population.people)} people in "
        f"{len(population.families)} families; sources {dict(sources)}; traps {dict(traps)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=13000)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--min-records", type=int, default=20000)
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--errors", type=int, default=0, help="print this many error examples")
    with_smoke(parser, people=300, min_records=400, no_splink=True)
    args = parser.parse_args()
    population = generate(args.people, args.seed, args.min_records)
    describe_population(population)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "records.csv"
        with csv_path.open("w", newline="", encoding="utf-8") as handle:
            write_match_csv(population.records, handle)
        rows = read_rows(csv_path)
        table = []
        for estimate in (False, True):
            metrics, elapsed, details = run_ours(rows, population, estimate)
            label = "Front Door (EM on file)" if estimate else "Front Door (shipped)"
            print(f"{label}: {elapsed:.1f}s for {len(rows)} records")
            table.append((label, metrics))
            if args.errors:
                from benchmarks.matching_metrics import print_errors

                print_errors(details["run"], population, args.errors)
        if not args.no_splink:
            splink_rows = run_splink(csv_path, population, work)
            if splink_rows:
                table.extend(splink_rows)
        print_table(table)
        ours = max(m.f1 for name, m in table if name.startswith("Front Door"))
        splinks = [m.f1 for name, m in table if name.startswith("Splink")]
        if splinks:
            print(
                f"best Front Door F1 {ours:.4f} "
                f"vs best Splink F1 (any threshold) {max(splinks):.4f}"
            )


if __name__ == "__main__":
    main()
