"""Live-meeting inputs that travel to others are checked before anything is relayed
(issue #16, findings 11 and 18)."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from pycrdt import Doc, Text

from agenda.live import documents
from frontdoor.db import transaction
from frontdoor.models import Action, AgendaItem, Family, Meeting, utcnow

from ..factories import Factory
from ..factories.meetings import create_meeting
from .test_need_to_know import _join


def _typed(text: str) -> str:
    doc: Doc = Doc()
    before = doc.get_state()
    doc.get(documents.TEXT_KEY, type=Text).insert(0, text)
    return documents.encode(bytes(doc.get_update(before)))


@pytest.mark.parametrize(
    "op",
    [
        "87 Otley Terrace, LS16 2LX",  # free text with spaces
        "<img src=x onerror=alert(1)>",  # markup
        "1-1\u202e",  # a bidi control
        "x" * 41,  # too long
        {"nested": "87 Otley Terrace"},  # not a string
        ["87", "Otley"],
    ],
)
def test_a_doc_update_op_outside_the_schema_is_refused_and_never_relayed(
    app: Flask, factory: Factory, op: object
) -> None:
    meeting = create_meeting(app, factory, families=1)
    police = _join(app, meeting.police, meeting.meeting_id)
    health = _join(app, meeting.health, meeting.meeting_id)
    health["/docs"].get_received("/docs")
    message = {
        "item_id": meeting.item_ids[0],
        "field": "notes",
        "update": _typed("Seen."),
        "op": op,
    }
    reply = police["/docs"].emit("doc:update", message, callback=True, namespace="/docs")
    assert reply == {"ok": False, "error": "bad_op"}
    assert health["/docs"].get_received("/docs") == []


def test_a_doc_update_op_in_the_schema_is_relayed(app: Flask, factory: Factory) -> None:
    meeting = create_meeting(app, factory, families=1)
    police = _join(app, meeting.police, meeting.meeting_id)
    health = _join(app, meeting.health, meeting.meeting_id)
    health["/docs"].get_received("/docs")
    message = {
        "item_id": meeting.item_ids[0],
        "field": "notes",
        "update": _typed("Seen."),
        "op": "3141592653-17",  # as static/js/live/documents.js tags an update
    }
    reply = police["/docs"].emit("doc:update", message, callback=True, namespace="/docs")
    assert reply == {"ok": True, "op": "3141592653-17"}
    relayed = [m["args"][0] for m in health["/docs"].get_received("/docs")]
    assert [r["op"] for r in relayed] == ["3141592653-17"]


def test_reassigning_an_action_of_another_meeting_reveals_nothing_of_it(
    app: Flask, factory: Factory
) -> None:
    """Finding 18: the error named the other meeting's agenda item id."""
    meeting = create_meeting(app, factory, families=1)
    with app.app_context(), transaction() as tx:
        other = Meeting(meeting_date=date(2030, 3, 4), starts_at=utcnow())
        family = Family(label="Elsewhere")
        tx.add_all([other, family])
        tx.flush()
        item = AgendaItem(meeting_id=other.id, family_id=family.id, position=1)
        tx.add(item)
        tx.flush()
        action = Action(
            agenda_item_id=item.id,
            family_id=family.id,
            description="Elsewhere",
            lead_agency_id=meeting.police_agency.id,
            due_on=date(2030, 3, 5),
        )
        tx.add(action)
        tx.flush()
        elsewhere, item_id = action.id, item.id
    police = _join(app, meeting.police, meeting.meeting_id)
    payload = {"lead_agency_id": meeting.health_agency.id}
    elsewhere_reply = police["/items"].emit(
        "action:reassign", {**payload, "action_id": elsewhere}, callback=True, namespace="/items"
    )
    missing_reply = police["/items"].emit(
        "action:reassign", {**payload, "action_id": 10**9}, callback=True, namespace="/items"
    )
    assert str(item_id) not in repr(elsewhere_reply)
    assert elsewhere_reply == missing_reply  # the same answer as an action that does not exist
    assert elsewhere_reply["ok"] is False
