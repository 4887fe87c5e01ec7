"""Who may close a meeting, add to its minutes, and read them.

Readers: coordinators (their role opens every family); the meeting's chair and the partners
invited to it (attended or sent apologies); managers of an agency that was invited. Each reader
gets their agency's copy: families they may not open under the access model
(`frontdoor.access.policy.family_access`) are left out, leaving only a line saying an item was
withheld from this copy.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdoor.models import Attendance, Meeting, MeetingStatus, Role, User


def may_close(user: User, meeting: Meeting) -> bool:
    """The chair, or any coordinator (the duty coordinator runs the hub)."""
    return meeting.chair_id == user.id or user.has_role(Role.COORDINATOR)


may_amend = may_close


def may_read(session: Session, user: User, meeting: Meeting) -> bool:
    if meeting.status != MeetingStatus.CLOSED:
        return False
    if user.has_role(Role.COORDINATOR):
        return True
    if user.has_role(Role.PARTNER) and (
        meeting.chair_id == user.id or _invited(session, meeting.id, user_id=user.id)
    ):
        return True
    return user.has_role(Role.MANAGER) and _invited(session, meeting.id, agency_id=user.agency_id)


def _invited(
    session: Session, meeting_id: int, *, user_id: int | None = None, agency_id: int | None = None
) -> bool:
    query = select(Attendance.id).where(
        Attendance.meeting_id == meeting_id, Attendance.invited.is_(True)
    )
    if user_id is not None:
        query = query.where(Attendance.user_id == user_id)
    if agency_id is not None:
        query = query.where(Attendance.agency_id == agency_id)
    return session.scalar(query.limit(1)) is not None
