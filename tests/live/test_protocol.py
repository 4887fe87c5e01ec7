"""The Socket.IO protocol of the live meeting: who may connect, and every event re-checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from frontdoor.db import transaction
from frontdoor.models import Attendance, UserSession, utcnow

from ..factories.meetings import LiveMeeting
from .conftest import Connect

NAMESPACES = ["/meeting", "/docs", "/items"]


def accept(client) -> None:
    assert client.emit("meeting:accept", {}, callback=True, namespace="/meeting") == {"ok": True}


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_an_anonymous_connection_is_refused(
    connect: Connect, live_meeting: LiveMeeting, namespace: str
) -> None:
    client = connect(None, live_meeting.meeting_id, namespace, csrf="anything")
    assert not client.is_connected(namespace)


@pytest.mark.parametrize(
    ("origin", "csrf"),
    [
        ("http://evil.example", None),  # another site
        (None, None),  # no Origin at all
        ("http://localhost", "not-the-token"),  # a wrong CSRF token
        ("http://localhost", ""),  # no CSRF token
    ],
)
def test_a_wrong_origin_or_csrf_token_is_refused(
    connect: Connect, live_meeting: LiveMeeting, origin: str | None, csrf: str | None
) -> None:
    client = connect(live_meeting.police, live_meeting.meeting_id, origin=origin, csrf=csrf)
    assert not client.is_connected("/meeting")


def test_allowed_origins_replace_same_origin(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    app.config["ALLOWED_ORIGINS"] = ["https://frontdoor.example"]
    same_origin = connect(live_meeting.police, live_meeting.meeting_id)
    listed = connect(
        live_meeting.police, live_meeting.meeting_id, origin="https://frontdoor.example"
    )
    assert not same_origin.is_connected("/meeting")
    assert listed.is_connected("/meeting")


def test_a_partner_not_invited_is_refused(connect: Connect, live_meeting: LiveMeeting) -> None:
    client = connect(live_meeting.outsider, live_meeting.meeting_id)
    assert not client.is_connected("/meeting")


def test_an_invited_partner_joins_and_attendance_is_recorded(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    client = connect(live_meeting.police, live_meeting.meeting_id)
    assert client.is_connected("/meeting")
    with app.app_context(), transaction() as tx:
        row = tx.query(Attendance).filter_by(user_id=live_meeting.police.id).one()
        assert row.joined_at is not None and row.confidentiality_accepted_at is None


@pytest.mark.parametrize("namespace", ["/docs", "/items"])
def test_family_namespaces_need_the_confidentiality_statement_accepted(
    app: Flask, connect: Connect, live_meeting: LiveMeeting, namespace: str
) -> None:
    http = app.test_client()
    meeting = connect(live_meeting.police, live_meeting.meeting_id, http=None)
    state = meeting.emit("meeting:state", {}, callback=True, namespace="/meeting")
    assert state["ok"] and "agenda" not in state  # no family before acceptance
    from ..factories import sign_in

    sign_in(http, live_meeting.police)
    refused = connect(live_meeting.police, live_meeting.meeting_id, namespace, http=http)
    assert not refused.is_connected(namespace)
    accept(meeting)
    admitted = connect(live_meeting.police, live_meeting.meeting_id, namespace, http=http)
    assert admitted.is_connected(namespace)
    state = meeting.emit("meeting:state", {}, callback=True, namespace="/meeting")
    assert [item["id"] for item in state["agenda"]] == live_meeting.item_ids


# --- every event is authorised again -------------------------------------------------------

EVENTS = [
    ("/meeting", "meeting:state", {}),
    ("/meeting", "meeting:navigate", {"item_id": 0}),
    ("/meeting", "presence:update", {"viewing": None}),
    ("/docs", "doc:sync", {"field": "notes", "item_id": 0}),
    ("/docs", "doc:update", {"field": "notes", "item_id": 0, "update": "AAA="}),
    ("/items", "item:details", {"item_id": 0}),
    ("/items", "item:summary", {"item_id": 0}),
    ("/items", "field:set", {"item_id": 0, "name": "risk", "value": "high", "version": 0}),
    ("/items", "action:create", {"item_id": 0, "description": "Call"}),
    ("/items", "action:reassign", {"action_id": 1, "lead_agency_id": 1}),
    ("/items", "action:review", {"item_id": 0, "action_id": 1, "outcome": "done"}),
    (
        "/items",
        "child:set",
        {"item_id": 0, "person_id": 1, "name": "voice", "value": "x", "version": 0},
    ),  # fmt: skip
    ("/items", "fgc:step", {"item_id": 0, "step": "propose"}),
]


def join_all(connect: Connect, app: Flask, user, meeting_id: int):
    from ..factories import sign_in

    http = app.test_client()
    sign_in(http, user)
    meeting = connect(user, meeting_id, "/meeting", http=http)
    accept(meeting)
    docs = connect(user, meeting_id, "/docs", http=http)
    items = connect(user, meeting_id, "/items", http=http)
    return {"/meeting": meeting, "/docs": docs, "/items": items}


def _with_item(data: dict, item_id: int) -> dict:
    return {**data, "item_id": item_id} if "item_id" in data else data


@pytest.mark.parametrize(("namespace", "event", "data"), EVENTS)
def test_a_user_removed_mid_meeting_is_refused_and_cut_off_at_once(
    app: Flask,
    connect: Connect,
    live_meeting: LiveMeeting,
    namespace: str,
    event: str,
    data: dict,
) -> None:
    clients = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    with app.app_context(), transaction() as tx:  # removed behind the socket's back
        row = tx.query(Attendance).filter_by(user_id=live_meeting.police.id).one()
        row.invited = False
    client = clients[namespace]
    reply = client.emit(
        event, _with_item(data, live_meeting.item_ids[0]), callback=True, namespace=namespace
    )
    assert reply == {"ok": False, "error": "forbidden"}
    assert not client.is_connected(namespace)


@pytest.mark.parametrize(("namespace", "event", "data"), EVENTS)
def test_a_signed_out_session_loses_every_event(
    app: Flask,
    connect: Connect,
    live_meeting: LiveMeeting,
    namespace: str,
    event: str,
    data: dict,
) -> None:
    clients = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    with app.app_context(), transaction() as tx:
        for row in tx.query(UserSession).filter_by(user_id=live_meeting.police.id):
            row.revoked_at = utcnow()
    reply = clients[namespace].emit(
        event, _with_item(data, live_meeting.item_ids[0]), callback=True, namespace=namespace
    )
    assert reply == {"ok": False, "error": "forbidden"}


def test_the_chair_removing_a_partner_disconnects_all_their_connections(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    reply = chair["/meeting"].emit(
        "meeting:set_invited",
        {"user_id": live_meeting.police.id, "invited": False},
        callback=True,
        namespace="/meeting",
    )
    assert reply == {"ok": True}
    assert [ns for ns, client in police.items() if client.is_connected(ns)] == []
    again = connect(live_meeting.police, live_meeting.meeting_id)
    assert not again.is_connected("/meeting")


@pytest.mark.parametrize(
    ("event", "data"),
    [
        ("meeting:navigate", {"item_id": 0}),
        ("meeting:apologies", {"user_id": 0, "text": "On leave"}),
        ("meeting:set_invited", {"user_id": 0, "invited": False}),
    ],
)
def test_chair_only_events_are_refused_to_partners(
    app: Flask,
    connect: Connect,
    live_meeting: LiveMeeting,
    event: str,
    data: dict,
) -> None:
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    reply = police["/meeting"].emit(event, data, callback=True, namespace="/meeting")
    assert reply == {"ok": False, "error": "chair_only"}


def test_navigation_before_accepting_confidentiality_is_refused(
    connect: Connect, live_meeting: LiveMeeting
) -> None:
    chair = connect(live_meeting.chair, live_meeting.meeting_id)
    reply = chair.emit(
        "meeting:navigate",
        {"item_id": live_meeting.item_ids[1]},
        callback=True,
        namespace="/meeting",
    )
    assert reply == {"ok": False, "error": "confidentiality"}


def test_the_chair_moves_and_every_member_is_told(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    police["/meeting"].get_received("/meeting")
    reply = chair["/meeting"].emit(
        "meeting:navigate",
        {"item_id": live_meeting.item_ids[1]},
        callback=True,
        namespace="/meeting",
    )
    assert reply["ok"] and reply["item_id"] == live_meeting.item_ids[1]
    moves = [
        m for m in police["/meeting"].get_received("/meeting") if m["name"] == "meeting:navigated"
    ]
    assert moves[0]["args"][0]["item_id"] == live_meeting.item_ids[1]


def test_the_chair_records_apologies_for_the_minutes(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)
    reply = chair["/meeting"].emit(
        "meeting:apologies",
        {"user_id": live_meeting.health.id, "text": "Sent apologies"},
        callback=True,
        namespace="/meeting",
    )
    assert reply == {"ok": True}
    state = chair["/meeting"].emit("meeting:state", {}, callback=True, namespace="/meeting")
    rows = {row["user_id"]: row for row in state["attendance"]}
    assert rows[live_meeting.health.id]["apologies"] == "Sent apologies"
    assert rows[live_meeting.chair.id]["accepted"] is True


def test_an_idle_session_expires_for_live_events_as_for_pages(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    clients = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)
    assert clients["/meeting"].emit("meeting:state", {}, callback=True, namespace="/meeting")["ok"]
    with app.app_context(), transaction() as tx:
        for row in tx.query(UserSession).filter_by(user_id=live_meeting.police.id):
            row.last_seen_at = utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1)
    reply = clients["/meeting"].emit("meeting:state", {}, callback=True, namespace="/meeting")
    assert reply == {"ok": False, "error": "forbidden"}
