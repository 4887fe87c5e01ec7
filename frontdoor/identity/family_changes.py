"""A coordinator's corrections of one family's members and label, each recorded with what it
changed so that it can be undone exactly (as person merges and splits are).

Every change is a `FamilyChange` row (payload: the row ids and the values before and after)
and an audit event `family.<kind>`; undoing writes `family.<kind>_undone`. An undo is refused
when the rows have changed since (undo the later change first). Merges and splits of whole
families are in `family_merges`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import service as audit
from ..models import (
    Family,
    FamilyChange,
    FamilyChangeKind,
    FamilyMember,
    MemberRole,
    MembershipStatus,
    Person,
    PersonStatus,
    utcnow,
)

MEMBER_FIELDS = ("relationship_label", "started_on", "ended_on", "member_role", "named_as")
NAMED_AS = ("victim", "perpetrator", "child", "other", "household")


class FamilyError(Exception):
    """A correction or undo that cannot be made as asked."""


def live_family(session: Session, family_id: int) -> Family:
    found = session.get(Family, family_id)
    if found is None or found.merged_into_id is not None:
        raise FamilyError("That family does not exist or was merged into another.")
    return found


def member_of(session: Session, family_id: int, member_id: int) -> FamilyMember:
    row = session.get(FamilyMember, member_id)
    if row is None or row.family_id != family_id:
        raise FamilyError("That person is not in this family.")
    return row


def record_change(
    session: Session,
    kind: FamilyChangeKind,
    family_id: int,
    payload: dict[str, Any],
    reason: str,
    user_id: int | None,
    other_family_id: int | None = None,
) -> FamilyChange:
    reason = reason.strip()
    if not reason:
        raise FamilyError("Give a reason for the change.")
    change = FamilyChange(
        kind=kind,
        family_id=family_id,
        other_family_id=other_family_id,
        payload=payload,
        reason=reason[:500],
        performed_by_id=user_id,
    )
    session.add(change)
    session.flush()
    audit.record(
        session, f"family.{kind.value}", object_type="family", object_id=family_id,
        user_id=user_id, change_id=change.id, other_family_id=other_family_id,
    )  # fmt: skip
    return change


def _values(row: FamilyMember) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in MEMBER_FIELDS:
        value = getattr(row, name)
        values[name] = (
            value.isoformat()
            if isinstance(value, date)
            else (str(value) if value is not None else None)
        )
    values["status"] = row.status.value
    return values


def _apply(row: FamilyMember, values: dict[str, Any]) -> None:
    for name in ("started_on", "ended_on"):
        if name in values:
            setattr(row, name, date.fromisoformat(values[name]) if values[name] else None)
    if "relationship_label" in values:
        row.relationship_label = values["relationship_label"]
    if "named_as" in values:
        row.named_as = values["named_as"]
    if "member_role" in values and values["member_role"]:
        row.member_role = MemberRole(values["member_role"])
    if "status" in values:
        row.status = MembershipStatus(values["status"])


def add_member(
    session: Session,
    family_id: int,
    person_id: int,
    *,
    label: str,
    named_as: str,
    role: MemberRole,
    started_on: date | None,
    reason: str,
    user_id: int | None,
) -> FamilyChange:
    live_family(session, family_id)
    person = session.get(Person, person_id)
    if person is None or person.status != PersonStatus.ACTIVE:
        raise FamilyError("There is no such person.")
    if named_as not in NAMED_AS:
        raise FamilyError("Choose how the case names them.")
    existing = session.scalar(
        select(FamilyMember).where(
            FamilyMember.family_id == family_id, FamilyMember.person_id == person_id
        )
    )
    if existing is not None:
        raise FamilyError("That person is already in this family (or proposed for it).")
    row = FamilyMember(
        family_id=family_id, person_id=person_id, member_role=role,
        relationship_label=(label.strip() or named_as)[:60], named_as=named_as,
        status=MembershipStatus.MEMBER, started_on=started_on,
    )  # fmt: skip
    session.add(row)
    session.flush()
    payload = {"member_id": row.id, "person_id": person_id, "after": _values(row)}
    return record_change(session, FamilyChangeKind.ADD_MEMBER, family_id, payload, reason, user_id)


def remove_member(
    session: Session, family_id: int, member_id: int, *, reason: str, user_id: int | None
) -> FamilyChange:
    """Take someone out who should never have been in the family (a member who left has an
    end date instead: `edit_member`)."""
    row = member_of(session, family_id, member_id)
    payload = {"member_id": row.id, "person_id": row.person_id, "before": _values(row)}
    session.delete(row)
    session.flush()
    return record_change(
        session, FamilyChangeKind.REMOVE_MEMBER, family_id, payload, reason, user_id
    )


def move_member(
    session: Session,
    family_id: int,
    member_id: int,
    to_family_id: int,
    *,
    reason: str,
    user_id: int | None,
) -> FamilyChange:
    row = member_of(session, family_id, member_id)
    live_family(session, to_family_id)
    if to_family_id == family_id:
        raise FamilyError("Choose another family.")
    _refuse_duplicate(session, to_family_id, row.person_id)
    row.family_id = to_family_id
    session.flush()
    payload = {"member_id": row.id, "person_id": row.person_id}
    return record_change(
        session, FamilyChangeKind.MOVE_MEMBER, family_id, payload, reason, user_id, to_family_id
    )


def _refuse_duplicate(session: Session, family_id: int, person_id: int) -> None:
    taken = session.scalar(
        select(FamilyMember.id).where(
            FamilyMember.family_id == family_id, FamilyMember.person_id == person_id
        )
    )
    if taken is not None:
        raise FamilyError("That person is already in the other family.")


def edit_member(
    session: Session,
    family_id: int,
    member_id: int,
    changes: dict[str, Any],
    *,
    reason: str,
    user_id: int | None,
    kind: FamilyChangeKind = FamilyChangeKind.EDIT_MEMBER,
) -> FamilyChange:
    """Change a member's relationship label, start or end date (or, to confirm or dismiss a
    proposed household member, its status)."""
    row = member_of(session, family_id, member_id)
    started, ended = (
        changes.get("started_on", row.started_on),
        changes.get("ended_on", row.ended_on),
    )
    if started and ended and ended < started:
        raise FamilyError("The membership cannot end before it starts.")
    before = _values(row)
    for name, value in changes.items():
        setattr(row, name, value)
    session.flush()
    payload = {"member_id": row.id, "before": before, "after": _values(row)}
    return record_change(session, kind, family_id, payload, reason, user_id)


def decide_proposal(
    session: Session,
    family_id: int,
    member_id: int,
    *,
    confirm: bool,
    started_on: date | None,
    reason: str,
    user_id: int | None,
) -> FamilyChange:
    row = member_of(session, family_id, member_id)
    if row.status != MembershipStatus.PROPOSED:
        raise FamilyError("That person is not a proposed household member.")
    if confirm:
        changes = {
            "status": MembershipStatus.MEMBER,
            "started_on": started_on or row.recorded_there_on,
        }
        kind = FamilyChangeKind.CONFIRM_MEMBER
    else:
        changes, kind = {"status": MembershipStatus.DISMISSED}, FamilyChangeKind.DISMISS_MEMBER
    return edit_member(
        session, family_id, member_id, changes, reason=reason, user_id=user_id, kind=kind
    )


def relabel(
    session: Session, family_id: int, label: str, *, reason: str, user_id: int | None
) -> FamilyChange:
    family = live_family(session, family_id)
    label = label.strip()[:200]
    if not label:
        raise FamilyError("Enter the family's label.")
    payload = {"before": family.label, "after": label}
    family.label = label
    session.flush()
    return record_change(session, FamilyChangeKind.RELABEL, family_id, payload, reason, user_id)


def undo_member_change(session: Session, change: FamilyChange) -> None:
    """Undo one of this module's changes (the caller marks the change undone and audits)."""
    payload = change.payload
    if change.kind == FamilyChangeKind.RELABEL:
        family = live_family(session, change.family_id)
        if family.label != payload["after"]:
            raise FamilyError("The label has changed since: undo the later change first.")
        family.label = payload["before"]
        return
    row = session.get(FamilyMember, payload["member_id"])
    if change.kind == FamilyChangeKind.REMOVE_MEMBER:
        _restore(session, change.family_id, payload)
    elif change.kind == FamilyChangeKind.MOVE_MEMBER:
        if row is None or row.family_id != change.other_family_id:
            raise FamilyError("That person has moved since: undo the later change first.")
        _refuse_duplicate(session, change.family_id, row.person_id)
        row.family_id = change.family_id
    elif change.kind == FamilyChangeKind.ADD_MEMBER:
        if row is None or row.family_id != change.family_id or _values(row) != payload["after"]:
            raise FamilyError("That membership has changed since: undo the later change first.")
        session.delete(row)
    else:  # edit, confirm, dismiss
        if row is None or row.family_id != change.family_id or _values(row) != payload["after"]:
            raise FamilyError("That membership has changed since: undo the later change first.")
        _apply(row, payload["before"])
    session.flush()


def _restore(session: Session, family_id: int, payload: dict[str, Any]) -> None:
    _refuse_duplicate(session, family_id, payload["person_id"])
    if session.get(FamilyMember, payload["member_id"]) is not None:
        raise FamilyError("That membership exists again: nothing to restore.")
    row = FamilyMember(id=payload["member_id"], family_id=family_id, person_id=payload["person_id"])
    _apply(row, payload["before"])
    session.add(row)


def mark_undone(change: FamilyChange, user_id: int | None) -> None:
    change.undone_at = utcnow()
    change.undone_by_id = user_id
