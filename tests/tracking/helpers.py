"""Actions as a meeting leaves them, and a previous meeting for a live meeting's family."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask

from frontdoor.db import transaction
from frontdoor.models import Action, AgendaItem, AgendaItemStatus, Meeting, MeetingStatus, utcnow


def make_action(
    app: Flask,
    family_id: int,
    lead_agency_id: int,
    *,
    lead_user_id: int | None = None,
    due_on: date | None = None,
    item_id: int | None = None,
    description: str = "Visit and review the safety plan",
) -> int:
    with app.app_context(), transaction() as tx:
        action = Action(
            agenda_item_id=item_id,
            family_id=family_id,
            description=description,
            lead_agency_id=lead_agency_id,
            lead_user_id=lead_user_id,
            due_on=due_on or date.today(),
        )
        tx.add(action)
        tx.flush()
        return action.id


def earlier_action(
    app: Flask, family_id: int, lead_agency_id: int, *, due_on: date, days_ago: int = 1
) -> int:
    """An action agreed for the family at a meeting `days_ago` days ago, since closed (its
    minutes frozen: the agreed content can no longer change, its tracking can)."""
    day = date.today() - timedelta(days=days_ago)
    with app.app_context(), transaction() as tx:
        meeting = Meeting(meeting_date=day, starts_at=utcnow(), status=MeetingStatus.LIVE)
        tx.add(meeting)
        tx.flush()
        item = AgendaItem(
            meeting_id=meeting.id,
            family_id=family_id,
            position=1,
            status=AgendaItemStatus.DISCUSSED,
        )
        tx.add(item)
        tx.flush()
        item_id = item.id
    action_id = make_action(app, family_id, lead_agency_id, due_on=due_on, item_id=item_id)
    with app.app_context(), transaction() as tx:
        closed = tx.get(Meeting, meeting.id)
        assert closed is not None
        closed.status = MeetingStatus.CLOSED
    return action_id


def family_of(app: Flask, item_id: int) -> int:
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, item_id)
        assert item is not None
        return item.family_id
