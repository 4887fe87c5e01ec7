"""Accuracy of identity resolution on public data and generated ground truth, against Splink.

    .venv/bin/python benchmarks/matching_accuracy.py [--public febrl4,febrl3,...] [--seed S]
        [--no-generator] [--no-splink] [--errors N]

In one run, for each dataset: the public person-record sets nobody on the team wrote (FEBRL4
A+B, its held-out half, FEBRL3, RLdata10000: benchmarks/matching_public.py, contract columns,
no SSN) and a population from the demo generator (twins, junior/senior, namesakes,
transliterations, maiden names, day/month swaps, moves...). Each is written as a match-file
CSV and deduplicated by `frontdoor match-file` (a process, shipped settings, timed), by
`matching.run_bulk` with settings re-estimated from the file by EM, and by Splink (in
.venv-bench, created on first use) on the same CSV and columns. Prints, for each: pairwise
precision / recall / F1 of automatic links, recall including the review queue, wrongly merged
pairs across families (for a public set: across true entities), and a closing summary.
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
from benchmarks.matching_public import DEV_SPLIT_SEED, load, split  # noqa: E402
from frontdoor.demo.population import generate_population, write_match_csv  # noqa: E402
from matching import FILE_COLUMNS, default_settings, run_bulk  # noqa: E402
from matching.bulk import result_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / ".venv-bench"
FRONTDOOR = str(Path(sys.executable).with_name("frontdoor"))


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
    script = str(ROOT / "benchmarks" / "matching_splink.py")
    done = subprocess.run([str(python), script, str(csv_path), str(work)], capture_output=True)
    if done.returncode:  # Splink's warnings are many and long: shown only when it fails
        print(done.stdout.decode()[-2000:], done.stderr.decode()[-2000:], file=sys.stderr)
        raise SystemExit(f"Splink failed on {csv_path.name}")
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


class TruthPopulation:
    """A public dataset's truth in the shape `pairwise_metrics` reads: each true entity is its
    own family, so "x-family" counts wrongly merged pairs."""

    def __init__(self, truth: dict[str, str]) -> None:
        self.truth = truth

    def person_of(self, record_id: str) -> str:
        return self.truth[record_id]

    def family_of_person(self, person: str) -> str:
        return person


def run_match_file(csv_path: Path, work: Path, population) -> tuple[Metrics, float]:
    """`frontdoor match-file` as a user runs it (a process, shipped settings), timed."""
    out, review = work / "out.csv", work / "review.csv"
    command = [FRONTDOOR, "match-file", str(csv_path), "--out", str(out), "--review", str(review)]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    assignments = {row["record_id"]: row["person_id"] for row in read_rows(out)}
    pairs = [(row["record_id_a"], row["record_id_b"]) for row in read_rows(review)]
    return pairwise_metrics(assignments, pairs, population), elapsed


def evaluate(name: str, csv_path: Path, population, args, work: Path) -> list[tuple[str, Metrics]]:
    """One dataset: match-file (shipped settings), EM on the file, Splink; prints the table."""
    rows = read_rows(csv_path)
    metrics, elapsed = run_match_file(csv_path, work, population)
    print(f"{name}: match-file {elapsed:.1f}s for {len(rows)} records (process wall)")
    table = [("Front Door match-file", metrics)]
    metrics, elapsed, details = run_ours(rows, population, estimate=True)
    print(f"{name}: EM on the file, then match: {elapsed:.1f}s (in process)")
    table.append(("Front Door (EM on file)", metrics))
    if args.errors:
        from benchmarks.matching_metrics import print_errors

        print_errors(run_ours(rows, population, False)[2]["run"], population, args.errors)
    if not args.no_splink:
        table.extend(run_splink(csv_path, population, work) or [])
    print(f"== {name}")
    print_table(table)
    ours = max(m.f1 for label, m in table if label.startswith("Front Door"))
    splinks = [m.f1 for label, m in table if label.startswith("Splink")]
    if splinks:
        print(f"best Front Door F1 {ours:.4f} vs best Splink F1 (any threshold) {max(splinks):.4f}")
    return table


def public_csv(spec: str, work: Path) -> tuple[str, Path, TruthPopulation]:
    """`febrl4`, `febrl4:held-out`, `febrl3`, `rldata10000`... written as a match-file CSV."""
    name, _, half = spec.partition(":")
    dataset = load(name)
    if half:
        dataset = split(dataset, DEV_SPLIT_SEED)[0 if half == "dev" else 1]
    path = work / f"{spec.replace(':', '_')}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, FILE_COLUMNS)
        writer.writeheader()
        writer.writerows(dataset.rows)
    print(f"{dataset.name}: {len(dataset.rows)} records of {len(set(dataset.truth.values()))}")
    return dataset.name, path, TruthPopulation(dataset.truth)


def generated_csv(args, work: Path) -> tuple[str, Path, object]:
    population = generate(args.people, args.seed, args.min_records)
    describe_population(population)
    path = work / "records.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_match_csv(population.records, handle)
    return f"generator seed {args.seed}", path, population


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=13000)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--min-records", type=int, default=20000)
    parser.add_argument(
        "--public",
        default="febrl4,febrl4:held-out,febrl3,rldata10000",
        help="public datasets (benchmarks/matching_public.py); empty for none",
    )
    parser.add_argument("--no-generator", action="store_true")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--errors", type=int, default=0, help="print this many error examples")
    with_smoke(parser, people=300, min_records=400, no_splink=True, public="rldata500")
    args = parser.parse_args()
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        specs = [spec for spec in args.public.split(",") if spec]
        for index, spec in enumerate([*specs, *([] if args.no_generator else ["generator"])]):
            folder = work / str(index)
            folder.mkdir()
            name, path, truth = (
                generated_csv(args, folder) if spec == "generator" else public_csv(spec, folder)
            )
            summary.append((name, evaluate(name, path, truth, args, folder)))
    print_summary(summary)


def print_summary(summary: list[tuple[str, list[tuple[str, Metrics]]]]) -> None:
    print("\n== summary: match-file (shipped settings) against Splink's best threshold")
    print(f"{'data':<36}{'P':>8}{'R':>8}{'F1':>8}{'R+rev':>8}{'wrong':>7}{'Splink F1':>11}")
    for name, table in summary:
        ours = table[0][1]
        splinks = [(m.f1, label) for label, m in table if label.startswith("Splink")]
        best = f"{max(splinks)[0]:.4f}" if splinks else "-"
        print(
            f"{name:<36}{ours.precision:>8.4f}{ours.recall:>8.4f}{ours.f1:>8.4f}"
            f"{ours.recall_with_review:>8.4f}{ours.cross_family_pairs:>7}{best:>11}"
        )


if __name__ == "__main__":
    main()
