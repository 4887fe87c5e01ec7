"""The action notices go by e-mail too, written with the in-app notice: a new action, a
reassigned one, due tomorrow and overdue. By default the e-mail is a bare notice with a link;
with the kind configured for detail it carries the action, and never a withheld detail."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask

from agenda.live.actions import create_action, reassign_action
from agenda.tracking import notifications
from frontdoor.db import transaction
from frontdoor.mail import sender
from frontdoor.models import Action, AgendaItem

from ..factories import Factory, cases
from ..factories.meetings import create_meeting
from ..security.test_withheld_address import _leaks
from .smtp_server import SmtpServer, text_of

TYPED = f"{cases.REFUGE_ADDRESS}, {cases.REFUGE_POSTCODE}, phone {cases.REFUGE_PHONE}"


def _send(app: Flask) -> sender.SendRun:
    with app.app_context():
        return sender.send_due()


def test_new_reassigned_due_and_overdue_actions_are_e_mailed_as_bare_notices(
    app: Flask, factory: Factory, smtp_server: SmtpServer
) -> None:
    live = create_meeting(app, factory, families=1)
    app.config["MAIL_BASE_URL"] = "https://frontdoor.example.gov.uk"
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, live.item_ids[0])
        assert item is not None
        payload = {
            "description": "Call the victim about the safety plan",
            "lead_agency_id": live.health_agency.id,
            "lead_user_id": live.health.id,
            "due_on": (date.today() + timedelta(days=1)).isoformat(),
            "agency_agreed": True,  # the chair records health's agreement: not a proposal
        }
        action = create_action(tx, item, payload, live.chair.id)
        action_id = action.id
    assert _send(app).sent == 1
    [new] = smtp_server.inbox.to(live.health.email)
    plain, html = text_of(new)
    assert "You have a new item in Front Door." in plain
    assert f"https://frontdoor.example.gov.uk/actions/{action_id}" in plain
    assert "safety plan" not in plain + html  # no case detail by default
    assert "Family:" not in plain  # nor the family
    with app.app_context(), transaction() as tx:
        moved = tx.get(Action, action_id)
        assert moved is not None
        reassign_action(
            tx, moved,
            {"lead_agency_id": live.police_agency.id, "lead_user_id": live.police.id,
             "agency_agreed": True},
        )  # fmt: skip
    with app.app_context():
        notifications.notify_due(date.today())  # due tomorrow
        notifications.notify_due(date.today() + timedelta(days=3))  # overdue by then
    assert _send(app).sent == 3
    police = smtp_server.inbox.to(live.police.email)
    assert len(police) == 3  # reassigned, due tomorrow, overdue
    with app.app_context():
        notifications.notify_due(date.today())  # again: no second notice, no second e-mail
    assert _send(app).sent == 0


def test_a_detailed_e_mail_never_carries_a_withheld_detail(
    app: Flask, factory: Factory, smtp_server: SmtpServer
) -> None:
    app.config["MAIL_DETAIL_KINDS"] = ["action_assigned"]
    live = create_meeting(app, factory, families=1)
    housing = factory.agency("housing")
    case = cases.family_case(app, housing.id, withheld=True)
    with app.app_context(), transaction() as tx:
        item = AgendaItem(meeting_id=live.meeting_id, family_id=case.family_id, position=2)
        tx.add(item)
        tx.flush()
        payload = {
            "description": f"Write to {TYPED}",
            "lead_agency_id": live.health_agency.id,
            "lead_user_id": live.health.id,
            "due_on": (date.today() + timedelta(days=4)).isoformat(),
            "agency_agreed": True,
        }
        create_action(tx, item, payload, live.chair.id)
    assert _send(app).sent == 1
    [message] = smtp_server.inbox.to(live.health.email)
    plain, html = text_of(message)
    assert "Write to Withheld" in plain and "Write to Withheld" in html
    assert "Family: Case" in plain  # the family is named where the kind carries details
    assert _leaks(message.as_string()) == []
    assert _leaks(plain + html) == []
