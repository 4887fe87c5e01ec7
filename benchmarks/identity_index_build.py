"""Building the person index for benchmarks/identity_index_scale.py: the database (a SQLite
file or a PostgreSQL database, kept with --reuse) and the bulk load of N generated people."""

from __future__ import annotations

import argparse
import secrets
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from frontdoor.db import SQLITE_CACHE_KIB, db, transaction
from frontdoor.demo import population as generator
from frontdoor.identity.bulk_index import load_people
from frontdoor.models import Agency, AgencyKind


def fresh_database(args: argparse.Namespace) -> tuple[str, Any]:
    """A URL of the database to use, and a function that removes it afterwards (unless kept)."""
    if args.postgres:
        return _postgres_database(args)
    path = Path(args.db or tempfile.mkdtemp(prefix="identity-bench-")) / "index.db"
    if args.db:
        path = Path(args.db)
    if not (args.reuse and path.exists()):
        path.unlink(missing_ok=True)
    return f"sqlite:///{path}", lambda: None


def _postgres_database(args: argparse.Namespace) -> tuple[str, Any]:
    """--pg-db NAME with --reuse keeps the database for the next run (--drop removes it at the
    end); otherwise a fresh database is created and dropped afterwards."""
    name = args.pg_db or f"identity_bench_{secrets.token_hex(4)}"
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        exists = found.first() is not None
        if exists and not args.reuse:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        if not (exists and args.reuse):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
    keep = args.reuse and not args.drop

    def drop() -> None:
        if not keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return url, drop


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
        if session.get_bind().dialect.name == "sqlite":  # back to the app's own setting
            session.execute(text(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}"))
    if db.engine.dialect.name == "postgresql":
        _vacuum()
    rate = load.people / load.seconds
    print(f"index load: {load.people:,} people, {load.keys:,} keys in {load.seconds:.0f} s")
    print(f"            ({rate:,.0f} people/s, {load.keys / load.people:.1f} keys per person)")
    return agency_id, person_ids


def _vacuum() -> None:
    """What autovacuum does some minutes after a bulk load: mark the pages all-visible, or every
    key look-up (an index-only scan) still visits the table for each row."""
    started = time.perf_counter()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE) identity_keys, person_records, people"))
    print(f"VACUUM (ANALYZE) after the load: {time.perf_counter() - started:.0f} s")


def reused_index(people: int) -> tuple[int, dict[str, int]]:
    """An index loaded by an earlier run: the generator numbers its people P0000001, P0000002...
    in the order they were loaded, so person key -> index person id needs no regeneration."""
    agency_id = db.session().scalars(select(Agency.id).where(Agency.code == "bench-index")).one()
    print(f"index reused: {people:,} people loaded by an earlier run")
    return agency_id, {f"P{number:07d}": number for number in range(1, people + 1)}
