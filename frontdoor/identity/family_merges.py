"""Merging two families and splitting one, reversible exactly, and the undo of every family
change.

A merge moves every row of the other family (members not already in this one, referrals,
involvements, actions and agenda items of meetings that are not closed) into this one and
keeps the other family as `merged_into_id` (never deleted). A split moves the members and
referrals the coordinator chose onto a new family (the original keeps its agenda items,
actions and involvements). The ids moved are recorded; undo moves exactly those back. Closed
meetings' records never move: their minutes are frozen.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import service as audit
from ..models import (
    Action,
    AgendaItem,
    Family,
    FamilyChange,
    FamilyChangeKind,
    FamilyMember,
    Involvement,
    Meeting,
    MeetingStatus,
    Referral,
)
from .family_changes import FamilyError, live_family, mark_undone, record_change
from .family_changes import undo_member_change as _undo_member_change

MOVABLE: dict[str, Any] = {
    "members": FamilyMember,
    "referrals": Referral,
    "involvements": Involvement,
    "actions": Action,
    "items": AgendaItem,
}


def _ids(session: Session, model: Any, family_id: int) -> list[int]:
    return list(session.scalars(select(model.id).where(model.family_id == family_id)))


def _unfrozen_items(session: Session, family_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaItem.family_id == family_id, Meeting.status != MeetingStatus.CLOSED)
        )
    )


def _unfrozen_actions(session: Session, family_id: int) -> list[int]:
    closed_items = (
        select(AgendaItem.id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.status == MeetingStatus.CLOSED)
    )
    statement = select(Action.id).where(
        Action.family_id == family_id,
        (Action.agenda_item_id.is_(None)) | Action.agenda_item_id.not_in(closed_items),
    )
    return list(session.scalars(statement))


def _move(session: Session, moved: dict[str, list[int]], to_family: int) -> None:
    for name, ids in moved.items():
        for row_id in ids:
            row = session.get(MOVABLE[name], row_id)
            assert row is not None
            row.family_id = to_family
    session.flush()


def _check_still(session: Session, moved: dict[str, list[int]], family_id: int) -> None:
    for name, ids in moved.items():
        for row_id in ids:
            row = session.get(MOVABLE[name], row_id)
            if row is None or row.family_id != family_id:
                raise FamilyError(
                    "Part of the family has changed since: undo the later change first."
                )


def merge_families(
    session: Session, family_id: int, other_id: int, *, reason: str, user_id: int | None
) -> FamilyChange:
    """Merge family `other_id` into `family_id`."""
    if family_id == other_id:
        raise FamilyError("A family cannot be merged with itself.")
    live_family(session, family_id)
    other = live_family(session, other_id)
    items = _unfrozen_items(session, other_id)
    ours = {i.meeting_id for i in _unfrozen_items(session, family_id)}
    if any(item.meeting_id in ours for item in items):
        raise FamilyError(
            "Both families are on the agenda of the same meeting: remove one from it first."
        )
    present = set(
        session.scalars(select(FamilyMember.person_id).where(FamilyMember.family_id == family_id))
    )
    members = [
        row.id
        for row in session.scalars(select(FamilyMember).where(FamilyMember.family_id == other_id))
        if row.person_id not in present
    ]
    moved = {
        "members": members,
        "referrals": _ids(session, Referral, other_id),
        "involvements": _ids(session, Involvement, other_id),
        "actions": _unfrozen_actions(session, other_id),
        "items": [item.id for item in items],
    }
    _move(session, moved, family_id)
    other.merged_into_id = family_id
    return record_change(
        session, FamilyChangeKind.MERGE, family_id, {"moved": moved}, reason, user_id, other_id
    )


def split_family(
    session: Session,
    family_id: int,
    member_ids: Collection[int],
    referral_ids: Collection[int],
    *,
    label: str,
    reason: str,
    user_id: int | None,
) -> FamilyChange:
    """Move some members (and, if chosen, referrals) onto a new family."""
    live_family(session, family_id)
    own_members = set(_ids(session, FamilyMember, family_id))
    own_referrals = set(_ids(session, Referral, family_id))
    members, referrals = sorted(set(member_ids)), sorted(set(referral_ids))
    if not members or not set(members) <= own_members or set(members) == own_members:
        raise FamilyError("Choose some, but not all, of this family's members to split off.")
    if not set(referrals) <= own_referrals:
        raise FamilyError("Those referrals are not this family's.")
    new_family = Family(label=(label.strip() or "Split family")[:200])
    session.add(new_family)
    session.flush()
    moved = {"members": members, "referrals": referrals}
    _move(session, moved, new_family.id)
    return record_change(
        session, FamilyChangeKind.SPLIT, family_id, {"moved": moved}, reason, user_id,
        new_family.id,
    )  # fmt: skip


def undo(session: Session, change_id: int, *, user_id: int | None) -> FamilyChange:
    """Undo any family change: exactly what it moved or changed goes back."""
    change = session.get(FamilyChange, change_id)
    if change is None or change.undone_at is not None:
        raise FamilyError("That change does not exist or has already been undone.")
    if change.kind in (FamilyChangeKind.MERGE, FamilyChangeKind.SPLIT):
        _undo_move(session, change)
    else:
        _undo_member_change(session, change)
    mark_undone(change, user_id)
    session.flush()
    audit.record(
        session, f"family.{change.kind.value}_undone", object_type="family",
        object_id=change.family_id, user_id=user_id, change_id=change.id,
    )  # fmt: skip
    return change


def _undo_move(session: Session, change: FamilyChange) -> None:
    moved: dict[str, list[int]] = change.payload["moved"]
    other = session.get(Family, change.other_family_id)
    assert other is not None and change.other_family_id is not None
    if change.kind == FamilyChangeKind.MERGE:
        if other.merged_into_id != change.family_id:
            raise FamilyError("That family has changed since: undo the later change first.")
        _check_still(session, moved, change.family_id)
        _move(session, moved, change.other_family_id)
        other.merged_into_id = None
        return
    _check_still(session, moved, change.other_family_id)
    for name in MOVABLE:
        if set(_ids(session, MOVABLE[name], change.other_family_id)) - set(moved.get(name, [])):
            raise FamilyError("The split-off family has new records since: split them first.")
    _move(session, moved, change.family_id)
    other.merged_into_id = change.family_id


def history(session: Session, family_id: int) -> list[FamilyChange]:
    statement = (
        select(FamilyChange)
        .where((FamilyChange.family_id == family_id) | (FamilyChange.other_family_id == family_id))
        .order_by(FamilyChange.id.desc())
    )
    return list(session.scalars(statement))
