"""Who is in a family now, and which of their records the family's readers may see.

A member's details come only from records that are not named on *another* family's referrals:
a perpetrator named in two victims' cases is one person, but what the first victim's referral
recorded about him (her address as his, say) belongs to her case and never shows in the
second. Records no referral names (an agency's person index) are shown as before.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from ..models import FamilyMember, MembershipStatus, PersonRecord, Referral, ReferralPerson


def current(on: date | None = None) -> ColumnElement[bool]:
    """A confirmed member whose membership has not ended (by `on`, if given)."""
    ended = FamilyMember.ended_on.is_(None)
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
    session: Session, family_id: int, person_ids: list[int]
) -> dict[int, list[PersonRecord]]:
    """Each person's records a reader of this family may see (oldest first)."""
    if not person_ids:
        return {}
    elsewhere = (
        select(ReferralPerson.person_record_id)
        .join(Referral, Referral.id == ReferralPerson.referral_id)
        .where(Referral.family_id.is_not(None), Referral.family_id != family_id)
    )
    ours = (
        select(ReferralPerson.person_record_id)
        .join(Referral, Referral.id == ReferralPerson.referral_id)
        .where(Referral.family_id == family_id)
    )
    statement = (
        select(PersonRecord)
        .where(
            PersonRecord.person_id.in_(person_ids),
            or_(PersonRecord.id.in_(ours), PersonRecord.id.not_in(elsewhere)),
        )
        .order_by(PersonRecord.id)
    )
    found: dict[int, list[PersonRecord]] = {}
    for record in session.scalars(statement):
        assert record.person_id is not None
        found.setdefault(record.person_id, []).append(record)
    return found


def members_with_records(
    session: Session, family_id: int, on: date | None = None
) -> list[tuple[FamilyMember, list[PersonRecord]]]:
    members = current_members(session, family_id, on)
    records = records_for_family(session, family_id, [m.person_id for m in members])
    return [(m, records.get(m.person_id, [])) for m in members]
