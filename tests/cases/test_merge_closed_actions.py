"""A family merge and closed meetings' actions (#20): a merge never moves a closed meeting's
items and actions (frozen with its minutes), so the surviving family finds them through the
merge record (`families.merged_into_id`): its page, the next meeting's review of incomplete
actions and the agenda's carried actions show them; undo restores the two families."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from agenda import dao
from agenda.live.actions import create_action
from agenda.minutes.service import close_meeting
from agenda.tracking import reviews
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    AgendaItem,
    FamilyChange,
    Meeting,
    MeetingStatus,
    User,
    utcnow,
)
from tests.factories import Factory, csrf_token_from, sign_in
from tests.factories.meetings import LiveMeeting, create_meeting

VISIT = "Police to visit the school about the children"


@pytest.fixture
def live(app: Flask, factory: Factory) -> LiveMeeting:
    return create_meeting(app, factory, families=2)


def _closed_with_action(app: Flask, live: LiveMeeting) -> int:
    """The second family's action, agreed at a meeting now closed (still open)."""
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, live.item_ids[1])
        assert item is not None
        payload = {"description": VISIT, "lead_agency_id": live.police_agency.id,
                   "due_on": (date.today() + timedelta(days=3)).isoformat()}  # fmt: skip
        action_id = create_action(tx, item, payload, live.police.id).id
    with app.app_context():
        chair = db.session().get(User, live.chair.id)
        assert chair is not None
        close_meeting(chair, live.meeting_id)
    return action_id


def _next_meeting(app: Flask, family_id: int) -> int:
    with app.app_context(), transaction() as tx:
        meeting = Meeting(
            meeting_date=date.today() + timedelta(days=7),
            starts_at=utcnow() + timedelta(days=7),
            status=MeetingStatus.LIVE,
        )
        tx.add(meeting)
        tx.flush()
        item = AgendaItem(meeting_id=meeting.id, family_id=family_id, position=1)
        tx.add(item)
        tx.flush()
        return item.id


def _families(app: Flask, live: LiveMeeting) -> tuple[int, int]:
    with app.app_context():
        items = [db.session().get(AgendaItem, i) for i in live.item_ids]
        return items[0].family_id, items[1].family_id  # type: ignore[union-attr]


def _post(client: FlaskClient, url: str, page: str, **form: object) -> None:
    token = csrf_token_from(client, page)
    reply = client.post(url, data={"csrf_token": token, **form}, follow_redirects=True)
    assert reply.status_code == 200


def _shown(app: Flask, client: FlaskClient, item_id: int) -> tuple[bool, list[object]]:
    page = client.get(f"/agenda/items/{item_id}").get_data(as_text=True)
    with app.app_context():
        item = db.session().get(AgendaItem, item_id)
        assert item is not None
        incomplete = [a["description"] for a in reviews.incomplete_actions(db.session(), item)]
    return VISIT in page, incomplete


def test_the_surviving_family_shows_the_merged_familys_closed_meeting_actions_until_undone(
    app: Flask, live: LiveMeeting
) -> None:
    action_id = _closed_with_action(app, live)
    survivor, merged = _families(app, live)
    item_id = _next_meeting(app, survivor)
    coordinator = app.test_client()
    sign_in(coordinator, live.chair)
    assert _shown(app, coordinator, item_id) == (False, [])
    page = f"/identity/families/{survivor}"
    _post(coordinator, f"{page}/change", page, change="merge", other_family_id=merged,
          reason="The same victim, recorded twice")  # fmt: skip
    assert _shown(app, coordinator, item_id) == (True, [VISIT])
    with app.app_context():
        action = db.session().get(Action, action_id)
        assert action is not None and action.family_id == merged  # the frozen row is unchanged
        assert action.agenda_item_id == live.item_ids[1]
        change_id = db.session().scalars(select(FamilyChange.id)).one()
    _post(coordinator, f"/identity/family-changes/{change_id}/undo", page)
    assert _shown(app, coordinator, item_id) == (False, [])


def test_a_merged_familys_due_actions_bring_the_surviving_family_to_the_agenda(
    app: Flask, live: LiveMeeting
) -> None:
    _closed_with_action(app, live)
    survivor, merged = _families(app, live)
    coordinator = app.test_client()
    sign_in(coordinator, live.chair)
    page = f"/identity/families/{survivor}"
    _post(coordinator, f"{page}/change", page, change="merge", other_family_id=merged,
          reason="The same victim, recorded twice")  # fmt: skip
    due_by = date.today() + timedelta(days=7)
    with app.app_context():
        assert dao.families_with_open_actions(db.session(), due_by) == [survivor]
        assert dao.open_action_counts(db.session(), [survivor], due_by) == {survivor: 1}
