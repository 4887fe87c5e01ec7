"""No live-meeting payload ever carries a withheld detail (docs/security.md §2.3, T3).

Real Socket.IO test clients: the chair (a coordinator) and an invited partner whose agency did
not record the refuge address. The refuge address, postcode and phone are planted wherever
family data can come from (the family's label, the agenda's reason, an older action) and typed
into every free-text input of the meeting; every event that answers or broadcasts family data
is exercised, and neither the partner nor the chair receives a detail in any reply or
broadcast, JSON or Yjs.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask_socketio import SocketIOTestClient
from pycrdt import Doc, Text
from sqlalchemy import update

from agenda.live import documents
from frontdoor.db import transaction
from frontdoor.extensions import socketio
from frontdoor.models import (
    Action,
    AgendaItem,
    DocumentUpdate,
    Family,
    FamilyMember,
    MemberRole,
    Person,
    PersonRecord,
    Role,
    User,
)

from ..factories import Factory, cases, csrf_token_from, sign_in

SECRETS = (cases.REFUGE_ADDRESS, cases.REFUGE_POSTCODE, cases.REFUGE_PHONE)
TYPED = (
    f"Now at {cases.REFUGE_ADDRESS.upper()}, {cases.REFUGE_POSTCODE.lower()}, {cases.REFUGE_PHONE}"
)
PLAN = f"Café ☕ — {TYPED}"  # non-ASCII first: Yjs offsets count UTF-8 bytes
ORIGIN = {"Origin": "http://localhost"}
EXERCISED: set[tuple[str, str]] = set()
# Events that neither answer nor broadcast family data (their replies are redacted anyway).
NO_FAMILY_DATA = {
    ("/meeting", "connect"),
    ("/meeting", "disconnect"),
    ("/meeting", "meeting:set_invited"),
    ("/meeting", "meeting:invite_choices"),  # names and agencies of staff only
    ("/items", "connect"),
    ("/items", "disconnect"),
    ("/docs", "connect"),
    ("/docs", "disconnect"),
}


def _squash(text: str) -> str:
    return re.sub(r"[\s,.]", "", text).lower()


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if _squash(s) in _squash(text)]


class Attendee:
    """One signed-in user's three namespaces, and everything they were sent."""

    def __init__(self, app: Flask, user: User, meeting_id: int) -> None:
        http = app.test_client()
        sign_in(http, user)
        auth = {"meeting_id": meeting_id, "csrf_token": csrf_token_from(http, "/")}
        self.replies: list[Any] = []

        def connect(namespace: str) -> SocketIOTestClient:
            return socketio.test_client(
                app, namespace=namespace, auth=auth, headers=ORIGIN, flask_test_client=http
            )

        self.meeting = connect("/meeting")
        assert self.ask("/meeting", "meeting:accept", {}) == {"ok": True}
        self.items, self.docs = connect("/items"), connect("/docs")
        self.clients = {"/meeting": self.meeting, "/items": self.items, "/docs": self.docs}
        self.received: list[Any] = []

    def ask(self, namespace: str, event: str, data: dict[str, Any]) -> Any:
        EXERCISED.add((namespace, event))
        client = self.meeting if namespace == "/meeting" else self.clients[namespace]
        reply = client.emit(event, data, callback=True, namespace=namespace)
        self.replies.append(reply)
        return reply

    def collect(self) -> list[Any]:
        for namespace, client in self.clients.items():
            self.received += client.get_received(namespace)
        return self.received

    def close(self) -> None:
        for namespace, client in self.clients.items():
            if client.is_connected(namespace):
                client.disconnect(namespace)


def _yjs_texts(payloads: list[Any]) -> str:
    """Every Yjs update sent, decoded: the raw bytes and the text they build."""
    found: list[str] = []
    updates: list[bytes] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "update" and isinstance(inner, str):
                    raw = base64.b64decode(inner)
                    found.append(raw.decode("utf-8", "replace"))
                    updates.append(raw)
                else:
                    walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner)

    walk(payloads)
    return " ".join(found) + str(documents.doc_of(*updates).get("text", type=Text))


def _typed(text: str) -> bytes:
    doc: Doc = Doc()
    doc["text"] = shared = Text()
    shared += text
    return bytes(doc.get_update())


