"""Scale of the app's persistent person index: a million people in the database, one referral
resolved at a time through the real service.

    .venv/bin/python benchmarks/identity_index_scale.py [--people 1000000] [--referrals 300]
        [--seed 7] [--referral-seed N] [--db PATH | --postgres ADMIN_URL [--pg-db NAME]]
        [--reuse [--drop]] [--compare | --verify]

    # a million people on SQLite: the first run builds the file (minutes), later runs reuse it
    .venv/bin/python benchmarks/identity_index_scale.py --db /tmp/fd_index_1m.db --reuse --compare
    # the same on PostgreSQL (the database is kept for the next run; --drop on the last)
    .venv/bin/python benchmarks/identity_index_scale.py --reuse --compare \
        --postgres postgresql://postgres@127.0.0.1:5432/postgres --pg-db frontdoor_bench

1. A fresh database (a temporary SQLite file, or with --postgres a new database created through
   that admin URL and dropped afterwards) is migrated to head, and N generated people
   (`frontdoor.demo.population.iter_people`) are bulk-loaded into the index with
   `frontdoor.identity.bulk_index.load_people`: people, records, blocking keys, name counts.
   Reports load time, rows, database size and memory.
2. Referrals are then written the way intake writes them (person records UNRESOLVED), one at a
   time: two thirds name people already in the index (agencies' dirty records of them, from
   `iter_records` of the same population), one third strangers (another population). Each is
   resolved by `frontdoor.identity.resolution.resolve_pending` — the scheduled job's own code:
   find the unresolved records, look candidates up by key, score with `matching`, write the
   outcome, the new keys and the family, commit. Reports latency p50 / p95 / p99 per referral
   and per record (after a warm-up), the decisions, and links checked against the truth.
3. --compare runs every other referral with the code as it was before the speed work
   (`benchmarks/identity_baseline.py`), so both are timed in the same run under the same load,
   and prints the ratios; --verify resolves each record read-only with both codes first and
   counts the records whose outcome (decision, person, every candidate's weight and rules, the
   household look-up) differs. With --reuse each run adds its referrals' people to the index
   (a few hundred per run on top of the million), and the next run's referrals differ (their
   seed defaults to --seed plus the referrals already stored): a stranger resolved once is no
   longer a stranger.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import groupby, islice
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import (
    identity_baseline,  # noqa: E402
    with_smoke,  # noqa: E402
)
from benchmarks.identity_baseline import baseline_code  # noqa: E402
from benchmarks.identity_baseline import resolve_pending as baseline_pending  # noqa: E402
from benchmarks.identity_index_build import (  # noqa: E402
    build_index,
    fresh_database,
    reused_index,
)
from frontdoor import create_app, migrate  # noqa: E402
from frontdoor.db import db, transaction  # noqa: E402
from frontdoor.demo import population as generator  # noqa: E402
from frontdoor.identity import engine, families, index_dao  # noqa: E402
from frontdoor.identity.resolution import resolve_pending  # noqa: E402
from frontdoor.models import (  # noqa: E402
    Agency,
    Channel,
    DashRisk,
    IdentityKey,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
)

WARM_UP = 20
RECEIVED = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--referrals", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    with_smoke(parser, people=1500, referrals=10)
    parser.add_argument(
        "--referral-seed",
        type=int,
        help="which referrals (default: --seed plus the referrals already in the database, so a"
        " --reuse run never repeats an earlier run's referrals)",
    )
    parser.add_argument("--db", help="SQLite file to create (default: a temporary file)")
    parser.add_argument("--postgres", help="admin URL: a fresh database is created through it")
    parser.add_argument("--pg-db", help="with --postgres: the database's name (for --reuse)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --db or --pg-db: use (and keep) an index an earlier run loaded (same --people"
        " and --seed)",
    )
    parser.add_argument(
        "--compare",
        dest="mode",
        action="store_const",
        const="compare",
        default="current",
        help="time the baseline code (benchmarks/identity_baseline.py) on alternate referrals",
    )
    parser.add_argument(
        "--verify",
        dest="mode",
        action="store_const",
        const="verify",
        help="resolve each record with the current and the baseline code and compare outcomes",
    )
    parser.add_argument("--drop", action="store_true", help="with --pg-db --reuse: drop it after")
    return parser.parse_args()


def referrals(
    people: int, seed: int, count: int, referral_seed: int
) -> list[tuple[bool, list[Any]]]:
    """(known?, agency records) per referral: a family's records, at most four people."""
    rng = random.Random(referral_seed)
    known = _families(generator.iter_records(people, seed), 40_000)
    strangers = _families(generator.iter_records(50_000, referral_seed + 1000), 10_000)
    chosen = [(True, f) for f in rng.sample(known, count * 2 // 3)]
    chosen += [(False, f) for f in rng.sample(strangers, count - len(chosen))]
    rng.shuffle(chosen)
    return chosen


def _families(records: Iterator[Any], limit: int) -> list[list[Any]]:
    head = islice(records, limit)
    families = []
    for _key, group in groupby(head, key=lambda r: r.family_key):
        one_each = {record.person_key: record for record in group}  # a referral names each once
        families.append(list(one_each.values())[:4])
    return families


RUN = secrets.token_hex(3)  # referral references unique across runs on one database


def write_referral(agency_id: int, number: int, records: list[Any]) -> list[int]:
    """As intake does: the referral and its people, UNRESOLVED, in one transaction."""
    with transaction() as session:
        referral = Referral(
            agency_id=agency_id,
            channel=Channel.API,
            source_ref=f"BENCH-{RUN}-{number}",
            received_at=RECEIVED,
            dash_risk=DashRisk.MEDIUM,
        )
        for index, record in enumerate(records):
            role = ReferralRole.VICTIM if index == 0 else ReferralRole.OTHER
            named = ReferralPerson(person_record=_record(agency_id, record), role=role)
            referral.people.append(named)
        session.add(referral)
        session.flush()
        return [named.person_record_id for named in referral.people]


def _record(agency_id: int, record: Any) -> PersonRecord:
    try:
        born: date | None = date.fromisoformat(record.date_of_birth)
    except ValueError:
        born = None
    return PersonRecord(
        agency_id=agency_id,
        source=record.source,
        given_name=record.given_name or None,
        middle_name=record.middle_name or None,
        surname=record.surname or ("?" if not record.given_name else None),
        date_of_birth=born,
        date_of_birth_text=None if born else (record.date_of_birth or None),
        sex=(record.sex or "")[:1].upper() or None,  # as intake stores it: one letter
        address=record.address or None,
        postcode=record.postcode or None,
        phone=record.phone or None,
        nhs_number=record.nhs_number or None,
        pnc_id=record.pnc_id or None,
        address_withheld=record.address_withheld,
    )


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return f"p50 {cut[49]:6.1f} ms   p95 {cut[94]:6.1f} ms   p99 {cut[98]:6.1f} ms"


@dataclass
class Timings:
    """Latencies of one variant of the code (after the warm-up)."""

    per_referral: list[float] = field(default_factory=list)
    per_record: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, elapsed: float, cpu: float, people: int) -> None:
        self.per_referral.append(elapsed)
        self.per_record.append(elapsed / people)
        self.cpu.append(cpu)

    def report(self, label: str) -> None:
        print(f"  {label} ({len(self.per_referral)} referrals timed)")
        print(f"    per referral: {percentiles(self.per_referral)}")
        print(f"    per person:   {percentiles(self.per_record)}")
        print(f"    CPU per referral, this process: {percentiles(self.cpu)}")


def resolve_referrals(
    agency_id: int, chosen: list[tuple[bool, list[Any]]], person_ids: dict[str, int], mode: str
) -> None:
    """mode "current": the app's code; "compare": alternate referrals run the baseline code
    (benchmarks/identity_baseline.py); "verify": before each referral is resolved, each of its
    records is resolved read-only by both and the outcomes compared (times then mean little)."""
    timings = {"current": Timings(), "baseline": Timings()}
    decisions: Counter[str] = Counter()
    truth: Counter[str] = Counter()
    differences: list[str] = []
    for number, (is_known, records) in enumerate(chosen, start=1):
        record_ids = write_referral(agency_id, number, records)
        if mode == "verify":
            differences += compare_outcomes(record_ids)
        variant = "baseline" if mode == "compare" and number % 2 else "current"
        summary, elapsed, cpu = _timed_resolution(variant)
        if number > WARM_UP:
            timings[variant].add(elapsed, cpu, len(records))
        decisions.update(str(status) for status in summary.statuses.elements())
        _check_truth(truth, is_known, list(zip(record_ids, records, strict=True)), person_ids)
    print(f"referrals resolved: {len(chosen)} ({WARM_UP} warm-up not timed), {decisions.total()}")
    for variant, timing in timings.items():
        if timing.per_referral:
            timing.report(variant + (" code, alternate referrals" if mode == "compare" else ""))
    if mode == "compare":
        _report_ratios(timings["current"], timings["baseline"])
    print(f"  people per referral: {decisions.total() / len(chosen):.2f}")
    print(f"  decisions: {dict(decisions)}")
    print(f"  against the truth: {dict(truth)}")
    if mode == "verify":
        print(f"  outcomes compared, current vs baseline code: {decisions.total()} records,")
        print(f"    {len(differences)} different: {differences[:5]}")


def _timed_resolution(variant: str) -> tuple[Any, float, float]:
    with baseline_code() if variant == "baseline" else nullcontext():
        started, started_cpu = time.perf_counter(), time.process_time()
        summary = baseline_pending() if variant == "baseline" else resolve_pending()
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - started_cpu) * 1000
    return summary, elapsed, cpu


