"""Who may join a live meeting, and the checks a Socket.IO handshake must pass.

Every check reads the database afresh: a revoked session, a disabled account or a removal from
the meeting takes effect on the very next event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask_wtf.csrf import ValidationError, validate_csrf
from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from frontdoor.auth.sessions import TOUCH_EVERY
from frontdoor.db import transaction
from frontdoor.models import (
    Agency,
    Attendance,
    Meeting,
    MeetingStatus,
    Role,
    User,
    UserRole,
    UserSession,
    utcnow,
)

MEETING_ROLES = (Role.COORDINATOR, Role.PARTNER)


@dataclass(frozen=True)
class Member:
    """A user's standing in one meeting, re-read for each event."""

    meeting_id: int
    user_id: int
    agency_id: int
    name: str
    agency_name: str
    is_chair: bool
    accepted: bool

    def public(self) -> dict[str, object]:
        return {
            "user_id": self.user_id,
            "name": self.name,
            "agency_id": self.agency_id,
            "agency": self.agency_name,
            "chair": self.is_chair,
        }


def origin_allowed(origin: str | None, host_url: str, allowed: Iterable[str]) -> bool:
    """Same origin by default; ALLOWED_ORIGINS widens it. A missing Origin is refused."""
    if not origin:
        return False
    allowed_set = {o.rstrip("/") for o in allowed}
    if allowed_set:
        return origin.rstrip("/") in allowed_set
    ours = urlsplit(host_url)
    theirs = urlsplit(origin)
    return (ours.scheme, ours.netloc) == (theirs.scheme, theirs.netloc)


def csrf_valid(token: object) -> bool:
    if not isinstance(token, str) or not token:
        return False
    try:
        validate_csrf(token)
    except ValidationError:
        return False
    return True


def attendance_of(session: Session, meeting_id: int, user_id: int) -> Attendance | None:
    return session.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.user_id == user_id)
    )


def member_of(session: Session, user: User, meeting_id: int) -> Member | None:
    """The user's standing in the meeting, or None when they may not take part in it."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.status == MeetingStatus.CLOSED:
        return None
    if not user.is_active or not user.agency.active or not user.has_role(*MEETING_ROLES):
        return None
    attendance = attendance_of(session, meeting_id, user.id)
    if not _entitled(user, meeting, attendance):
        return None
    return Member(
        meeting_id=meeting_id,
        user_id=user.id,
        agency_id=user.agency_id,
        name=user.display_name,
        agency_name=user.agency.name,
        is_chair=is_chair(user, meeting),
        accepted=bool(attendance and attendance.confidentiality_accepted_at),
    )


def is_chair(user: User, meeting: Meeting) -> bool:
    return chairs(
        user.id, meeting.chair_id, meeting.deputy_chair_id, user.has_role(Role.COORDINATOR)
    )


def chairs(user_id: int, chair_id: int | None, deputy_id: int | None, coordinator: bool) -> bool:
    """The meeting's chair and deputy chair chair it; without either, the coordinators do."""
    named = {i for i in (chair_id, deputy_id) if i is not None}
    return user_id in named if named else coordinator


def _entitled(user: User, meeting: Meeting, attendance: Attendance | None) -> bool:
    invited = attendance.invited if attendance is not None else None
    return entitled(meeting.chair_id == user.id, invited, user.has_role(Role.COORDINATOR))


def entitled(is_meeting_chair: bool, invited: bool | None, is_coordinator: bool) -> bool:
    """Invited partners; the chair; coordinators unless removed from this meeting."""
    if is_meeting_chair:
        return True
    if invited is not None:
        return invited
    return is_coordinator


def _has_role(role: Role) -> Any:
    return (
        select(UserRole.user_id).where(UserRole.user_id == User.id, UserRole.role == role).exists()
    )


def standing(
    session: Session,
    session_id: str,
    user_id: int,
    meeting_id: int,
    idle: timedelta,
    absolute: timedelta,
) -> Member | None:
    """The per-event check, in one query: the same rules as signing in (a live server-side
    session: not revoked, not idle or past its absolute limit, user and agency active; see
    frontdoor.auth.sessions.load_signed_in_user) and as `member_of`. It keeps the session
    alive the same way, touching it at most once a minute."""
    row = session.execute(_standing_query(session_id, user_id, meeting_id)).one_or_none()
    now = utcnow()
    if row is None or not _allowed(row, user_id, now, idle, absolute):
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        with transaction() as tx:  # `session` is this context's db.session()
            tx.execute(
                update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now)
            )
    chair = chairs(user_id, row.chair_id, row.deputy_chair_id, bool(row.coordinator))
    return Member(
        meeting_id=meeting_id,
        user_id=user_id,
        agency_id=row.agency_id,
        name=row.display_name,
        agency_name=row.agency_name,
        is_chair=chair,
        accepted=row.confidentiality_accepted_at is not None,
    )


def live_sessions(
    session: Session, session_ids: set[str], idle: timedelta, absolute: timedelta
) -> set[tuple[str, int]]:
    """(session id, user id) of those of `session_ids` still alive: not revoked, neither idle
    nor past the absolute limit, user and agency active."""
    if not session_ids:
        return set()
    now = utcnow()
    rows = session.execute(
        select(UserSession.id, UserSession.user_id)
        .join(User, User.id == UserSession.user_id)
        .join(Agency, Agency.id == User.agency_id)
        .where(
            UserSession.id.in_(session_ids),
            UserSession.revoked_at.is_(None),
            UserSession.last_seen_at >= now - idle,
            UserSession.created_at >= now - absolute,
            User.active.is_(True),
            Agency.active.is_(True),
        )
    )
    return {(row.id, row.user_id) for row in rows}


def _standing_query(session_id: str, user_id: int, meeting_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            UserSession.last_seen_at,
            UserSession.created_at,
            UserSession.revoked_at,
            User.active,
            User.display_name,
            User.agency_id,
            Agency.active.label("agency_active"),
            Agency.name.label("agency_name"),
            Meeting.status,
            Meeting.chair_id,
            Meeting.deputy_chair_id,
            Attendance.invited,
            Attendance.confidentiality_accepted_at,
            _has_role(Role.COORDINATOR).label("coordinator"),
            _has_role(Role.PARTNER).label("partner"),
        )
        .select_from(UserSession)
        .join(User, User.id == UserSession.user_id)
        .join(Agency, Agency.id == User.agency_id)
        .join(Meeting, Meeting.id == meeting_id)
        .outerjoin(
            Attendance, (Attendance.meeting_id == Meeting.id) & (Attendance.user_id == User.id)
        )
        .where(UserSession.id == session_id, UserSession.user_id == user_id)
    )


def _allowed(row: Any, user_id: int, now: datetime, idle: timedelta, absolute: timedelta) -> bool:
    if row.revoked_at is not None or not (row.active and row.agency_active):
        return False
    if now - row.last_seen_at > idle or now - row.created_at > absolute:
        return False
    if row.status == MeetingStatus.CLOSED or not (row.coordinator or row.partner):
        return False
    return entitled(row.chair_id == user_id, row.invited, bool(row.coordinator))
