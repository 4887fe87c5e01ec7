"""Data access for intake: bulk reads and writes, chunked to stay under bind-parameter limits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from ..models import (
    ChildNotice,
    ImportBatch,
    PersonRecord,
    QuarantinedRow,
    QuarantineStatus,
    Referral,
    ReferralPerson,
    ReferralPersonEntry,
    ReferralRevision,
    ResolutionStatus,
)
from .validation import Identity, Incident, fingerprint, identity_of, name_key

CHUNK = 500
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ReferralState:
    id: int
    version: int
    incident_hash: str


@dataclass(frozen=True, slots=True)
class EntryState:
    id: int
    person_hash: str
    row_hash: str
    person_record_id: int
    person_key: str = ""
    identity: Identity = (None, None, None)


def _chunks(items: Iterable[T]) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def incident_of(referral: Referral) -> Incident:
    return Incident(
        reported_at=referral.reported_at or referral.received_at,
        incident_at=referral.incident_at,
        location_postcode=referral.location_postcode,
        risk_tool=referral.risk_tool,
        dash_risk=referral.dash_risk,
        dash_score=referral.dash_score,
        risk_reason=referral.risk_reason,
        children_present=referral.children_present,
        separation=referral.separation,
        pregnancy=referral.pregnancy,
        strangulation=referral.strangulation,
        stalking=referral.stalking,
        threats_to_kill=referral.threats_to_kill,
        consent_to_share=referral.consent_to_share,
        officer=referral.officer,
        narrative=referral.narrative,
    )


def referral_states(
    session: Session, agency_id: int, refs: Iterable[str]
) -> dict[str, ReferralState]:
    states = {}
    for chunk in _chunks(sorted(refs)):
        query = select(Referral).where(
            Referral.agency_id == agency_id, Referral.source_ref.in_(chunk)
        )
        for referral in session.scalars(query):
            incident_hash = fingerprint(incident_of(referral))
            states[referral.source_ref] = ReferralState(
                referral.id, referral.version, incident_hash
            )
    return states


def entry_states(
    session: Session, referral_ids: Sequence[int]
) -> dict[tuple[int, str], list[EntryState]]:
    """The people of each referral, by (referral, role-and-name key): usually one each, more
    when different people of one incident share a role and a name."""
    states: dict[tuple[int, str], list[EntryState]] = {}
    columns = (
        ReferralPersonEntry.referral_id,
        ReferralPersonEntry.person_key,
        ReferralPersonEntry.id,
        ReferralPersonEntry.person_hash,
        ReferralPersonEntry.row_hash,
        ReferralPersonEntry.person_record_id,
        ReferralPersonEntry.role,
        PersonRecord.given_name,
        PersonRecord.surname,
        PersonRecord.date_of_birth,
        PersonRecord.nhs_number,
        PersonRecord.pnc_id,
    )
    for chunk in _chunks(referral_ids):
        rows = session.execute(
            select(*columns)
            .join(PersonRecord, PersonRecord.id == ReferralPersonEntry.person_record_id)
            .where(ReferralPersonEntry.referral_id.in_(chunk))
        )
        for referral_id, key, entry_id, person_hash, row_hash, record_id, *person in rows:
            role, given, surname, born, nhs, pnc = person
            state = EntryState(
                entry_id, person_hash, row_hash, record_id, key, identity_of(born, nhs, pnc)
            )
            states.setdefault((referral_id, name_key(role.value, given, surname)), []).append(state)
    return states


def quarantined_hashes(session: Session, agency_id: int, hashes: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(hashes):
        found.update(
            session.scalars(
                select(QuarantinedRow.raw_hash).where(
                    QuarantinedRow.agency_id == agency_id, QuarantinedRow.raw_hash.in_(chunk)
                )
            )
        )
    return found


def original_versions(session: Session, referral_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Revision rows recording, as first received, the referrals that have no history yet."""
    revisions: list[dict[str, Any]] = []
    for chunk in _chunks(referral_ids):
        with_history = set(
            session.scalars(
                select(ReferralRevision.referral_id).where(ReferralRevision.referral_id.in_(chunk))
            )
        )
        fresh = [rid for rid in chunk if rid not in with_history]
        if not fresh:
            continue
        people: dict[int, list[dict[str, Any]]] = {rid: [] for rid in fresh}
        entries = session.execute(
            select(ReferralPersonEntry).where(ReferralPersonEntry.referral_id.in_(fresh))
        ).scalars()
        for entry in entries:
            people[entry.referral_id].append(
                {"person_key": entry.person_key, "role": entry.role.value,
                 "person_record_id": entry.person_record_id}
            )  # fmt: skip
        for referral in session.scalars(select(Referral).where(Referral.id.in_(fresh))):
            revisions.append(
                {"referral_id": referral.id, "version": referral.version, "batch_id": None,
                 "change": "created", "incident": incident_of(referral).as_json(),
                 "people": people[referral.id], "created_at": referral.created_at}
            )  # fmt: skip
    return revisions


