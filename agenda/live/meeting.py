"""Attendance, confidentiality, apologies and the chair's navigation of a live meeting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdoor.audit.service import record
from frontdoor.models import (
    Agency,
    AgendaItem,
    AgendaItemState,
    AgendaItemStatus,
    Attendance,
    ItemClock,
    Meeting,
    MeetingLiveState,
    MeetingStatus,
    Role,
    User,
    UserRole,
    utcnow,
)
from frontdoor.names import family_label
from frontdoor.sharing import register

from .access import Member, attendance_of
from .lines import lines_for


class NotOnAgenda(ValueError):
    """The item is not on this meeting's agenda."""


def item_of(session: Session, meeting_id: int, item_id: object) -> AgendaItem:
    item = session.get(AgendaItem, item_id) if isinstance(item_id, int) else None
    if item is None or item.meeting_id != meeting_id or item.status == AgendaItemStatus.REMOVED:
        raise NotOnAgenda("That family is not on this meeting's agenda.")
    return item


def _attendance(tx: Session, member: Member) -> Attendance:
    row = attendance_of(tx, member.meeting_id, member.user_id)
    if row is None:
        row = Attendance(
            meeting_id=member.meeting_id, user_id=member.user_id, agency_id=member.agency_id
        )
        tx.add(row)
    return row


def record_join(tx: Session, member: Member) -> None:
    row = _attendance(tx, member)
    row.joined_at = row.joined_at or utcnow()
    row.left_at = None
    record(tx, "meeting.joined", object_type="meeting", object_id=member.meeting_id)


def record_leave(tx: Session, meeting_id: int, user_id: int) -> None:
    """A disconnect. Once the meeting is closed its attendance is frozen (closing recorded
    everyone's leaving), so a late disconnect changes nothing."""
    meeting = tx.get(Meeting, meeting_id)
    if meeting is None or meeting.status == MeetingStatus.CLOSED:
        return
    row = attendance_of(tx, meeting_id, user_id)
    if row is not None and row.joined_at is not None:
        row.left_at = utcnow()


def accept_confidentiality(tx: Session, member: Member) -> None:
    row = _attendance(tx, member)
    row.joined_at = row.joined_at or utcnow()
    row.confidentiality_accepted_at = row.confidentiality_accepted_at or utcnow()
    record(tx, "meeting.confidentiality_accepted", object_type="meeting", object_id=row.meeting_id)


def record_apologies(tx: Session, meeting_id: int, user_id: object, text: object) -> None:
    user = tx.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise ValueError("unknown user")
    row = attendance_of(tx, meeting_id, user.id)
    if row is None:  # apologies never invite: the row records them, and opens nothing
        row = Attendance(
            meeting_id=meeting_id, user_id=user.id, agency_id=user.agency_id, invited=False
        )
        tx.add(row)
    row.apologies = (str(text or "").strip() or "Apologies")[:500]
    record(tx, "meeting.apologies", object_type="meeting", object_id=meeting_id, of_user=user.id)


def set_invited(
    tx: Session,
    meeting_id: int,
    user_id: int,
    agency_id: int,
    invited: bool,
    *,
    by_user_id: int | None = None,
    reason: str | None = None,
) -> None:
    """Invite someone (with the chair's reason), or remove them: a removed user loses access
    on their next event."""
    if invited:  # only an agency that signed the information-sharing agreement
        register.require_signatory(tx, agency_id, "be invited to a meeting")
    row = attendance_of(tx, meeting_id, user_id)
    if row is None:
        row = Attendance(meeting_id=meeting_id, user_id=user_id, agency_id=agency_id)
        tx.add(row)
    row.invited = invited
    if invited and reason:
        row.invited_by_id, row.invite_reason = by_user_id, reason[:500]
    if not invited:
        row.left_at = utcnow()
    verb = "meeting.invited" if invited else "meeting.removed"
    if invited and reason:
        record(tx, verb, object_type="meeting", object_id=meeting_id, of_user=user_id,
               reason=reason[:500])  # fmt: skip
    else:
        record(tx, verb, object_type="meeting", object_id=meeting_id, of_user=user_id)


def record_information_only(tx: Session, meeting_id: int, user_id: object, text: object) -> None:
    """The agency sent information only (it does not attend): shown on the quorum panel."""
    user = tx.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise ValueError("unknown user")
    row = attendance_of(tx, meeting_id, user.id)
    if row is None:
        row = Attendance(meeting_id=meeting_id, user_id=user.id, agency_id=user.agency_id)
        tx.add(row)
    row.information_only = (str(text or "").strip() or "Information only")[:500]
    record(tx, "meeting.information_only", object_type="meeting", object_id=meeting_id,
           of_user=user.id)  # fmt: skip


