"""What each role sees first: the figures behind the home page panels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (
    Action,
    ActionStatus,
    Agency,
    AgendaItem,
    ApiKey,
    Involvement,
    Meeting,
    PersonRecord,
    Referral,
    ResolutionStatus,
    UrgentAlert,
    User,
)


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    meeting_date: date
    status: str
    families: int


@dataclass(frozen=True)
class ActionCounts:
    open: int
    overdue: int
    due_this_week: int


def todays_meeting(session: Session, today: date) -> MeetingSummary | None:
    meeting = session.scalar(select(Meeting).where(Meeting.meeting_date == today))
    if meeting is None:
        return None
    families = session.scalar(
        select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
    )
    return MeetingSummary(meeting.id, meeting.meeting_date, meeting.status.value, families or 0)


def referrals_since(session: Session, since: date) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Referral)
            .where(func.date(Referral.received_at) >= since)
        )
        or 0
    )


def records_awaiting_resolution(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(PersonRecord)
            .where(
                PersonRecord.resolution_status.in_(
                    [ResolutionStatus.UNRESOLVED, ResolutionStatus.REVIEW]
                )
            )
        )
        or 0
    )


def action_counts(session: Session, today: date, agency_id: int | None = None) -> ActionCounts:
    open_actions = (
        select(func.count()).select_from(Action).where(Action.status == ActionStatus.OPEN)
    )
    if agency_id is not None:
        open_actions = open_actions.where(Action.lead_agency_id == agency_id)
    week_end = today + timedelta(days=7)
    return ActionCounts(
        open=session.scalar(open_actions) or 0,
        overdue=session.scalar(open_actions.where(Action.due_on < today)) or 0,
        due_this_week=session.scalar(
            open_actions.where(Action.due_on >= today, Action.due_on <= week_end)
        )
        or 0,
    )


def current_involvements(session: Session, agency_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Involvement)
            .where(Involvement.agency_id == agency_id, Involvement.ended_on.is_(None))
        )
        or 0
    )


def admin_counts(session: Session) -> dict[str, int]:
    return {
        "agencies": session.scalar(select(func.count()).select_from(Agency)) or 0,
        "users": session.scalar(select(func.count()).select_from(User)) or 0,
        "active_users": session.scalar(
            select(func.count()).select_from(User).where(User.active.is_(True))
        )
        or 0,
        "api_keys": session.scalar(
            select(func.count()).select_from(ApiKey).where(ApiKey.revoked_at.is_(None))
        )
        or 0,
    }


@dataclass(frozen=True)
class UrgentAlertView:
    alert: UrgentAlert
    reasons: list[str]
    awaiting_identity: bool


def urgent_alerts(session: Session) -> list[UrgentAlertView]:
    """Urgent referrals after the cut-off not yet added to a meeting (#14)."""
    rows = session.scalars(
        select(UrgentAlert)
        .where(UrgentAlert.added_at.is_(None))
        .order_by(UrgentAlert.created_at.desc())
    )
    return [UrgentAlertView(a, a.reasons.splitlines(), a.referral.family_id is None) for a in rows]
