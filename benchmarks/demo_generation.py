"""How fast the synthetic population generates, and how much memory it takes.

    .venv/bin/python benchmarks/demo_generation.py            # 1k, 100k, 1M people
    .venv/bin/python benchmarks/demo_generation.py --quick    # 1k and 100k only

Each measurement runs in a fresh interpreter so its peak memory is its own. Prints medians and the
CPU cost per person relative to the 1k baseline measured in the same run (1.0 = linear scaling).
Wall-clock and CPU seconds are both shown: on a shared machine the CPU figure is the steadier.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import with_smoke  # noqa: E402

# (label, people, how, repeats): "population" holds people + shuffled records in memory,
# "people" streams iter_people, "records" streams iter_records.
PLAN = (
    ("generate_population", 1_000, "population", 5),
    ("generate_population", 100_000, "population", 1),
    ("iter_people", 1_000_000, "people", 1),
)


def measure(how: str, people: int) -> dict[str, float]:
    """One timed run in this interpreter."""
    sys.path.insert(0, str(ROOT))
    from frontdoor.demo import generate_population, iter_people, iter_records

    started, cpu_started = time.perf_counter(), time.process_time()
    if how == "population":
        records = len(generate_population(people, seed=1).records)
    elif how == "people":
        records = 0
        for _ in iter_people(people, seed=1):
            pass
    else:
        records = sum(1 for _ in iter_records(people, seed=1))
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = time.process_time() - cpu_started
    return {"seconds": seconds, "cpu": cpu, "records": records, "peak_mib": usage.ru_maxrss / 1024}


def run_fresh(how: str, people: int) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--measure", how, str(people)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the million")
    parser.add_argument("--records", action="store_true", help="also stream 1M people's records")
    parser.add_argument("--measure", nargs=2, metavar=("HOW", "PEOPLE"), help=argparse.SUPPRESS)
    with_smoke(parser, quick=True)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    plan = [step for step in PLAN if not (args.quick and step[1] >= 1_000_000)]
    if args.smoke:
        plan = [("generate_population", 300, "population", 1)]
    if args.records:
        plan.append(("iter_records", 1_000_000, "records", 1))
    print(f"{'what':<22}{'people':>11}{'median s':>10}{'cpu s':>8}{'people/s':>11}{'records':>10}"
          f"{'peak MiB':>10}{'per-person vs 1k':>18}")  # fmt: skip
    baseline = None
    for label, people, how, repeats in plan:
        runs = [run_fresh(how, people) for _ in range(repeats)]
        seconds = statistics.median(run["seconds"] for run in runs)
        cpu = statistics.median(run["cpu"] for run in runs)
        per_person = cpu / people
        baseline = baseline or per_person
        print(
            f"{label:<22}{people:>11,}{seconds:>10.2f}{cpu:>8.2f}{people / seconds:>11,.0f}"
            f"{int(runs[0]['records']):>10,}{max(r['peak_mib'] for r in runs):>10.0f}"
            f"{per_person / baseline:>18.2f}"
        )


if __name__ == "__main__":
    main()
