"""Scale of the in-memory matcher: a million-person index, single-referral latency, bulk speed.

    .venv/bin/python benchmarks/matching_scale.py [--people 1000000] [--queries 2000]
        [--file-records 24000] [--no-splink]

1. Builds a `MatchIndex` of N generated people (one canonical record each, from the demo
   generator's `iter_people` when it has one) plus the people of a small population whose
   agencies' dirty records then serve as referrals; reports build time and memory.
2. Resolves referrals one at a time (half of known people, dirty; half strangers) and reports
   latency p50 / p95 / p99.
3. Times `match_records` (the engine behind `frontdoor match-file`) on a >= 24,000-record file,
   and Splink on the same CSV (in .venv-bench) in the same run.

The app's database-backed person index (SQLite / PostgreSQL) is measured by
`benchmarks/identity_index_scale.py`.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import with_smoke  # noqa: E402
from benchmarks.matching_accuracy import ROOT, ensure_bench_venv, generate, read_rows  # noqa: E402
from frontdoor.demo import population as generator  # noqa: E402
from matching import MatchIndex, Record, default_settings, match_records, prepare  # noqa: E402


def person_record(person, record_id: str) -> Record:
    return Record(
        record_id=record_id,
        source="index",
        given_name=person.given_name,
        middle_name=person.middle_name,
        surname=person.surname,
        date_of_birth=person.date_of_birth.isoformat(),
        sex=person.sex,
        address=person.address,
        postcode=person.postcode,
        nhs_number=person.nhs_number or "",
        phone=person.phone or "",
        pnc_id=person.pnc_id or "",
    )


def many_people(count: int, seed: int):
    if hasattr(generator, "iter_people"):
        return islice(generator.iter_people(count, seed), count)
    print("generator has no iter_people: generating a population instead", file=sys.stderr)
    return iter(generator.generate_population(count, seed).people[:count])


def build_index(people: int, seed: int, referral_population) -> tuple[MatchIndex, float, float]:
    gc.collect()
    rss_before = psutil.Process().memory_info().rss
    started, started_cpu = time.perf_counter(), time.process_time()
    index = MatchIndex(default_settings())
    for number, person in enumerate(many_people(people, seed)):
        index.insert(person_record(person, f"idx{number}"))
        if number and number % 100_000 == 0:
            print(f"  indexed {number:,} ({time.perf_counter() - started:.0f}s)", file=sys.stderr)
    for person in referral_population.people:
        index.insert(person_record(person, f"known-{person.key}"))
    elapsed = time.perf_counter() - started
    print(f"  build CPU time {time.process_time() - started_cpu:.0f}s", file=sys.stderr)
    gc.collect()
    rss = (psutil.Process().memory_info().rss - rss_before) / 2**30
    return index, elapsed, rss


def measure_latency(index: MatchIndex, referrals, strangers, queries: int, seed: int):
    rng = random.Random(seed)
    sample = rng.sample(referrals, min(queries // 2, len(referrals)))
    sample += rng.sample(strangers, min(queries - len(sample), len(strangers)))
    rng.shuffle(sample)
    wall, cpu, decisions = [], [], {"link": 0, "review": 0, "new": 0}
    for record in sample:
        started, started_cpu = time.perf_counter(), time.thread_time()
        resolution = index.resolve(prepare(record))
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
        decisions[str(resolution.decision)] += 1
    return _percentiles(wall), _percentiles(cpu), decisions, len(sample)


def _percentiles(values: list[float]) -> str:
    cuts = statistics.quantiles(values, n=100)
    return f"p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, p99 {cuts[98]:.1f} ms"


def time_bulk(records: int, seed: int, splink: bool) -> None:
    population = generate(records // 2, seed, records)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "records.csv"
        with csv_path.open("w", newline="", encoding="utf-8") as handle:
            generator.write_match_csv(population.records, handle)
        rows = read_rows(csv_path)
        started, started_cpu = time.perf_counter(), time.process_time()
        result = match_records(rows)
        ours = time.perf_counter() - started
        print(f"match_records CPU time {time.process_time() - started_cpu:.1f}s")
        print(
            f"match_records: {len(rows):,} records in {ours:.1f}s "
            f"({len(rows) / ours:,.0f} records/s), {len(set(result.assignments.values())):,} people"
        )
        started = time.perf_counter()
        result = match_records(rows, estimate=True)
        print(f"match_records with EM re-estimation: {time.perf_counter() - started:.1f}s")
        if splink:
            python = ensure_bench_venv()
            started = time.perf_counter()
            subprocess.run(
                [str(python), str(ROOT / "benchmarks" / "matching_splink.py"), str(csv_path), tmp],
                check=True,
            )
            wall = time.perf_counter() - started
            timing = (Path(tmp) / "splink_timing.json").read_text()
            print(f"Splink on the same file: process wall {wall:.1f}s; {timing}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--file-records", type=int, default=24_000)
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--skip-index", action="store_true")
    with_smoke(parser, people=2000, queries=20, file_records=400, no_splink=True)
    args = parser.parse_args()
    if not args.skip_index:
        referral_population = generator.generate_population(3000, args.seed + 1)
        strangers_population = generator.generate_population(3000, args.seed + 2)
        index, build_seconds, memory = build_index(args.people, args.seed, referral_population)
        print(
            f"index: {len(index):,} records / {index.people:,} people, "
            f"{len(index.postings):,} keys; built in {build_seconds:.0f}s; memory {memory:.2f} GiB"
        )
        wall, cpu, decisions, count = measure_latency(
            index,
            referral_population.records,
            strangers_population.records,
            args.queries,
            args.seed,
        )
        print(f"resolve latency over {count} referrals (target p95 <= 50 ms): wall {wall}")
        print(f"  CPU time of the resolving thread (robust to a busy machine): {cpu}")
        print(f"  decisions {decisions}; load average {os.getloadavg()}")
        del index
        gc.collect()
    time_bulk(args.file_records, args.seed + 3, not args.no_splink)


if __name__ == "__main__":
    main()