def navigate(tx: Session, meeting_id: int, item: AgendaItem) -> MeetingLiveState:
    """Make `item` the current family; the time spent on the previous one is banked."""
    state = tx.get(MeetingLiveState, meeting_id)
    now = utcnow()
    if state is None:
        state = MeetingLiveState(meeting_id=meeting_id, version=0)
        tx.add(state)
    elif state.current_item_id and state.current_since:
        _bank_time(tx, state.current_item_id, state.current_since, now)
    state.current_item_id = item.id
    state.current_since = now
    state.version = (state.version or 0) + 1
    tx.flush()
    return state


def _bank_time(tx: Session, item_id: int, since: datetime, now: datetime) -> None:
    clock = tx.get(ItemClock, item_id)
    if clock is None:
        clock = ItemClock(agenda_item_id=item_id, seconds=0)
        tx.add(clock)
    clock.seconds = (clock.seconds or 0) + max(0, int((now - since).total_seconds()))


def navigation(session: Session, meeting_id: int) -> dict[str, object]:
    state = session.get(MeetingLiveState, meeting_id)
    if state is None:
        return {"item_id": None, "since": None, "version": 0}
    since = state.current_since.isoformat() if state.current_since else None
    return {"item_id": state.current_item_id, "since": since, "version": state.version}


def agenda(session: Session, meeting_id: int) -> list[dict[str, object]]:
    """The items the meeting goes through: removed and deferred families are not on it."""
    items = list(
        session.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.status.not_in([AgendaItemStatus.REMOVED, AgendaItemStatus.DEFERRED]),
            )
            .order_by(AgendaItem.position)
        )
    )
    meeting = session.get(Meeting, meeting_id)
    lines = lines_for(session, items, meeting.meeting_date) if meeting else {}
    clocks = {
        c.agenda_item_id: c.seconds
        for c in session.scalars(
            select(ItemClock).join(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
        )
    }
    triage = triage_of(session, [item.id for item in items])
    return [
        {
            "id": item.id,
            "position": item.position,
            "label": family_label(item.family.label, item.family_id),
            "status": item.status.value,
            "reason": item.order_reason or "",
            "seconds": clocks.get(item.id, 0),
            **(lines[item.id].as_dict() if item.id in lines else {}),
            **triage.get(item.id, {}),
        }
        for item in items
    ]


def triage_of(session: Session, item_ids: list[int]) -> dict[int, dict[str, object]]:
    """Each item's triage screening and MARAC criteria (#14), for the live agenda."""
    states = session.scalars(
        select(AgendaItemState).where(AgendaItemState.agenda_item_id.in_(item_ids or [-1]))
    )
    return {
        s.agenda_item_id: {
            "screening": s.screening.value if s.screening else None,
            "criteria": s.criteria.splitlines() if s.criteria else [],
        }
        for s in states
    }


def attendance_list(session: Session, meeting_id: int) -> list[dict[str, object]]:
    rows = session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting_id).order_by(Attendance.id)
    )
    return [
        {
            "user_id": row.user_id,
            "name": row.user.display_name,
            "agency": row.user.agency.name,
            "invited": row.invited,
            "joined_at": row.joined_at.isoformat() if row.joined_at else None,
            "left_at": row.left_at.isoformat() if row.left_at else None,
            "accepted": row.confidentiality_accepted_at is not None,
            "apologies": row.apologies,
            "information_only": row.information_only,
            "invite_reason": row.invite_reason,
        }
        for row in rows
    ]


def lead_choices(session: Session) -> list[dict[str, object]]:
    """Agencies and their meeting staff, for choosing an action's lead."""
    agencies = session.scalars(select(Agency).where(Agency.active).order_by(Agency.name))
    people = session.scalars(
        select(User)
        .join(UserRole)
        .where(User.active, UserRole.role.in_([Role.PARTNER, Role.COORDINATOR]))
        .order_by(User.display_name)
    ).unique()
    by_agency: dict[int, list[dict[str, object]]] = {}
    for user in people:
        by_agency.setdefault(user.agency_id, []).append({"id": user.id, "name": user.display_name})
    return [{"id": a.id, "name": a.name, "people": by_agency.get(a.id, [])} for a in agencies]


def meeting_header(session: Session, meeting_id: int) -> dict[str, object]:
    meeting = session.get(Meeting, meeting_id)
    assert meeting is not None
    return {
        "id": meeting.id,
        "date": meeting.meeting_date.isoformat(),
        "status": meeting.status.value,
        "confidentiality": confidentiality_statement(session, meeting.id),
    }


def confidentiality_statement(session: Session, meeting_id: int) -> str:
    """Built from the information-sharing register: the lawful basis of each signatory agency
    invited to the meeting (every signatory while nobody is invited)."""
    invited = set(
        session.scalars(
            select(Attendance.agency_id).where(
                Attendance.meeting_id == meeting_id, Attendance.invited.is_(True)
            )
        )
    )
    return register.confidentiality_statement(session, invited or None)
