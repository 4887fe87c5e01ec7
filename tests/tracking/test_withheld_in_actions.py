"""A refuge address typed into an action in the meeting (its description) or into a status
update is never shown on "Our actions", the action's page, the notifications or the family's
page (outstanding actions)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask

from agenda.live.actions import create_action
from agenda.tracking import service
from frontdoor.db import db, transaction
from frontdoor.models import AgendaItem, User

from ..factories import Factory, cases, sign_in
from ..factories.meetings import create_meeting
from ..security.test_withheld_address import _leaks

TYPED = f"{cases.REFUGE_ADDRESS}, {cases.REFUGE_POSTCODE}, phone {cases.REFUGE_PHONE}"


def test_action_pages_and_notices_never_show_a_withheld_detail(
    app: Flask, factory: Factory
) -> None:
    live = create_meeting(app, factory, families=1)
    housing = factory.agency("housing")  # recorded the refuge address, not the lead agency
    case = cases.family_case(app, housing.id, withheld=True)
    with app.app_context(), transaction() as tx:
        item = AgendaItem(meeting_id=live.meeting_id, family_id=case.family_id, position=2)
        tx.add(item)
        tx.flush()
        payload = {
            "description": f"Write to {TYPED}",
            "lead_agency_id": live.health_agency.id,
            "due_on": date.today().isoformat(),
        }
        action = create_action(tx, item, payload, live.chair.id)  # notifies health
        action.due_on = date.today() - timedelta(days=1)  # a day later: overdue, the chair's list
        action_id = action.id
        item_id = item.id
    with app.app_context():
        partner = db.session().get(User, live.health.id)
        assert partner is not None
        service.add_update(partner, action_id, f"Letter sent to {TYPED}")
    health, chair = app.test_client(), app.test_client()
    sign_in(health, live.health)
    sign_in(chair, live.chair)
    pages = [
        (health, "/actions/"),
        (health, f"/actions/{action_id}"),
        (health, "/notifications/"),
        (chair, "/actions/overdue"),
        (health, f"/agenda/items/{item_id}"),  # an invited partner: the family's page
    ]
    for client, url in pages:
        html = client.get(url).get_data(as_text=True)
        assert "Write to Withheld" in html, url
        assert _leaks(html) == [], url
    assert "Letter sent to Withheld" in health.get(f"/actions/{action_id}").get_data(as_text=True)
