"""The agenda build against a large person index: 200 referrals, 1,000,000 people, <= 2 s.

    .venv/bin/python benchmarks/agenda.py [--people 1000000] [--referrals 200] [--runs 5]

Seeds a fresh, migrated SQLite file: `people` and `person_records` by bulk inserts (one
record per person), then ~80% of the referrals' families (2 to 4 members from the index,
children with dates of birth), 3 earlier incidents per 4 families for the 12-month history,
and the referrals for tomorrow's window (some families reported by 2 or 3 agencies; 10%
still awaiting identity resolution). Each run empties the agenda tables (not the append-only
audit log) and builds the
agenda from scratch (`agenda.build.build_agenda`). Reports the median of the runs, and the
same build against a 10,000-person baseline index measured in the same run, with the ratio.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from agenda.build import build_agenda  # noqa: E402
from benchmarks import with_smoke  # noqa: E402
from frontdoor import create_app, migrate  # noqa: E402
from frontdoor.db import db, transaction  # noqa: E402
from frontdoor.models import (  # noqa: E402
    Agency,
    AgencyKind,
    AgendaBuild,
    AgendaItem,
    AgendaItemState,
    AgendaSource,
    BuildTrigger,
    Channel,
    DashRisk,
    Family,
    FamilyMember,
    Meeting,
    MemberRole,
    Referral,
)

MEETING = date(2026, 11, 24)  # a Tuesday: the window opens at Monday 08:30
WINDOW_OPENS = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
BATCH = 50_000


def sqlite_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def seed_index(path: Path, people: int, rng: random.Random) -> None:
    """Bulk-insert the person index straight through sqlite3 (the ORM would take minutes)."""
    created = sqlite_time(datetime(2026, 1, 1, tzinfo=UTC))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    for start in range(1, people + 1, BATCH):
        ids = range(start, min(start + BATCH, people + 1))
        conn.executemany(
            "INSERT INTO people (id, status, created_at) VALUES (?, 'active', ?)",
            ((i, created) for i in ids),
        )
        conn.executemany(
            "INSERT INTO person_records (id, agency_id, person_id, resolution_status, source,"
            " given_name, surname, date_of_birth, postcode, address_withheld, created_at)"
            " VALUES (?, 1, ?, 'linked', 'bench', ?, ?, ?, 'LS1 1AA', 0, ?)",
            ((i, i, f"Given{i % 5000}", f"Surname{i % 20000}", _born(rng), created) for i in ids),
        )
    conn.commit()
    conn.close()


def _born(rng: random.Random) -> str:
    return (date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 76))).isoformat()


def seed_referrals(people: int, referrals: int, rng: random.Random) -> None:
    with transaction() as tx:
        agencies = [
            Agency(code=f"bench-{kind.value}", name=f"Bench {kind.value}", kind=kind)
            for kind in (AgencyKind.POLICE, AgencyKind.HEALTH, AgencyKind.EDUCATION)
        ]
        tx.add_all(agencies)
        tx.flush()
        families = [_family(tx, people, rng) for _ in range(int(referrals * 0.8))]
        for n, fam in enumerate(families[: len(families) * 3 // 4]):
            for months in (2, 5, 9):
                tx.add(_referral(agencies[0], fam, f"OLD-{n}-{months}", months * 30, rng))
        for n in range(referrals):
            chosen = None if n % 10 == 0 else rng.choice(families)
            tx.add(_referral(rng.choice(agencies), chosen, f"NEW-{n}", 0, rng))


def _family(tx: Session, people: int, rng: random.Random) -> Family:
    fam = Family(label=f"Family {rng.randrange(10**6)}")
    for person_id in rng.sample(range(1, people + 1), rng.randint(2, 4)):
        role = MemberRole.CHILD if rng.random() < 0.4 else MemberRole.ADULT
        fam.members.append(FamilyMember(person_id=person_id, member_role=role))
    tx.add(fam)
    tx.flush()
    return fam


def _referral(
    agency: Agency, fam: Family | None, ref: str, days_ago: int, rng: random.Random
) -> Referral:
    received = WINDOW_OPENS + timedelta(minutes=rng.randrange(1, 23 * 60), days=-days_ago)
    return Referral(
        agency_id=agency.id,
        channel=Channel.DEMO,
        source_ref=ref,
        received_at=received,
        incident_at=received,
        dash_risk=rng.choice(list(DashRisk)),
        strangulation=rng.random() < 0.1,
        threats_to_kill=rng.random() < 0.1,
        pregnancy=rng.random() < 0.05,
        children_present=rng.random() < 0.25,
        family_id=fam.id if fam else None,
    )


def reset_agenda() -> None:
    with transaction() as tx:
        for model in (AgendaSource, AgendaItemState, AgendaBuild, AgendaItem, Meeting):
            tx.execute(delete(model))


def time_builds(people: int, referrals: int, runs: int, workdir: Path) -> list[float]:
    path = workdir / f"agenda-{people}.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    rng = random.Random(people)
    started = time.perf_counter()
    seed_index(path, people, rng)
    app = create_app(
        {"DATABASE_URL": url, "INSTANCE_PATH": str(workdir), "SECRET_KEY": "bench", "TESTING": True}
    )
    timings = []
    with app.app_context():
        seed_referrals(people, referrals, rng)
        print(f"  seeded {people:,} people in {time.perf_counter() - started:.1f} s")
        for _ in range(runs):
            reset_agenda()
            db.session.remove()
            began = time.perf_counter()
            result = build_agenda(
                MEETING, BuildTrigger.COMMAND, now=datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
            )
            timings.append(time.perf_counter() - began)
        print(
            f"  build: {result.referrals_added} referrals -> {result.items_added} family items,"
            f" {result.provisional} awaiting identity resolution"
        )
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--baseline-people", type=int, default=10_000)
    parser.add_argument("--referrals", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    with_smoke(parser, people=1500, baseline_people=500, referrals=10, runs=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        print(f"Baseline index ({args.baseline_people:,} people):")
        baseline = statistics.median(
            time_builds(args.baseline_people, args.referrals, args.runs, Path(workdir))
        )
        print(f"Large index ({args.people:,} people):")
        timings = time_builds(args.people, args.referrals, args.runs, Path(workdir))
    median = statistics.median(timings)
    print(f"runs (s): {', '.join(f'{t:.3f}' for t in timings)}")
    print(f"median build, {args.referrals} referrals, {args.people:,} people: {median:.3f} s")
    print(f"median build, baseline {args.baseline_people:,} people: {baseline:.3f} s")
    print(f"ratio large / baseline: {median / baseline:.2f}")
    print(f"target <= 2 s: {'MET' if median <= 2 else 'NOT MET'}")


if __name__ == "__main__":
    main()
