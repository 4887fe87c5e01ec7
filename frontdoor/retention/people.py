"""Retention of people and person records no longer part of any case.

A person goes, with every record of theirs, when all of these hold: they are in no family;
none of their records is named on a referral still held; none of their records and no
involvement with them is newer than the period (a current involvement always counts); and
they are not tied, by a merge (`merged_into_id`) or a merge/split history row, to a person who
stays. An unresolved record (no person yet) goes when it is older than the period and named on
no referral. The rows that point at people or records go first: blocking keys, review pairs,
merge/split history, ended involvements, self-claims.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, exists, or_, select, update
from sqlalchemy.orm import Session

from ..models import (
    FamilyMember,
    IdentityKey,
    Involvement,
    Person,
    PersonChange,
    PersonRecord,
    ReferralPerson,
    ReferralPersonEntry,
    ReviewPair,
    SelfClaimedAccess,
)
from . import names
from .cases import chunks
from .rows import rowcount


def _named_on_referral(record_id: Any) -> ColumnElement[bool]:
    return or_(
        exists().where(ReferralPerson.person_record_id == record_id),
        exists().where(ReferralPersonEntry.person_record_id == record_id),
    )


def _candidates(cutoff: datetime) -> Select[Any]:
    day = cutoff.date()
    record_in_use = (
        select(PersonRecord.id)
        .where(
            PersonRecord.person_id == Person.id,
            or_(PersonRecord.created_at >= cutoff, _named_on_referral(PersonRecord.id)),
        )
        .exists()
    )
    involved = (
        select(Involvement.id)
        .where(
            Involvement.person_id == Person.id,
            or_(
                Involvement.ended_on.is_(None),
                Involvement.ended_on >= day,
                Involvement.since >= day,
                Involvement.updated_at >= cutoff,
            ),
        )
        .exists()
    )
    in_family = select(FamilyMember.id).where(FamilyMember.person_id == Person.id).exists()
    return select(Person.id).where(
        Person.created_at < cutoff, ~record_in_use, ~involved, ~in_family
    )


def _links(session: Session) -> list[tuple[int, int]]:
    """Pairs of people that must stay or go together."""
    merges = session.execute(
        select(Person.id, Person.merged_into_id).where(Person.merged_into_id.is_not(None))
    )
    changes = session.execute(select(PersonChange.from_person_id, PersonChange.to_person_id))
    return [(a, b) for a, b in [*merges, *changes] if a is not None and b is not None]


def removable_people(session: Session, cutoff: datetime) -> list[int]:
    candidates = set(session.scalars(_candidates(cutoff)))
    links = _links(session)
    changed = True
    while changed:
        changed = False
        for a, b in links:
            if (a in candidates) != (b in candidates):
                candidates.discard(a)
                candidates.discard(b)
                changed = True
    return sorted(candidates)


def _forget_records(tx: Session, record_ids: Select[Any]) -> None:
    names.uncount_names(tx, record_ids)
    pairs = select(ReviewPair.id).where(
        or_(
            ReviewPair.person_record_id.in_(record_ids),
            ReviewPair.candidate_record_id.in_(record_ids),
        )
    )
    _forget_review_pairs(tx, pairs)
    tx.execute(delete(IdentityKey).where(IdentityKey.person_record_id.in_(record_ids)))


def _forget_review_pairs(tx: Session, pairs: Select[Any]) -> None:
    ids = list(tx.scalars(pairs))
    for chunk in chunks(ids):
        tx.execute(
            update(PersonChange)
            .where(PersonChange.review_pair_id.in_(chunk))
            .values(review_pair_id=None)
        )
        tx.execute(delete(ReviewPair).where(ReviewPair.id.in_(chunk)))


def _delete_people(tx: Session, ids: list[int]) -> int:
    records = select(PersonRecord.id).where(PersonRecord.person_id.in_(ids))
    _forget_records(tx, records)
    _forget_review_pairs(tx, select(ReviewPair.id).where(ReviewPair.candidate_person_id.in_(ids)))
    tx.execute(
        delete(PersonChange).where(
            or_(PersonChange.from_person_id.in_(ids), PersonChange.to_person_id.in_(ids))
        )
    )
    tx.execute(delete(Involvement).where(Involvement.person_id.in_(ids)))
    tx.execute(delete(SelfClaimedAccess).where(SelfClaimedAccess.person_id.in_(ids)))
    result = tx.execute(delete(PersonRecord).where(PersonRecord.person_id.in_(ids)))
    tx.execute(update(Person).where(Person.merged_into_id.in_(ids)).values(merged_into_id=None))
    tx.execute(delete(Person).where(Person.id.in_(ids)))
    return rowcount(result)


def purge_people(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    ids = removable_people(tx, cutoff)
    records = sum(_delete_people(tx, chunk) for chunk in chunks(ids))
    unresolved = select(PersonRecord.id).where(
        PersonRecord.person_id.is_(None),
        PersonRecord.created_at < cutoff,
        ~_named_on_referral(PersonRecord.id),
    )
    orphan_ids = list(tx.scalars(unresolved))
    for chunk in chunks(orphan_ids):
        _forget_records(tx, select(PersonRecord.id).where(PersonRecord.id.in_(chunk)))
        tx.execute(delete(PersonRecord).where(PersonRecord.id.in_(chunk)))
    return {"people": len(ids), "people.person_records": records + len(orphan_ids)}
