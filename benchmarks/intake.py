"""Police-file import throughput: parse + validate + store, matching excluded.

Imports a 50,000-row police export (from the synthetic population of `frontdoor.demo`) into a
fresh, migrated SQLite database, several times, and prints rows per second: the median of the
runs, by wall clock and by this process's CPU time (the machine is shared: the CPU figure is the
one that does not depend on what else is running). Target: >= 5,000 rows/s.

    .venv/bin/python -m benchmarks.intake [--rows 50000] [--runs 5]
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks import with_smoke
from frontdoor import create_app, migrate
from frontdoor.accounts import service as accounts
from frontdoor.demo import generate_population, police_notifications, write_police_csv
from frontdoor.intake.service import import_police_file
from frontdoor.models import AgencyKind

REPORTED_ON = date(2026, 11, 24)
TARGET = 5_000


def police_file(rows: int) -> bytes:
    """About 3.3 rows per incident; a population of as many people as rows."""
    population = generate_population(max(2_000, rows), seed=7)
    notifications = police_notifications(
        population, rows // 2 + 50, seed=7, reported_on=REPORTED_ON
    )
    if len(notifications) < rows:
        raise SystemExit(f"only {len(notifications)} rows generated")
    out = io.StringIO()
    write_police_csv(notifications[:rows], out)
    return out.getvalue().encode()


def one_run(data: bytes, workdir: Path, run: int) -> tuple[float, float, dict[str, object]]:
    url = f"sqlite:///{workdir / f'run{run}.db'}"
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(workdir), "TESTING": True,
                      "SECRET_KEY": "benchmark"})  # fmt: skip
    with app.app_context():
        agency = accounts.create_agency("wy-police", "West Yorkshire Police", AgencyKind.POLICE)
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        summary = import_police_file(data, agency_id=agency.id, today=date(2026, 11, 25))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, summary.as_json()


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path, help="use (or save the generated rows to) this file")
    with_smoke(parser, rows=300, runs=1)
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} CPUs (nproc), {cpu_model()}, Python {platform.python_version()}"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    started = time.perf_counter()
    if args.file and args.file.exists():
        data = args.file.read_bytes()
    else:
        data = police_file(args.rows)
        if args.file:
            args.file.write_bytes(data)
    gc.collect()
    print(f"generated {args.rows} rows ({len(data) / 1e6:.1f} MB) in "
          f"{time.perf_counter() - started:.1f}s")  # fmt: skip
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            wall, cpu, summary = one_run(data, Path(tmp), run)
            walls.append(args.rows / wall)
            cpus.append(args.rows / cpu)
            counts = {k: v for k, v in summary.items() if isinstance(v, int | str)}
            print(f"run {run + 1}: {wall:.2f}s wall ({args.rows / wall:,.0f} rows/s), "
                  f"{cpu:.2f}s CPU ({args.rows / cpu:,.0f} rows/s) {counts}")  # fmt: skip
    wall_median, cpu_median = statistics.median(walls), statistics.median(cpus)
    print(f"median rows/s, wall clock: {wall_median:,.0f}")
    print(f"median rows/s, CPU time:   {cpu_median:,.0f}")
    print(f"target {TARGET:,} rows/s: {'met' if wall_median >= TARGET else 'NOT met'} (wall), "
          f"{'met' if cpu_median >= TARGET else 'NOT met'} (CPU)")  # fmt: skip
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