def _report_ratios(current: Timings, baseline: Timings) -> None:
    def ratio(samples: list[float], other: list[float], n: int) -> float:
        cut = statistics.quantiles(samples, n=100, method="inclusive")[n - 1]
        return cut / statistics.quantiles(other, n=100, method="inclusive")[n - 1]

    p50 = ratio(current.per_referral, baseline.per_referral, 50)
    p95 = ratio(current.per_referral, baseline.per_referral, 95)
    cpu = ratio(current.cpu, baseline.cpu, 50)
    print(f"  current / baseline per referral: p50 x{p50:.2f}, p95 x{p95:.2f}; CPU p50 x{cpu:.2f}")


def compare_outcomes(record_ids: list[int]) -> list[str]:
    """Resolve each record read-only with the current and the baseline code; the differences."""
    session = db.session()
    differences = []
    for record_id in record_ids:
        stored = session.get(PersonRecord, record_id)
        if stored is None:
            continue
        current = _outcome(session, stored)
        with baseline_code():
            baseline = _outcome(session, stored)
        if current != baseline:
            differences.append(f"record {record_id}: {current[:2]} vs {baseline[:2]}")
        key = families._household_key(stored)
        if key:
            now = index_dao.people_holding_keys(session, [key], families.MAX_HOUSEHOLD)[key]
            then = identity_baseline.people_holding_key(session, key, families.MAX_HOUSEHOLD)
            if now != then:
                differences.append(f"record {record_id}'s household: {now} vs {then}")
    return differences


