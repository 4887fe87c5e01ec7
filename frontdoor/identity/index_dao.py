"""Data access for the persistent person index: blocking keys, candidates, name counts.

Every look-up is an indexed one: a key hash through the primary key of identity_keys, records
by primary key or by person_id, name counts by primary key. Nothing scans a table.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import TextClause, and_, bindparam, insert, or_, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..models import Base, IdentityKey, NameCount, PersonRecord

TOTAL = ""  # the name_counts value holding a kind's total
IDENTIFIER_PREFIXES = ("nhs:", "pnc:", "tel:")

# Look-ups on the hot path use Core table columns on the session's connection: the same SQL
# without the ORM's per-statement overhead (it dominated a look-up's cost).
KEYS_TABLE = Base.metadata.tables[IdentityKey.__tablename__]
_KEYS = KEYS_TABLE.c
_RECORDS = Base.metadata.tables[PersonRecord.__tablename__].c
_NAMES = Base.metadata.tables[NameCount.__tablename__].c
RECORD_COLUMNS = tuple(
    _RECORDS[name]
    for name in (
        "id",
        "person_id",
        "source",
        "given_name",
        "middle_name",
        "surname",
        "date_of_birth",
        "date_of_birth_text",
        "sex",
        "address",
        "postcode",
        "nhs_number",
        "phone",
        "pnc_id",
    )
)


def key_hash(key: str) -> int:
    """A blocking key as a signed 64-bit integer (fits BIGINT on every backend)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@dataclass(frozen=True, slots=True)
class CandidateLimits:
    """How the candidate set stays bounded however large the index grows.

    A key shared by more than `max_per_key` records says nothing (matching's MatchIndex skips
    such keys too). Records from keys with at most `small_posting` records are all kept; from
    bigger postings only records sharing at least two KINDS of key with the query (say G+S and
    S+D), because a true match with one field wrong still shares the keys made of the other
    fields. Identifier keys (NHS, PNC, phone) always count. At most `max_records` records are
    scored, most kinds shared first.
    """

    max_per_key: int = 2000
    small_posting: int = 60
    max_records: int = 300


def key_kind(key: str) -> str:
    """Which fields a key is made of ("gs", "gd", "dp", "nhs"...): the text before the colon.

    Nicknames and transliterations give one record several keys of the same kind (William,
    Bill and Will are all "gs" keys with Smith), so agreement is counted in kinds of key:
    two kinds means two different pairs of fields agree.
    """
    return key.split(":", 1)[0]


def add_keys(session: Session, record_id: int, keys: Iterable[str]) -> None:
    rows = [{"key_hash": key_hash(key), "person_record_id": record_id} for key in set(keys)]
    if rows:
        session.connection().execute(insert(KEYS_TABLE), rows)


def candidate_record_ids(
    session: Session, keys: Iterable[str], limits: CandidateLimits = CandidateLimits()
) -> list[int]:
    """The indexed records worth scoring against a query with these blocking keys."""
    shared: defaultdict[int, set[str]] = defaultdict(set)  # record -> kinds of key shared
    always: set[int] = set()
    for key, posting in key_postings(session, keys, limits.max_per_key + 1).items():
        if len(posting) > limits.max_per_key:
            continue
        kind = key_kind(key)
        for record_id in posting:
            shared[record_id].add(kind)
        if key.startswith(IDENTIFIER_PREFIXES) or len(posting) <= limits.small_posting:
            always.update(posting)
    chosen = [rid for rid, kinds in shared.items() if rid in always or len(kinds) >= 2]
    chosen.sort(key=lambda rid: (rid not in always, -len(shared[rid]), rid))
    return chosen[: limits.max_records]


def key_postings(session: Session, keys: Iterable[str], limit: int) -> dict[str, list[int]]:
    """The records holding each key (at most `limit` per key), in ONE round trip: a UNION ALL
    of one LIMITed primary-key range scan per key, each tagged with the key's position."""
    ordered = sorted(set(keys))
    if not ordered:
        return {}
    params: dict[str, int] = {f"h{i}": key_hash(key) for i, key in enumerate(ordered)}
    params["n"] = limit
    rows = session.connection().execute(_postings_statement(len(ordered)), params)
    postings: dict[str, list[int]] = {key: [] for key in ordered}
    for position, record_id in rows:
        postings[ordered[position]].append(record_id)
    return postings


@lru_cache(maxsize=128)
def _postings_statement(count: int) -> TextClause:
    """SELECT i, person_record_id ... UNION ALL ... for `count` keys (the LIMIT sits in a
    derived table because SQLite allows no LIMIT on a member of a compound select)."""
    table = KEYS_TABLE.name  # only our table name and integers enter the text; keys are bound
    members = [
        f"SELECT {i} AS k, p{i}.person_record_id FROM (SELECT person_record_id FROM {table} "  # noqa: S608
        f"WHERE key_hash = :h{i} LIMIT :n) AS p{i}"
        for i in range(count)
    ]
    return text(" UNION ALL ".join(members))


def records_of_people_holding(session: Session, record_ids: Sequence[int]) -> Sequence[Any]:
    """Every indexed record of every person holding one of these records."""
    if not record_ids:
        return []
    return session.connection().execute(_RECORDS_OF_PEOPLE, {"ids": list(record_ids)}).all()


