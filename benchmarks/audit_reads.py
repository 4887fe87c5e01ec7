"""Audited page views per second with 20 concurrent readers on PostgreSQL, before and after the
audit chain came off the read path (issue #19), in the same run.

Each reader is a signed-in partner loading `/actions/` (their agency's actions: one audit event,
then a few queries per action) again and again for --duration seconds. "Before" is the code of
BEFORE_COMMIT, the last commit on main before the change (every audited transaction locked the
chain's tip until it ended), extracted with `git archive` and run as its own server processes
on its own database; "after" is this tree. Both run alike: two gunicorn app processes (gthread,
as deployed; readers split between them), one `frontdoor scheduler run` (after: the chainer,
every AUDIT_SEAL_SECONDS), a fresh database each, migrated and seeded by its own code. Runs
alternate (before, after, before, ...), one variant served at a time (its processes started for
the run; the readers sign in again). The report gives every
run, the medians, their ratio and the load average; then checks that every page view was
audited and that `frontdoor audit verify` passes on both databases.

    .venv/bin/python -m benchmarks.audit_reads                 # 20 readers, 5 runs of 20 s each
    .venv/bin/python -m benchmarks.audit_reads --smoke         # seconds; figures mean nothing
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from benchmarks import with_smoke
from benchmarks.audit_reads_seed import PASSWORD, email
from benchmarks.load_seed import create_database, drop_database
from frontdoor.ops.topology import Process, wait_until_ready
from tests.browser_fixtures import free_port
from tests.ops.clients import signed_in_session

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BEFORE_COMMIT = "c012075f70c61aa9235eb93d42a0c477b272b724"  # main before the change
PAGE = "/actions/"
APP_PROCESSES = 2


@dataclass
class Variant:
    name: str
    tree: Path
    database_url: str
    instance: Path
    urls: list[str] = field(default_factory=list)
    runs: list[float] = field(default_factory=list)  # pages per second, one per run
    views: int = 0
    errors: int = 0

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": f"{self.tree}{os.pathsep}{ROOT / 'benchmarks'}",
            "DATABASE_URL": self.database_url,
            "FRONTDOOR_INSTANCE": str(self.instance),
            "SECRET_KEY": "benchmark-" + secrets.token_hex(16),
            "SIGN_IN_RATE_LIMIT": "100000 per minute",
            "LOG_LEVEL": "WARNING",
            **extra,
        }


def _spawn(variant: Variant, name: str, command: list[str], **extra: str) -> Process:
    log = variant.instance / f"{name}.log"
    with log.open("ab") as out:
        popen = subprocess.Popen(  # noqa: S603 (our own commands)
            command, cwd=variant.tree, env=variant.env(**extra), stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    return Process(name, popen, log)


def prepare(variant: Variant, readers: int, actions: int) -> None:
    """Migrate and seed the variant's database with the variant's own code."""
    variant.instance.mkdir(parents=True, exist_ok=True)
    code = (
        "from audit_reads_seed import seed; "
        f"seed({variant.database_url!r}, {str(variant.instance)!r}, {readers}, {actions})"
    )
    command = [sys.executable, "-c", code]
    subprocess.run(command, cwd=variant.tree, env=variant.env(), check=True)  # noqa: S603


@contextmanager
def serving(variant: Variant) -> Iterator[None]:
    """The variant's app processes and scheduler, until the block ends."""
    processes = [_spawn(variant, "scheduler", [str(BIN / "frontdoor"), "scheduler", "run"])]
    conf = str(variant.tree / "gunicorn.conf.py")
    for n in range(APP_PROCESSES):
        port = free_port()
        processes.append(
            _spawn(variant, f"app-{n}", [str(BIN / "gunicorn"), "-c", conf],
                   FRONTDOOR_BIND=f"127.0.0.1:{port}", GUNICORN_THREADS="32")
        )  # fmt: skip
        variant.urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process in zip(variant.urls, processes[1:], strict=True):
            wait_until_ready(url, process)
        yield
    finally:
        for process in processes:
            process.stop()
        variant.urls.clear()


def readers_of(variant: Variant, count: int) -> list[requests.Session]:
    urls = variant.urls
    return [
        signed_in_session(urls[n % len(urls)], email(n), PASSWORD, f"10.0.0.{n + 1}")
        for n in range(count)
    ]


