"""Data access for MARAC referrals (the family's MARAC status) and urgent alerts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from frontdoor.models import MaracReferral


def last_referrals(session: Session, family_ids: Sequence[int], before: date) -> dict[int, date]:
    """Each family's latest MARAC referral made before `before` (a meeting's own day excluded:
    its decision is read by the next meeting)."""
    if not family_ids:
        return {}
    rows = session.execute(
        select(MaracReferral.family_id, func.max(MaracReferral.referred_on))
        .where(MaracReferral.family_id.in_(family_ids), MaracReferral.referred_on < before)
        .group_by(MaracReferral.family_id)
    )
    return {family_id: day for family_id, day in rows}


def referrals_of_family(session: Session, family_id: int) -> list[MaracReferral]:
    return list(
        session.scalars(
            select(MaracReferral)
            .where(MaracReferral.family_id == family_id)
            .order_by(MaracReferral.referred_on.desc(), MaracReferral.id.desc())
        )
    )


def referral_for_item(session: Session, item_id: int) -> MaracReferral | None:
    return session.scalar(select(MaracReferral).where(MaracReferral.agenda_item_id == item_id))


def referral_by_id(session: Session, referral_id: int) -> MaracReferral | None:
    return session.get(MaracReferral, referral_id)


def all_referrals(
    session: Session, meeting_ids: Sequence[int] | None = None
) -> list[MaracReferral]:
    """Every MARAC referral, newest first; only those made at `meeting_ids` when given."""
    query = select(MaracReferral).options(joinedload(MaracReferral.family))
    if meeting_ids is not None:
        query = query.where(MaracReferral.meeting_id.in_(meeting_ids or [-1]))
    return list(
        session.scalars(query.order_by(MaracReferral.referred_on.desc(), MaracReferral.id.desc()))
    )


def families_referred(session: Session, family_ids: Sequence[int]) -> set[int]:
    if not family_ids:
        return set()
    return set(
        session.scalars(
            select(MaracReferral.family_id).where(MaracReferral.family_id.in_(family_ids))
        )
    )
