"""Retention of case records: a family and everything about it go together, once nothing has
happened to the family for the retention period; a family with any activity in the period is
kept whole. Referrals that never joined a family, and meetings left with no agenda items, go
the same way, aged from when they happened.

"Activity" (any one keeps the family): a member added, a referral received or amended, an
agenda item created or on a meeting in the period, an action created, completed, due or still
open, an involvement (of the family or a member) that is current, began, ended or changed in
the period, a new person record of a member.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, or_, select, union, update
from sqlalchemy.orm import Session

from ..models import (
    Action,
    ActionStatus,
    AgendaItem,
    AgendaItemState,
    AgendaSource,
    Family,
    FamilyMember,
    Involvement,
    Meeting,
    MeetingLiveState,
    MeetingStatus,
    PersonRecord,
    QuarantinedRow,
    Referral,
    ReferralDraft,
    ReferralRevision,
    SelfClaimedAccess,
)
from . import tracking
from .rows import rowcount

CHUNK = 500


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _involvement_active(cutoff: datetime) -> ColumnElement[bool]:
    day = cutoff.date()
    return or_(
        Involvement.ended_on.is_(None),
        Involvement.ended_on >= day,
        Involvement.since >= day,
        Involvement.updated_at >= cutoff,
    )


def active_family_ids(cutoff: datetime) -> Select[Any]:
    """Families with any activity since `cutoff` (one column, never NULL)."""
    day = cutoff.date()
    member = select(FamilyMember.family_id)
    return union(  # type: ignore[return-value]
        member.where(FamilyMember.created_at >= cutoff),
        select(Referral.family_id).where(
            Referral.family_id.is_not(None),
            or_(Referral.received_at >= cutoff, Referral.id.in_(_revised_since(cutoff))),
        ),
        select(AgendaItem.family_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(or_(Meeting.meeting_date >= day, AgendaItem.created_at >= cutoff)),
        select(Action.family_id).where(
            or_(
                Action.status == ActionStatus.OPEN,
                Action.created_at >= cutoff,
                Action.completed_at >= cutoff,
                Action.due_on >= day,
            )
        ),
        select(Involvement.family_id).where(
            Involvement.family_id.is_not(None), _involvement_active(cutoff)
        ),
        member.join(Involvement, Involvement.person_id == FamilyMember.person_id).where(
            _involvement_active(cutoff)
        ),
        member.join(PersonRecord, PersonRecord.person_id == FamilyMember.person_id).where(
            PersonRecord.created_at >= cutoff
        ),
        tracking.families_in_minutes(),
    )


def _revised_since(cutoff: datetime) -> Select[Any]:
    return select(ReferralRevision.referral_id).where(ReferralRevision.created_at >= cutoff)


def expired_family_ids(session: Session, cutoff: datetime) -> list[int]:
    active = active_family_ids(cutoff).subquery()
    query = select(Family.id).where(
        Family.created_at < cutoff, Family.id.not_in(select(active.c[0]))
    )
    return list(session.scalars(query.order_by(Family.id)))


def purge_families(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    counts = {"families": 0, "families.referrals": 0, "families.agenda_items": 0}
    for ids in chunks(expired_family_ids(tx, cutoff)):
        referral_ids = list(tx.scalars(select(Referral.id).where(Referral.family_id.in_(ids))))
        item_ids = list(tx.scalars(select(AgendaItem.id).where(AgendaItem.family_id.in_(ids))))
        _delete_agenda_items(tx, item_ids, ids)
        counts["families.referrals"] += delete_referrals(tx, referral_ids)
        counts["families.agenda_items"] += len(item_ids)
        tx.execute(delete(Involvement).where(Involvement.family_id.in_(ids)))
        tx.execute(delete(SelfClaimedAccess).where(SelfClaimedAccess.family_id.in_(ids)))
        tx.execute(delete(FamilyMember).where(FamilyMember.family_id.in_(ids)))
        counts["families"] += rowcount(tx.execute(delete(Family).where(Family.id.in_(ids))))
    return counts


def _delete_agenda_items(tx: Session, item_ids: list[int], family_ids: list[int]) -> None:
    """An item's own rows (states, texts, fields, clocks, preparations, sources) go with it by
    ON DELETE CASCADE; rows that only point at it are cleared first."""
    tx.execute(
        update(AgendaItemState)
        .where(AgendaItemState.carried_from_item_id.in_(item_ids))
        .values(carried_from_item_id=None)
    )
    tx.execute(
        update(MeetingLiveState)
        .where(MeetingLiveState.current_item_id.in_(item_ids))
        .values(current_item_id=None)
    )
    doomed_actions = or_(Action.family_id.in_(family_ids), Action.agenda_item_id.in_(item_ids))
    tracking.forget_actions(tx, select(Action.id).where(doomed_actions))
    tracking.forget_items_and_meetings(tx, item_ids)
    tx.execute(delete(Action).where(doomed_actions))
    tx.execute(delete(AgendaItem).where(AgendaItem.id.in_(item_ids)))


def delete_referrals(tx: Session, referral_ids: list[int]) -> int:
    """Referrals with their people, entries and revisions (ON DELETE CASCADE), and the
    intake rows and agenda sources that point at them."""
    if not referral_ids:
        return 0
    tx.execute(delete(AgendaSource).where(AgendaSource.referral_id.in_(referral_ids)))
    tx.execute(delete(QuarantinedRow).where(QuarantinedRow.referral_id.in_(referral_ids)))
    tx.execute(delete(ReferralDraft).where(ReferralDraft.referral_id.in_(referral_ids)))
    return rowcount(tx.execute(delete(Referral).where(Referral.id.in_(referral_ids))))


def purge_unlinked_referrals(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    """Referrals that never joined a family, aged from their last receipt or amendment."""
    query = select(Referral.id).where(
        Referral.family_id.is_(None),
        Referral.received_at < cutoff,
        Referral.id.not_in(_revised_since(cutoff)),
    )
    ids = list(tx.scalars(query.order_by(Referral.id)))
    return {"referrals": sum(delete_referrals(tx, chunk) for chunk in chunks(ids))}


def purge_meetings(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    """Meetings older than the period with no agenda item left (their attendance, builds,
    sources and live state go by ON DELETE CASCADE). A live meeting, or one whose minutes are
    still held, is never purged."""
    query = select(Meeting.id).where(
        Meeting.meeting_date < cutoff.date(),
        Meeting.status != MeetingStatus.LIVE,
        Meeting.id.not_in(select(AgendaItem.meeting_id)),
        Meeting.id.not_in(tracking.meetings_with_minutes()),
    )
    ids = list(tx.scalars(query))
    total = 0
    for chunk in chunks(ids):
        tracking.forget_items_and_meetings(tx, [], chunk)
        total += rowcount(tx.execute(delete(Meeting).where(Meeting.id.in_(chunk))))
    return {"meetings": total}
