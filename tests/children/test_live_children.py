"""The children's part of the live meeting over real Socket.IO clients (docs/realtime.md):
each child's CSC decision, impact and voice as versioned fields pushed to everyone, with stale
writes refused; the FGC pathway with chair-only steps and the perpetrator's two conditions;
actions that name a child of the family, shown on the action page, in notices and the minutes."""

from __future__ import annotations

import io
import json
from typing import Any

from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from agenda.minutes.service import close_meeting
from frontdoor.db import db, transaction
from frontdoor.models import (
    AgendaItem,
    ChildRecord,
    CscDecision,
    FamilyMember,
    MemberRole,
    Minutes,
    Person,
    PersonRecord,
    User,
)

from ..factories import csrf_token_from, sign_in
from ..factories.meetings import LiveMeeting
from ..live.conftest import Connect, connect, live_meeting
from ..live.test_protocol import join_all
from .test_meeting import _with_child

__all__ = ["connect", "live_meeting"]  # fixtures


def ask(client: Any, event: str, data: dict[str, Any]) -> Any:
    return client.emit(event, data, callback=True, namespace="/items")


def pushed(client: Any, event: str) -> list[dict[str, Any]]:
    return [m["args"][0] for m in client.get_received("/items") if m["name"] == event]


def test_a_childs_fields_are_versioned_pushed_to_everyone_and_stale_writes_refused(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    item_id, child_id = _with_child(app, live_meeting)
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)["/items"]
    health = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)["/items"]
    details = ask(health, "item:details", {"item_id": item_id})
    [mia] = details["children"]["children"]
    assert mia["name"] == "Mia Walker" and mia["fields"]["voice"]["version"] == 0
    base = {"item_id": item_id, "person_id": child_id}
    saved = ask(health, "child:set", {**base, "name": "decision", "value": "early_help",
                                      "version": 0})  # fmt: skip
    assert saved["ok"] and saved["child"]["within_one_working_day"] is True
    assert saved["child"]["fields"]["decision"] == {
        "value": "early_help", "version": 1, "by": live_meeting.health.display_name}  # fmt: skip
    voice = {**base, "name": "voice", "value": "Mia said she hides under the stairs."}
    assert ask(health, "child:set", {**voice, "version": 0})["ok"]
    [change, *_] = pushed(police, "child:changed")
    assert change["child"]["fields"]["decision"]["value"] == "early_help"
    assert change["by"] == live_meeting.health.display_name
    stale = ask(police, "child:set", {**voice, "value": "Older text", "version": 0})
    assert stale["error"] == "stale"
    assert stale["current"]["fields"]["voice"]["value"] == voice["value"]
    later = ask(police, "child:set", {**base, "name": "impact", "value": "Not sleeping",
                                      "version": 0})  # fmt: skip
    assert later["ok"]  # another field of the same child is not a conflict
    with app.app_context():
        record = db.session().scalars(select(ChildRecord)).one()
        assert record.decision is CscDecision.EARLY_HELP
        assert record.decided_by_id == live_meeting.health.id
        assert (record.voice, record.voice_version, record.impact) == (
            voice["value"], 1, "Not sleeping")  # fmt: skip


def test_child_events_refuse_what_is_not_a_child_of_the_family_or_not_on_the_agenda(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    item_id, child_id = _with_child(app, live_meeting)
    health = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)["/items"]
    victim = _adult(app, item_id)
    write = {"item_id": item_id, "name": "voice", "value": "x", "version": 0}
    assert ask(health, "child:set", {**write, "person_id": victim})["error"] == "invalid"
    assert ask(health, "child:set", {**write, "person_id": child_id, "name": "risk"})[
        "error"] == "invalid"  # fmt: skip
    bad = {**write, "person_id": child_id, "name": "decision", "value": "adopt"}
    assert ask(health, "child:set", bad)["error"] == "invalid"
    other_item = {**write, "person_id": child_id, "item_id": 999_999}
    assert ask(health, "child:set", other_item)["error"] == "not_on_agenda"
    action = {"item_id": item_id, "description": "School visit", "due_on": "2030-01-02",
              "lead_agency_id": live_meeting.health_agency.id}  # fmt: skip
    refused = ask(health, "action:create", {**action, "child_person_id": victim})
    assert refused["error"] == "invalid" and "child of this family" in refused["message"]
    other_family = ask(health, "action:create", {**action, "child_person_id": child_id,
                                                 "item_id": live_meeting.item_ids[1]})  # fmt: skip
    assert other_family["error"] == "invalid"


def _adult(app: Flask, item_id: int) -> int:
    with app.app_context(), transaction() as tx:
        item = tx.get(AgendaItem, item_id)
        assert item is not None
        adult = Person()
        tx.add(adult)
        tx.flush()
        tx.add(PersonRecord(person_id=adult.id, agency_id=1, source="test", given_name="Jade",
                            surname="Walker"))  # fmt: skip
        tx.add(FamilyMember(family_id=item.family_id, person_id=adult.id,
                            member_role=MemberRole.ADULT))  # fmt: skip
        return adult.id


