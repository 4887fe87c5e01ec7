"""Data access for the agenda: every query the services need, and nothing else."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload

from frontdoor.identity import dao as identity_dao
from frontdoor.identity import members
from frontdoor.models import (
    Action,
    ActionStatus,
    AgendaBuild,
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    AgendaSource,
    Attendance,
    Family,
    FamilyMember,
    Meeting,
    MeetingScheduleSettings,
    MemberRole,
    NonMeetingDate,
    PartnerPreparation,
    PersonRecord,
    Referral,
    ReferralPerson,
    ReferralRole,
    ResolutionStatus,
)


def meeting_on(session: Session, day: date) -> Meeting | None:
    return session.scalar(select(Meeting).where(Meeting.meeting_date == day))


def is_invited(session: Session, meeting_id: int, user_id: int) -> bool:
    """Invited to the meeting and not removed (apologies alone never invite)."""
    query = select(Attendance.id).where(
        Attendance.meeting_id == meeting_id,
        Attendance.user_id == user_id,
        Attendance.invited.is_(True),
    )
    return session.scalar(query.limit(1)) is not None


def meeting_by_id(session: Session, meeting_id: int) -> Meeting | None:
    return session.get(Meeting, meeting_id)


def latest_meeting_before(session: Session, day: date) -> Meeting | None:
    return session.scalar(
        select(Meeting)
        .where(Meeting.meeting_date < day, Meeting.cutoff_at.is_not(None))
        .order_by(Meeting.meeting_date.desc())
        .limit(1)
    )


def schedule_settings(session: Session) -> MeetingScheduleSettings | None:
    return session.scalar(select(MeetingScheduleSettings).order_by(MeetingScheduleSettings.id))


def non_meeting_dates(session: Session) -> list[NonMeetingDate]:
    return list(session.scalars(select(NonMeetingDate).order_by(NonMeetingDate.day)))


def scheduled_build_exists(session: Session, day: date) -> bool:
    return (
        session.scalar(select(AgendaBuild.id).where(AgendaBuild.scheduled_for == day)) is not None
    )


def unsourced_referrals(session: Session, after: datetime, until: datetime) -> list[Referral]:
    """Referrals received in (after, until] that no meeting has taken yet."""
    taken = select(AgendaSource.id).where(AgendaSource.referral_id == Referral.id).exists()
    return list(
        session.scalars(
            select(Referral)
            .where(Referral.received_at > after, Referral.received_at <= until, ~taken)
            .order_by(Referral.received_at, Referral.id)
        )
    )


def stale_provisional_sources(session: Session, before: date) -> list[AgendaSource]:
    """Referrals still awaiting a family that an earlier meeting took: they move forward."""
    return list(
        session.scalars(
            select(AgendaSource)
            .join(Meeting, Meeting.id == AgendaSource.meeting_id)
            .where(AgendaSource.agenda_item_id.is_(None), Meeting.meeting_date < before)
        )
    )


def sources_of_meeting(session: Session, meeting_id: int) -> list[AgendaSource]:
    return list(
        session.scalars(
            select(AgendaSource)
            .options(joinedload(AgendaSource.referral).joinedload(Referral.agency))
            .where(AgendaSource.meeting_id == meeting_id)
            .order_by(AgendaSource.id)
        )
    )


def sources_of_items(session: Session, item_ids: Iterable[int]) -> list[AgendaSource]:
    ids = list(item_ids)
    if not ids:
        return []
    return list(
        session.scalars(
            select(AgendaSource)
            .options(joinedload(AgendaSource.referral).joinedload(Referral.agency))
            .where(AgendaSource.agenda_item_id.in_(ids))
            .order_by(AgendaSource.id)
        )
    )


def items_of_meeting(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .options(joinedload(AgendaItem.family))
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def item_by_id(session: Session, item_id: int) -> AgendaItem | None:
    return session.get(AgendaItem, item_id)


def states_of(session: Session, item_ids: Iterable[int]) -> dict[int, AgendaItemState]:
    ids = list(item_ids)
    if not ids:
        return {}
    rows = session.scalars(select(AgendaItemState).where(AgendaItemState.agenda_item_id.in_(ids)))
    return {state.agenda_item_id: state for state in rows}


def carried_chain(session: Session, carried_from: dict[int, int]) -> dict[int, int]:
    """`carried_from` maps an earlier item to the item carrying it forward; add the items that
    one carried in turn (a family deferred at several meetings running), each mapped to the
    same carrying item, so none of their referrals is dropped."""
    owner = dict(carried_from)
    frontier = set(owner)
    while frontier:
        states = states_of(session, frontier)
        frontier = set()
        for via, state in states.items():
            earlier = state.carried_from_item_id
            if earlier is not None and earlier not in owner:
                owner[earlier] = owner[via]
                frontier.add(earlier)
    return owner


def families_with_open_actions(session: Session, due_by: date) -> list[int]:
    """Families with open actions due; a merged-away family's (a closed meeting's actions
    stay on it) count for the family it was merged into."""
    found = session.scalars(
        select(Action.family_id)
        .where(Action.status == ActionStatus.OPEN, Action.due_on <= due_by)
        .distinct()
    ).all()
    return list(dict.fromkeys(identity_dao.effective_family_id(session, f) for f in found))


def open_action_counts(session: Session, family_ids: Sequence[int], due_by: date) -> dict[int, int]:
    if not family_ids:
        return {}
    owner = {m: f for f in family_ids for m in identity_dao.families_merged_into(session, f)}
    rows = session.execute(
        select(Action.family_id, func.count(Action.id))
        .where(
            Action.family_id.in_(owner),
            Action.status == ActionStatus.OPEN,
            Action.due_on <= due_by,
        )
        .group_by(Action.family_id)
    )
    counts: dict[int, int] = {}
    for family_id, count in rows:
        counts[owner[family_id]] = counts.get(owner[family_id], 0) + count
    return counts


def deferred_items_to_carry(session: Session, before: date) -> list[AgendaItem]:
    """Deferred items of earlier meetings that no later item has carried forward yet."""
    carried = select(AgendaItemState.agenda_item_id).where(
        AgendaItemState.carried_from_item_id == AgendaItem.id
    )
    return list(
        session.scalars(
            select(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(
                AgendaItem.status == AgendaItemStatus.DEFERRED,
                Meeting.meeting_date < before,
                ~carried.exists(),
            )
        )
    )


def families_discussed_between(session: Session, after: date, until: date) -> list[int]:
    """Families whose most recent discussion fell in (after, until]."""
    last = (
        select(AgendaItem.family_id, func.max(Meeting.meeting_date).label("last"))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.status == AgendaItemStatus.DISCUSSED)
        .group_by(AgendaItem.family_id)
        .subquery()
    )
    return list(
        session.scalars(select(last.c.family_id).where(last.c.last > after, last.c.last <= until))
    )


def child_birth_dates(session: Session, family_ids: Sequence[int]) -> dict[int, list[date | None]]:
    """Each family's children (as members), with the latest recorded date of birth of each."""
    if not family_ids:
        return {}
    rows = session.execute(
        select(FamilyMember.family_id, FamilyMember.person_id, func.max(PersonRecord.date_of_birth))
        .outerjoin(PersonRecord, PersonRecord.person_id == FamilyMember.person_id)
        .where(
            FamilyMember.family_id.in_(family_ids),
            FamilyMember.member_role == MemberRole.CHILD,
            members.current(),
        )
        .group_by(FamilyMember.family_id, FamilyMember.person_id)
    )
    result: dict[int, list[date | None]] = {}
    for family_id, _person_id, born in rows:
        result.setdefault(family_id, []).append(born)
    return result