def measure(variant: Variant, readers: list[requests.Session], duration: float) -> None:
    """All readers load the page at once for `duration` seconds; one run's pages per second."""
    counts = [0] * len(readers)
    errors = [0] * len(readers)
    start = threading.Barrier(len(readers) + 1)
    stop = threading.Event()

    def read(n: int) -> None:
        url = variant.urls[n % len(variant.urls)] + PAGE
        start.wait()
        while not stop.is_set():
            try:
                response = readers[n].get(url, timeout=60, allow_redirects=False)
            except requests.RequestException:  # counted: e.g. a worker restarted under load
                errors[n] += 1
                continue
            if response.status_code == 200 and "our actions" in response.text:
                counts[n] += 1
            else:
                errors[n] += 1

    threads = [threading.Thread(target=read, args=(n,)) for n in range(len(readers))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(duration)  # the measuring window (a benchmark, not a test)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    variant.runs.append(sum(counts) / elapsed)
    variant.views += sum(counts)
    variant.errors += sum(errors)


def audited(variant: Variant) -> tuple[int, str]:
    """(page views audited in the database, `frontdoor audit verify`'s last line)."""
    verify = subprocess.run(  # noqa: S603
        [str(BIN / "frontdoor"), "audit", "verify"], cwd=variant.tree, env=variant.env(),
        capture_output=True, text=True,
    )  # fmt: skip
    engine = create_engine(variant.database_url)
    with engine.connect() as conn:
        query = "SELECT count(*) FROM audit_events WHERE action = 'action.list_viewed'"
        count = conn.execute(text(query)).scalar() or 0
    engine.dispose()
    lines = (verify.stdout + verify.stderr).strip().splitlines()
    return count, f"exit {verify.returncode}: {lines[-1] if lines else ''}"


def report(variants: list[Variant], args: argparse.Namespace, load: list[float]) -> None:
    print(
        f"Audited page views per second: {args.readers} concurrent readers of {PAGE} "
        f"({args.actions} actions), {args.runs} run(s) of {args.duration:g} s each, "
        f"{APP_PROCESSES} app processes + scheduler per variant, PostgreSQL"
    )
    print(
        f"machine: {os.cpu_count()} cores; load average (1 min) during the runs: "
        f"min {min(load):.1f}, median {statistics.median(load):.1f}, max {max(load):.1f}"
    )
    for variant in variants:
        runs = ", ".join(f"{r:.1f}" for r in variant.runs)
        count, verified = audited(variant)
        print(
            f"{variant.name:>8}: median {statistics.median(variant.runs):7.1f} pages/s "
            f"(runs: {runs}); errors {variant.errors}; page views {variant.views}, "
            f"audited {count}; audit verify {verified}"
        )
    base = max(statistics.median(variants[0].runs), 1e-9)
    for variant in variants[1:]:
        ratio = statistics.median(variant.runs) / base
        print(f"   ratio: {variant.name} / {variants[0].name} = {ratio:.2f}x (medians)")


def extracted(commit: str, tree: Path) -> Path:
    """The code of `commit`, from this repository (git archive), in `tree`."""
    tree.mkdir()
    archive = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "archive", commit],
        capture_output=True,
        check=True,  # noqa: S607
    )
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)  # noqa: S607
    return tree


def variants_of(args: argparse.Namespace, folder: Path, urls: list[str]) -> list[Variant]:
    tree = Path(args.before_tree) if args.before_tree else extracted(args.before, folder / "b")
    variants = [Variant("before", tree, urls[0], folder / "before-instance")]
    for n, commit in enumerate(args.also, start=1):
        name = commit[:7]
        variants.append(
            Variant(name, extracted(commit, folder / name), urls[n], folder / f"{name}-instance")
        )
    variants.append(Variant("after", ROOT, urls[-1], folder / "after-instance"))
    return variants


def run(args: argparse.Namespace, folder: Path, urls: list[str]) -> None:
    """Each run serves one variant at a time (its processes started for the run and stopped
    after it), so that idle variants hold no database connections."""
    variants = variants_of(args, folder, urls)
    for variant in variants:
        prepare(variant, args.readers, args.actions)
    load: list[float] = []
    for _ in range(args.runs):
        for variant in variants:
            with serving(variant):
                measure(variant, readers_of(variant, args.readers), args.duration)
            load.append(os.getloadavg()[0])
    report(variants, args, load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per run")
    parser.add_argument("--runs", type=int, default=5, help="runs per variant, alternating")
    parser.add_argument("--actions", type=int, default=60, help="open actions on the page")
    parser.add_argument("--before", default=BEFORE_COMMIT, help="commit measured as before")
    parser.add_argument("--before-tree", help="a checkout of the before code to use instead")
    parser.add_argument(
        "--also", action="append", default=[], metavar="COMMIT",
        help="measure this commit too, between before and after (to attribute the gain)",
    )  # fmt: skip
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get(
            "PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    with_smoke(parser, readers=2, duration=1.0, runs=1, actions=3)
    args = parser.parse_args()
    urls = [create_database(args.pg_admin_url, None) for _ in range(2 + len(args.also))]
    try:
        with tempfile.TemporaryDirectory(prefix="frontdoor-audit-reads-") as tmp:
            run(args, Path(tmp), urls)
    finally:
        for url in urls:
            drop_database(args.pg_admin_url, url)


if __name__ == "__main__":
    main()
