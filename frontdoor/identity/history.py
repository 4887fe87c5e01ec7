"""Merges and splits of people, each recorded with the records it moved so it can be undone.

A merge moves every record of one person onto another and marks the first MERGED (kept, with
merged_into_id, never deleted). A split moves some records of a person onto a new person.
Undoing moves exactly those records back. The person index needs no rewriting: its keys
point at records, and records carry their person.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from ..audit import service as audit
from ..models import ChangeKind, Person, PersonChange, PersonStatus, utcnow
from . import dao


class IdentityError(Exception):
    """A merge, split, undo or review decision that cannot be made as asked."""


def _active(session: Session, person_id: int) -> Person:
    found = dao.person(session, person_id)
    if found is None or found.status != PersonStatus.ACTIVE:
        raise IdentityError(f"Person {person_id} is not an active person.")
    return found


def merge_people(
    session: Session,
    from_id: int,
    to_id: int,
    *,
    reason: str,
    user_id: int | None = None,
    review_pair_id: int | None = None,
) -> PersonChange:
    """Merge person `from_id` into person `to_id`."""
    if from_id == to_id:
        raise IdentityError("A person cannot be merged with itself.")
    source, _target = _active(session, from_id), _active(session, to_id)
    record_ids = [record.id for record in dao.records_of_person(session, from_id)]
    dao.move_records(session, record_ids, to_id)
    source.status = PersonStatus.MERGED
    source.merged_into_id = to_id
    change = _record_change(
        session, ChangeKind.MERGE, from_id, to_id, record_ids, reason, user_id, review_pair_id
    )
    audit.record(
        session, "person.merged", object_type="person", object_id=to_id,
        user_id=user_id, from_person_id=from_id, change_id=change.id, records=len(record_ids),
    )  # fmt: skip
    return change


def split_person(
    session: Session,
    person_id: int,
    record_ids: Collection[int],
    *,
    reason: str,
    user_id: int | None = None,
) -> PersonChange:
    """Move some of a person's records onto a new person."""
    _active(session, person_id)
    own = {record.id for record in dao.records_of_person(session, person_id)}
    moving = sorted(set(record_ids))
    if not moving or not set(moving) <= own or set(moving) == own:
        raise IdentityError("Choose some, but not all, of this person's records to split off.")
    new_person = Person()
    session.add(new_person)
    session.flush()
    dao.move_records(session, moving, new_person.id)
    change = _record_change(
        session, ChangeKind.SPLIT, person_id, new_person.id, moving, reason, user_id, None
    )
    audit.record(
        session, "person.split", object_type="person", object_id=person_id,
        user_id=user_id, new_person_id=new_person.id, change_id=change.id, records=len(moving),
    )  # fmt: skip
    return change


def undo_change(session: Session, change_id: int, *, user_id: int | None = None) -> PersonChange:
    """Put the moved records back where they were."""
    change = dao.change(session, change_id)
    if change is None or change.undone_at is not None:
        raise IdentityError("That change does not exist or has already been undone.")
    held = {record.id for record in dao.records_of_person(session, change.to_person_id)}
    if not set(change.record_ids) <= held:
        raise IdentityError("Those records have moved since: undo the later change first.")
    if change.kind == ChangeKind.SPLIT and held != set(change.record_ids):
        raise IdentityError("Records were linked to the split-off person since: split them first.")
    dao.move_records(session, change.record_ids, change.from_person_id)
    if change.kind == ChangeKind.MERGE:
        _reactivate(session, change.from_person_id)
    else:
        _retire(session, change.to_person_id, into=change.from_person_id)
    change.undone_at = utcnow()
    change.undone_by_id = user_id
    audit.record(
        session, f"person.{change.kind}_undone", object_type="person",
        object_id=change.from_person_id, user_id=user_id, change_id=change.id,
    )  # fmt: skip
    return change


def _reactivate(session: Session, person_id: int) -> None:
    found = dao.person(session, person_id)
    if found is not None:
        found.status = PersonStatus.ACTIVE
        found.merged_into_id = None


def _retire(session: Session, person_id: int, *, into: int) -> None:
    found = dao.person(session, person_id)
    if found is not None:
        found.status = PersonStatus.MERGED
        found.merged_into_id = into


def _record_change(
    session: Session,
    kind: ChangeKind,
    from_id: int,
    to_id: int,
    record_ids: list[int],
    reason: str,
    user_id: int | None,
    review_pair_id: int | None,
) -> PersonChange:
    change = PersonChange(
        kind=kind,
        from_person_id=from_id,
        to_person_id=to_id,
        record_ids=record_ids,
        reason=reason[:500],
        performed_by_id=user_id,
        review_pair_id=review_pair_id,
    )
    session.add(change)
    session.flush()
    return change