_RECORDS_OF_PEOPLE = select(*RECORD_COLUMNS).where(
    _RECORDS.person_id.in_(
        select(_RECORDS.person_id)
        .where(_RECORDS.id.in_(bindparam("ids", expanding=True)), _RECORDS.person_id.is_not(None))
        .scalar_subquery()
    )
)
_PERSON_OF_RECORDS = select(_RECORDS.id, _RECORDS.person_id).where(
    _RECORDS.id.in_(bindparam("ids", expanding=True))
)
_DATED_PERSON_OF_RECORDS = select(_RECORDS.id, _RECORDS.person_id, _RECORDS.created_at).where(
    _RECORDS.id.in_(bindparam("ids", expanding=True))
)


def name_counts(session: Session, names: Mapping[str, str]) -> dict[tuple[str, str], int]:
    """Counts for {kind: value} plus each kind's total, keyed by (kind, value)."""
    wanted = [(kind, value) for kind, value in names.items() if value]
    wanted += [(kind, TOTAL) for kind in names]
    params = {f"k{i}": kind for i, (kind, _value) in enumerate(wanted)}
    params |= {f"v{i}": value for i, (_kind, value) in enumerate(wanted)}
    rows = session.connection().execute(_name_counts_statement(len(wanted)), params)
    return {(kind, value): count for kind, value, count in rows}


@lru_cache(maxsize=16)
def _name_counts_statement(conditions: int) -> Any:
    # One equality pair per condition (not a row-value IN), so every backend seeks the key.
    condition = or_(
        *(
            and_(_NAMES.kind == bindparam(f"k{i}"), _NAMES.value == bindparam(f"v{i}"))
            for i in range(conditions)
        )
    )
    return select(_NAMES.kind, _NAMES.value, _NAMES.count).where(condition)


def count_names(session: Session, names: Mapping[str, str]) -> None:
    """Add one record's names (kind -> value; empty values skipped) to the counts."""
    rows = []
    for kind, value in names.items():
        if value:
            rows += [{"kind": kind, "value": value[:200], "count": 1}]
            rows += [{"kind": kind, "value": TOTAL, "count": 1}]
    if rows:
        session.connection().execute(upsert_counts(session), rows)


def upsert_counts(session: Session) -> Any:
    return _upsert_counts(session.get_bind().dialect.name)


@lru_cache(maxsize=4)
def _upsert_counts(dialect: str) -> Any:
    """INSERT ... ON CONFLICT (kind, value) DO UPDATE SET count = count + excluded.count (built
    once per dialect: constructing it was a visible share of indexing one record)."""
    builder = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = builder(_NAMES.count.table)
    return statement.on_conflict_do_update(
        index_elements=[_NAMES.kind, _NAMES.value],
        set_={"count": _NAMES.count + statement.excluded.count},
    )


def people_holding_keys(
    session: Session, keys: Iterable[str], limit: int
) -> dict[str, list[int] | None]:
    """For each key, the people whose records hold it; None if more than `limit` records do.
    Two round trips for all the keys: their postings, then the records' people."""
    postings = key_postings(session, keys, limit + 1)
    small = {key: posting for key, posting in postings.items() if len(posting) <= limit}
    record_ids = sorted({record_id for posting in small.values() for record_id in posting})
    person_of: dict[int, int] = {}
    if record_ids:
        rows = session.connection().execute(_PERSON_OF_RECORDS, {"ids": record_ids})
        person_of = {row[0]: row[1] for row in rows}
    found: dict[str, list[int] | None] = dict.fromkeys(postings)
    for key, posting in small.items():
        people = {person_of.get(record_id) for record_id in posting}
        found[key] = sorted(person for person in people if person is not None)
    return found


RECORDS_PER_PERSON = 12  # household_holders reads at most this many records per person allowed


def household_holders(
    session: Session, keys: Iterable[str], limit: int
) -> dict[str, dict[int, date] | None]:
    """For each household key, the people recorded at that address and the latest date one of
    their records there was recorded; None if more than `limit` people hold the key (each
    person usually has several agencies' records there: the limit is on people, not records;
    more than RECORDS_PER_PERSON records a person on average is not one household either)."""
    cap = limit * RECORDS_PER_PERSON
    postings = key_postings(session, keys, cap + 1)
    small = {key: posting for key, posting in postings.items() if len(posting) <= cap}
    record_ids = sorted({record_id for posting in small.values() for record_id in posting})
    dated: dict[int, tuple[int, date]] = {}
    if record_ids:
        for record_id, person_id, created in session.execute(
            _DATED_PERSON_OF_RECORDS, {"ids": record_ids}
        ):
            if person_id is not None:
                dated[record_id] = (person_id, created.date())
    found: dict[str, dict[int, date] | None] = dict.fromkeys(postings)
    for key, posting in small.items():
        people: dict[int, date] = {}
        for record_id in posting:
            if record_id in dated:
                person, on = dated[record_id]
                people[person] = max(on, people.get(person, on))
        found[key] = people if len(people) <= limit else None
    return found
