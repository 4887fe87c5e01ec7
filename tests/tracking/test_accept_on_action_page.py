"""Actions agreed, not imposed (#20), outside the meeting: on `/actions/<id>` a representative of
the agency an action was proposed to accepts it, or declines it with a reason; the chair or a
coordinator records that the agency agreed. Audited; others cannot."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from agenda.live.actions import create_action
from frontdoor.db import db, transaction
from frontdoor.models import (
    Action,
    ActionAcceptance,
    ActionDecline,
    AgendaItem,
    AuditEvent,
    Role,
)
from tests.factories import Factory, csrf_token_from, signed_in_client
from tests.factories.meetings import LiveMeeting, create_meeting


@pytest.fixture
def live(app: Flask, factory: Factory) -> LiveMeeting:
    return create_meeting(app, factory, families=1)


@pytest.fixture
def proposed(app: Flask, live: LiveMeeting) -> int:
    """An action the police proposed to health in the meeting."""
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, live.item_ids[0])
        assert item is not None
        payload = {"description": "GP to review", "lead_agency_id": live.health_agency.id,
                   "due_on": "2030-01-05"}  # fmt: skip
        action = create_action(tx, item, payload, live.police.id)
        assert action.acceptance == ActionAcceptance.PROPOSED
        return action.id


def _post(client: FlaskClient, action_id: int, what: str, **form: str) -> str:
    token = csrf_token_from(client, f"/actions/{action_id}")
    reply = client.post(
        f"/actions/{action_id}/{what}", data={"csrf_token": token, **form}, follow_redirects=True
    )
    assert reply.status_code == 200
    return reply.get_data(as_text=True)


def _action(app: Flask, action_id: int) -> Action:
    with app.app_context():
        action = db.session().get(Action, action_id)
        assert action is not None
        db.session().expunge(action)
        return action


def _audited(app: Flask, name: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session().scalars(select(AuditEvent).where(AuditEvent.action == name)))


def test_the_receiving_agency_accepts_on_the_action_page(
    app: Flask, live: LiveMeeting, proposed: int
) -> None:
    health = signed_in_client(app, live.health)
    page = health.get(f"/actions/{proposed}").get_data(as_text=True)
    assert "Proposed, not yet accepted by Agency health" in page
    assert 'data-testid="accept-form"' in page and 'data-testid="decline-form"' in page
    assert "Action accepted." in _post(health, proposed, "accept")
    action = _action(app, proposed)
    assert action.acceptance == ActionAcceptance.ACCEPTED
    assert action.accepted_by_id == live.health.id and not action.accepted_by_chair
    event = _audited(app, "action.accepted")[-1]
    assert event.object_id == str(proposed) and event.purpose == "action tracking"
    page = health.get(f"/actions/{proposed}").get_data(as_text=True)
    assert f"Accepted by {live.health.display_name}" in page and "accept-form" not in page
    assert "already accepted" in _post(health, proposed, "accept")


def test_the_receiving_agency_declines_with_a_reason_and_it_stays_a_proposal(
    app: Flask, live: LiveMeeting, proposed: int
) -> None:
    health = signed_in_client(app, live.health)
    assert "Say why your agency cannot take this action" in _post(
        health, proposed, "decline", reason=""
    )
    page = _post(health, proposed, "decline", reason="No GP registration for her in Leeds.")
    assert "Declined: the chair will be asked to reassign" in page
    assert "Declined by Agency health" in page and "No GP registration" in page
    assert _action(app, proposed).acceptance == ActionAcceptance.PROPOSED
    with app.app_context():
        decline = db.session().scalars(select(ActionDecline)).one()
        assert decline.agency_id == live.health_agency.id
        assert decline.declined_by_id == live.health.id
    assert [e.object_id for e in _audited(app, "action.declined")] == [str(proposed)]
    chair = signed_in_client(app, live.chair).get(f"/actions/{proposed}").get_data(as_text=True)
    assert "Declined by Agency health" in chair  # the chair sees it to reassign it


def test_the_chair_or_a_coordinator_records_that_the_agency_agreed(
    app: Flask, live: LiveMeeting, proposed: int, factory: Factory
) -> None:
    coordinator = factory.user([Role.COORDINATOR], agency=live.police_agency)
    client = signed_in_client(app, coordinator)
    page = client.get(f"/actions/{proposed}").get_data(as_text=True)
    assert "Record that the agency agreed" in page and "decline-form" not in page
    token = csrf_token_from(client, f"/actions/{proposed}")
    refused = client.post(f"/actions/{proposed}/decline", data={"csrf_token": token, "reason": "x"})
    assert refused.status_code == 403  # only the agency itself may decline
    assert "Action accepted." in _post(client, proposed, "accept")
    action = _action(app, proposed)
    assert action.accepted_by_chair and action.accepted_by_id == coordinator.id
    page = client.get(f"/actions/{proposed}").get_data(as_text=True)
    assert f"Accepted by the chair ({coordinator.display_name}), for Agency health" in page


def test_nobody_else_can_accept_or_decline(
    app: Flask, live: LiveMeeting, proposed: int, factory: Factory
) -> None:
    police = signed_in_client(
        app, live.police
    )  # proposed it; not the lead agency; not a coordinator
    assert police.get(f"/actions/{proposed}").status_code == 404
    token = csrf_token_from(police, "/")
    for what in ("accept", "decline"):
        reply = police.post(
            f"/actions/{proposed}/{what}", data={"csrf_token": token, "reason": "x"}
        )
        assert reply.status_code == 404
    assert _action(app, proposed).acceptance == ActionAcceptance.PROPOSED
    assert _audited(app, "action.declined") == []