def test_the_fgc_pathway_live_chair_steps_versions_and_the_perpetrators_conditions(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    item_id, _ = _with_child(app, live_meeting)
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)["/items"]
    health = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)["/items"]
    step = {"item_id": item_id}
    proposed = ask(health, "fgc:step", {**step, "step": "propose"})
    assert proposed["ok"] and proposed["fgc"]["status"] == "proposed"
    assert proposed["fgc"]["version"] == 1
    assert ask(health, "fgc:step", {**step, "step": "agree", "version": 1})["error"] == "chair_only"
    assert pushed(chair, "fgc:changed")[0]["fgc"]["proposed_by"] == live_meeting.health.display_name
    early = ask(chair, "fgc:step", {**step, "step": "consent", "consent": True, "version": 1})
    assert early["error"] == "invalid" and "agree" in early["message"]
    assert ask(chair, "fgc:step", {**step, "step": "agree", "version": 1})["ok"]
    stale = ask(chair, "fgc:step", {**step, "step": "agree", "version": 1})
    assert stale["error"] == "stale" and stale["current"]["status"] == "agreed"
    consent = {**step, "step": "consent", "consent": True, "invitees": "Her mother"}
    accepted = ask(chair, "fgc:step", {**consent, "version": 2})
    assert accepted["fgc"]["status"] == "accepted" and accepted["fgc"]["invitees"] == "Her mother"
    only_one = {**step, "step": "perpetrator", "requested": True, "attends": True, "version": 3}
    refused = ask(chair, "fgc:step", only_one)
    assert refused["error"] == "invalid" and "acknowledges" in refused["message"]
    both = {**only_one, "acknowledges": True}
    assert ask(chair, "fgc:step", both)["fgc"]["perpetrator_attends"] is True
    assert [c["fgc"]["status"] for c in pushed(health, "fgc:changed")][-1] == "accepted"


def test_an_action_names_a_child_in_the_page_the_notice_and_the_minutes(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    item_id, child_id = _with_child(app, live_meeting)
    police = join_all(connect, app, live_meeting.police, live_meeting.meeting_id)["/items"]
    health = join_all(connect, app, live_meeting.health, live_meeting.meeting_id)["/items"]
    action = {"item_id": item_id, "description": "Speak to the school about Mia",
              "due_on": "2030-01-02", "lead_agency_id": live_meeting.health_agency.id,
              "child_person_id": child_id}  # fmt: skip
    made = ask(health, "action:create", action)
    assert made["ok"] and made["action"]["child"] == "Mia Walker"
    assert made["action"]["child_person_id"] == child_id
    assert pushed(police, "action:changed")[0]["child"] == "Mia Walker"
    client = app.test_client()
    sign_in(client, live_meeting.health)
    page = client.get(f"/actions/{made['action']['id']}").get_data(as_text=True)
    assert 'data-testid="action-child">Mia Walker' in page
    assert "For Mia Walker" in client.get("/actions/").get_data(as_text=True)
    assert "(for Mia Walker)" in client.get("/notifications/").get_data(as_text=True)
    with app.app_context():
        chair = db.session().get(User, live_meeting.chair.id)
        assert chair is not None
        close_meeting(chair, live_meeting.meeting_id)
        minutes = db.session().scalars(select(Minutes)).one()
        frozen = json.loads(minutes.snapshot)
        [agreed] = [a for i in frozen["items"] for a in i["actions"]["agreed"]]
        assert agreed["child"] == "Mia Walker"
    html = client.get(f"/meetings/{live_meeting.meeting_id}/minutes").get_data(as_text=True)
    assert "For the child: Mia Walker" in html
    pdf = client.get(f"/meetings/{live_meeting.meeting_id}/minutes.pdf")
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "For the child: Mia Walker" in " ".join(text.split())


def test_the_no_script_page_refuses_a_step_taken_on_a_stale_view(
    app: Flask, connect: Connect, live_meeting: LiveMeeting
) -> None:
    item_id, _ = _with_child(app, live_meeting)
    chair = join_all(connect, app, live_meeting.chair, live_meeting.meeting_id)["/items"]
    assert ask(chair, "fgc:step", {"item_id": item_id, "step": "propose"})["ok"]
    page = app.test_client()
    sign_in(page, live_meeting.chair)
    html = page.get(f"/items/{item_id}/children").get_data(as_text=True)
    assert 'name="version" value="1"' in html  # what the page shows
    assert ask(chair, "fgc:step", {"item_id": item_id, "step": "agree", "version": 1})["ok"]
    token = csrf_token_from(page, f"/items/{item_id}/children")
    stale = {"csrf_token": token, "version": "1", "consent": "yes", "invitees": "Her aunt"}
    answer = page.post(f"/items/{item_id}/fgc/consent", data=stale, follow_redirects=True)
    assert "Someone changed the Family Group Conference" in answer.get_data(as_text=True)
    current = ask(chair, "item:details", {"item_id": item_id})["children"]["fgc"]
    assert (current["status"], current["invitees"]) == ("agreed", "")
    fresh = page.post(f"/items/{item_id}/fgc/consent", data={**stale, "version": "2"})
    assert fresh.status_code == 302
    current = ask(chair, "item:details", {"item_id": item_id})["children"]["fgc"]
    assert (current["status"], current["invitees"]) == ("accepted", "Her aunt")
