"""Who is in a family now, and which of their records the family's readers may see.

A perpetrator's details come only from records not named on *another* family's referrals: he
is one person in two victims' cases, but what the first victim's referral recorded about him
(her address as his, say) belongs to her case and never shows in the second. Other members'
details come from such records too when they have any (else from any record of theirs: a
household member the coordinator confirmed may be known only from another referral).
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from ..models import (
    FamilyMember,
    MembershipStatus,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
)

PERPETRATOR = ReferralRole.PERPETRATOR.value


def current(on: date | None = None) -> ColumnElement[bool]:
    """A confirmed member whose membership has not ended (by `on`, if given)."""
    ended: ColumnElement[bool] = FamilyMember.ended_on.is_(None)
    if on is not None:
        ended = or_(ended, FamilyMember.ended_on > on)
    return (FamilyMember.status == MembershipStatus.MEMBER) & ended


def current_members(session: Session, family_id: int, on: date | None = None) -> list[FamilyMember]:
    statement = (
        select(FamilyMember)
        .where(FamilyMember.family_id == family_id, current(on))
        .order_by(FamilyMember.id)
    )
    return list(session.scalars(statement))


def records_for_family(
    session: Session, family_id: int, person_ids: list[int], perpetrators: Set[int] = frozenset()
) -> dict[int, list[PersonRecord]]:
    """Each person's records a reader of this family may see (oldest first): those on this
    family's referrals or on no other family's; failing those, any record of theirs — except
    for a perpetrator, whose records on another victim's case are never shown here."""
    if not person_ids:
        return {}
    elsewhere = set(
        session.scalars(
            select(ReferralPerson.person_record_id)
            .join(Referral, Referral.id == ReferralPerson.referral_id)
            .join(PersonRecord, PersonRecord.id == ReferralPerson.person_record_id)
            .where(
                PersonRecord.person_id.in_(person_ids),
                Referral.family_id.is_not(None),
                Referral.family_id != family_id,
            )
        )
    )
    everything: dict[int, list[PersonRecord]] = {}
    statement = (
        select(PersonRecord).where(PersonRecord.person_id.in_(person_ids)).order_by(PersonRecord.id)
    )
    for record in session.scalars(statement):
        assert record.person_id is not None
        everything.setdefault(record.person_id, []).append(record)
    found: dict[int, list[PersonRecord]] = {}
    for person_id, records in everything.items():
        visible = [r for r in records if r.id not in elsewhere]
        if visible or person_id not in perpetrators:
            found[person_id] = visible or records
    return found


def _perpetrators(members: list[FamilyMember]) -> set[int]:
    return {m.person_id for m in members if m.named_as == PERPETRATOR}


def members_with_records(
    session: Session, family_id: int, on: date | None = None
) -> list[tuple[FamilyMember, list[PersonRecord]]]:
    members = current_members(session, family_id, on)
    people = [m.person_id for m in members]
    records = records_for_family(session, family_id, people, _perpetrators(members))
    return [(m, records.get(m.person_id, [])) for m in members]
