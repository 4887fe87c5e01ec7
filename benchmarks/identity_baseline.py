"""The person index's hot path as it was before the 2026-12-02 speed work, for
`identity_index_scale.py --compare`: the same run times the current code and this baseline on
alternate referrals, and `--verify` checks that both reach the same decisions.

What the baseline differs in (each function below is the code it replaces, as it was):

- one SELECT per blocking key (now one UNION ALL round trip for all of a record's keys);
- every candidate record normalised again on every look-up (now memoised on its field values);
- following merges: one query per person (now one query for all of a referral's people);
- every statement built afresh on every call (now the hot ones are built once, with expanding
  IN parameters);
- a new person flushed on its own before the record pointing at it; the queue read as ids,
  then records, then each referral's records once more; and one more transaction per run of
  the job to find the queue empty;
- SQLite's default page cache (2 MiB) and no memory map (now 32 MiB and a 1 GiB map).

Forming a family is not in the baseline: issue #20 changed what a family is (a victim's case,
households proposed rather than added), so the old code would do different work, and both
variants now form families with the current code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from frontdoor.db import SQLITE_CACHE_KIB, SQLITE_MMAP_BYTES, db, transaction
from frontdoor.identity import dao, engine, families, index_dao, resolution
from frontdoor.identity.index_dao import (
    _KEYS,
    _NAMES,
    _RECORDS,
    IDENTIFIER_PREFIXES,
    TOTAL,
    CandidateLimits,
    key_hash,
    key_kind,
)
from frontdoor.models import (
    FamilyMember,
    NameCount,
    Person,
    PersonRecord,
    Referral,
    ReferralPerson,
    ResolutionStatus,
)
from matching import Decision, PreparedRecord, prepare


def candidate_record_ids(
    session: Session, keys: Iterable[str], limits: CandidateLimits = CandidateLimits()
) -> list[int]:
    shared: defaultdict[int, set[str]] = defaultdict(set)
    always: set[int] = set()
    statement = (
        select(_KEYS.person_record_id)
        .where(_KEYS.key_hash == bindparam("key"))
        .limit(limits.max_per_key + 1)
    )
    connection = session.connection()
    for key in sorted(set(keys)):
        posting = connection.execute(statement, {"key": key_hash(key)}).scalars().all()
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


def prepare_record(row: Any) -> PreparedRecord:
    return prepare(engine.as_match_record(row))


def effective_person_ids(session: Session, person_ids: Iterable[int]) -> dict[int, int]:
    return {person: dao.effective_person_id(session, person) for person in set(person_ids)}


def count_names(session: Session, names: Mapping[str, str]) -> None:
    rows = []
    for kind, value in names.items():
        if value:
            rows += [{"kind": kind, "value": value[:200], "count": 1}]
            rows += [{"kind": kind, "value": TOTAL, "count": 1}]
    if rows:
        dialect = session.get_bind().dialect.name
        builder = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = builder(NameCount)
        upsert = statement.on_conflict_do_update(
            index_elements=[NameCount.kind, NameCount.value],
            set_={"count": NameCount.count + statement.excluded.count},
        )
        session.execute(upsert, rows)


def people_holding_key(session: Session, key: str, limit: int) -> list[int] | None:
    statement = (
        select(_RECORDS.person_id)
        .join(index_dao.KEYS_TABLE, _KEYS.person_record_id == _RECORDS.id)
        .where(_KEYS.key_hash == key_hash(key))
        .limit(limit + 1)
    )
    found = session.connection().execute(statement).scalars().all()
    if len(found) > limit:
        return None
    return sorted({person for person in found if person is not None})


def resolve_record(session: Session, record: PersonRecord) -> ResolutionStatus:
    prepared = engine.prepare_record(record)
    found = engine.resolve(session, prepared).resolution
    if found.decision == Decision.LINK and found.person_id is not None:
        record.person_id = dao.effective_person_id(session, int(found.person_id))
        record.resolution_status = ResolutionStatus.LINKED
    else:
        person = Person()
        session.add(person)
        session.flush()
        record.person_id = person.id
        record.resolution_status = ResolutionStatus.NEW
        if found.decision == Decision.REVIEW:
            record.resolution_status = ResolutionStatus.REVIEW
            resolution.queue_review(session, record, found)
    session.flush()
    engine.add_to_index(session, record.id, prepared, record.address_withheld)
    return record.resolution_status


def resolve_pending() -> resolution.ResolveSummary:
    summary = resolution.ResolveSummary()
    while True:
        with transaction() as session:
            record_ids = list(
                session.scalars(
                    select(PersonRecord.id)
                    .where(PersonRecord.resolution_status == ResolutionStatus.UNRESOLVED)
                    .order_by(PersonRecord.id)
                    .limit(resolution.BATCH_SIZE)
                )
            )
            if not record_ids:
                break
            records = session.scalars(
                select(PersonRecord)
                .where(PersonRecord.id.in_(record_ids))
                .order_by(PersonRecord.id)
            )
            for record in records:
                summary.statuses[resolution.resolve_record(session, record)] += 1
            summary.families += families.form_families(session, record_ids)
    return summary


def referrals_naming(session: Session, record_ids: Sequence[int]) -> list[Referral]:
    statement = (
        select(Referral)
        .join(ReferralPerson, ReferralPerson.referral_id == Referral.id)
        .where(ReferralPerson.person_record_id.in_(record_ids))
        .options(selectinload(Referral.people).selectinload(ReferralPerson.person_record))
        .order_by(Referral.id)
        .distinct()
    )
    return list(session.scalars(statement))


def name_counts(session: Session, names: Mapping[str, str]) -> dict[tuple[str, str], int]:
    wanted = [(kind, value) for kind, value in names.items() if value]
    wanted += [(kind, TOTAL) for kind in names]
    condition = or_(*(and_(_NAMES.kind == kind, _NAMES.value == value) for kind, value in wanted))
    statement = select(_NAMES.kind, _NAMES.value, _NAMES.count).where(condition)
    rows = session.connection().execute(statement)
    return {(kind, value): count for kind, value, count in rows}


def records_of_people_holding(session: Session, record_ids: Sequence[int]) -> Sequence[Any]:
    if not record_ids:
        return []
    people = (
        select(_RECORDS.person_id)
        .where(_RECORDS.id.in_(record_ids), _RECORDS.person_id.is_not(None))
        .scalar_subquery()
    )
    statement = select(*index_dao.RECORD_COLUMNS).where(_RECORDS.person_id.in_(people))
    return session.connection().execute(statement).all()


def birth_dates(session: Session, person_ids: Iterable[int]) -> dict[int, date | None]:
    statement = (
        select(PersonRecord.person_id, func.min(PersonRecord.date_of_birth))
        .where(PersonRecord.person_id.in_(list(person_ids)))
        .group_by(PersonRecord.person_id)
    )
    return {person: born for person, born in session.execute(statement) if person is not None}


def member_ids(session: Session, family_id: int) -> set[int]:
    statement = select(FamilyMember.person_id).where(FamilyMember.family_id == family_id)
    return set(session.scalars(statement))


REPLACED = (
    (index_dao, "candidate_record_ids", candidate_record_ids),
    (index_dao, "count_names", count_names),
    (index_dao, "name_counts", name_counts),
    (engine, "prepare_record", prepare_record),
    (dao, "effective_person_ids", effective_person_ids),
    (resolution, "resolve_record", resolve_record),
    (dao, "referrals_naming", referrals_naming),
    (index_dao, "records_of_people_holding", records_of_people_holding),
    (dao, "birth_dates", birth_dates),
    (dao, "member_ids", member_ids),
)


@contextmanager
def baseline_code() -> Iterator[None]:
    """Run the block with the old functions (and, on SQLite, the old cache settings)."""
    saved = [(module, name, getattr(module, name)) for module, name, _old in REPLACED]
    for module, name, old in REPLACED:
        setattr(module, name, old)
    _sqlite_cache(mmap_bytes=0, cache_kib=2000)
    try:
        yield
    finally:
        for module, name, current in saved:
            setattr(module, name, current)
        _sqlite_cache(mmap_bytes=SQLITE_MMAP_BYTES, cache_kib=SQLITE_CACHE_KIB)


def _sqlite_cache(mmap_bytes: int, cache_kib: int) -> None:
    """Set the cache pragmas on the connection of the session the resolution will use."""
    connection = db.session().connection()
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql(f"PRAGMA mmap_size={mmap_bytes}")
    connection.exec_driver_sql(f"PRAGMA cache_size=-{cache_kib}")
