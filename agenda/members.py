"""The meeting series' standing members, each meeting's chair and deputy chair.

Standing members (a named representative per agency, and deputies) are invited to every
meeting when its agenda is built. The coordinator sets a meeting's chair and deputy chair;
without a chair, the coordinators chair (agenda.live.access.is_chair).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from frontdoor.accounts import dao as accounts_dao
from frontdoor.audit import service as audit
from frontdoor.db import transaction
from frontdoor.models import (
    Agency,
    Attendance,
    Meeting,
    MeetingStatus,
    Role,
    StandingMember,
    User,
)
from frontdoor.sharing import register

MEETING_ROLES = (Role.COORDINATOR, Role.PARTNER)
STANDING_REASON = "Standing member"
DEPUTY_REASON = "Standing member (deputy)"


class MembersError(ValueError):
    """The change cannot be made; the message says why."""


def standing_members(session: Session) -> Sequence[StandingMember]:
    return session.scalars(
        select(StandingMember)
        .join(User, User.id == StandingMember.user_id)
        .join(Agency, Agency.id == User.agency_id)
        .options(selectinload(StandingMember.user).selectinload(User.agency))
        .order_by(Agency.name, StandingMember.is_deputy, User.display_name)
    ).all()


def add_standing_member(email: str, *, deputy: bool, by_user_id: int | None) -> StandingMember:
    with transaction() as tx:
        user = _meeting_user(tx, email)
        row = tx.scalar(select(StandingMember).where(StandingMember.user_id == user.id))
        if row is None:
            row = StandingMember(user_id=user.id, added_by_id=by_user_id)
            tx.add(row)
        row.is_deputy = deputy
        tx.flush()
        audit.record(tx, "meeting_series.member_added", object_type="user", object_id=user.id,
                     user_id=by_user_id, deputy=deputy)  # fmt: skip
        return row


def remove_standing_member(email: str, *, by_user_id: int | None) -> None:
    with transaction() as tx:
        user = accounts_dao.user_by_email(tx, email)
        row = user and tx.scalar(select(StandingMember).where(StandingMember.user_id == user.id))
        if user is None or row is None:
            raise MembersError(f"{email} is not a standing member.")
        tx.delete(row)
        audit.record(tx, "meeting_series.member_removed", object_type="user", object_id=user.id,
                     user_id=by_user_id)  # fmt: skip


def invite_standing_members(tx: Session, meeting: Meeting) -> int:
    """Invite every active standing member who has no attendance row yet (a coordinator's
    removal from this meeting stands). Returns how many were invited."""
    if meeting.status is not MeetingStatus.DRAFT:
        return 0
    existing = set(
        tx.scalars(select(Attendance.user_id).where(Attendance.meeting_id == meeting.id))
    )
    invited = 0
    for member in standing_members(tx):
        user = member.user
        if user.id in existing or not (user.active and user.agency.active):
            continue
        if not register.is_signatory(tx, user.agency_id):
            continue  # not on the information-sharing register: never invited
        reason = DEPUTY_REASON if member.is_deputy else STANDING_REASON
        tx.add(Attendance(meeting_id=meeting.id, user_id=user.id, agency_id=user.agency_id,
                          invited=True, invite_reason=reason))  # fmt: skip
        invited += 1
    return invited


def set_chairs(
    meeting_id: int, chair_id: int | None, deputy_id: int | None, *, by_user_id: int
) -> Meeting:
    """Set (or clear, with None) the chair and the deputy chair of a meeting not yet closed."""
    if chair_id is not None and chair_id == deputy_id:
        raise MembersError("The chair and the deputy chair must be different people.")
    with transaction() as tx:
        meeting = tx.get(Meeting, meeting_id)
        if meeting is None or meeting.status is MeetingStatus.CLOSED:
            raise MembersError("The meeting is closed: its chair cannot change.")
        for user_id in (chair_id, deputy_id):
            if user_id is not None:
                _invite(tx, meeting, _chair_candidate(tx, user_id))
        meeting.chair_id, meeting.deputy_chair_id = chair_id, deputy_id
        audit.record(tx, "meeting.chairs_set", object_type="meeting", object_id=meeting.id,
                     user_id=by_user_id, chair=chair_id, deputy_chair=deputy_id)  # fmt: skip
        return meeting


def chair_choices(session: Session) -> Sequence[User]:
    """Active coordinators and partner representatives of active agencies."""
    users = session.scalars(
        select(User).join(Agency).where(User.active, Agency.active).order_by(User.display_name)
    ).all()
    return [u for u in users if u.has_role(*MEETING_ROLES)]


def _chair_candidate(tx: Session, user_id: int) -> User:
    user = tx.get(User, user_id)
    if user is None or not (user.active and user.agency.active and user.has_role(*MEETING_ROLES)):
        raise MembersError("Choose an active coordinator or partner representative.")
    return user


def _invite(tx: Session, meeting: Meeting, user: User) -> None:
    row = tx.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.user_id == user.id)
    )
    if row is None:  # the chair: a coordinator or a partner (of a signatory agency)
        tx.add(Attendance(meeting_id=meeting.id, user_id=user.id, agency_id=user.agency_id,
                          invited=True, invite_reason="Chair"))  # fmt: skip
    else:
        row.invited = True


def _meeting_user(tx: Session, email: str) -> User:
    user = accounts_dao.user_by_email(tx, email)
    if user is None:
        raise MembersError(f"No user has the e-mail address {email}.")
    if not user.has_role(*MEETING_ROLES):
        raise MembersError(
            f"{email} is not a partner representative or coordinator: only they attend meetings."
        )
    if not (user.active and user.agency.active):
        raise MembersError(f"{email}'s account or agency is disabled.")
    return user


def chair_options() -> list[tuple[int, str]]:
    """(user id, "Name (Agency)") for the agenda page's chair and deputy chair choices."""
    from frontdoor.db import db

    return [(u.id, f"{u.display_name} ({u.agency.name})") for u in chair_choices(db.session())]


def members_list() -> Sequence[StandingMember]:
    from frontdoor.db import db

    return standing_members(db.session())
