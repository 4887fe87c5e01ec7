"""The coordinator's family page: what it shows, and the corrections it makes (one
transaction each, audited). See docs/identity.md, "Families a coordinator can correct"."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import service as audit
from ..db import transaction
from ..models import (
    Family,
    FamilyChange,
    FamilyMember,
    MemberRole,
    MembershipStatus,
    PersonRecord,
    Referral,
    utcnow,
)
from ..names import family_label
from . import family_changes as changes
from . import family_merges as merges
from .family_changes import FamilyError
from .linked_cases import linked_cases
from .members import records_for_family


class Who(TypedDict):
    reason: str
    user_id: int | None


@dataclass(frozen=True)
class MemberRow:
    id: int
    person_id: int
    name: str
    born: date | None
    label: str
    named_as: str
    role: str
    status: str
    started_on: date | None
    ended_on: date | None
    recorded_there_on: date | None


@dataclass(frozen=True)
class FamilyPage:
    id: int
    label: str
    merged_into_id: int | None
    members: list[MemberRow]
    proposed: list[MemberRow]
    former: list[MemberRow]  # ended or dismissed
    referrals: list[Referral]
    linked: list[str]
    history: list[FamilyChange]


def _name(records: list[PersonRecord]) -> str:
    for record in reversed(records):
        parts = [p for p in (record.given_name, record.surname) if p]
        if parts:
            return " ".join(parts)
    return "Name not recorded"


def _rows(session: Session, family_id: int) -> list[MemberRow]:
    members = list(
        session.scalars(
            select(FamilyMember)
            .where(FamilyMember.family_id == family_id)
            .order_by(FamilyMember.id)
        )
    )
    perpetrators = {m.person_id for m in members if m.named_as == "perpetrator"}
    records = records_for_family(session, family_id, [m.person_id for m in members], perpetrators)
    return [
        MemberRow(
            m.id,
            m.person_id,
            _name(records.get(m.person_id, [])),
            max(
                (r.date_of_birth for r in records.get(m.person_id, []) if r.date_of_birth),
                default=None,
            ),
            m.relationship_label or "",
            m.named_as or "",
            m.member_role.value,
            m.status.value,
            m.started_on,
            m.ended_on,
            m.recorded_there_on,
        )  # fmt: skip
        for m in members
    ]


def view_family(family_id: int, user_id: int) -> FamilyPage:
    with transaction() as session:
        family = session.get(Family, family_id)
        if family is None:
            raise FamilyError("No such family.")
        audit.record(
            session, "family.viewed", object_type="family", object_id=family_id,
            user_id=user_id, purpose="family correction",
        )  # fmt: skip
        rows = _rows(session, family_id)
        today = utcnow().date()
        current = [
            r for r in rows if r.status == "member" and not (r.ended_on and r.ended_on <= today)
        ]
        return FamilyPage(
            family.id,
            family_label(family.label, family.id),
            family.merged_into_id,
            current,
            [r for r in rows if r.status == MembershipStatus.PROPOSED.value],
            [r for r in rows if r not in current and r.status != MembershipStatus.PROPOSED.value],
            list(
                session.scalars(
                    select(Referral)
                    .where(Referral.family_id == family_id)
                    .order_by(Referral.received_at)
                )
            ),
            [link.describe(today) for link in linked_cases(session, family_id)],
            merges.history(session, family_id),
        )


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise FamilyError("Enter dates as YYYY-MM-DD.") from error


def _int(text: str | None, what: str) -> int:
    if text and text.strip().isdigit():
        return int(text.strip())
    raise FamilyError(f"Enter the {what} (a number).")


def change_family(
    family_id: int,
    form: Mapping[str, str],
    picked_members: Sequence[int],
    picked_referrals: Sequence[int],
    user_id: int,
) -> FamilyChange:
    """One correction, named by form["change"]; every one needs form["reason"]."""
    kind, reason = form.get("change", ""), form.get("reason", "")
    with transaction() as tx:
        return _dispatch(
            tx, family_id, kind, reason, form, picked_members, picked_referrals, user_id
        )


def _dispatch(
    tx: Session,
    family_id: int,
    kind: str,
    reason: str,
    form: Mapping[str, str],
    picked_members: Sequence[int],
    picked_referrals: Sequence[int],
    user_id: int,
) -> FamilyChange:
    who: Who = {"reason": reason, "user_id": user_id}
    if kind == "relabel":
        return changes.relabel(tx, family_id, form.get("label", ""), **who)
    if kind == "merge":
        return merges.merge_families(
            tx, family_id, _int(form.get("other_family_id"), "family number"), **who
        )
    if kind == "split":
        return merges.split_family(
            tx, family_id, picked_members, picked_referrals, label=form.get("label", ""), **who
        )
    if kind == "add":
        role = MemberRole.CHILD if form.get("member_role") == "child" else MemberRole.ADULT
        person_id = _int(form.get("person_id"), "person number")
        started_on = _date(form.get("started_on"))
        return changes.add_member(
            tx, family_id, person_id, label=form.get("label", ""),
            named_as=form.get("named_as", "other"), role=role, started_on=started_on, **who,
        )  # fmt: skip
    member_id = _int(form.get("member_id"), "member")
    if kind in ("confirm", "dismiss"):
        return changes.decide_proposal(
            tx,
            family_id,
            member_id,
            confirm=kind == "confirm",
            started_on=_date(form.get("started_on")),
            **who,
        )
    if kind == "remove":
        return changes.remove_member(tx, family_id, member_id, **who)
    if kind == "move":
        return changes.move_member(
            tx, family_id, member_id, _int(form.get("other_family_id"), "family number"), **who
        )
    if kind == "edit":
        edits = {
            "relationship_label": (form.get("label", "").strip() or None),
            "started_on": _date(form.get("started_on")),
            "ended_on": _date(form.get("ended_on")),
        }
        return changes.edit_member(tx, family_id, member_id, edits, **who)
    raise FamilyError("Choose a correction.")


def undo_change(change_id: int, user_id: int) -> FamilyChange:
    with transaction() as tx:
        return merges.undo(tx, change_id, user_id=user_id)