@pytest.fixture
def meeting(app: Flask, factory: Factory) -> dict[str, Any]:
    housing = factory.agency("housing")  # recorded the refuge address
    case = cases.family_case(app, housing.id, withheld=True)
    partner = factory.user([Role.PARTNER], agency=factory.agency("police"))
    chair = factory.user([Role.COORDINATOR], agency=factory.agency("council"))
    meeting_id = cases.meeting_with(app, case.family_id, partner)
    with app.app_context(), transaction() as tx:
        tx.execute(
            update(Family)
            .where(Family.id == case.family_id)
            .values(label=f"Family at {cases.REFUGE_ADDRESS}")
        )
        tx.execute(
            update(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .values(order_reason=f"Incident at {cases.REFUGE_POSTCODE}")
        )
        item_id = tx.query(AgendaItem.id).filter(AgendaItem.meeting_id == meeting_id).scalar()
        older = Action(  # agreed at an earlier meeting, still open: an "incomplete action"
            family_id=case.family_id,
            description=f"Call her on {cases.REFUGE_PHONE}",
            lead_agency_id=partner.agency_id,
            due_on=date(2029, 1, 1),
        )
        tx.add(older)
        tx.add(  # typed into the safety plan before the address was withheld
            DocumentUpdate(agenda_item_id=item_id, field="safety_plan", payload=_typed(PLAN))
        )
        child = Person()  # a child of the family: the per-child fields and child actions
        tx.add(child)
        tx.flush()
        tx.add(PersonRecord(person_id=child.id, agency_id=housing.id, source="test",
                            given_name="Mia", surname="Walker"))  # fmt: skip
        tx.add(FamilyMember(family_id=case.family_id, person_id=child.id,
                            member_role=MemberRole.CHILD))  # fmt: skip
        tx.flush()
        older_id, child_id = older.id, child.id
    return {
        "child_id": child_id,
        "id": meeting_id,
        "item_id": item_id,
        "older_action_id": older_id,
        "partner": partner,
        "chair": chair,
        "agency_id": partner.agency_id,
    }


def _exercise_meeting(chair: Attendee, partner: Attendee, m: dict[str, Any]) -> None:
    for who in (chair, partner):
        who.ask("/meeting", "meeting:state", {})
    chair.ask("/meeting", "meeting:navigate", {"item_id": m["item_id"]})
    chair.ask("/meeting", "meeting:apologies", {"user_id": m["partner"].id, "text": TYPED})
    chair.ask("/meeting", "meeting:information_only", {"user_id": m["partner"].id, "text": TYPED})
    partner.ask("/meeting", "presence:update", {"viewing": m["item_id"], "editing": TYPED})


def _exercise_items(chair: Attendee, partner: Attendee, m: dict[str, Any]) -> None:
    item_id = m["item_id"]
    set_field = {"item_id": item_id, "name": "decision", "value": TYPED, "version": 0}
    assert partner.ask("/items", "field:set", set_field)["ok"]
    new_action = {
        "item_id": item_id,
        "description": TYPED,
        "lead_agency_id": m["agency_id"],
        "due_on": "2030-06-01",
    }
    created = partner.ask("/items", "action:create", new_action)
    assert created["ok"], created
    reassign = {"action_id": created["action"]["id"], "lead_agency_id": m["agency_id"]}
    assert chair.ask("/items", "action:reassign", reassign)["ok"]
    proposal = chair.ask("/items", "action:create", {**new_action, "description": "Visit"})
    assert proposal["action"]["acceptance"] == "proposed"  # the chair's agency is not police
    accepted = partner.ask("/items", "action:accept", {"action_id": proposal["action"]["id"]})
    assert accepted["ok"], accepted
    consent = {"item_id": item_id, "grounds": ["crime"], "justification": TYPED}
    told = {"victim_told": "yes", "told_by": "IDVA", "how_safely": TYPED}
    assert chair.ask("/items", "consent:record", {**consent, **told})["ok"]
    review = {"item_id": item_id, "action_id": m["older_action_id"], "outcome": "done"}
    assert chair.ask("/items", "action:review", {**review, "note": TYPED})["ok"]
    _exercise_children(chair, partner, m)
    for who in (chair, partner):
        details = who.ask("/items", "item:details", {"item_id": item_id})
        assert details["ok"] and details["incomplete_actions"]
        assert who.ask("/items", "item:summary", {"item_id": item_id})["ok"]


def _exercise_children(chair: Attendee, partner: Attendee, m: dict[str, Any]) -> None:
    """The child's voice and impact, an action for the child, the FGC invitees (#18)."""
    item_id, child_id = m["item_id"], m["child_id"]
    for name in ("voice", "impact"):
        typed = {"item_id": item_id, "person_id": child_id, "name": name, "value": TYPED}
        saved = partner.ask("/items", "child:set", {**typed, "version": 0})
        assert saved["ok"] and "Withheld" in saved["child"]["fields"][name]["value"], saved
    for_child = {"item_id": item_id, "description": TYPED, "lead_agency_id": m["agency_id"],
                 "due_on": "2030-06-01", "child_person_id": child_id}  # fmt: skip
    assert partner.ask("/items", "action:create", for_child)["action"]["child"] == "Mia Walker"
    assert partner.ask("/items", "fgc:step", {"item_id": item_id, "step": "propose"})["ok"]
    agreed = chair.ask("/items", "fgc:step", {"item_id": item_id, "step": "agree", "version": 1})
    assert agreed["ok"], agreed
    consent = {"item_id": item_id, "step": "consent", "consent": True, "invitees": TYPED}
    consented = chair.ask("/items", "fgc:step", {**consent, "version": 2})
    assert consented["ok"] and "Withheld" in consented["fgc"]["invitees"], consented


def _exercise_docs(chair: Attendee, partner: Attendee, m: dict[str, Any]) -> None:
    item_id = m["item_id"]
    doc: Doc = Doc()
    doc["text"] = text = Text()
    synced = partner.ask("/docs", "doc:sync", {"item_id": item_id, "field": "notes"})
    doc.apply_update(base64.b64decode(synced["update"]))
    for typed, expected in (("Seen on Monday. ", True), (TYPED, False)):
        before = doc.get_state()
        text += typed
        update_b64 = base64.b64encode(doc.get_update(before)).decode()
        message = {
            "item_id": item_id,
            "field": "notes",
            "update": update_b64,
            "op": f"1-{len(typed)}",
        }
        reply = partner.ask("/docs", "doc:update", message)
        assert reply["ok"] is expected, reply
    assert reply["error"] == "withheld_detail"
    chair.ask("/docs", "doc:sync", {"item_id": item_id, "field": "notes"})
    plan = partner.ask("/docs", "doc:sync", {"item_id": item_id, "field": "safety_plan"})
    synced_plan: Doc = Doc()
    synced_plan.apply_update(base64.b64decode(plan["update"]))
    assert str(synced_plan.get("text", type=Text)).startswith("Café ☕ — Now at Withheld")


def test_no_live_payload_carries_a_withheld_detail(app: Flask, meeting: dict[str, Any]) -> None:
    chair = Attendee(app, meeting["chair"], meeting["id"])
    partner = Attendee(app, meeting["partner"], meeting["id"])
    try:
        _exercise_meeting(chair, partner, meeting)
        _exercise_items(chair, partner, meeting)
        _exercise_docs(chair, partner, meeting)
        sent = {
            who: [attendee.replies, attendee.collect()]
            for who, attendee in (("chair", chair), ("partner", partner))
        }
    finally:
        chair.close()
        partner.close()
    broadcasts = {"meeting:navigated", "meeting:attendance", "field:changed", "action:changed",
                  "child:changed", "fgc:changed"}  # fmt: skip
    partner_got = {message["name"] for message in sent["partner"][1]}
    assert broadcasts | {"action:reviewed", "presence"} <= partner_got
    assert "doc:update" in {message["name"] for message in sent["chair"][1]}
    text = json.dumps(sent, default=str)
    assert "Withheld" in text  # the details were there to leak, and were replaced
    assert _leaks(text) == []
    assert _leaks(_yjs_texts(sent["partner"]) + _yjs_texts(sent["chair"])) == []
    registered = {
        (namespace, event)
        for namespace in ("/meeting", "/items", "/docs")
        for event in socketio.server.handlers.get(namespace, {})
    }
    assert registered - NO_FAMILY_DATA <= EXERCISED, registered - NO_FAMILY_DATA - EXERCISED
