"""Closing a meeting freezes its minutes: a canonical snapshot with a reproducible hash."""

from __future__ import annotations

import hashlib
import json

from flask import Flask
from sqlalchemy import select

from agenda.minutes import snapshot
from frontdoor.db import db
from frontdoor.models import (
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    AuditEvent,
    DocumentSnapshot,
    DocumentUpdate,
    Meeting,
    MeetingStatus,
    Minutes,
)

from ..factories import Factory, csrf_token_from, sign_in
from ..factories.minutes import Recorded
from ..live.conftest import ORIGIN
from .conftest import close


def _minutes(app: Flask, meeting_id: int) -> Minutes:
    with app.app_context():
        minutes = db.session().scalar(select(Minutes).where(Minutes.meeting_id == meeting_id))
        assert minutes is not None
        return minutes


def test_closing_freezes_the_record_with_a_hash_anyone_can_recompute(
    app: Flask, recorded: Recorded
) -> None:
    closed = close(app, recorded.live.chair, recorded.live.meeting_id)
    minutes = _minutes(app, recorded.live.meeting_id)
    assert hashlib.sha256(minutes.snapshot.encode("utf-8")).hexdigest() == minutes.content_hash
    assert closed.content_hash == minutes.content_hash
    frozen = json.loads(minutes.snapshot)
    assert snapshot.canonical(frozen) == minutes.snapshot  # stable key order, no spaces
    assert minutes.closed_by_id == recorded.live.chair.id
    assert minutes.retain_until is not None and minutes.retain_until > minutes.closed_at
    with app.app_context():
        meeting = db.session().get(Meeting, recorded.live.meeting_id)
        assert meeting is not None and meeting.status == MeetingStatus.CLOSED
        # the keystroke updates were merged into the texts' snapshots before freezing
        assert db.session().scalars(select(DocumentUpdate)).all() == []
        assert len(db.session().scalars(select(DocumentSnapshot)).all()) == 5


def test_the_snapshot_holds_attendance_contributions_decisions_and_actions(
    app: Flask, closed: Recorded
) -> None:
    live = closed.live
    frozen = json.loads(_minutes(app, live.meeting_id).snapshot)
    agencies = {a["agency"]: [p["name"] for p in a["people"]] for a in frozen["attendance"]}
    assert live.police.display_name in agencies[live.police_agency.name]
    assert [a["user_id"] for a in frozen["apologies"]] == [live.health.id]
    items = {i["item_id"]: i for i in frozen["items"]}
    decided = items[closed.decided_item_id]
    assert (decided["risk"], decided["decision"]) == ("high", "Refer to MARAC; police to visit.")
    assert decided["notes"] == "Two incidents this month."
    known = {c["agency_id"]: c for c in decided["contributions"]}
    assert known[live.police_agency.id]["known"] == "Police: bail conditions."
    assert [p["text"] for p in known[live.police_agency.id]["preparations"]] == ["Police prep fact"]
    assert live.health_agency.id not in known  # health shared nothing: its research is not here
    assert [a["description"] for a in decided["actions"]["agreed"]] == ["Visit the family"]
    assert decided["unfinished"] is False and decided["status"] == "discussed"
    assert frozen["meeting"]["closed_by"]["user_id"] == live.chair.id


def test_unfinished_items_are_recorded_as_such_and_carried_forward(
    app: Flask, closed: Recorded
) -> None:
    frozen = json.loads(_minutes(app, closed.live.meeting_id).snapshot)
    unfinished = [i["item_id"] for i in frozen["items"] if i["unfinished"]]
    assert unfinished == [closed.open_item_id]
    with app.app_context():
        item = db.session().get(AgendaItem, closed.open_item_id)
        assert item is not None and item.status == AgendaItemStatus.DEFERRED
        present = db.session().scalars(
            select(Attendance).where(
                Attendance.meeting_id == closed.live.meeting_id, Attendance.joined_at.is_not(None)
            )
        )
        assert all(row.left_at is not None for row in present)  # everyone's attendance ended


def test_closing_is_audited_with_identifiers_only(app: Flask, closed: Recorded) -> None:
    with app.app_context():
        event = db.session().scalar(select(AuditEvent).where(AuditEvent.action == "meeting.closed"))
        assert event is not None
        minutes = _minutes(app, closed.live.meeting_id)
        assert event.object_id == str(closed.live.meeting_id)
        assert event.user_id == closed.live.chair.id
        assert event.details["minutes_id"] == minutes.id
        assert event.details["unfinished_item_ids"] == [closed.open_item_id]


def test_the_chair_closes_from_the_live_page_and_partners_cannot(
    app: Flask, recorded: Recorded
) -> None:
    live, path = recorded.live, f"/meetings/{recorded.live.meeting_id}/close"
    partner = app.test_client()
    sign_in(partner, live.police)
    token = csrf_token_from(partner, f"/meetings/{live.meeting_id}/live")
    assert partner.post(path, data={"csrf_token": token}).status_code == 403
    chair = app.test_client()
    sign_in(chair, live.chair)
    page = chair.get(f"/meetings/{live.meeting_id}/live").get_data(as_text=True)
    assert 'data-testid="close-meeting"' in page
    assert chair.post(path, data={}).status_code == 400  # CSRF
    token = csrf_token_from(chair, f"/meetings/{live.meeting_id}/live")
    response = chair.post(path, data={"csrf_token": token})
    assert response.status_code == 302
    assert response.location.endswith(f"/meetings/{live.meeting_id}/minutes")
    again = chair.post(path, data={"csrf_token": token})  # a second click changes nothing
    assert again.status_code == 302
    closed_live = chair.get(f"/meetings/{live.meeting_id}/live")  # its live link: the minutes
    assert closed_live.status_code == 302
    assert closed_live.location.endswith(f"/meetings/{live.meeting_id}/minutes")


def test_a_coordinator_who_is_not_the_chair_may_close(
    app: Flask, factory: Factory, recorded: Recorded
) -> None:
    from frontdoor.models import Role

    coordinator = factory.user([Role.COORDINATOR])
    close(app, coordinator, recorded.live.meeting_id)
    assert _minutes(app, recorded.live.meeting_id).closed_by_id == coordinator.id


def test_closing_tells_every_open_page_and_refuses_their_next_edit(
    app: Flask, recorded: Recorded, connect: object
) -> None:
    live = recorded.live
    client = connect(live.police, live.meeting_id)  # type: ignore[operator]
    assert client.is_connected("/meeting")
    client.emit("meeting:accept", {}, namespace="/meeting", callback=True)
    client.get_received("/meeting")
    chair = app.test_client()
    sign_in(chair, live.chair)
    token = csrf_token_from(chair, f"/meetings/{live.meeting_id}/live")
    chair.post(f"/meetings/{live.meeting_id}/close", data={"csrf_token": token})
    received = {m["name"]: m["args"] for m in client.get_received("/meeting")}
    assert received["meeting:closed"][0]["minutes_url"] == f"/meetings/{live.meeting_id}/minutes"
    reply = client.emit("meeting:state", {}, namespace="/meeting", callback=True)
    assert reply == {"ok": False, "error": "forbidden"}
    assert ORIGIN  # the page's origin, as in the live tests