def _outcome(session: Any, stored: Any) -> tuple[Any, ...]:
    """Everything a resolution decides: decision, person, and every candidate judged."""
    found = engine.resolve(session, engine.prepare_record(stored))
    resolution = found.resolution
    candidates = tuple(
        (c.person_id, c.best_record_id, round(c.weight, 9), str(c.decision), c.blocked_by)
        for c in resolution.candidates
    )
    return (str(resolution.decision), resolution.person_id, resolution.reason, candidates,
            found.candidates_scored)  # fmt: skip


def _check_truth(
    truth: Counter[str], is_known: bool, written: list[tuple[int, Any]], person_ids: dict[str, int]
) -> None:
    session = db.session()
    for record_id, record in written:
        stored = session.get(PersonRecord, record_id)
        if stored is None:
            continue
        expected = person_ids.get(record.person_key) if is_known else None
        status = str(stored.resolution_status)
        if status == "linked":
            truth["linked right" if stored.person_id == expected else "linked WRONG"] += 1
        elif status == "review":
            truth["review (known)" if expected else "review (stranger)"] += 1
        else:
            truth["new (missed a known person)" if expected else "new (stranger)"] += 1


def report_size(url: str) -> None:
    with db.engine.connect() as conn:
        keys = conn.execute(select(func.count()).select_from(IdentityKey)).scalar_one()
        if conn.dialect.name == "sqlite":
            size = Path(make_url(url).database or "").stat().st_size
        else:
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    memory = psutil.Process(os.getpid()).memory_full_info()
    print(f"index size: {keys:,} key rows, database {size / 2**20:,.0f} MiB")
    anonymous = memory.rss - memory.shared
    print(
        f"process RSS: {memory.rss / 2**20:,.0f} MiB, of which {anonymous / 2**20:,.0f} MiB",
        end=" ",
    )
    print("the process's own (the rest: file pages, e.g. SQLite's memory map of the database)")


def main() -> None:
    args = parse_args()
    url, drop = fresh_database(args)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"identity index scale on {backend}: {args.people:,} people, {args.referrals} referrals")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    migrate.upgrade(url)
    app = create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="identity-bench-instance-"),
            "SECRET_KEY": "benchmark",
            "TESTING": True,
            "REDIS_URL": None,
        }
    )
    try:
        with app.app_context():
            if args.reuse and db.session().scalar(select(func.count()).select_from(Agency)):
                agency_id, person_ids = reused_index(args.people)
            else:
                agency_id, person_ids = build_index(args.people, args.seed)
            report_size(url)
            referral_seed = args.referral_seed
            if referral_seed is None:
                stored = db.session().scalar(select(func.count()).select_from(Referral))
                referral_seed = args.seed + (stored or 0)
            print(f"referral seed: {referral_seed}")
            chosen = referrals(args.people, args.seed, args.referrals, referral_seed)
            resolve_referrals(agency_id, chosen, person_ids, args.mode)
    finally:
        drop()


if __name__ == "__main__":
    main()
