"""The rows behind the dashboard: identifiers, dates and counts only — never a name."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from agenda.schedule import local_date

from ..models import (
    Action,
    ActionStatus,
    Agency,
    AgendaItem,
    AgendaItemStatus,
    AgendaSource,
    ChildNotice,
    FgcOffer,
    FgcStatus,
    ItemClock,
    Meeting,
    NoticeKind,
    NotSentReason,
    OutboxMessage,
    Referral,
)
from .rows import ActionRow, FgcRow, Filters, ItemRow, NoticeRow, ReferralRow, Rows

# UK local dates are at most an hour from UTC ones: a day's margin either side is plenty.
MARGIN = timedelta(days=1)


def rows(session: Session, filters: Filters, as_of: date) -> Rows:
    """Everything the figures for `filters` need: referrals and meetings from the period's
    start up to `as_of` (later meetings may discuss the period's referrals; later referrals
    may be repeat incidents), and the actions agreed or due in the period."""
    until = max(filters.end, as_of)
    return Rows(
        referrals=referrals(session, filters.start, until),
        items=items(session, filters.start, until),
        actions=actions(session, filters.start, filters.end),
        notices=encompass_notices(session, filters.start, filters.end),
        fgcs=fgc_offers(session),
    )


def _utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def referrals(session: Session, start: date, until: date) -> list[ReferralRow]:
    query = select(
        Referral.id, Referral.agency_id, Referral.received_at, Referral.incident_at,
        Referral.family_id,
    ).where(
        Referral.received_at >= _utc(start) - MARGIN,
        Referral.received_at < _utc(until) + 2 * MARGIN,
    )  # fmt: skip
    return [ReferralRow(*row) for row in session.execute(query)]


def items(session: Session, start: date, until: date) -> list[ItemRow]:
    query = (
        select(
            AgendaItem.id, AgendaItem.family_id, Meeting.meeting_date, Meeting.starts_at,
            AgendaItem.status, ItemClock.seconds,
        )
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .outerjoin(ItemClock, ItemClock.agenda_item_id == AgendaItem.id)
        .where(Meeting.meeting_date >= start, Meeting.meeting_date <= until)
    )  # fmt: skip
    found = session.execute(query).all()
    sources = _source_agencies(session, start, until)
    return [
        ItemRow(
            id=item_id,
            family_id=family_id,
            meeting_date=meeting_date,
            starts_at=starts_at,
            discussed=status == AgendaItemStatus.DISCUSSED,
            seconds=seconds,
            source_agencies=tuple(sorted(sources.get(item_id, []))),
        )
        for item_id, family_id, meeting_date, starts_at, status, seconds in found
    ]


def _source_agencies(session: Session, start: date, until: date) -> dict[int, list[int]]:
    query = (
        select(AgendaSource.agenda_item_id, Referral.agency_id)
        .join(Referral, AgendaSource.referral_id == Referral.id)
        .join(AgendaItem, AgendaSource.agenda_item_id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(Meeting.meeting_date >= start, Meeting.meeting_date <= until)
    )
    by_item: dict[int, list[int]] = defaultdict(list)
    for item_id, agency_id in session.execute(query):
        if item_id is not None:  # always, by the join; the column itself is nullable
            by_item[item_id].append(agency_id)
    return by_item


def actions(session: Session, start: date, end: date) -> list[ActionRow]:
    query = (
        select(
            Action.id, Action.lead_agency_id, Meeting.meeting_date, Action.created_at,
            Action.due_on, Action.status, Action.completed_at,
        )
        .outerjoin(AgendaItem, Action.agenda_item_id == AgendaItem.id)
        .outerjoin(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(
            or_(
                Meeting.meeting_date.between(start, end),
                Action.due_on.between(start, end),
                and_(
                    Action.agenda_item_id.is_(None),
                    Action.created_at >= _utc(start) - MARGIN,
                    Action.created_at < _utc(end) + 2 * MARGIN,
                ),
            )
        )
    )  # fmt: skip
    return [
        ActionRow(
            id=action_id,
            lead_agency_id=agency_id,
            agreed_on=meeting_date or local_date(created_at),
            due_on=due_on,
            done=status == ActionStatus.DONE,
            completed_on=local_date(completed_at) if completed_at else None,
        )
        for action_id, agency_id, meeting_date, created_at, due_on, status, completed_at in (
            session.execute(query)
        )
    ]


def encompass_notices(session: Session, start: date, end: date) -> list[NoticeRow]:
    """Encompass notices owed (not those for a child found not of school age), due in the
    period; delivered = the outbox's time the SMTP server accepted the message."""
    query = (
        select(ChildNotice.id, Referral.agency_id, ChildNotice.due_at, OutboxMessage.sent_at)
        .join(Referral, ChildNotice.referral_id == Referral.id)
        .outerjoin(OutboxMessage, ChildNotice.outbox_message_id == OutboxMessage.id)
        .where(
            ChildNotice.kind == NoticeKind.ENCOMPASS,
            or_(ChildNotice.reason.is_(None),
                ChildNotice.reason != NotSentReason.NOT_SCHOOL_AGE),
            ChildNotice.due_at >= _utc(start) - MARGIN,
            ChildNotice.due_at < _utc(end) + 2 * MARGIN,
        )
    )  # fmt: skip
    return [
        NoticeRow(id=i, agency_id=agency_id, due_at=due_at, delivered_at=sent_at)
        for i, agency_id, due_at, sent_at in session.execute(query)
    ]


def fgc_offers(session: Session) -> list[FgcRow]:
    """Every FGC offer (a few a week at most): the figures pick the period's."""
    query = select(FgcOffer.family_id, FgcOffer.created_at, FgcOffer.status, FgcOffer.held_on)
    return [
        FgcRow(family_id, local_date(created_at),
               status in (FgcStatus.ACCEPTED, FgcStatus.HELD), held_on)
        for family_id, created_at, status, held_on in session.execute(query)
    ]  # fmt: skip


def agencies(session: Session) -> list[tuple[int, str]]:
    """Every agency, for the filter (aggregate figures only: see docs/outcomes.md)."""
    return [(a.id, a.name) for a in session.scalars(select(Agency).order_by(Agency.name))]
