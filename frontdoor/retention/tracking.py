"""Retention of what comes after the meeting: action tracking rows, notifications, minutes.

- `notifications`: a notice older than the period whose action is no longer open (a notice
  about an open action is kept, or the daily job would send it again).
- `minutes`: frozen minutes (and their addenda, ON DELETE CASCADE) closed longer ago than the
  period, and never before their `retain_until` (the database refuses it anyway; minutes
  without one are kept). This policy runs before the case policies: while a meeting has
  minutes, the meeting is kept, and so is every family on its agenda (an addendum may point
  at the family's agenda item, and the minutes are the record of what was decided).
- Action updates, reviews and notifications of an action go with the action (the case).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, or_, select
from sqlalchemy.orm import Session

from ..models import (
    Action,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    AgendaItem,
    Minutes,
    Notification,
)
from .rows import rowcount


def forget_actions(tx: Session, action_ids: Select[Any]) -> None:
    """Delete the rows that point at actions about to be deleted."""
    for model in (ActionUpdate, ActionReview, Notification):
        tx.execute(delete(model).where(model.action_id.in_(action_ids)))


def forget_items_and_meetings(
    tx: Session, item_ids: list[int], meeting_ids: list[int] | None = None
) -> None:
    """Delete action reviews recorded at items or meetings about to be deleted."""
    where: ColumnElement[bool] = ActionReview.agenda_item_id.in_(item_ids)
    if meeting_ids:
        where = or_(where, ActionReview.meeting_id.in_(meeting_ids))
    tx.execute(delete(ActionReview).where(where))


def meetings_with_minutes() -> Select[Any]:
    return select(Minutes.meeting_id)


def families_in_minutes() -> Select[Any]:
    return select(AgendaItem.family_id).where(AgendaItem.meeting_id.in_(meetings_with_minutes()))


def purge_notifications(tx: Session, cutoff: datetime, _now: datetime) -> dict[str, int]:
    open_actions = select(Action.id).where(Action.status == ActionStatus.OPEN)
    statement = delete(Notification).where(
        Notification.created_at < cutoff, Notification.action_id.not_in(open_actions)
    )
    return {"notifications": rowcount(tx.execute(statement))}


def purge_minutes(tx: Session, cutoff: datetime, now: datetime) -> dict[str, int]:
    expired = select(Minutes.id).where(
        Minutes.retain_until.is_not(None), Minutes.retain_until <= now, Minutes.closed_at < cutoff
    )
    ids = list(tx.scalars(expired))
    if not ids:
        return {"minutes": 0}
    return {"minutes": rowcount(tx.execute(delete(Minutes).where(Minutes.id.in_(ids))))}