def _insert_returning_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows and return their ids in order, in one executemany where we can.

    RETURNING with a guaranteed order degrades to one statement per row on SQLite, so ids are
    allocated first: on PostgreSQL from the table's sequence; on SQLite after the current
    maximum, safe because this transaction already holds SQLite's single write lock (the batch
    row is written first).
    """
    if not rows:
        return []
    table = model.__table__
    ids = _allocate_ids(session, table.name, len(rows))
    if ids is None:
        statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        return list(session.connection().scalars(statement, rows))
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    session.connection().execute(table.insert(), rows)
    return ids


def _allocate_ids(session: Session, table_name: str, count: int) -> list[int] | None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        sequence = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return list(session.scalars(sequence, {"table": table_name, "n": count}))
    if dialect == "sqlite":
        top = session.scalar(text(f'SELECT coalesce(max(id), 0) FROM "{table_name}"'))  # noqa: S608
        return list(range(int(top or 0) + 1, int(top or 0) + 1 + count))
    return None


def insert_person_records(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    return _insert_returning_ids(session, PersonRecord, rows)


def insert_referrals(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    return _insert_returning_ids(session, Referral, rows)


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(model.__table__.insert(), rows)


def insert_referral_people(session: Session, rows: list[dict[str, Any]]) -> None:
    _insert(session, ReferralPerson, rows)


def insert_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    _insert(session, ReferralPersonEntry, rows)


def insert_revisions(session: Session, rows: list[dict[str, Any]]) -> None:
    _insert(session, ReferralRevision, rows)


def insert_quarantined(session: Session, rows: list[dict[str, Any]]) -> None:
    _insert(session, QuarantinedRow, rows)


def update_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(update(ReferralPersonEntry), rows)


def update_referrals(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(update(Referral), rows)


def relink_person(session: Session, referral_id: int, old_record: int, new_record: int) -> None:
    """An amendment changed a person of the incident: the incident now names the new record.
    The children's notices already made for that person follow it, so that the amendment
    sends no second notice about the same child (frontdoor.children.notices)."""
    for model in (ReferralPerson, ChildNotice):
        session.execute(
            update(model)
            .where(model.referral_id == referral_id, model.person_record_id == old_record)
            .values(person_record_id=new_record)
        )


def batch_by_id(session: Session, batch_id: int) -> ImportBatch | None:
    return session.get(ImportBatch, batch_id)


def recent_batches(
    session: Session, agency_id: int | None = None, limit: int = 20
) -> Sequence[ImportBatch]:
    query = select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)
    if agency_id is not None:
        query = query.where(ImportBatch.agency_id == agency_id)
    return session.scalars(query).all()


def open_quarantine(session: Session) -> Sequence[QuarantinedRow]:
    return session.scalars(
        select(QuarantinedRow)
        .where(QuarantinedRow.status == QuarantineStatus.OPEN)
        .order_by(QuarantinedRow.id)
    ).all()


def quarantined_row(session: Session, row_id: int) -> QuarantinedRow | None:
    return session.get(QuarantinedRow, row_id)


def revisions_of(session: Session, referral_id: int) -> Sequence[ReferralRevision]:
    return session.scalars(
        select(ReferralRevision)
        .where(ReferralRevision.referral_id == referral_id)
        .order_by(ReferralRevision.version)
    ).all()


def unresolved_records(session: Session, limit: int = 1000) -> Sequence[PersonRecord]:
    """The hand-off to identity resolution: records no matcher has looked at yet, oldest first."""
    return session.scalars(
        select(PersonRecord)
        .where(PersonRecord.resolution_status == ResolutionStatus.UNRESOLVED)
        .order_by(PersonRecord.id)
        .limit(limit)
    ).all()


def unresolved_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(PersonRecord)
            .where(PersonRecord.resolution_status == ResolutionStatus.UNRESOLVED)
        )
        or 0
    )
