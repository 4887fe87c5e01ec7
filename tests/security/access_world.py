"""The access matrix's world (tests/security/test_access_matrix.py): one meeting with one family,
and users with and without a relationship to it, each kind of record the routes take."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Flask
from sqlalchemy import select

from agenda.minutes.service import close_meeting
from frontdoor.access.claims import claim_access
from frontdoor.db import db, transaction
from frontdoor.intake.drafts import create_draft
from frontdoor.models import AgendaItem, Notification, NotificationKind, Role, User, utcnow

from ..factories import Factory, cases, rows
from ..factories.meetings import LiveMeeting, create_meeting


@dataclass(frozen=True)
class World:
    """One meeting with one family; users with and without a relationship to it."""

    meeting: LiveMeeting
    family_id: int
    item_id: int
    other_item_id: int  # an item of a meeting nobody here attends
    outsiders: dict[Role, User]  # one per role, from an agency with no relationship
    claim_id: int  # a self-claim made in the meeting's police agency
    draft_id: int  # a referral draft the invited partner is writing
    action_id: int = 0  # an action the police agency leads, named lead: the invited partner
    notification_id: int = 0  # the invited partner's notification about that action
    minutes_meeting_id: int = 0  # a closed meeting: the family, the invited partner, the chair


def build_world(app: Flask, factory: Factory) -> World:
    meeting = create_meeting(app, factory, families=1)
    with app.app_context():
        item = db.session().get(AgendaItem, meeting.item_ids[0])
        assert item is not None
        family_id = item.family_id
    other = cases.family_case(app, factory.agency().id)
    cases.meeting_with(app, other.family_id)
    with app.app_context():
        other_item_id = db.session().scalar(
            select(AgendaItem.id).where(AgendaItem.family_id == other.family_id)
        )
    unrelated = factory.agency("unrelated")
    outsiders = {role: factory.user([role], agency=unrelated) for role in Role}
    with app.app_context():
        claim_id = claim_access(
            meeting.police, family_id=family_id, reason="Checking before tomorrow's visit"
        ).id
        draft_id = create_draft(meeting.police.id, meeting.police.agency_id).id
    assert other_item_id is not None
    action_id, notification_id = _action_with_notification(app, meeting, family_id)
    return World(
        meeting,
        family_id,
        meeting.item_ids[0],
        other_item_id,
        outsiders,
        claim_id,
        draft_id,
        action_id=action_id,
        notification_id=notification_id,
        minutes_meeting_id=_closed_meeting(app, meeting, family_id),
    )


def _closed_meeting(app: Flask, meeting: LiveMeeting, family_id: int) -> int:
    """An earlier meeting of the same chair, the family and the invited partner, closed."""
    with app.app_context(), transaction() as tx:
        earlier = rows.meeting(
            tx, date(2029, 12, 31), starts_at=utcnow(), chair_id=meeting.chair.id
        )
        rows.item(tx, earlier.id, family_id)
        rows.attendance(tx, earlier.id, meeting.police)
        earlier_id = earlier.id
    with app.app_context():
        chair = db.session().get(User, meeting.chair.id)
        assert chair is not None
        close_meeting(chair, earlier_id)
    return earlier_id


def _action_with_notification(app: Flask, meeting: LiveMeeting, family_id: int) -> tuple[int, int]:
    with app.app_context(), transaction() as tx:
        action = rows.action(
            tx, family_id, meeting.police_agency.id, description="Visit",
            agenda_item_id=meeting.item_ids[0], lead_user_id=meeting.police.id,
        )  # fmt: skip
        notice = Notification(
            user_id=meeting.police.id,
            kind=NotificationKind.ACTION_ASSIGNED,
            action_id=action.id,
            occasion="matrix",
        )
        tx.add(notice)
        tx.flush()
        return action.id, notice.id
