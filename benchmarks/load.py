"""Load test of the scaled-out topology, bounded and on loopback only.

Two gunicorn app processes behind nginx (ip_hash), one scheduler, PostgreSQL and Redis, on a
fresh database loaded with the demo population. At once, for --duration seconds:
  - 40 meeting clients (real Socket.IO over WebSocket, through nginx) typing into the shared
    notes, each every --edit-interval seconds; an edit counts when the server acknowledges it,
    i.e. after it is committed;
  - 200 who-is-in-contact look-ups a minute (signed-in agency workers, the real form, CSRF);
  - one 5,000-referral police import (`frontdoor import police`, as the drop folder runs it).
Reports p50/p95/p99 per operation, errors, and the CPU and memory of every process. Finally
checks that every acknowledged edit is in the stored notes. `--soak` runs 10 minutes and
reports the app processes' memory growth.

    .venv/bin/python benchmarks/load.py                  # 60 s
    .venv/bin/python benchmarks/load.py --soak           # 600 s, memory growth
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from agenda.live import documents  # noqa: E402
from benchmarks import with_smoke  # noqa: E402
from benchmarks.load_resources import Resources  # noqa: E402
from benchmarks.load_seed import (  # noqa: E402
    PASSWORD,
    Seeded,
    create_database,
    drop_database,
    police_file,
    seed,
)
from frontdoor import create_app  # noqa: E402
from frontdoor.db import db  # noqa: E402
from frontdoor.ops.topology import Topology  # noqa: E402
from tests.browser_fixtures import free_port  # noqa: E402
from tests.ops.clients import MeetingClient, csrf_token_in, signed_in_session  # noqa: E402

BIN = Path(sys.executable).parent


@dataclass
class Timings:
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, operation: str, seconds: float) -> None:
        with self.lock:
            self.samples.setdefault(operation, []).append(seconds * 1000)

    def error(self, operation: str) -> None:
        with self.lock:
            self.errors[operation] = self.errors.get(operation, 0) + 1


class Load:
    """The three workloads, run on threads until `stop` is set."""

    def __init__(self, url: str, seeded: Seeded, timings: Timings, edit_interval: float) -> None:
        self.url = url
        self.seeded = seeded
        self.timings = timings
        self.edit_interval = edit_interval
        self.stop = threading.Event()
        self.clients: list[MeetingClient] = []
        self.imported: dict[str, object] = {}

    def connect_clients(self) -> None:
        for i, email in enumerate(self.seeded.partners):
            client = MeetingClient(
                self.url, email, PASSWORD, self.seeded.meeting_id, self.seeded.item_id,
                address=f"10.1.{i + 1}.1", name=f"c{i}",
            )  # fmt: skip
            started = time.perf_counter()
            self.clients.append(client.connect())
            self.timings.add("meeting: sign in + connect", time.perf_counter() - started)

    def type_notes(self, client: MeetingClient, offset: float) -> None:
        count = 0
        next_at = time.monotonic() + self.edit_interval * offset
        while not self.stop.is_set():
            self.stop.wait(max(0.0, next_at - time.monotonic()))
            next_at += self.edit_interval
            if self.stop.is_set():
                break
            count += 1
            started = time.perf_counter()
            if client.edit(f"{client.name}-{count}"):
                self.timings.add("meeting: edit acknowledged", time.perf_counter() - started)
            else:
                self.timings.error("meeting: edit acknowledged")

    def look_up(self, email: str, index: int, per_minute_each: float) -> None:
        http = signed_in_session(self.url, email, PASSWORD, f"10.2.{index + 1}.1")
        interval = 60.0 / per_minute_each
        next_at = time.monotonic() + interval * index / len(self.seeded.workers)
        count = 0
        while not self.stop.is_set():
            self.stop.wait(max(0.0, next_at - time.monotonic()))
            next_at += interval
            if self.stop.is_set():
                break
            person = self.seeded.people[(index * 37 + count) % len(self.seeded.people)]
            count += 1
            started = time.perf_counter()
            try:
                page = http.get(f"{self.url}/who-is-in-contact", timeout=30)
                response = http.post(
                    f"{self.url}/who-is-in-contact",
                    data={
                        **person,
                        "purpose": "Planning a safeguarding visit next week",
                        "csrf_token": csrf_token_in(page.text),
                    },
                    timeout=30,
                )
                ok = response.status_code == 200
            except (requests.RequestException, ValueError):
                ok = False
            if ok:
                self.timings.add(
                    "who-is-in-contact (page + look-up)", time.perf_counter() - started
                )
            else:
                self.timings.error("who-is-in-contact (page + look-up)")

    def import_referrals(self, env: dict[str, str], csv_path: Path, label: str) -> None:
        """Runs on its own thread; its result and CPU time land in self.imported."""
        cpu_before = _children_cpu_seconds()
        started = time.perf_counter()
        result = subprocess.run(
            [str(BIN / "frontdoor"), "import", "police", str(csv_path), "--json"],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        summary = json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout else {}
        if result.returncode == 0:
            self.timings.add(label, elapsed)
        else:
            self.timings.error(label)
        summary.pop("errors", None)  # row-level messages: counted in "quarantined"
        summary["warnings"] = len(summary.get("warnings", []))
        self.imported = {
            "seconds": round(elapsed, 1),
            "CPU seconds": round(_children_cpu_seconds() - cpu_before, 1),
            **summary,
        }


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        value = values[0] if values else float("nan")
        return value, value, value
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cuts[94], cuts[98]


def report(timings: Timings, resources: Resources, extra: dict[str, object]) -> None:
    print(
        "\noperation                                   count  errors    p50 ms    p95 ms    p99 ms"
    )
    for operation in sorted(set(timings.samples) | set(timings.errors)):
        values = timings.samples.get(operation, [])
        p50, p95, p99 = percentiles(values)
        print(
            f"{operation:42} {len(values):6} {timings.errors.get(operation, 0):7}"
            f" {p50:9.1f} {p95:9.1f} {p99:9.1f}"
        )
    print("\nprocess                 CPU % (of one core)   RSS MB first -> last (peak)")
    for name, cpu in resources.cpu.items():
        rss = resources.rss.get(name)
        memory = f"{rss[0]:7.1f} -> {rss[-1]:7.1f} ({max(rss):.1f})" if rss else ""
        print(f"{name:24} {cpu:10.1f}            {memory}")
    for key, value in extra.items():
        print(f"{key}: {value}")


def memory_growth(resources: Resources, window: int) -> dict[str, str]:
    """Average RSS of the first and last `window` samples of each app process."""
    growth = {}
    for name, samples in resources.rss.items():
        if not name.startswith("app") or len(samples) < 2 * window:
            continue
        first, last = statistics.mean(samples[:window]), statistics.mean(samples[-window:])
        growth[f"memory growth {name}"] = (
            f"{first:.1f} MB -> {last:.1f} MB ({last - first:+.1f} MB)"
        )
    return growth


def lost_edits(env: dict[str, str], seeded: Seeded, clients: list[MeetingClient]) -> str:
    """Acknowledged edits not in the stored notes, read in one consistent snapshot."""
    app = create_app(
        {"DATABASE_URL": env["DATABASE_URL"], "INSTANCE_PATH": env["FRONTDOOR_INSTANCE"]}
    )
    time.sleep(5)
    with app.app_context():
        session = db.session()
        # One consistent snapshot: under READ COMMITTED a compaction committing between the
        # snapshot read and the updates read shows a text missing what it merged.
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        notes = documents.text_of(session, seeded.item_id, "notes")
        db.session.remove()
    missing = [t for c in clients for t in c.acked if f"[{t}]" not in notes]
    if not missing:
        return "0"
    numbers = sorted(int(t.rsplit("-", 1)[1]) for t in missing)
    return (
        f"{len(missing)} (edit numbers {numbers[0]}..{numbers[-1]} of each client's sequence; "
        f"stored text {len(notes)} characters)"
    )


def _reasons(clients: list[MeetingClient]) -> dict[str, int]:
    reasons: dict[str, int] = {}
    for client in clients:
        for reason, count in client.failure_reasons.items():
            reasons[reason] = reasons.get(reason, 0) + count
    return reasons


def run(args: argparse.Namespace, env: dict[str, str], folder: Path) -> None:
    print(f"Seeding: demo population of {args.families} families, {args.clients} partners, "
          f"{args.workers} agency workers...", flush=True)  # fmt: skip
    seeded = seed(env, args.families, args.clients, args.workers, demo=not args.from_database)
    csv_path = police_file(args.families, args.referrals, folder)
    topology = Topology(folder / "run", free_port(), [free_port(), free_port()], env)
    topology.start()
    timings = Timings()
    resources = Resources(topology, interval=1.0)
    load = Load(topology.url, seeded, timings, args.edit_interval)
    try:
        load.connect_clients()
        threads = [
            threading.Thread(target=load.type_notes, args=(c, i / len(load.clients)))
            for i, c in enumerate(load.clients)
        ]
        per_worker = args.lookups_per_minute / len(seeded.workers)
        threads += [
            threading.Thread(target=load.look_up, args=(email, i, per_worker))
            for i, email in enumerate(seeded.workers)
        ]
        monitor = threading.Thread(target=resources.run)
        monitor.start()
        print(f"Running for {args.duration} s (longer if the import is slower)...", flush=True)
        for thread in threads:
            thread.start()
        time.sleep(min(5, args.duration / 10))
        label = f"import: {args.referrals} police incidents (whole file)"
        importer = threading.Thread(target=load.import_referrals, args=(env, csv_path, label))
        importer.start()
        while time.monotonic() - resources.started < args.duration or importer.is_alive():
            time.sleep(0.5)
        load.stop.set()
        for thread in threads:
            thread.join(timeout=60)
        resources.stop.set()
        monitor.join()
        extra: dict[str, object] = {
            "duration s": round(time.monotonic() - resources.started),
            "import": load.imported,
            "acknowledged edits": sum(len(c.acked) for c in load.clients),
            "acknowledged edits missing from the stored notes": lost_edits(
                env, seeded, load.clients
            ),
            "client reconnections": sum(c.reconnections for c in load.clients),
            "edit errors by reason": _reasons(load.clients),
        }
        if args.soak:
            extra.update(memory_growth(resources, window=60))
        report(timings, resources, extra)
    finally:
        for client in load.clients:
            client.close()
        topology.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--soak", action="store_true", help="10 minutes; report memory growth")
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--edit-interval", type=float, default=2.0, help="seconds, per client")
    parser.add_argument("--lookups-per-minute", type=float, default=200)
    parser.add_argument("--workers", type=int, default=10, help="agency workers looking up")
    parser.add_argument("--referrals", type=int, default=5000)
    parser.add_argument("--families", type=int, default=1500, help="demo population size")
    parser.add_argument(
        "--from-database",
        help="copy this database (loaded by `frontdoor demo --families N --seed 2026`) "
        "instead of loading the demo",
    )
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get(
            "PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--keep-database", action="store_true", help="do not drop it after")
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    with_smoke(parser, duration=5, clients=3, workers=1, referrals=50, families=60)
    args = parser.parse_args()
    if args.soak:
        args.duration = max(args.duration, 600)
    database_url = create_database(args.pg_admin_url, args.from_database)
    try:
        with tempfile.TemporaryDirectory(prefix="frontdoor-load-") as tmp:
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "REDIS_URL": args.redis_url,
                "FRONTDOOR_INSTANCE": tmp,
                "SECRET_KEY": secrets.token_hex(32),
            }
            run(args, env, Path(tmp))
    finally:
        if args.keep_database:
            print(f"Database kept: {database_url}")
        else:
            drop_database(args.pg_admin_url, database_url)


if __name__ == "__main__":
    main()