def referral_children(
    session: Session, referral_ids: Sequence[int]
) -> dict[int, list[date | None]]:
    """Children named on referrals (used while a family has no members yet)."""
    if not referral_ids:
        return {}
    rows = session.execute(
        select(ReferralPerson.referral_id, PersonRecord.date_of_birth)
        .join(PersonRecord, PersonRecord.id == ReferralPerson.person_record_id)
        .where(
            ReferralPerson.referral_id.in_(referral_ids), ReferralPerson.role == ReferralRole.CHILD
        )
    )
    result: dict[int, list[date | None]] = {}
    for referral_id, born in rows:
        result.setdefault(referral_id, []).append(born)
    return result


def family_incidents_between(
    session: Session, family_ids: Sequence[int], after: datetime, before: datetime
) -> list[Referral]:
    if not family_ids:
        return []
    return list(
        session.scalars(
            select(Referral)
            .options(joinedload(Referral.agency))
            .where(
                Referral.family_id.in_(family_ids),
                Referral.received_at > after,
                Referral.received_at <= before,
            )
            .order_by(Referral.received_at.desc())
        )
    )


def search_families(session: Session, text: str, limit: int = 20) -> list[Family]:
    """Families by number (exactly), or where every word of `text` begins a word of the
    family's label or the given name or surname of one member (agenda/family_search.py).
    Families merged into another are left out."""
    words = text.split()
    if not words:
        return []
    if text.strip().isdigit():
        found = session.get(Family, int(text))
        return [found] if found is not None and found.merged_into_id is None else []
    labelled = and_(*(_begins_a_word(Family.label, word) for word in words))
    named = select(FamilyMember.family_id).join(
        PersonRecord, PersonRecord.person_id == FamilyMember.person_id
    )
    for word in words:
        given = _begins_a_word(PersonRecord.given_name, word)
        named = named.where(or_(given, _begins_a_word(PersonRecord.surname, word)))
    query = (
        select(Family)
        .where(or_(labelled, Family.id.in_(named)), Family.merged_into_id.is_(None))
        .order_by(Family.label, Family.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def _begins_a_word(column: InstrumentedAttribute[str | None], word: str) -> ColumnElement[bool]:
    """`column` has a word starting with `word` (case-insensitive; % and _ taken literally)."""
    pattern = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(
        column.ilike(f"{pattern}%", escape="\\"),
        column.ilike(f"% {pattern}%", escape="\\"),
        column.ilike(f"%-{pattern}%", escape="\\"),
    )


def preparations_for(
    session: Session,
    item_ids: Iterable[int],
    agency_id: int | None = None,
    *,
    shared_only: bool = False,
) -> list[PartnerPreparation]:
    ids = list(item_ids)
    if not ids:
        return []
    query = (
        select(PartnerPreparation)
        .options(joinedload(PartnerPreparation.agency), joinedload(PartnerPreparation.author))
        .where(PartnerPreparation.agenda_item_id.in_(ids))
        .order_by(PartnerPreparation.created_at, PartnerPreparation.id)
    )
    if agency_id is not None:
        query = query.where(PartnerPreparation.agency_id == agency_id)
    if shared_only:
        query = query.where(PartnerPreparation.shared_at.is_not(None))
    return list(session.scalars(query))


def item_for_family(session: Session, meeting_id: int, family_id: int) -> AgendaItem | None:
    return session.scalar(
        select(AgendaItem).where(
            and_(AgendaItem.meeting_id == meeting_id, AgendaItem.family_id == family_id)
        )
    )


def referrals_awaiting_identity(session: Session, meeting_id: int) -> dict[int, int]:
    """Per referral on the meeting's agenda: how many of its people are not yet resolved
    (awaiting identity resolution or the coordinator's review)."""
    rows = session.execute(
        select(ReferralPerson.referral_id, func.count(ReferralPerson.id))
        .join(AgendaSource, AgendaSource.referral_id == ReferralPerson.referral_id)
        .join(PersonRecord, PersonRecord.id == ReferralPerson.person_record_id)
        .where(
            AgendaSource.meeting_id == meeting_id,
            PersonRecord.resolution_status.in_(
                [ResolutionStatus.UNRESOLVED, ResolutionStatus.REVIEW]
            ),
        )
        .group_by(ReferralPerson.referral_id)
    )
    return {referral_id: count for referral_id, count in rows}
