"""Loading many already-distinct people into the person index at once (an initial load of an
agency's person index, and the scale benchmark): bulk inserts of people, their records, their
blocking keys and the name counts, batch by batch, without resolving them against each other.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from ..models import Base, Person, PersonRecord, ResolutionStatus, utcnow
from . import engine, index_dao

RECORD_FIELDS = (
    "given_name",
    "middle_name",
    "surname",
    "date_of_birth",
    "date_of_birth_text",
    "sex",
    "address",
    "postcode",
    "phone",
    "nhs_number",
    "pnc_id",
    "address_withheld",
)


@dataclass
class BulkLoad:
    people: int = 0
    keys: int = 0
    seconds: float = 0.0


def load_people(
    session: Session,
    agency_id: int,
    source: str,
    people: Iterable[Mapping[str, Any]],
    *,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> BulkLoad:
    """Index each mapping (PersonRecord field values) as a new person with one record."""
    started = time.perf_counter()
    load = BulkLoad()
    names: dict[str, Counter[str]] = {"given": Counter(), "surname": Counter()}
    next_person = (session.scalar(select(func.max(Person.id))) or 0) + 1
    next_record = (session.scalar(select(func.max(PersonRecord.id))) or 0) + 1
    for chunk in _batches(people, batch_size):
        batch = _Batch(agency_id, source, names)
        for offset, fields in enumerate(chunk):
            batch.add(next_person + offset, next_record + offset, fields)
        batch.insert(session)
        next_person += len(chunk)
        next_record += len(chunk)
        load.people += len(chunk)
        load.keys += len(batch.keys)
        if progress:
            progress(load.people)
    _add_name_counts(session, names)
    _advance_id_sequences(session)
    load.seconds = time.perf_counter() - started
    return load


class _Batch:
    """The rows of one batch of people: people, records, keys; names go to the running counts."""

    def __init__(self, agency_id: int, source: str, names: dict[str, Counter[str]]) -> None:
        self.agency_id, self.source, self.names = agency_id, source, names
        self.people: list[dict[str, Any]] = []
        self.records: list[dict[str, Any]] = []
        self.keys: list[dict[str, Any]] = []
        self.now = utcnow()

    def add(self, person_id: int, record_id: int, fields: Mapping[str, Any]) -> None:
        values = {name: fields.get(name) for name in RECORD_FIELDS}
        values["address_withheld"] = withheld = bool(values["address_withheld"])
        prepared = engine.prepare_record(
            SimpleNamespace(id=record_id, source=self.source, **values)
        )
        self.people.append({"id": person_id, "status": "active", "created_at": self.now})
        self.records.append(
            values
            | {
                "id": record_id,
                "person_id": person_id,
                "agency_id": self.agency_id,
                "source": self.source,
                "resolution_status": ResolutionStatus.NEW,
                "created_at": self.now,
            }
        )
        self.keys += [
            {"key_hash": index_dao.key_hash(key), "person_record_id": record_id}
            for key in engine.index_keys(prepared, withheld)
        ]
        for kind, value in engine.index_names(prepared).items():
            if value:
                self.names[kind][value[:200]] += 1

    def insert(self, session: Session) -> None:
        session.execute(insert(Base.metadata.tables[Person.__tablename__]), self.people)
        session.execute(insert(Base.metadata.tables[PersonRecord.__tablename__]), self.records)
        ordered = sorted(self.keys, key=lambda row: row["key_hash"])  # B-tree friendlier
        session.execute(insert(index_dao.KEYS_TABLE), ordered)


def _advance_id_sequences(session: Session) -> None:
    """PostgreSQL only: ids were given explicitly, so the sequences must move past them; and the
    planner needs fresh statistics, or it plans the key look-ups for the empty tables it saw."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in (Person.__tablename__, PersonRecord.__tablename__):  # our own table names
        latest = f"SELECT COALESCE(MAX(id), 1) FROM {table}"  # noqa: S608
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), ({latest}))"))
    session.execute(text("ANALYZE people, person_records, identity_keys, identity_name_counts"))


def _add_name_counts(session: Session, names: dict[str, Counter[str]]) -> None:
    for kind, counts in names.items():
        rows = [{"kind": kind, "value": value, "count": n} for value, n in counts.items()]
        rows.append({"kind": kind, "value": index_dao.TOTAL, "count": sum(counts.values())})
        for start in range(0, len(rows), 5000):
            session.execute(index_dao.upsert_counts(session), rows[start : start + 5000])


def _batches(items: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
