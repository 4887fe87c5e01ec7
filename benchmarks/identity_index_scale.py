"""Scale of the app's persistent person index: a million people in the database, one referral
resolved at a time through the real service.

    .venv/bin/python benchmarks/identity_index_scale.py [--people 1000000] [--referrals 300]
        [--seed 7] [--db PATH] [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

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
from datetime import UTC, date, datetime
from itertools import groupby, islice
from pathlib import Path
from typing import Any

import psutil
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontdoor import create_app, migrate  # noqa: E402
from frontdoor.db import db, transaction  # noqa: E402
from frontdoor.demo import population as generator  # noqa: E402
from frontdoor.identity.bulk_index import load_people  # noqa: E402
from frontdoor.identity.resolution import resolve_pending  # noqa: E402
from frontdoor.models import (  # noqa: E402
    Agency,
    AgencyKind,
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
    parser.add_argument(
        "--referral-seed", type=int, help="which referrals (default --seed; vary with --reuse)"
    )
    parser.add_argument("--db", help="SQLite file to create (default: a temporary file)")
    parser.add_argument("--postgres", help="admin URL: a fresh database is created through it")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --db: keep an index an earlier run loaded (same --people and --seed)",
    )
    return parser.parse_args()


def fresh_database(args: argparse.Namespace) -> tuple[str, Any]:
    """A URL of an empty database, and a function that removes it afterwards."""
    if args.postgres:
        name = f"identity_bench_{secrets.token_hex(4)}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

        return url, drop
    path = Path(args.db or tempfile.mkdtemp(prefix="identity-bench-")) / "index.db"
    if args.db:
        path = Path(args.db)
    if not (args.reuse and path.exists()):
        path.unlink(missing_ok=True)
    return f"sqlite:///{path}", lambda: None


def person_fields(person: Any) -> dict[str, Any]:
    return {
        "given_name": person.given_name,
        "middle_name": person.middle_name or None,
        "surname": person.surname,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex,
        "address": person.address,
        "postcode": person.postcode,
        "phone": person.phone,
        "nhs_number": person.nhs_number or None,
        "pnc_id": person.pnc_id,
        "address_withheld": person.address_withheld,
    }


def build_index(people: int, seed: int) -> tuple[int, dict[str, int]]:
    """Bulk-load the population; returns the agency id and person key -> index person id."""
    person_ids: dict[str, int] = {}
    with transaction() as session:
        agency = Agency(code="bench-index", name="Bench index", kind=AgencyKind.OTHER)
        session.add(agency)
        session.flush()
        agency_id = agency.id

    def tracked() -> Iterator[dict[str, Any]]:
        for number, person in enumerate(generator.iter_people(people, seed), start=1):
            person_ids[person.key] = number
            yield person_fields(person)

    def progress(done: int) -> None:
        if done % 100_000 == 0:
            print(f"  {done:>9,} people indexed", flush=True)

    with transaction() as session:
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("PRAGMA cache_size=-1000000"))
        load = load_people(session, agency_id, "index", tracked(), progress=progress)
    rate = load.people / load.seconds
    print(f"index load: {load.people:,} people, {load.keys:,} keys in {load.seconds:.0f} s")
    print(f"            ({rate:,.0f} people/s, {load.keys / load.people:.1f} keys per person)")
    return agency_id, person_ids


def reused_index(people: int) -> tuple[int, dict[str, int]]:
    """An index loaded by an earlier run: the generator numbers its people P0000001, P0000002...
    in the order they were loaded, so person key -> index person id needs no regeneration."""
    agency_id = db.session().scalars(select(Agency.id).where(Agency.code == "bench-index")).one()
    print(f"index reused: {people:,} people loaded by an earlier run")
    return agency_id, {f"P{number:07d}": number for number in range(1, people + 1)}


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


def resolve_referrals(
    agency_id: int, chosen: list[tuple[bool, list[Any]]], person_ids: dict[str, int]
) -> None:
    per_referral: list[float] = []
    per_record: list[float] = []
    cpu: list[float] = []
    decisions: Counter[str] = Counter()
    truth: Counter[str] = Counter()
    for number, (is_known, records) in enumerate(chosen, start=1):
        record_ids = write_referral(agency_id, number, records)
        started, started_cpu = time.perf_counter(), time.process_time()
        summary = resolve_pending()
        elapsed = (time.perf_counter() - started) * 1000
        if number > WARM_UP:
            cpu.append((time.process_time() - started_cpu) * 1000)
            per_referral.append(elapsed)
            per_record.append(elapsed / len(records))
        decisions.update(str(status) for status in summary.statuses.elements())
        _check_truth(truth, is_known, list(zip(record_ids, records, strict=True)), person_ids)
    timed = f"{WARM_UP} warm-up not timed"
    print(f"referrals resolved: {len(chosen)} ({timed}), {decisions.total()} people")
    print(f"  per referral: {percentiles(per_referral)}")
    print(f"  per person:   {percentiles(per_record)}")
    print(f"  CPU per referral, this process (SQLite runs in it): {percentiles(cpu)}")
    print(f"  people per referral: {decisions.total() / len(chosen):.2f}")
    print(f"  decisions: {dict(decisions)}")
    print(f"  against the truth: {dict(truth)}")


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
    rss = psutil.Process(os.getpid()).memory_info().rss
    print(f"index size: {keys:,} key rows, database {size / 2**20:,.0f} MiB")
    print(f"process RSS: {rss / 2**20:,.0f} MiB")


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
            referral_seed = args.seed if args.referral_seed is None else args.referral_seed
            chosen = referrals(args.people, args.seed, args.referrals, referral_seed)
            resolve_referrals(agency_id, chosen, person_ids)
    finally:
        drop()


if __name__ == "__main__":
    main()
