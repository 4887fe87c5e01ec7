"""The meeting cockpit over Socket.IO: the live agenda's distinguishing lines, the family
summary panel (the family page's rules), and its refresh when a referral joins the family."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from frontdoor.db import db, transaction
from frontdoor.models import (
    AgendaItem,
    AgendaItemStatus,
    AuditEvent,
    Channel,
    DashRisk,
    Referral,
    utcnow,
)

from ..factories.meetings import NARRATIVE, LiveMeeting, add_family
from .conftest import Connect
from .test_protocol import join_all


def ask(client, event: str, data: dict) -> dict:
    return client.emit(event, data, callback=True, namespace="/items")


def test_the_live_agenda_tells_families_apart_and_leaves_deferred_ones_out(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    add_family(app, live_meeting, 0)
    with app.app_context(), transaction() as tx:
        deferred = tx.get(AgendaItem, live_meeting.item_ids[2])
        assert deferred is not None
        deferred.status = AgendaItemStatus.DEFERRED
    clients = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    state = clients["/meeting"].emit("meeting:state", {}, callback=True, namespace="/meeting")
    agenda = state["agenda"]
    assert [item["id"] for item in agenda] == live_meeting.item_ids[:2]
    first = agenda[0]
    assert first["victim"] == "Jo Smith"  # one display form: "JO SMITH" as a name is written
    assert first["victim_age"] == "34 years"
    assert (first["area"], first["risk"], first["children"]) == ("LS9", "high", 2)
    assert first["section_title"] == "Families with children"
    assert agenda[1]["victim"] == "" and agenda[1]["children"] == 0


def test_the_summary_panel_shows_who_is_who_and_the_new_incident(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    add_family(app, live_meeting, 0)
    clients = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)
    reply = ask(clients["/items"], "item:summary", {"item_id": live_meeting.item_ids[0]})
    assert reply["ok"], reply
    html = reply["html"]
    assert (
        '<strong>Jo Smith</strong>: <span data-testid="member-roles">Victim</span> (partner)'
        in html
    )
    assert '<strong>Lee Smith</strong>: <span data-testid="member-roles">Perpetrator</span>' in html
    assert html.index("Ben Smith") < html.index("Amy Smith")  # children youngest first
    assert "3 years" in html and "9 years" in html
    assert "Risk: High (DASH-ACPO, 16 of 27)" in html and "strangulation" in html
    assert NARRATIVE in html and "No consent to share" in html
    with app.app_context():
        viewed = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "family.viewed", AuditEvent.purpose == "live meeting"
            )
        ).all()
    assert [e.user_id for e in viewed] == [live_meeting.health.id]


def test_opening_a_family_sends_its_summary_with_its_details_as_one_audit_event(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    add_family(app, live_meeting, 0)
    item_id = live_meeting.item_ids[0]
    clients = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)
    with app.app_context():
        before = db.session.scalar(select(func.max(AuditEvent.id))) or 0
    reply = ask(clients["/items"], "item:details", {"item_id": item_id})
    assert reply["ok"] and reply["summary"]["ok"], reply
    assert "<strong>Jo Smith</strong>" in reply["summary"]["html"]
    with app.app_context():
        opened = db.session.scalars(select(AuditEvent).where(AuditEvent.id > before)).all()
        family_id = db.session.get(AgendaItem, item_id).family_id
    assert [(e.action, e.purpose, e.object_id, e.details["agenda_item_id"]) for e in opened] == [
        ("family.viewed", "live meeting", str(family_id), item_id)
    ]


def test_a_withheld_address_is_nowhere_in_the_panel_or_the_agenda_line(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    add_family(app, live_meeting, 0, withheld=True)
    clients = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    html = ask(clients["/items"], "item:summary", {"item_id": live_meeting.item_ids[0]})["html"]
    assert "An address in this family is withheld" in html
    assert "LS9" not in html and "Oak Street" not in html
    state = clients["/meeting"].emit("meeting:state", {}, callback=True, namespace="/meeting")
    assert state["agenda"][0]["area"] == ""


def test_an_item_not_on_this_meeting_is_refused(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    clients = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    reply = ask(clients["/items"], "item:summary", {"item_id": 999999})
    assert reply == {"ok": False, "error": "not_on_agenda"}


def test_a_referral_joining_the_family_tells_every_page_to_refresh_its_summary(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    clients = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    clients["/items"].get_received("/items")
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, live_meeting.item_ids[1])
        assert item is not None
        tx.add(
            Referral(
                agency_id=live_meeting.health_agency.id,
                channel=Channel.API,
                source_ref="GP-77",
                received_at=utcnow() - timedelta(minutes=5),
                dash_risk=DashRisk.MEDIUM,
                family_id=item.family_id,
            )
        )
    heard = [
        m["args"][0]
        for m in clients["/items"].get_received("/items")
        if m["name"] == "item:summary_changed"
    ]
    assert heard == [{"item_ids": [live_meeting.item_ids[1]]}]
