"""Queries for minutes: the meeting's record as it stands, and the frozen minutes. No commits."""

from __future__ import annotations

from sqlalchemy import or_, select, union
from sqlalchemy.orm import Session

from frontdoor.identity import members
from frontdoor.models import (
    Action,
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    DocumentSnapshot,
    DocumentUpdate,
    FamilyMember,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesAddendum,
    PersonRecord,
)


def meeting_for_update(session: Session, meeting_id: int) -> Meeting | None:
    """The meeting, locked on PostgreSQL so two closes cannot interleave."""
    return session.scalar(select(Meeting).where(Meeting.id == meeting_id).with_for_update())


def items_on_agenda(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.status != AgendaItemStatus.REMOVED,
            )
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def attendance(session: Session, meeting_id: int) -> list[Attendance]:
    return list(
        session.scalars(
            select(Attendance).where(Attendance.meeting_id == meeting_id).order_by(Attendance.id)
        )
    )


def known_fields(session: Session, item_id: int) -> list[str]:
    """The "what we know" documents an item has (`known:<agency_id>`), stored or pending."""
    stored = union(
        select(DocumentSnapshot.field).where(
            DocumentSnapshot.agenda_item_id == item_id, DocumentSnapshot.field.like("known:%")
        ),
        select(DocumentUpdate.field).where(
            DocumentUpdate.agenda_item_id == item_id, DocumentUpdate.field.like("known:%")
        ),
    )
    return sorted(session.scalars(select(stored.subquery().c.field)))


def texts_with_updates(session: Session, meeting_id: int) -> list[tuple[int, str]]:
    """(item, field) of every collaborative text of the meeting with unmerged Yjs updates."""
    rows = session.execute(
        select(DocumentUpdate.agenda_item_id, DocumentUpdate.field)
        .join(AgendaItem, AgendaItem.id == DocumentUpdate.agenda_item_id)
        .where(AgendaItem.meeting_id == meeting_id)
        .distinct()
    )
    return sorted((item_id, field) for item_id, field in rows)


def actions_of_item(session: Session, item_id: int) -> list[Action]:
    return list(
        session.scalars(select(Action).where(Action.agenda_item_id == item_id).order_by(Action.id))
    )


def family_people(
    session: Session, family_id: int
) -> list[tuple[FamilyMember, list[PersonRecord]]]:
    """The family's current members, each with the records this family's readers may see."""
    return members.members_with_records(session, family_id)


def minutes_of(session: Session, meeting_id: int) -> Minutes | None:
    return session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))


def addenda_of(session: Session, minutes_id: int) -> list[MinutesAddendum]:
    return list(
        session.scalars(
            select(MinutesAddendum)
            .where(MinutesAddendum.minutes_id == minutes_id)
            .order_by(MinutesAddendum.id)
        )
    )


def closed_meetings(
    session: Session, *, user_id: int, agency_id: int | None, everyone: bool
) -> list[tuple[Meeting, Minutes]]:
    """Closed meetings, newest first: all of them, or those the user chaired, attended or was
    invited to, or (given `agency_id`) that anyone of that agency was invited to."""
    query = (
        select(Meeting, Minutes)
        .join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Meeting.status == MeetingStatus.CLOSED)
        .order_by(Meeting.meeting_date.desc())
    )
    if not everyone:
        invited = select(Attendance.meeting_id).where(
            Attendance.invited.is_(True),
            or_(Attendance.user_id == user_id, Attendance.agency_id == (agency_id or -1)),
        )
        query = query.where(or_(Meeting.chair_id == user_id, Meeting.id.in_(invited)))
    return [(meeting, minutes) for meeting, minutes in session.execute(query)]
