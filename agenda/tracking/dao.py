"""Data access for action tracking: queries only, no commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from frontdoor.identity import dao as identity_dao
from frontdoor.models import (
    Action,
    ActionDecline,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Meeting,
    Notification,
    Role,
    User,
    UserRole,
)


def action_by_id(session: Session, action_id: int) -> Action | None:
    return session.get(Action, action_id)


def agency_actions(session: Session, agency_id: int, done_since: datetime) -> list[Action]:
    """The agency's open actions, and those it completed since `done_since`."""
    finished = Action.status == ActionStatus.DONE
    recent = Action.completed_at.is_not(None) & (Action.completed_at >= done_since)
    return list(
        session.scalars(
            select(Action)
            .options(joinedload(Action.lead_agency))
            .where(Action.lead_agency_id == agency_id)
            .where((Action.status == ActionStatus.OPEN) | (finished & recent))
            .order_by(Action.due_on, Action.id)
        )
    )


def overdue_actions(session: Session, today: date) -> list[Action]:
    return list(
        session.scalars(
            select(Action)
            .options(joinedload(Action.lead_agency))
            .where(Action.status == ActionStatus.OPEN, Action.due_on < today)
            .order_by(Action.due_on, Action.lead_agency_id, Action.id)
        )
    )


def open_actions_due(session: Session, due_on: date | None, before: date | None) -> list[Action]:
    query = select(Action).where(Action.status == ActionStatus.OPEN)
    if due_on is not None:
        query = query.where(Action.due_on == due_on)
    if before is not None:
        query = query.where(Action.due_on < before)
    return list(session.scalars(query.order_by(Action.id)))


def declines_of(session: Session, action_id: int) -> list[ActionDecline]:
    return list(
        session.scalars(
            select(ActionDecline)
            .where(ActionDecline.action_id == action_id)
            .order_by(ActionDecline.declined_at, ActionDecline.id)
        )
    )


def updates_of(session: Session, action_id: int) -> list[ActionUpdate]:
    return list(
        session.scalars(
            select(ActionUpdate)
            .options(joinedload(ActionUpdate.author), joinedload(ActionUpdate.agency))
            .where(ActionUpdate.action_id == action_id)
            .order_by(ActionUpdate.created_at, ActionUpdate.id)
        )
    )


def reviews_of(session: Session, action_ids: Iterable[int]) -> list[ActionReview]:
    ids = list(action_ids)
    if not ids:
        return []
    return list(
        session.scalars(
            select(ActionReview)
            .options(joinedload(ActionReview.recorded_by))
            .where(ActionReview.action_id.in_(ids))
            .order_by(ActionReview.created_at, ActionReview.id)
        )
    )


def review_at(session: Session, action_id: int, meeting_id: int) -> ActionReview | None:
    return session.scalar(
        select(ActionReview).where(
            ActionReview.action_id == action_id, ActionReview.meeting_id == meeting_id
        )
    )


def meeting_dates(session: Session, item_ids: Iterable[int]) -> dict[int, date]:
    ids = list(set(item_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(AgendaItem.id, Meeting.meeting_date)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.id.in_(ids))
    )
    return {item_id: day for item_id, day in rows}


def incomplete_for_item(session: Session, item: AgendaItem) -> list[Action]:
    """The family's actions agreed before this item's meeting that are still open, or that
    were reviewed at this meeting (so the chair sees what was recorded)."""
    meeting = item.meeting
    families = identity_dao.families_merged_into(session, item.family_id)  # merged-away too
    earlier = (
        select(AgendaItem.id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.family_id.in_(families), Meeting.meeting_date < meeting.meeting_date)
    )
    reviewed_here = select(ActionReview.action_id).where(ActionReview.meeting_id == meeting.id)
    agreed_earlier = Action.agenda_item_id.in_(earlier) | Action.agenda_item_id.is_(None)
    return list(
        session.scalars(
            select(Action)
            .where(Action.family_id.in_(families), agreed_earlier)
            .where((Action.status == ActionStatus.OPEN) | Action.id.in_(reviewed_here))
            .order_by(Action.due_on, Action.id)
        )
    )


def partner_recipients(session: Session, agency_id: int) -> list[int]:
    """Active partners of an agency: told about its actions when nobody is named."""
    return list(
        session.scalars(
            select(User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.agency_id == agency_id, User.active, UserRole.role == Role.PARTNER)
            .distinct()
            .order_by(User.id)
        )
    )


def active_user(session: Session, user_id: int) -> bool:
    return bool(session.scalar(select(User.active).where(User.id == user_id)))


def partner_recipients_by_agency(
    session: Session, agency_ids: Sequence[int]
) -> dict[int, list[int]]:
    if not agency_ids:
        return {}
    rows = session.execute(
        select(User.agency_id, User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.agency_id.in_(agency_ids), User.active, UserRole.role == Role.PARTNER)
        .distinct()
    )
    grouped: dict[int, list[int]] = {}
    for agency_id, user_id in rows:
        grouped.setdefault(agency_id, []).append(user_id)
    return grouped


def existing_notification_keys(
    session: Session, action_ids: Sequence[int], kinds: Sequence[str]
) -> set[tuple[int, int, str, str]]:
    if not action_ids:
        return set()
    rows = session.execute(
        select(
            Notification.user_id, Notification.action_id, Notification.kind, Notification.occasion
        ).where(Notification.action_id.in_(action_ids), Notification.kind.in_(kinds))
    )
    return {(u, a, str(k), o) for u, a, k, o in rows}  # NotificationKind is a StrEnum


def notifications_of(session: Session, user_id: int, limit: int = 100) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .options(joinedload(Notification.action))
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(session: Session, user_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        )
        or 0
    )


def mark_read(session: Session, user_id: int, notification_id: int | None, now: datetime) -> int:
    query = update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    result = session.execute(query.values(read_at=now).execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


def reviews_at_item(session: Session, item_id: int) -> list[ActionReview]:
    return list(
        session.scalars(
            select(ActionReview)
            .options(joinedload(ActionReview.action), joinedload(ActionReview.recorded_by))
            .where(ActionReview.agenda_item_id == item_id)
            .order_by(ActionReview.action_id)
        )
    )
